"""Small functions the per-stage tests transform."""
import numpy as np


def early_return(x):
    if x > 0:
        return x * x
    return -x


def with_break(x):
    s = 0.0
    for i in range(10):
        s = s + x
        if s > 3.0:
            break
    return s


def nested_expr(x, y):
    return np.sin(x * y) + x ** 2


def self_update(x):
    x = x * 2.0
    return x


def over_rows(X):
    s = 0.0
    for row in X:
        s = s + np.sum(row)
    return s


def loop_carried(w, n):
    h = 1.0
    for i in range(n):
        h = np.tanh(w * h)
    return h


def param_only(w, x):
    return w * x


def two_inputs(a, b, c):
    unused = np.exp(c)  # noqa: F841
    return a * 3.0 + c


def ranks(x, M):
    s = np.sum(x)
    v = M @ x
    e = x[0]
    return s + e + np.sum(v)
