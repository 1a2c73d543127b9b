"""Attributes of an object built in the differentiated function written in the function's own body
(hunt48: ``s.v += x[k] * s.v``, ``p.w = p.w - lr * g`` beside method calls; refused on main:
"assignment to an attribute"). ``local_objects`` writes ``o.x = e`` / ``o.x += e`` as ``o_x = e``
/ ``o_x += e`` (the same object rebound, an array added into in place as Python does), so the
methods called after see the new value. Writes inside a nested function (``o_x`` would be its own
local there) or through a tuple target keep their located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


class State:
    def __init__(self, v):
        self.v = v
        self.t = 0.0


class Params:
    def __init__(self, w, lr):
        self.w = w
        self.lr = lr

    def loss(self):
        return np.sum(np.sin(self.w) * self.w)

    def grad(self):
        return np.cos(self.w) * self.w + np.sin(self.w)


def scalar_state(x):
    s = State(x[0])
    for k in range(1, len(x)):
        s.v += x[k] * s.v
        s.t += 1.0
    return s.v * s.t


def descent_by_hand(x):
    p = Params(x.copy(), 0.1)
    for _ in range(3):
        p.w = p.w - p.lr * p.grad()
        p.lr *= 0.5
    return p.loss()


def array_in_place(x):
    p = Params(x * 1.0, 0.2)
    w0 = p.w
    p.w += x ** 2
    p.w[0] = p.w[1] * 3.0
    return np.sum(w0 * p.w) + p.loss()


X = np.array([0.3, -0.7, 1.1])
V = np.array([0.7, -0.2, 0.4])
CASES = [scalar_state, descent_by_hand, array_in_place]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V, autograd=False)


@pytest.mark.parametrize("fn", [scalar_state, descent_by_hand], ids=["scalar_state", "descent_by_hand"])
def test_checkpointed_loops(fn):
    check_checkpointed(fn, X)


def test_value_and_inputs_unchanged():
    for fn in CASES:
        x = X.copy()
        assert s2sad.value_and_grad(fn)(x)[0] == fn(X.copy())
        assert np.array_equal(x, X)


@pytest.mark.jit
def test_jit():
    check_grad(descent_by_hand, X, jit=True)


def in_nested_function(x):
    s = State(x[0])

    def bump(d):
        s.v = s.v + d
    bump(x[1])
    return s.v


def tuple_target(x):
    s = State(x[0])
    s.v, s.t = x[1], x[2]
    return s.v * s.t


@pytest.mark.parametrize("fn", [in_nested_function, tuple_target])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value)
