def sum_of_squares_jvp(x, y, t_x, t_y):
    # return x ** 2 + y ** 2
    t3 = x ** 2 + y ** 2
    t_t3 = t_x * 2 * x + t_y * 2 * y
    return t3, t_t3
