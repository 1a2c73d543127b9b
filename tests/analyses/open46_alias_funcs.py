"""Fields of a tuple, dataclass or NamedTuple built in the function, read into names, then an
array written in place (open46): the alias stage now knows which position of a tuple display
holds which buffer (``alias_points.Held``)."""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


@dataclass
class Params:
    W: np.ndarray
    b: np.ndarray


class Pair(NamedTuple):
    W: np.ndarray
    b: np.ndarray


def _start(X, B):
    return np.tanh(X + B[2:])


def dataclass_fields(X, B):
    X = _start(X, B)
    prm = Params(W=X, b=B)
    W, b = prm.W, prm.b
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2) + np.sum(b * b)


def namedtuple_fields(X, B):
    X = _start(X, B)
    p = Pair(X, B)
    W, b = p
    alpha = np.sum(np.sin(W) * b[:4])
    X[1] = 0.5
    return alpha + np.sum(X ** 2) + np.sum(np.cos(b))


def tuple_fields_in_loop(X, B):
    X = _start(X, B)
    total = 0.0
    for k in range(3):
        prm = (X, B)
        b = prm[1]
        total = total + np.sum(np.sin(prm[0]))
        X[k] = 0.1 * k
        total = total + np.sum(b[1:5] * X)
    return total


def nested_fields(X, B):
    X = _start(X, B)
    inner = (B, X)
    outer = (inner, 2.0)
    b, s = outer[0][0], outer[1]
    alpha = np.sum(np.sin(outer[0][1]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2) + np.sum(b) * s


def branch_fields(X, B, c):
    X = _start(X, B)
    if c > 0:
        prm = (X, B)
    else:
        prm = (X, B * 2.0)
    b = prm[1]
    X[0] = 1.0
    return np.sum(X ** 2) + np.sum(b * b)


# the same array at two positions, or a position that may hold the written array: still the
# write is followed exactly (a write-back) or refused, located

def same_array_twice(X, B):
    X = _start(X, B)
    prm = (X, X)
    b = prm[1]
    X[0] = 1.0
    return np.sum(X ** 2) + np.sum(b * b)


def swapped_in_branch(X, B, c):
    X = _start(X, B)
    if c > 0:
        prm = (X, B)
    else:
        prm = (B, X)
    b = prm[1]
    X[0] = 1.0
    return np.sum(X ** 2) + np.sum(b * b)


def rebound_after_pack(X, B):
    X = _start(X, B)
    Y = B[2:] * 1.0
    prm = (Y, B)
    Y = X
    W = prm[0]
    X[0] = 1.0
    return np.sum(X ** 2) + np.sum(W * W) + np.sum(Y)


def same_shape_fields(X, Y):
    X = np.tanh(X + Y)
    prm = Params(W=X, b=Y)
    W, b = prm.W, prm.b
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2) + np.sum(b * b)


def list_grown_after_the_display(X, B):
    X = _start(X, B)
    L = [B[:4] * 1.0]
    prm = (L, X)
    L.append(X)          # the list prm holds now holds X too
    z = prm[0][1]
    a = np.sum(np.sin(z))
    X[0] = 1.0
    return a + np.sum(z * z)


def list_name_grown_after_the_display(X, B):
    X = _start(X, B)
    L = [B[:4] * 1.0]
    M = L
    prm = (M, B)
    L.append(X)
    z = prm[0][1]
    a = np.sum(np.sin(z))
    X[0] = 1.0
    return a + np.sum(z * z)
