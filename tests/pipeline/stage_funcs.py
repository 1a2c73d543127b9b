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


def more_ranks(x, M):
    a = np.stack([x, x], axis=1)
    b = np.reshape(M, (3, 2))
    c = M.reshape(-1)
    d = np.linspace(0.0, x[0], 5)
    e = np.swapaxes(M, 0, 1)
    f = np.sort(x)
    g = np.ravel(M)
    h = np.sum(M, axis=(0, 1))
    i = np.linalg.norm(M, 2)
    j = np.linalg.norm(M, 2, 1)
    k = np.sum(M, axis=0, keepdims=False)
    m = np.sum(M, axis=0, keepdims=True)
    n = np.sort(M, axis=None)
    return a, b, c, d, e, f, g, h, i, j, k, m, n
