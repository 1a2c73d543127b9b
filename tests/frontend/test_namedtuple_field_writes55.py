"""Writes into an array field of a namedtuple built in the function (issue 8, objects55;
``frontend/namedtuples._as_variables``).

``s = State(x.copy(), v); s.p[0] += dt * s.v[0]`` was refused on main ("a write into an array
held by the tuple `s`"): the namedtuple became a tuple, whose item cannot follow an array
changed in place. Bound once and read only by its fields, it is now its fields as variables,
as records54 did for a dataclass (through local_objects). (autograd cannot check these: it
refuses item assignment.)"""
from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

State = namedtuple("State", ["p", "v"])


class Cfg(NamedTuple):
    w: np.ndarray
    b: float = 0.5


X = np.array([0.3, -1.2, 0.8])
T = np.array([0.7, -0.4, 1.1])


def euler_step(x):
    s = State(x.copy(), x * 2.0)
    dt = 0.1
    s.p[0] += dt * s.v[0]
    return np.sum(s.p ** 2)


def keywords_out_of_order(x):
    s = State(v=x * 2.0, p=np.zeros(3))
    s.p[:] = np.sin(s.v)
    s.p[1] *= s.v[2]
    return np.sum(s.p ** 2)


def in_a_loop(x):
    s = State(x.copy(), x * 2.0)
    for k in range(3):
        s.p[k] += 0.1 * s.v[k] * s.p[k]
    return np.sum(s.p ** 2)


def default_field(x):
    c = Cfg(x * 1.0)
    c.w[0] = c.b * x[1]
    return np.sum(c.w ** 2)


def parameter_field(x):
    s = State(x, x * 2.0)
    s.p[0] += 1.0
    return np.sum(s.p ** 2)


@pytest.mark.parametrize("fn", [euler_step, keywords_out_of_order, in_a_loop, default_field])
def test_grad_jvp(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


def test_jit():
    check_grad(in_a_loop, X.copy(), jit=True)


def test_callers_array_not_modified():
    x = X.copy()
    assert np.allclose(s2sad.grad(parameter_field)(x), 2 * (X + [1.0, 0.0, 0.0]), rtol=1e-12)
    assert np.array_equal(x, X)


def replaced_then_written(x):
    s = State(x.copy(), x * 2.0)
    q = s._replace(v=s.v * 3.0)
    q.p[0] += q.v[1]          # q.p is s.p's array: s changes too
    return np.sum(q.p * q.v) + np.sum(s.p)


def test_write_into_a_shared_field_stays_refused():
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(replaced_then_written)(X.copy())
    assert "line" in str(err.value) and "q.p[0] += q.v[1]" in str(err.value)
