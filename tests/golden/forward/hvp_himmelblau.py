def himmelblau_hvp(x, y, t_x, t_y):
    dout = 1.0
    t3 = x ** 2 + y - 11
    t_t3 = t_x * 2 * x + t_y
    t7 = x + y ** 2 - 7
    t_t7 = t_x + t_y * 2 * y
    t9 = t3 ** 2 + t7 ** 2
    t_t9 = t_t3 * 2 * t3 + t_t7 * 2 * t7
    # return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2
    t10 = dout * 2
    b_t6 = t10 * t7
    t_b_t6 = t10 * t_t7
    t11 = b_t6 * 2
    b_y = t11 * y
    t_b_y = t_b_t6 * 2 * y + t11 * t_y
    t12 = dout * 2
    b_t2 = t12 * t3
    t_b_t2 = t12 * t_t3
    b_y = b_y + b_t2
    t_b_y = t_b_y + t_b_t2
    t14 = b_t2 * 2
    b_x2 = b_t6 + t14 * x
    t_b_x2 = t_b_t6 + (t_b_t2 * 2 * x + t14 * t_x)
    return (t9, b_x2, b_y), (t_t9, t_b_x2, t_b_y)
