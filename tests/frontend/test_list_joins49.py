"""``[c * x, np.exp(x)] * n`` written inside a larger expression (stop 48's open item;
``frontend/list_joins._hoisted``): forms48 bound such a display to a name first only where the
repetition was a statement's whole value (``L = [c * x] * n``), so ``np.stack([c * x, np.exp(x)] *
n)`` stayed refused ("`*` with a Python list or tuple on one side"). The display is now hoisted
before the statement wherever it always runs and every call of the statement is a library
function's (evaluating it first then changes nothing another part could see): the items are
computed once and repeated, the same objects ``n`` times, as Python does. Where the statement calls
a function of the user's, the form stays refused at its line."""
import inspect

import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def stacked(x, n):
    c = 2.0
    return np.sum(np.stack([c * x, np.exp(x)] * n) ** 2)


def two_in_one_line(x, n):
    c = 0.5
    return len([c * x, np.sin(x)] * n) + np.sum(sum([c * x, np.tanh(x)] * n) * x)


def nested(x, n):
    rows = [[x * 2.0] * n, np.cos(x)] * 2
    return np.sum(rows[0][n - 1] * rows[3]) + len(rows)


FUNCTIONS = [stacked, two_in_one_line, nested]
X = np.array([0.3, -0.7])
V = np.array([1.0, -0.5])


def _autograd_twin(f):
    """``f`` reading NumPy through autograd (the functions call ``np``: swap it in)."""
    def twin(x, n):
        saved = f.__globals__["np"]
        f.__globals__["np"] = anp
        try:
            return f(x, n)
        finally:
            f.__globals__["np"] = saved
    return twin


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_every_mode(f):
    check_grad(f, X.copy(), 3)
    check_jvp(f, X.copy(), 3, tangent=V)
    check_hvp(f, X.copy(), 3, v=V, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(s2sad.vjp(f)(X.copy(), 3, 2.0), 2.0 * s2sad.grad(f)(X.copy(), 3), rtol=1e-12)


def test_against_autograd():
    import autograd
    g = autograd.grad(_autograd_twin(stacked))(X.copy(), 3)
    np.testing.assert_allclose(s2sad.grad(stacked)(X.copy(), 3), g, rtol=1e-10)


def test_jit():
    check_grad(stacked, X.copy(), 2, jit=True)


def scale(v):
    return v * 3.0


def with_a_helper(x, n):
    return np.sum(np.stack([scale(x), np.exp(x)] * n))


def test_a_statement_calling_a_helper_stays_refused_at_its_line():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(with_a_helper)(X.copy(), 2)
    msg = str(e.value)
    line = inspect.getsourcelines(with_a_helper)[1] + 1
    assert __file__ in msg and f"line {line}," in msg and "in with_a_helper" in msg
    assert "np.stack([scale(x), np.exp(x)] * n)" in msg
