def first_crossing_adjoint(x, limit, dout=1.0):
    tape_i = []
    tape_t2 = []
    tape_t3 = []
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
        tape_i.append(i)
        t3 = x[i]
        tape_t2.append(t2)
        tape_t3.append(t3)
        s = s + t2 * t3
        c1 = s > limit
        if c1:
            brk = True
    b_x = zeros_like(x)
    for _ in range(n_iter):
        # s = s + x[i] * x[i]
        t2 = tape_t2.pop()
        t3 = tape_t3.pop()
        i = tape_i.pop()
        b_x[i] += dout * t2
        b_x[i] += dout * t3
    return s, b_x
