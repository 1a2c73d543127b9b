def sum_of_squares_adjoint(x, y, dout=1.0):
    t3 = x ** 2 + y ** 2
    # return x ** 2 + y ** 2
    b_y = dout * 2 * y
    b_x = dout * 2 * x
    return t3, b_x, b_y
