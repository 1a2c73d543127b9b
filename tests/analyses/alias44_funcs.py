"""Functions for test_alias44.py: a value read through a container (tuple, list, dataclass,
NamedTuple, object, nested, unpacked, looped over, passed to a helper, viewed) and the array
written in place AFTER the read. The reverse sweep must read the value the forward sweep read."""
import dataclasses
from typing import NamedTuple

import numpy as np


@dataclasses.dataclass
class Config:
    W: np.ndarray
    b: np.ndarray


@dataclasses.dataclass
class Outer:
    inner: Config
    s: float


class Pair(NamedTuple):
    W: np.ndarray
    b: np.ndarray


class Obj:
    def __init__(self, W, b):
        self.W = W
        self.b = b


def _start(X, B):
    return np.tanh(X + B[2:])


def tuple_index(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def tuple_name(X, B):
    X = _start(X, B)
    prm = (X, B)
    W = prm[0]
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def tuple_product(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0] * prm[1][:4]))
    X[1:] = 1.0
    return alpha + np.sum(X ** 2)


def tuple_last(X, B):
    X = _start(X, B)
    prm = (B, X)
    alpha = np.sum(np.cos(prm[-1]) * X)
    X[2] = -0.5
    return alpha + np.sum(X ** 3)


def list_index(X, B):
    X = _start(X, B)
    L = [X, B]
    alpha = np.sum(np.sin(L[0]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def list_append(X, B):
    X = _start(X, B)
    L = []
    L.append(B)
    L.append(X)
    alpha = np.sum(np.exp(L[1]))
    X[3] = 0.25
    return alpha + np.sum(X ** 2)


def list_slot(X, B):
    X = _start(X, B)
    L = [B, B]
    L[1] = X
    alpha = np.sum(np.sin(L[1]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def dataclass_attr(X, B):
    X = _start(X, B)
    prm = Config(W=X, b=B)
    alpha = np.sum(np.sin(prm.W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def dataclass_square(X, B):
    X = _start(X, B)
    prm = Config(W=X, b=B)
    alpha = np.sum(prm.W * prm.W)
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def dataclass_nested(X, B):
    X = _start(X, B)
    o = Outer(inner=Config(W=X, b=B), s=2.0)
    alpha = np.sum(np.sin(o.inner.W) * o.s)
    X[1] = 0.0
    return alpha + np.sum(X ** 2)


def namedtuple_attr(X, B):
    X = _start(X, B)
    p = Pair(X, B)
    alpha = np.sum(np.sin(p.W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def namedtuple_index(X, B):
    X = _start(X, B)
    p = Pair(X, B)
    alpha = np.sum(np.sin(p[0]) * p.b[1:5])
    X[:2] = 0.5
    return alpha + np.sum(X ** 2)


def object_attr(X, B):
    X = _start(X, B)
    o = Obj(X, B)
    alpha = np.sum(np.sin(o.W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def nested_tuple(X, B):
    X = _start(X, B)
    inner = (X, B)
    outer = (inner, B)
    alpha = np.sum(np.sin(outer[0][0]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def _first_sin(p):
    return np.sin(p[0])


def _first(p):
    return p[0]


def helper_reads(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(_first_sin(prm))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def helper_returns(X, B):
    X = _start(X, B)
    prm = (X, B)
    W = _first(prm)
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def _read_then_write(p, X):
    a = np.sum(np.sin(p[0]))
    X[0] = 1.0
    return a


def helper_writes(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = _read_then_write(prm, X)
    return alpha + np.sum(X ** 2)


def unpack(X, B):
    X = _start(X, B)
    prm = (X, B)
    W, b = prm
    alpha = np.sum(np.sin(W) * b[:4])
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def unpack_dataclass_fields(X, B):
    X = _start(X, B)
    prm = Config(W=X, b=B)
    W, b = prm.W, prm.b
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2) + np.sum(b)


def loop_over_tuple(X, B):
    X = _start(X, B)
    alpha = 0.0
    for W in (X, B[1:5]):
        alpha = alpha + np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def loop_over_list(X, B):
    X = _start(X, B)
    alpha = 0.0
    for W in [B[:4], X]:
        alpha = alpha + np.sum(np.sin(W) * W)
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def loop_enumerate(X, B):
    X = _start(X, B)
    alpha = 0.0
    for k, W in enumerate((X, B[:4])):
        alpha = alpha + (k + 1.0) * np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def view_of_element(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0][1:]))
    X[2] = 1.0
    return alpha + np.sum(X ** 2)


def view_name_of_element(X, B):
    X = _start(X, B)
    prm = (X, B)
    V = prm[0][1:]
    alpha = np.sum(np.exp(V))
    X[3] = 1.0
    return alpha + np.sum(X ** 2)


def reshaped_element(X, B):
    X = _start(X, B)
    prm = [X, B]
    V = np.reshape(prm[0], (2, 2))
    alpha = np.sum(np.sin(V))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def element_of_view(X, B):
    X = _start(X, B)
    prm = (X[1:], B)
    alpha = np.sum(np.sin(prm[0]))
    X[2] = 1.0
    return alpha + np.sum(X ** 2)


def write_through_view(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0]))
    V = X[:2]
    V[1] = 0.75
    return alpha + np.sum(X ** 2)


def augmented_write(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0]))
    X += 0.5
    return alpha + np.sum(X ** 2)


def whole_write(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0]))
    X[:] = X * X
    return alpha + np.sum(X ** 2)


def write_in_loop(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0]))
    for i in range(3):
        X[i] = 0.5 * X[i + 1]
    return alpha + np.sum(X ** 2)


def read_and_write_in_loop(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = 0.0
    for i in range(4):
        alpha = alpha + np.sum(np.sin(prm[0]))
        X[i] = np.cos(X[i])
    return alpha + np.sum(X ** 2)


def write_param_element(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[1]))
    B[0] = 2.0
    return alpha + np.sum(X ** 2) + np.sum(B ** 2)


def list_repeat(X, B):
    X = _start(X, B)
    L = [X] * 2
    alpha = np.sum(np.sin(L[1]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def chained_names(X, B):
    X = _start(X, B)
    prm = (X, B)
    W = prm[0]
    W2 = W
    alpha = np.sum(np.exp(W2))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def dot_of_element(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.dot(prm[0], prm[0])
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def branch_container(X, B, c):
    X = _start(X, B)
    if c > 0:
        prm = (X, B)
    else:
        prm = (B, X)
    alpha = np.sum(np.sin(prm[0][:4]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def other_element_unchanged(X, B):
    X = _start(X, B)
    prm = (X, B)
    alpha = np.sum(np.sin(prm[1]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


# same-shape arrays (numba keeps a list or tuple of arrays of one shape)
def same_shape_tuple(X, Y):
    X = np.tanh(X + Y)
    prm = (X, Y)
    W = prm[0]
    alpha = np.sum(np.sin(W) * prm[1])
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def same_shape_list_loop(X, Y):
    X = np.tanh(X * Y)
    alpha = 0.0
    for W in [Y, X]:
        alpha = alpha + np.sum(np.sin(W))
    X[1:3] = 0.5
    return alpha + np.sum(X ** 2)


def same_shape_dataclass(X, Y):
    X = np.tanh(X + Y)
    prm = Config(W=X, b=Y)
    alpha = np.sum(prm.W * prm.W * prm.b)
    X[2] = -1.0
    return alpha + np.sum(X ** 2)


# more ways to reach X: a helper's tuple, zip, comprehensions, a dict holding a tuple, while loops,
# a container rebuilt in a loop, starred unpacking, a parameter in a tuple

def _mk(X, B):
    return (X, B)


def helper_builds(X, B):
    X = np.tanh(X + B[2:])
    prm = _mk(X, B)
    W = prm[0]
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def zipped(X, B):
    X = np.tanh(X + B[2:])
    alpha = 0.0
    for W, c in zip((X, B[:4]), (1.0, 2.0)):
        alpha = alpha + c * np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def comprehension(X, B):
    X = np.tanh(X + B[2:])
    L = [np.sin(w) for w in (X, B[:4])]
    M = [w for w in (X, B[:4])]
    alpha = np.sum(L[0]) + np.sum(np.cos(M[0]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def dict_of_tuple(X, B):
    X = np.tanh(X + B[2:])
    d = {'p': (X, B)}
    alpha = np.sum(np.sin(d['p'][0]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def while_loop(X, B):
    X = np.tanh(X + B[2:])
    prm = (X, B)
    alpha = 0.0
    k = 0
    while k < 3:
        alpha = alpha + np.sum(np.sin(prm[0]) * k)
        k += 1
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def loop_write_after(X, B):
    X = np.tanh(X + B[2:])
    alpha = 0.0
    for i in range(3):
        prm = (X, B)
        alpha = alpha + np.sum(np.sin(prm[0]))
    for i in range(3):
        X[i] = X[i] * 0.5
    return alpha + np.sum(X ** 2)


def loop_rebuild_write(X, B):
    X = np.tanh(X + B[2:])
    alpha = 0.0
    for i in range(3):
        Xc = np.copy(X)
        prm = (Xc, B)
        alpha = alpha + np.sum(np.sin(prm[0]))
        Xc[i] = 0.0
        X = Xc * 1.5
    return alpha + np.sum(X ** 2)


def star_unpack(X, B):
    X = np.tanh(X + B[2:])
    prm = (X, B, B)
    W, *rest = prm
    alpha = np.sum(np.sin(W))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


def tuple_of_param(X, B):
    prm = (X, B)
    alpha = np.sum(np.sin(prm[0]))
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


G = np.array([0.5, 0.25, -0.5, 1.0])   # a module array the functions only read


def mixed_global(X, B):
    X = np.tanh(X + B[2:])
    prm = (X, G)
    alpha = np.sum(np.sin(prm[0]) * prm[1])
    X[0] = 1.0
    return alpha + np.sum(X ** 2)


# writes through a name bound from a container (refused, located, as on main), and one followed

def write_via_name(X, B):
    X = np.tanh(X + B[2:])
    prm = (X, B)
    W = prm[0]
    alpha = np.sum(np.sin(X))
    W[0] = 1.0
    return alpha + np.sum(X ** 2)


def write_via_view_of_element(X, B):
    X = np.tanh(X + B[2:])
    prm = (X, B)
    alpha = np.sum(np.sin(X))
    V = prm[0][1:]
    V[0] = 2.0
    return alpha + np.sum(X ** 2)


def _wr(p):
    p[0][0] = 1.0
    return 0.0


def write_in_helper_through_tuple(X, B):
    X = np.tanh(X + B[2:])
    prm = (X, B)
    alpha = np.sum(np.sin(X))
    alpha = alpha + _wr(prm)
    return alpha + np.sum(X ** 2)


def write_loop_target(X, B):
    X = np.tanh(X + B[2:])
    alpha = np.sum(np.sin(X))
    for W in (X, B):
        W[0] = 0.5
    return alpha + np.sum(X ** 2) + np.sum(B)


def write_unpacked(X, B):
    X = np.tanh(X + B[2:])
    alpha = np.sum(np.sin(X))
    W, b = (X, B)
    W[1] = 0.5
    return alpha + np.sum(X ** 2) + np.sum(b)
