def sum_of_squares_hvp(x, y, t_x, t_y):
    dout = 1.0
    t3 = x ** 2 + y ** 2
    t_t3 = t_x * 2 * x + t_y * 2 * y
    # return x ** 2 + y ** 2
    t4 = dout * 2
    b_y = t4 * y
    t_b_y = t4 * t_y
    t5 = dout * 2
    b_x = t5 * x
    t_b_x = t5 * t_x
    return (t3, b_x, b_y), (t_t3, t_b_x, t_b_y)
