"""A helper that rebinds (or writes into) the fields of an object it is given, written out at its
call (frontend/record_mutators.py), and refused at the call when the object is the caller's.

On main (054009e) the helpers below were refused ("the `State` parameter `st` of `step` used
otherwise than by reading its fields"), and a helper called with an object the caller passed ran
as an ordinary call inside the gradient: after ``grad(kick_parameter)(x, st)``, ``st.p`` was a new
array (the caller's object changed)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp
from tests.forms54 import State, V, X


class Body:
    def __init__(self, p, v):
        self.p = p
        self.v = v


def step(st, dt):
    st.v = st.v - dt * st.p
    st.p = st.p + dt * st.v


def step_energy(st, dt=0.2):
    step(st, dt)
    return np.sum(st.v ** 2)


def kick(s, v):
    s.p[0] = s.p[0] + v


def leapfrog(x):
    st = State(x, np.zeros(3))
    for _ in range(4):
        step(st, 0.1)
    return np.sum(st.p ** 2)


def plain_object(x):
    b = Body(x ** 2, x)
    for _ in range(3):
        step(b, dt=0.05)
    return np.sum(b.p * b.v)


def with_value(x):
    st = State(x, np.sin(x))
    e = 0.0
    for _ in range(3):
        k = step_energy(st)
        e = e + k
    return np.sum(st.p ** 2) + e


def item_write(x):
    s = State(x.copy(), x)
    kick(s, x[1] ** 2)
    return np.sum(s.p ** 2)


def from_the_parameters_fields(x, st):
    s = State(st.p * x, st.v)
    for _ in range(3):
        step(s, 0.1)
    return np.sum(s.p * s.v)


HELPERS = [leapfrog, plain_object, with_value, item_write]


@pytest.mark.parametrize("f", HELPERS)
def test_mutating_helper_grad_jvp(f):
    check_grad(f, X.copy())
    check_jvp(f, X.copy(), tangent=V)


@pytest.mark.parametrize("f", [leapfrog, with_value])
def test_mutating_helper_hvp_and_jit(f):
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)
    check_grad(f, X.copy(), jit=True)


def _state():
    return State(np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.5, 0.25]))


def test_a_new_object_of_the_parameters_fields():
    st = _state()
    p, v = st.p, st.v
    check_grad(from_the_parameters_fields, X.copy(), st)
    check_jvp(from_the_parameters_fields, X.copy(), st, tangent=V)
    assert st.p is p and st.v is v
    np.testing.assert_array_equal(st.p, [1.0, 2.0, 3.0])


def kick_parameter(x, st):
    step(st, 0.1)                  # st does not depend on x: this call ran inside the gradient
    return np.sum(st.p * x)


def write_parameter(x, st):
    kick(st, x[0])
    return np.sum(st.p * x)


@pytest.mark.parametrize("f, line", [(kick_parameter, "step(st, 0.1)"), (write_parameter, "kick(st, x[0])")])
def test_a_helper_changing_the_callers_object_is_refused_at_the_call(f, line):
    st = _state()
    p, v = st.p, st.v
    for make in (s2sad.grad, s2sad.jvp):
        with pytest.raises(s2sad.S2sadError, match=r"line \d+, column \d+") as info:
            make(f)(X.copy(), st) if make is s2sad.grad else make(f)(X.copy(), st, V)
        assert line in str(info.value) and "never changes the caller's objects" in str(info.value)
    assert st.p is p and st.v is v
    np.testing.assert_array_equal(st.p, [1.0, 2.0, 3.0])
