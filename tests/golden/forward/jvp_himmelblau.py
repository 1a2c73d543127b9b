def himmelblau_jvp(x, y, t_x, t_y):
    # return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2
    t3 = x ** 2 + y - 11
    t7 = x + y ** 2 - 7
    t9 = t3 ** 2 + t7 ** 2
    t_t9 = (t_x * 2 * x + t_y) * 2 * t3 + (t_x + t_y * 2 * y) * 2 * t7
    return t9, t_t9
