"""frontend/functional.py: ``sorted(S, reverse=True)`` (with or without ``key=``) is CPython's
sort: the list reversed, sorted stably, reversed again, so items of equal keys keep their order
and each result item carries the derivative of the item put there."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def numbers(x):
    s = sorted([x[0], x[1] * 2.0, x[2], np.sin(x[0])], reverse=True)
    return s[0] * 3.0 + s[1] * s[3] - s[2] ** 2


def keyed_with_ties(x):
    items = [x[0], -x[0], x[1], x[2], -x[1]]           # equal keys: the first stays first
    s = sorted(items, key=lambda v: v * v, reverse=True)
    return s[0] * 1.0 + s[1] * 2.0 + s[2] * 3.0 + s[3] * 5.0 + s[4] * 7.0


def pairs(x):
    ranked = sorted(zip([x[0] ** 2, x[1] ** 2, x[2] ** 2], [x[0], x[1], x[2]]), reverse=True)
    return ranked[0][1] * 2.0 + ranked[1][0] - ranked[2][1] * ranked[0][0]


def not_reversed(x):
    s = sorted([x[2], x[0], x[1]], key=abs, reverse=False)
    return s[0] + 2.0 * s[1] + 4.0 * s[2]


X = np.array([0.7, -1.3, 0.4])
CASES = [numbers, keyed_with_ties, pairs, not_reversed]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert s2sad.value_and_grad(f)(X)[0] == pytest.approx(f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (no derivative rule for `sorted` with `reverse=`)."""
    check_grad(f, X, jit=jit)
    check_grad(f, np.array([0.5, -0.9, 1.5]), jit=jit)


def test_ties_keep_their_order():
    """Exact ties in the key (x and -x): Python keeps the first first; so does the gradient."""
    g = s2sad.grad(keyed_with_ties)(X)
    keys = [X[0] ** 2, X[0] ** 2, X[1] ** 2, X[2] ** 2, X[1] ** 2]
    put = sorted(range(5), key=lambda i: keys[i], reverse=True)       # Python's positions
    assert put[:3] == [2, 4, 0]                                        # x1 before -x1, x0 before -x0
    weight = {item: [1.0, 2.0, 3.0, 5.0, 7.0][k] for k, item in enumerate(put)}
    assert np.allclose(g, [weight[0] - weight[1], weight[2] - weight[4], weight[3]])


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def flag(x, down):
    s = sorted([x[0], x[1]], reverse=down)
    return s[0] * 2.0 + s[1]


def test_a_reverse_not_written_as_a_constant_keeps_its_refusal():
    with pytest.raises(s2sad.S2sadError, match="sorted"):
        s2sad.grad(flag, wrt=0)(X, True)
