def first_crossing_adjoint(x, limit, dout=1.0):
    tape_i = []
    s = 0.0
    n1 = len(x)
    k1 = 0
    brk = False
    n_iter = 0
    while k1 < n1 and not brk:
        n_iter = n_iter + 1
        i = k1
        k1 = k1 + 1
        t2 = x[i]
        t3 = x[i]
        tape_i.append(i)
        s = s + t2 * t3
        c1 = s > limit
        if c1:
            brk = True
    b_x = zeros_like(x)
    for _ in range(n_iter):
        # s = s + x[i] * x[i]
        i = tape_i.pop()
        t2 = x[i]
        t3 = x[i]
        b_x[i] += dout * t2
        b_x[i] += dout * t3
    return s, b_x
