def two_layer_hvp(W1, W2, x, target, t_W1, t_W2):
    dout = 1.0
    sigmoid_t2 = np.exp(-(W1 @ x))
    t_sigmoid_t2 = -(t_W1 @ x) * sigmoid_t2
    t6 = 1.0 + sigmoid_t2
    sigmoid_t4 = 1.0 / t6
    t_sigmoid_t4 = -(t_sigmoid_t2 * sigmoid_t4 / t6)
    sigmoid_t2_2 = np.exp(-(W2 @ sigmoid_t4))
    t_sigmoid_t2_2 = -(t_W2 @ sigmoid_t4 + W2 @ t_sigmoid_t4) * sigmoid_t2_2
    t9 = 1.0 + sigmoid_t2_2
    sigmoid_t4_2 = 1.0 / t9
    t_sigmoid_t4_2 = -(t_sigmoid_t2_2 * sigmoid_t4_2 / t9)
    t3 = sigmoid_t4_2 - target
    t_t3 = t_sigmoid_t4_2 + zeros_like(t3)
    t4 = t3 ** 2
    t5 = np.mean(t4)
    t_t5 = np.mean(t_t3 * 2 * t3)
    # return np.mean((o - target) ** 2)
    t11 = mean_grad(dout, t4, None, False) * 2
    b_o = unbroadcast(t11 * t3, sigmoid_t4_2)
    t_b_o = unbroadcast(t11 * t_t3, sigmoid_t4_2)
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    t13 = -b_o
    t14 = t13 * sigmoid_t4_2
    t15 = t14 * sigmoid_t4_2
    t_t15 = (-t_b_o * sigmoid_t4_2 + t13 * t_sigmoid_t4_2
        ) * sigmoid_t4_2 + t14 * t_sigmoid_t4_2
    b_sigmoid_z2 = -(t15 * sigmoid_t2_2)
    t_b_sigmoid_z2 = -(t_t15 * sigmoid_t2_2 + t15 * t_sigmoid_t2_2)
    # o = sigmoid(W2 @ h)
    b_W2 = dot_grad_left(b_sigmoid_z2, W2, sigmoid_t4)
    t_b_W2 = dot_grad_left(t_b_sigmoid_z2, W2, sigmoid_t4) + dot_grad_left(
        b_sigmoid_z2, W2, t_sigmoid_t4)
    b_h = dot_grad_right(b_sigmoid_z2, W2, sigmoid_t4)
    t_b_h = dot_grad_right(t_b_sigmoid_z2, W2, sigmoid_t4) + dot_grad_right(
        b_sigmoid_z2, t_W2, sigmoid_t4)
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    t17 = -b_h
    t18 = t17 * sigmoid_t4
    t19 = t18 * sigmoid_t4
    t_t19 = (-t_b_h * sigmoid_t4 + t17 * t_sigmoid_t4
        ) * sigmoid_t4 + t18 * t_sigmoid_t4
    b_sigmoid_z = -(t19 * sigmoid_t2)
    t_b_sigmoid_z = -(t_t19 * sigmoid_t2 + t19 * t_sigmoid_t2)
    # h = sigmoid(W1 @ x)
    b_W1 = dot_grad_left(b_sigmoid_z, W1, x)
    t_b_W1 = dot_grad_left(t_b_sigmoid_z, W1, x)
    return (t5, b_W1, b_W2), (t_t5, t_b_W1, t_b_W2)
