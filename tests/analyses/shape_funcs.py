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
