"""Functions from the soundness issue (#8): each once gave a silently wrong gradient or an
internal error. Checked in tests/test_soundness.py against finite differences and autograd."""
import numpy as np


# ---- lists written inside calls -------------------------------------------------
def list_with_dtype(a, b):
    v = np.array([a, b], dtype=float)
    return np.sum(v * v)


def nested_list(x, y):
    M = np.array([[x, y], [y * y, 1.0]])
    return np.sum(M @ M)


def rotation(t):
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    v = R @ np.array([1.0, 2.0])
    return v[0] * v[1]


def stack_axis(a, b):
    return np.sum(np.stack([a, b], axis=1) ** 2 * np.arange(2.0))


def mean_of_list(s1, s2):
    return np.mean([s1, s2]) * s1


def norm_of_list(dx, dy):
    return np.linalg.norm([dx, dy])


def quaternion(t):
    q = np.array([np.cos(t / 2), 0.0, np.sin(t / 2), 0.0])
    return np.sum(q * np.array([1.0, 2.0, 3.0, 4.0])) + np.dot(q, [0.5, 0.1, 0.2, 0.3])


def builtin_sum_of_list(a, b):
    return sum([a * b, a, np.sin(b)])


# ---- loops ----------------------------------------------------------------------
def enumerate_zip(xs, ws):
    s = 0.0
    for k, (x, w) in enumerate(zip(xs, ws)):
        s = s + k * x * w
    return s


def enumerate_reversed_start(xs, c):
    s = 0.0
    for k, x in enumerate(reversed(xs), 1):
        s = s + k * x * c
    return s


def nested_zip(xs, ws):
    s = 0.0
    for (a, b), w in zip(zip(xs, ws), ws):
        s = s + a * b * w
    return s


def unpack_rows(P):
    s = 0.0
    for a, b in P:
        s = s + a * np.sin(b)
    return s


def zip_range(xs):
    s = 0.0
    for i, x in zip(range(1, 4), xs):
        s = s + i * x * x
    return s


# ---- shapes that change between iterations -----------------------------------------
def de_casteljau(p):
    for r in range(len(p) - 1):
        p = p[:-1] + p[1:]
    return np.sum(p * p)


def de_casteljau_weighted(p, t):
    for r in range(3):
        p = (1.0 - t) * p[:-1] + t * p[1:]
    return np.sum(p ** 2)


def grows_by_broadcast(z, W):
    for i in range(3):
        z = z + W
    return np.sum(z * z)


# ---- early returns ------------------------------------------------------------------
def early_return_other_branch(x, c):
    if c > 0:
        y = np.ones(3) * x
    else:
        return x
    return np.sum(y * y)


def early_return_in_loop(x, c):
    for i in range(3):
        if c > i:
            return np.sum(x) * i
        w = x * c
    return np.sum(w)


# ---- products of stacks of matrices ---------------------------------------------------
def batched_matmul(a, b):
    return np.sum((a @ b) ** 2)


def batched_matvec(a, v):
    return np.sum(np.sin(a @ v))


def attention(q, k):
    s = q @ np.swapaxes(k, -1, -2)
    return np.sum(np.tanh(s))
