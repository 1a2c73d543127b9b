"""Functions whose shapes ``s2sad/analyses/shapes.py`` must name (or refuse to name),
checked in tests/analyses/test_shapes.py."""
import numpy as np


def rhs(x, y):
    return np.concatenate((x[:1], x[1:] * y[:-1]))


def rk4(x, steps):
    """GradBench's ODE: the state keeps len(x) through np.concatenate of two slices."""
    h = 1.0 / steps
    y = np.zeros(x.shape[0])
    for _ in range(steps):
        k1 = rhs(x, y)
        k2 = rhs(x, y + h / 2.0 * k1)
        y = y + h / 2.0 * (k1 + k2)
    return np.sum(y * y)


def split_rejoin(x):
    """Both halves of a split at 2, joined back: len(x) for every len(x), even 0 or 1."""
    z = x
    for _ in range(3):
        z = np.concatenate((z[:2] * 2.0, np.sin(z[2:])))
    return np.sum(z * x)


def reversed_tail(x):
    z = x
    for _ in range(2):
        z = z[::-1] * x
    return np.sum(z)


def casteljau(p, t):
    """Shrinks by one each step: never one shape."""
    for _ in range(len(p) - 1):
        p = (1.0 - t) * p[:-1] + t * p[1:]
    return p[0]


def grows(x):
    y = x
    for _ in range(3):
        y = np.concatenate((y, x[:1]))
    return np.sum(y * y)


def clipped_prefix(x):
    """x[:3] has 3 elements only if x has at least 3 (NumPy clips): not the shape of np.zeros(3)."""
    z = np.zeros(3)
    for _ in range(2):
        z = z + x[:3]
    return np.sum(z * z)


def variable_prefix(x, k):
    """x[:k] and x[k:] rejoined: len(x) in NumPy, but k is a variable bound: not concluded."""
    z = x
    for _ in range(2):
        z = np.concatenate((z[:k], z[k:] * 2.0))
    return np.sum(z * x)


def loop_bound(x):
    """x[:i + 1] changes with i: no one shape."""
    s = 0.0
    for i in range(len(x)):
        w = x[: i + 1]
        s = s + np.sum(w * w)
    return s


def strided(x):
    z = x
    for _ in range(2):
        z = np.concatenate((z[::2], z[1::2])) * x
    return np.sum(z)


def sizes_in_loop(x):
    """n changes in the loop: np.zeros(n) has two shapes."""
    n = 2
    s = 0.0
    for _ in range(2):
        a = np.zeros(n)
        s = s + np.sum(a + x[0])
        n = n + 1
    return s


def list_written(x):
    """The list is changed before it is joined: its pieces are not the ones displayed."""
    parts = [x[:1], x[1:]]
    parts[0] = x
    z = np.concatenate(parts)
    return np.sum(z * z)


# ---- joins written piece by piece (s2sad/analyses/joins.py) ----------------------------

def three_pieces(x):
    z = np.concatenate((np.sin(x[1:]), x[:1] * 3.0, x[::-1]))
    return np.sum(z * z[::-1])


def same_piece_twice(x):
    w = x * 2.0
    z = np.concatenate([w, w], axis=0)
    return np.sum(z * np.arange(z.shape[0]))


def constant_piece(x):
    z = np.hstack((np.ones(2), x, x[:0]))
    return np.sum(np.cos(z) * z)


def list_used_twice(x):
    parts = [x[:2], x[2:]]
    z = np.concatenate(parts) + np.concatenate(parts)[::-1]
    return np.sum(z * z)


def rows_joined(x):
    m = np.outer(x, x)
    z = np.concatenate((m, m[:1] * 2.0))
    return np.sum(z * z)


def joined_in_loop(x, steps):
    y = x
    for _ in range(steps):
        y = np.concatenate((y[1:] * y[:-1], np.tanh(y[:1])))
    return np.sum(y * x)
