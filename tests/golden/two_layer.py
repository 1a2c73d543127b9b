def two_layer_adjoint(W1, W2, x, target, dout=1.0):
    sigmoid_t2 = np.exp(-(W1 @ x))
    sigmoid_t4 = 1.0 / (1.0 + sigmoid_t2)
    sigmoid_t2_2 = np.exp(-(W2 @ sigmoid_t4))
    sigmoid_t4_2 = 1.0 / (1.0 + sigmoid_t2_2)
    t3 = sigmoid_t4_2 - target
    t4 = t3 ** 2
    t5 = np.mean(t4)
    # return np.mean((o - target) ** 2)
    b_o = unbroadcast(mean_grad(dout, t4, None, False) * 2 * t3, sigmoid_t4_2)
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    b_sigmoid_z2 = -(-b_o * sigmoid_t4_2 * sigmoid_t4_2 * sigmoid_t2_2)
    # o = sigmoid(W2 @ h)
    b_W2 = dot_grad_left(b_sigmoid_z2, W2, sigmoid_t4)
    b_h = dot_grad_right(b_sigmoid_z2, W2, sigmoid_t4)
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    b_sigmoid_z = -(-b_h * sigmoid_t4 * sigmoid_t4 * sigmoid_t2)
    # h = sigmoid(W1 @ x)
    b_W1 = dot_grad_left(b_sigmoid_z, W1, x)
    return t5, b_W1, b_W2
