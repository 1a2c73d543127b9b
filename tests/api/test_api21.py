"""API situations found by the api21 sweep (issue 8): values the caller's call picks up
that changed after the gradient was made. Each is now right (checked against the
function's own derivative) or an ``S2sadError`` saying what to pass."""
import numpy as np
import pytest

import s2sad


def weighted(x, w=np.array([1.0, 2.0])):
    return np.sum(w * x)


def weighted_kw(x, *, k=np.array([1.0, 2.0])):
    return np.sum(k * x)


def _derivative(mode, f):
    """The derivative of ``f`` at x as a function of x: the gradient, or the jvp along e0."""
    if mode == "grad":
        return s2sad.grad(f)
    g = s2sad.jvp(f)
    return lambda x: np.array([g(x, np.array([1.0, 0.0]))[1], g(x, np.array([0.0, 1.0]))[1]])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("f, attr", [(weighted, "__defaults__"), (weighted_kw, "__kwdefaults__")])
def test_a_default_rebound_after_the_gradient_was_made_is_the_one_used(mode, f, attr):
    """Python reads ``__defaults__`` / ``__kwdefaults__`` at each call: the gradient too. (It kept
    the defaults it saw when it was made, and gave the old weights' gradient, silently.)"""
    x = np.array([1.0, 1.0])
    saved = getattr(f, attr)
    try:
        d = _derivative(mode, f)
        np.testing.assert_allclose(d(x), [1.0, 2.0])
        w = np.array([4.0, 5.0])
        setattr(f, attr, (w,) if attr == "__defaults__" else {"k": w})
        np.testing.assert_allclose(d(x), w)
        if attr == "__kwdefaults__":
            f.__kwdefaults__["k"] = np.array([7.0, 8.0])     # a key rebound in the same dict
            np.testing.assert_allclose(d(x), [7.0, 8.0])
    finally:
        setattr(f, attr, saved)
