"""A `functools.partial` held in a global and called in the function is the call of its function
with the arguments it binds (frontend/partial_calls.py). On main: "no derivative rule for `pf`"
(hunt42 set_api.use_partial), although grad of the partial itself worked."""
import functools

import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp


def weighted(x, w, p):
    return np.sum(w * x ** p)


W = np.array([1.0, 2.0, 3.0])
PF = functools.partial(weighted, w=W, p=3)                   # keywords: an array, an integer
PW = functools.partial(weighted, np.array([0.5, -1.0, 2.0]))  # a positional argument bound
SUM0 = functools.partial(np.sum, axis=0)                      # a NumPy function: its rule


def with_partials(x):
    return PF(x) + PF(x, p=2) + PW(x, p=2)       # the call's keyword overrides the bound one


def with_a_numpy_partial(x):
    return np.sum(SUM0(np.outer(x, x)) ** 2)


X = np.array([0.3, 1.2, -0.5])
V = np.array([1.0, -0.5, 0.3])


@pytest.mark.parametrize("f", [with_partials, with_a_numpy_partial])
def test_partial_called_in_the_function(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)
    check_hvp(f, X, v=V, rtol=1e-4)


def use_pf(x):
    return PF(x) * 2.0


def test_partial_rebound_or_changed_between_calls():
    global PF
    g = s2sad.grad(use_pf)
    np.testing.assert_allclose(g(X), 6.0 * W * X ** 2)
    saved = PF
    try:
        PF = functools.partial(weighted, w=np.array([-1.0, 0.5, 2.0]), p=2)
        np.testing.assert_allclose(g(X), 4.0 * np.array([-1.0, 0.5, 2.0]) * X)
        PF.keywords["w"][:] = 1.0                 # the bound array changed in place: read at call time
        np.testing.assert_allclose(g(X), 4.0 * X)
    finally:
        PF = saved


def test_partial_under_jit_is_refused_located():
    with pytest.raises(JitError, match=r"functools.partial") as err:
        s2sad.grad(use_pf, jit=True)(X)
    assert "return PF(x) * 2.0" in str(err.value) and "jit=False" in str(err.value)
