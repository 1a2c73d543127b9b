"""Writes into the array of a dataclass's field (frontend/namedtuples.py leaves such a record to
frontend/local_objects.py, which follows its fields as variables).

On main (054009e) each program below was refused at its write, "a write into an array held by the
tuple `s`": ``namedtuples.py`` took a dataclass read only by its fields as the tuple of its
fields even when a field was the array of an item write (``s.p[0] += ...``, ``s.p[:] = ...``).
The caller's arrays are never changed, also when the field holds one of them (``State(x, ...)``)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp
from tests.forms54 import State, V, X


def item_in_loop(x):
    s = State(x.copy(), 2.0 * x)
    dt = 0.1
    for _ in range(3):
        s.p[0] += dt * s.v[0]
        s.v[1] = s.v[1] - dt * s.p[2] ** 2
    return np.sum(s.p ** 2) + np.sum(s.v * s.p)


def slice_write(x):
    s = State(np.zeros(3), x * 1.0)
    s.p[:] = np.sin(s.v)
    return np.sum(s.p * s.v)


def field_of_the_parameter(x):
    s = State(x, 2.0 * x)          # s.p is the caller's array: Python's own run changes it
    s.p[0] += 0.1 * s.v[1]
    return np.sum(s.p ** 2)


def rebind_and_write(x):
    s = State(x.copy(), x ** 2)
    s.p = s.p * s.v
    s.p[1:] += np.cos(s.v[:2])
    return np.sum(s.p)


WRITES = [item_in_loop, slice_write, field_of_the_parameter, rebind_and_write]


def _fd(f, x, eps=1e-6):
    return np.array([(f(x.copy() + e) - f(x.copy() - e)) / (2 * eps) for e in np.eye(x.size) * eps])


@pytest.mark.parametrize("f", WRITES)
def test_record_field_writes_grad_and_jvp(f):
    x = X.copy()
    g = s2sad.grad(f)(x)
    np.testing.assert_allclose(g, _fd(f, X), rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(x, X)              # the caller's array is left alone
    _, t = s2sad.jvp(f)(x, V)
    np.testing.assert_allclose(t, _fd(f, X) @ V, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(x, X)


@pytest.mark.parametrize("f", [item_in_loop, slice_write])
def test_record_field_writes_hvp(f):       # (autograd cannot run item writes)
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("f", [item_in_loop, field_of_the_parameter])
def test_record_field_writes_jit(f):
    x = X.copy()
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(x), _fd(f, X), rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(x, X)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def read_only(x):
    s = State(x[:2], x[1:])
    return np.sum(s.p * s.v)


def test_a_record_read_only_is_still_a_tuple():
    check_grad(read_only, X.copy())
    assert "b_s[0]" in s2sad.grad(read_only).source       # the adjoint of the tuple's item


def mutate_parameter(x, st):
    st.p[0] = x[0] * x[1]
    return np.sum(st.p * x)


def test_a_write_into_a_parameter_record_still_refused_at_its_line():
    st = State(np.ones(3), np.zeros(3))
    with pytest.raises(s2sad.S2sadError, match=r"line \d+, column \d+.*\n.*st\.p\[0\] = x\[0\] \* x\[1\]"):
        s2sad.grad(mutate_parameter)(X.copy(), st)
    np.testing.assert_array_equal(st.p, np.ones(3))
