"""Functions whose generated adjoints are pinned in tests/golden/ (see test_golden.py)."""
import numpy as np


def sum_of_squares(x, y):
    return x ** 2 + y ** 2


def himmelblau(x, y):
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


def rnn(w, x):
    h = 0.0
    for i in range(len(x)):
        h = np.tanh(w * h + x[i])
    return h


def mxnet_control_flow(a):
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    if np.sum(b) > 0:
        c = b
    else:
        c = 100 * b
    return c


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def two_layer(W1, W2, x, target):
    h = sigmoid(W1 @ x)
    o = sigmoid(W2 @ h)
    return np.mean((o - target) ** 2)


def first_crossing(x, limit):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] * x[i]
        if s > limit:
            break
    return s


GOLDEN = {
    "sum_of_squares": (sum_of_squares, (0, 1), (2.0, 3.0)),
    "himmelblau": (himmelblau, (0, 1), (1.0, 2.0)),
    "rnn": (rnn, (0, 1), (0.5, np.ones(4))),
    "mxnet_control_flow": (mxnet_control_flow, 0, (np.ones(3),)),
    "two_layer": (two_layer, (0, 1), (np.ones((2, 1)), np.ones((2, 2)), np.ones(1), np.ones(2))),
    "first_crossing": (first_crossing, 0, (np.ones(5), 2.5)),
}
