"""frontend/nested_defaults.py: a default of a nested function (``def term(z, k=k)``, a lambda's
``c=x * 2``) is the value when the ``def`` ran, whichever call reads it; calls whose arguments
cannot be matched stay refused."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def powers(x):
    s = 0.0
    for k in range(4):
        def term(z, k=k):
            return z ** k
        s = s + term(x)
    return s


def differentiable_defaults(x, w):
    c = x * 2.0
    g = lambda z, a=c, b=w[0]: z * a + b   # noqa: E731
    c = 100.0                              # not read by g: its default is the value when it ran
    return g(x) + g(x, 1.0) + g(x, b=3.0) * g(w[1])


def the_previous_def(x):
    s = 0.0
    for i in range(3):
        if i > 0:
            s = s + h(x)                 # noqa: F821 (the h of the previous iteration)
        def h(z, m=x * i):
            return np.sin(z * m)
    return s + h(x)


def from_another_nested_function(x):
    def h(z, m=x * x):
        return z * m
    def g(z):
        return h(z) + h(z, 2.0)
    return g(np.cos(x))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_defaults_are_bound_where_the_def_runs(jit):
    """Refused before ("a non-constant default value in the nested function")."""
    ref = None if jit else "autograd"
    check_grad(powers, 1.3, jit=jit, reference=ref)
    check_grad(differentiable_defaults, 1.3, np.array([0.5, 2.0]), wrt=(0, 1), jit=jit, reference=ref)
    check_grad(the_previous_def, 0.7, jit=jit, reference=ref)
    check_grad(from_another_nested_function, 0.7, jit=jit, reference=ref)


def test_forward_mode():
    check_jvp(powers, 1.3, tangent=1.0)
    check_jvp(differentiable_defaults, 1.3, np.array([0.5, 2.0]), wrt=(0, 1), tangent=(1.0, np.array([-0.5, 2.0])))
    check_jvp(the_previous_def, 0.7, tangent=1.0)


def starred_call(x):
    def h(z, m=x * 2.0):
        return z * m
    args = []
    args.append(x)          # a list of unknown length here (`args = (x,)` is written out: starred_calls.py)
    return h(*args)


def starred_known_length(x):
    def h(z, m=x * 2.0):
        return z * m
    args = (x,)
    return h(*args)


def test_a_star_of_known_length_is_written_out():
    assert s2sad.grad(starred_known_length)(0.7) == pytest.approx(4.0 * 0.7)
    check_grad(starred_known_length, 0.7)


def positional_only(x):
    def h(z, m=x * 2.0, /):
        return z * m
    return h(x)


@pytest.mark.parametrize("f, match", [(starred_call, r"`\*` or `\*\*` arguments"),
                                      (positional_only, "positional-only")])
def test_calls_that_cannot_be_matched_stay_refused(f, match):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=match):
        s2sad.grad(f)(0.7)
