"""A function s2sad made, called inside the function differentiated, when no rule covers it
(value_and_grad, jvp, a grad of several arguments, in either mode; any under jit):
refused at the caller's line saying what is covered, not "register a rule for
`value_and_grad_inner`" (a name the user never wrote and cannot register)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError


def inner(x):
    return x ** 3


def inner2(x, w):
    return np.sum(np.sin(w * x))


g_in = s2sad.grad(inner)
vg_in = s2sad.value_and_grad(inner)
j_in = s2sad.jvp(inner)
g2 = s2sad.grad(inner2, wrt=(0, 1))


def calls_grad(y):
    return g_in(y) * y


def calls_value_and_grad(y):
    v, d = vg_in(y)
    return v + d


def calls_jvp(y):
    v, t = j_in(y, 1.0)
    return t * y


def calls_grad_of_two(x):
    a, b = g2(x, 2.0)
    return np.sum(a * x)


@pytest.mark.parametrize("f, x, callee, mode", [
    (calls_value_and_grad, 2.0, "vg_in", "value_and_grad"),
    (calls_jvp, 2.0, "j_in", "jvp"),
    (calls_grad_of_two, np.array([0.3, 0.5]), "g2", "grad"),
])
def test_reverse_mode_names_the_transform_and_what_is_covered(f, x, callee, mode):
    with pytest.raises(NoDerivativeError) as err:
        s2sad.grad(f)(x)
    text = str(err.value)
    assert f"`{callee}` is s2sad's {mode} of `inner" in text and "s2sad.grad(inner" in text
    assert "@s2sad.adjoint" not in text and "test_nested_transform_errors.py" in text


def test_forward_mode_differentiates_a_gradient_call_and_refuses_other_transforms():
    # stop 57: a grad of one argument has a tangent rule (jvp(grad(inner))); other transforms do not
    assert s2sad.jvp(calls_grad)(2.0, 1.0) == pytest.approx((24.0, 36.0), rel=1e-12)
    with pytest.raises(NoDerivativeError, match="forward mode .* does not differentiate it") as err:
        s2sad.jvp(calls_value_and_grad)(2.0, 1.0)
    assert "`vg_in` is s2sad's value_and_grad of `inner`" in str(err.value)


def test_the_covered_case_is_still_differentiated():
    assert np.isclose(s2sad.grad(calls_grad)(2.0), 36.0)      # d/dy 3 y^3
