"""np.nan_to_num: the gradient passes where the input was finite and is 0 where NaN or an infinity
was replaced; the replacement values (nan=, posinf=, neginf=) get the adjoint of the places they
filled. copy=False (it writes into x) is refused in both modes, and the alias model says so.
Checked against finite differences in both modes, jit=False and jit=True, and against autograd."""
import ast

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.analyses.alias_views import shared_arguments, writes_into
from s2sad.testing import check_grad, check_jvp

X = np.array([0.7, np.nan, np.inf, -1.2, -np.inf, 2.0])
W = np.array([1.5, -2.0, 0.5, 3.0, -1.0, 0.25])
M = np.array([[0.3, np.nan], [-np.inf, 1.1], [np.inf, -0.4]])
JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def weighted(x):
    return np.sum(np.nan_to_num(x, posinf=3.0, neginf=-4.0) ** 2 * W)


def replaced_by(x, v, big):
    return np.sum(np.nan_to_num(x, nan=v, posinf=big, neginf=-2.0 * big) ** 2 * W)


def of_a_matrix(m):
    return np.sum(np.nan_to_num(m, copy=True, posinf=5.0, neginf=-1.0) ** 2)


def overflowing(m):       # -inf becomes -1.8e308, whose square overflows: its adjoint there is inf
    return np.sum(np.nan_to_num(m) ** 2)


def in_place(x):
    y = np.nan_to_num(x, copy=False)
    return np.sum(y * W)


def in_place_positional(x):
    return np.sum(np.nan_to_num(x, False) * W)


@pytest.mark.parametrize("jit", JIT)
def test_reverse_against_finite_differences(jit):
    g = check_grad(weighted, X, jit=jit)
    assert np.all(g[[1, 2, 4]] == 0.0)
    check_grad(replaced_by, X, 0.8, 1.5, wrt=(0, 1, 2), jit=jit)
    check_grad(of_a_matrix, M, jit=jit)


@pytest.mark.parametrize("jit", JIT)
def test_forward_against_finite_differences(jit):
    check_jvp(weighted, X, tangent=W, jit=jit)
    check_jvp(replaced_by, X, 0.8, 1.5, wrt=(0, 1, 2), tangent=(W, 1.0, -0.5), jit=jit)


@pytest.mark.parametrize("jit", JIT)
def test_the_gradient_is_exactly_zero_where_replaced(jit):
    g = s2sad.grad(overflowing, jit=jit)(M)
    np.testing.assert_array_equal(g, np.array([[0.6, 0.0], [0.0, 2.2], [0.0, -0.8]]))


def test_the_replacement_values_get_the_places_they_filled():
    _, gv, gbig = s2sad.grad(replaced_by, wrt=(0, 1, 2))(X, 0.8, 1.5)
    assert gv == pytest.approx(2.0 * 0.8 * W[1])
    assert gbig == pytest.approx(2.0 * 1.5 * W[2] + 2.0 * 2.0 * (2.0 * 1.5) * W[4])


def plain(x):
    return np.sum(np.nan_to_num(x) * W * np.cos(x[0]))


def test_against_autograd():     # autograd's rule takes x alone (no keywords)
    def reference(x):
        return anp.sum(anp.nan_to_num(x) * W * anp.cos(x[0]))
    x = np.where(np.isinf(X), np.nan, X)
    np.testing.assert_allclose(s2sad.grad(plain)(x), autograd.grad(reference)(x), rtol=1e-12)


@pytest.mark.parametrize("f", [in_place, in_place_positional])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_copy_false_is_refused(f, mode):
    x = X.copy()
    with pytest.raises(s2sad.S2sadError, match="copy") as err:
        if mode == "grad":
            s2sad.grad(f)(x)
        else:
            s2sad.jvp(f)(x, W)
    assert 'File "' in str(err.value)
    np.testing.assert_array_equal(x, X)


def test_the_alias_model():
    fresh, own = (ast.parse(s).body[0].value for s in ("np.nan_to_num(x)", "np.nan_to_num(x, copy=False)"))
    assert shared_arguments(np.nan_to_num, fresh) == [] and writes_into(np.nan_to_num, fresh) is None
    assert shared_arguments(np.nan_to_num, own) == ["x"] and ast.unparse(writes_into(np.nan_to_num, own)) == "x"
