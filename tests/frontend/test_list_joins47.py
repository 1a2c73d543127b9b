"""``a + b`` next to a Python list: a join of two lists, or NumPy's elementwise operation.

1. Reverse mode refused every join of lists (``hs = hs + [h]`` where ``hs`` is read otherwise,
   ``ys = xs.copy() + [v]``, ``sorted(xs) + ...``, ``[v] + hs``). Where both sides surely are
   lists, the front end now writes the join as the display ``[*a, *b]``
   (``frontend/list_joins.py``), which every mode differentiates: exact in grad, jvp, hvp.
2. Forward mode took ``x * [1.0, 2.0]`` of an array ``x`` for a repetition of the list (one side
   a list was enough): the tangent was a list of zeros, **jvp 0.0 for 7.0, silent**; ``x + [1.0,
   2.0]`` failed in the derivative code. A repetition now needs an int on the other side, a join
   lists on both; ``x * [...]`` of a differentiated ``x`` is NumPy's product (exact, both modes),
   and what cannot be told apart (a list plus a value that may be a list or an array, a list
   times a parameter that may be an int or an array) is refused at its line in both modes.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def copy_then_join(c):
    xs = [np.ones(2), c * np.ones(2)]
    a = xs.copy()
    b = a + [np.ones(2)]
    return np.sum(b[1] * 3.0) + np.sum(b[2])


def sorted_then_join(c):
    xs = [c * np.ones(2), np.ones(2)]
    a = sorted(xs, key=lambda v: v[0])
    b = [np.ones(2)] + a
    return np.sum(b[1] * b[2])


def either_list(c):
    xs = [c * np.ones(2)]
    a = xs[:] if c > 0 else [np.ones(2)]
    b = a + [c * np.ones(2)]
    return np.sum(b[0] * b[1])


def grown_then_joined(c):
    hs = [np.ones(2)]
    for _ in range(3):
        hs = hs + [np.tanh(c * hs[-1])]
    out = [np.zeros(2)] + hs
    return np.sum(out[-1] * out[1]) + np.sum(out[2])


def two_names(c):
    xs = [np.ones(2), c * np.ones(2)]
    ys = [c * c * np.ones(3)]
    b = xs + ys
    return np.sum(b[1]) * np.sum(b[2])


def three_sides(c):
    a = [c * np.ones(2)]
    b = a + [np.ones(3) * c] + a
    return np.sum(b[0] * b[2]) + np.sum(b[1] ** 2)


def array_times_list(c):
    a = np.ones(2) * c
    b = a * [1.0, 2.0]
    return np.sum(b * b)


def list_times_array(c):
    a = np.ones(2) * c
    b = [1.0, 2.0] * a
    return np.sum(b * a)


def product_copied(c):
    """``xs.copy()`` of ``a * [1.0, 2.0]`` (an array): desugar took xs for a list (one side a list
    was enough) and made the copy ``list(xs)``, which ``* 2`` repeated: jvp 0.0 then 1.5 for 3.0."""
    a = np.ones(2) * c
    xs = a * [1.0, 2.0]
    ys = xs.copy()
    return np.mean(ys * 2)


def param_times_list(x):
    return np.sum((x * [1.0, 2.0]) ** 2)


def states_by_repetition(c):
    h0 = c * np.ones(2)
    T = 3
    hs = [h0] * (T + 1)
    for t in range(T):
        hs[t + 1] = np.tanh(c * hs[t])
    return np.sum(hs[-1]) + np.sum(hs[0])


def list_name_repeated(c):
    xs = [c * np.ones(2), np.ones(2)]
    b = xs * 2
    return np.sum(b[0] * b[3]) + np.sum(b[2] ** 2)


JOINS = [states_by_repetition, list_name_repeated, copy_then_join, sorted_then_join, either_list, grown_then_joined, two_names, three_sides]
PRODUCTS = [array_times_list, list_times_array, product_copied]


def _fd(f, c, h=1e-6):
    return (f(c + h) - f(c - h)) / (2 * h)


@pytest.mark.parametrize("f", JOINS + PRODUCTS, ids=lambda f: f.__name__)
def test_grad(f):
    np.testing.assert_allclose(s2sad.grad(f)(0.7), _fd(f, 0.7), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("f", JOINS + PRODUCTS, ids=lambda f: f.__name__)
def test_jvp(f):
    value, tangent = s2sad.jvp(f)(0.7, 1.0)
    assert value == f(0.7)
    np.testing.assert_allclose(tangent, _fd(f, 0.7), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("f", [grown_then_joined, two_names, array_times_list], ids=lambda f: f.__name__)
def test_hvp(f):
    h = 1e-4
    second = (f(0.7 + h) - 2 * f(0.7) + f(0.7 - h)) / h ** 2
    np.testing.assert_allclose(s2sad.hvp(f)(0.7, 1.0), second, rtol=1e-4)


def test_array_parameter_times_list():
    x = np.array([0.3, -1.2])
    g = s2sad.grad(param_times_list)(x)
    np.testing.assert_allclose(g, 2 * x * np.array([1.0, 4.0]), rtol=1e-12)
    _, t = s2sad.jvp(param_times_list)(x, np.array([1.0, 0.5]))
    np.testing.assert_allclose(t, np.dot(2 * x * np.array([1.0, 4.0]), [1.0, 0.5]), rtol=1e-12)


def test_grown_list_under_jit():
    f = grown_then_joined
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(0.7), _fd(f, 0.7), rtol=1e-7, atol=1e-9)


def list_plus_array(c):
    a = np.ones(2) * c
    b = a + [1.0, 2.0]
    return np.sum(b * b)


def repeated_by_parameter(c, n=3):
    xs = [c * np.ones(2)]
    b = xs * n
    return np.sum(b[0] * b[2])


def _grow(xs):
    xs.append(np.ones(2))
    return np.ones(2)


def helper_changes_left_side(c):
    xs = [c * np.ones(2)]
    b = xs + [_grow(xs)]
    return np.sum(b[0] * b[1]) + np.sum(b[2])


@pytest.mark.parametrize("f", [list_plus_array], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_what_cannot_be_told_apart_is_refused_located(f, mode):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="cannot tell which") as e:
        s2sad.grad(f)(0.7) if mode == "grad" else s2sad.jvp(f)(0.7, 1.0)
    assert "test_list_joins47.py" in str(e.value) and " b = " in str(e.value)


def test_a_repetition_by_an_int_default_is_provable():
    """``n=3``, a Python int, is in the build key since stop 48 (``api_build.key_of``): ``xs * n``
    repeats the list (it was refused, as a parameter that might be a float or an array)."""
    check_grad(repeated_by_parameter, 0.7)
    check_jvp(repeated_by_parameter, 0.7, tangent=1.0)


def test_join_after_a_helper_that_may_grow_the_left_side_is_left_alone():
    """Python reads the left side's items after the right side ran (which appended to it); a
    display would read them before: such a join stays a join, refused in reverse mode."""
    with pytest.raises(s2sad.S2sadError, match="test_list_joins47.py"):
        s2sad.grad(helper_changes_left_side)(0.7)
