def rnn_jvp(w, x, t_w, t_x):
    h = 0.0
    t_h = 0.0
    t1 = len(x)
    for i in range(t1):
        # h = np.tanh(w * h + x[i])
        t_t4 = t_w * h + w * t_h + t_x[i]
        h = np.tanh(w * h + x[i])
        t_h = t_t4 * (1.0 - h * h)
    return h, t_h
