def two_layer_jvp(W1, W2, x, target, t_W1, t_W2):
    # h = sigmoid(W1 @ x)
    sigmoid_z = W1 @ x
    t_sigmoid_z = t_W1 @ x
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    sigmoid_t2 = np.exp(-sigmoid_z)
    sigmoid_t3 = 1.0 + sigmoid_t2
    sigmoid_t4 = 1.0 / sigmoid_t3
    t_sigmoid_t4 = -(-t_sigmoid_z * sigmoid_t2 * sigmoid_t4 / sigmoid_t3)
    # o = sigmoid(W2 @ h)
    sigmoid_z2 = W2 @ sigmoid_t4
    t_sigmoid_z2 = t_W2 @ sigmoid_t4 + W2 @ t_sigmoid_t4
    # sigmoid: return 1.0 / (1.0 + np.exp(-z))
    sigmoid_t2_2 = np.exp(-sigmoid_z2)
    sigmoid_t3_2 = 1.0 + sigmoid_t2_2
    sigmoid_t4_2 = 1.0 / sigmoid_t3_2
    t_sigmoid_t4_2 = -(-t_sigmoid_z2 * sigmoid_t2_2 * sigmoid_t4_2 /
        sigmoid_t3_2)
    # return np.mean((o - target) ** 2)
    t3 = sigmoid_t4_2 - target
    t5 = np.mean(t3 ** 2)
    t_t5 = np.mean((t_sigmoid_t4_2 + zeros_like(t3)) * 2 * t3)
    return t5, t_t5
