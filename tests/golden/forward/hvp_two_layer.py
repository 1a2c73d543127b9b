def two_layer_hvp(W1, W2, x, target, t_W1, t_W2):
    dout = 1.0
    sigmoid_t2 = np.exp(-(W1 @ x))
    t_sigmoid_t2 = -(t_W1 @ x) * sigmoid_t2
    sigmoid_t3 = 1.0 + sigmoid_t2
    sigmoid_t4 = 1.0 / sigmoid_t3
    t_sigmoid_t4 = -(t_sigmoid_t2 * sigmoid_t4 / sigmoid_t3)
    sigmoid_t2_2 = np.exp(-(W2 @ sigmoid_t4))
    t_sigmoid_t2_2 = -(t_W2 @ sigmoid_t4 + W2 @ t_sigmoid_t4) * sigmoid_t2_2
    sigmoid_t3_2 = 1.0 + sigmoid_t2_2
    sigmoid_t4_2 = 1.0 / sigmoid_t3_2
    t_sigmoid_t4_2 = -(t_sigmoid_t2_2 * sigmoid_t4_2 / sigmoid_t3_2)
    t3 = sigmoid_t4_2 - target
    t_t3 = t_sigmoid_t4_2 + zeros_like(t3)
    t4 = t3 ** 2
    t5 = np.mean(t4)
    t_t5 = np.mean(t_t3 * 2 * t3)
    # return np.mean((o - target) ** 2)
    t9 = mean_grad(dout, t4, None, False) * 2
    b_o = unbroadcast(t9 * t3, sigmoid_t4_2)
    t_b_o = unbroadcast(t9 * t_t3, sigmoid_t4_2)
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    t11 = -b_o
    t13 = t11 * sigmoid_t4_2 / sigmoid_t3_2
    t_t13 = (-t_b_o * sigmoid_t4_2 + t11 * t_sigmoid_t4_2
        ) / sigmoid_t3_2 - t_sigmoid_t2_2 * t13 / sigmoid_t3_2
    b_sigmoid_z2 = -(t13 * sigmoid_t2_2)
    t_b_sigmoid_z2 = -(t_t13 * sigmoid_t2_2 + t13 * t_sigmoid_t2_2)
    # o = sigmoid(W2 @ h)
    b_W2 = dot_grad_left(b_sigmoid_z2, W2, sigmoid_t4)
    t_b_W2 = dot_grad_left(t_b_sigmoid_z2, W2, sigmoid_t4) + dot_grad_left(
        b_sigmoid_z2, W2, t_sigmoid_t4)
    b_h = dot_grad_right(b_sigmoid_z2, W2, sigmoid_t4)
    t_b_h = dot_grad_right(t_b_sigmoid_z2, W2, sigmoid_t4) + dot_grad_right(
        b_sigmoid_z2, t_W2, sigmoid_t4)
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    t15 = -b_h
    t17 = t15 * sigmoid_t4 / sigmoid_t3
    t_t17 = (-t_b_h * sigmoid_t4 + t15 * t_sigmoid_t4
        ) / sigmoid_t3 - t_sigmoid_t2 * t17 / sigmoid_t3
    b_sigmoid_z = -(t17 * sigmoid_t2)
    t_b_sigmoid_z = -(t_t17 * sigmoid_t2 + t17 * t_sigmoid_t2)
    # h = sigmoid(W1 @ x)
    b_W1 = dot_grad_left(b_sigmoid_z, W1, x)
    t_b_W1 = dot_grad_left(t_b_sigmoid_z, W1, x)
    return (t5, b_W1, b_W2), (t_t5, t_b_W1, t_b_W2)
