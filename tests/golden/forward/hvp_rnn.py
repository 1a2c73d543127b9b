def rnn_hvp(w, x, t_w, t_x):
    tape_h = []
    tape_t_h = []
    h = 0.0
    t_h = 0.0
    t1 = len(x)
    for i in range(t1):
        tape_h.append(h)
        tape_t_h.append(t_h)
        t_t4 = t_w * h + w * t_h + t_x[i]
        h = np.tanh(w * h + x[i])
        t_h = t_t4 * (1.0 - h * h)
        tape_h.append(h)
        tape_t_h.append(t_h)
    value = h
    t_value = t_h
    b_h = 1.0
    t_b_h = 0.0
    b_w = 0.0
    t_b_w = 0.0
    b_x = zeros_like(x)
    t_b_x = zeros_like(b_x)
    t5 = t1 - 1
    for i in range(t5, -1, -1):
        # h = np.tanh(w * h + x[i])
        h = tape_h.pop()
        t_h = tape_t_h.pop()
        t7 = 1.0 - h * h
        b_t4 = b_h * t7
        t_b_t4 = t_b_h * t7 + b_h * -(t_h * h + h * t_h)
        b_x[i] = b_x[i] + b_t4
        t_b_x[i] = t_b_x[i] + t_b_t4
        h = tape_h.pop()
        t_h = tape_t_h.pop()
        b_w = b_w + b_t4 * h
        t_b_w = t_b_w + (t_b_t4 * h + b_t4 * t_h)
        b_h = b_t4 * w
        t_b_h = t_b_t4 * w + b_t4 * t_w
    return (value, b_w, b_x), (t_value, t_b_w, t_b_x)
