def rnn_adjoint(w, x, dout=1.0):
    tape_h = []
    h = 0.0
    t1 = len(x)
    for i in range(t1):
        tape_h.append(h)
        h = np.tanh(w * h + x[i])
        tape_h.append(h)
    value = h
    b_h = dout
    b_w = 0.0
    b_x = zeros_like(x)
    for i in range(t1 - 1, -1, -1):
        # h = np.tanh(w * h + x[i])
        h = tape_h.pop()
        b_t4 = b_h * (1.0 - h * h)
        b_x[i] += b_t4
        h = tape_h.pop()
        b_w += b_t4 * h
        b_h = b_t4 * w
    return value, b_w, b_x
