def himmelblau_adjoint(x, y, dout=1.0):
    t3 = x ** 2 + y - 11
    t7 = x + y ** 2 - 7
    t9 = t3 ** 2 + t7 ** 2
    # return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2
    b_t6 = dout * 2 * t7
    b_x = b_t6
    b_y = b_t6 * 2 * y
    b_t2 = dout * 2 * t3
    b_y += b_t2
    b_x += b_t2 * 2 * x
    return t9, b_x, b_y
