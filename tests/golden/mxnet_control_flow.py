def mxnet_control_flow_adjoint(a, dout=1.0):
    b = a * 2
    n_iter = 0
    while np.linalg.norm(b) < 1000:
        n_iter = n_iter + 1
        b = b * 2
    c1 = np.sum(b) > 0
    if c1:
        c = b
    else:
        c = 100 * b
    if c1:
        # c = b
        b_b = dout
    else:
        # c = 100 * b
        b_b = dout * 100
    for _ in range(n_iter):
        # b = b * 2
        b_b = b_b * 2
    # b = a * 2
    b_a = b_b * 2
    return c, b_a
