def first_crossing_jvp(x, limit, t_x):
    s = 0.0
    t_s = 0.0
    n1 = len(x)
    k1 = 0
    brk = False
    while k1 < n1 and not brk:
        i = k1
        k1 = k1 + 1
        # s = s + x[i] * x[i]
        t2 = x[i]
        t3 = x[i]
        s = s + t2 * t3
        t_s = t_s + (t_x[i] * t3 + t2 * t_x[i])
        c1 = s > limit
        if c1:
            brk = True
    return s, t_s
