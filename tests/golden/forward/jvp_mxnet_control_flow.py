def mxnet_control_flow_jvp(a, t_a):
    b = a * 2
    t_b = t_a * 2
    while np.linalg.norm(b) < 1000:
        # b = b * 2
        b = b * 2
        t_b = t_b * 2
    c1 = np.sum(b) > 0
    if c1:
        c = b
        t_c = t_b
    else:
        c = 100 * b
        t_c = 100 * t_b
    return c, t_c
