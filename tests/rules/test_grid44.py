"""Regressions found by the NumPy API grid of stop 44 (each way of writing a call of the rule table).

1. A differentiated value reaching a rule parameter that selects a form by a constant, when no other
   argument of the call is differentiated, carried no derivative at all: `np.einsum(x, [0, 1], y, [1, 2])`
   (the sublist form puts the operand `x` in `subscripts`), `np.linalg.norm(v, p)` with `p` the
   differentiated value, `np.percentile(c, q, weights=w)`: gradient and tangent 0. Now refused at the
   line, in both modes (analyses/ir.py::refused_if_differentiated).
2. The array passed by keyword (`np.nansum(a=x, axis=1)`, `np.cumprod(a=x, axis=1)`, `np.median(a=x)`...)
   made the shape and rank analyses index a missing positional argument: an internal IndexError. Now
   their shape and rank are unknown there, and the derivative exact.
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad, check_hvp, check_jvp

C = np.array([0.3, 0.5, 0.9])
W2 = np.array([1.3, 0.7])
X = np.array([[0.3, 0.9, 0.5], [0.2, 0.7, 0.4]])
T = np.array([[0.4, -0.2, 1.1], [0.6, 0.3, -0.8]])


def _exact_in_every_mode(f, x, t):
    """The value NumPy's, the gradient, the tangent and the Hessian-vector product against differences."""
    value, _ = s2sad.value_and_grad(f)(x)
    assert value == f(x)
    check_grad(f, x)
    check_jvp(f, x, tangent=t)
    check_hvp(f, x, v=t)


def einsum_sublist(x, y):
    return np.sum(np.einsum(x, [0, 1], y, [1, 2], [0, 2]))


def norm_of_order_p(p, v):
    return np.linalg.norm(v, p)


def percentile_weights(w):
    return np.percentile(C, 40.0, method="inverted_cdf", weights=w)


CONSTANT_SLOTS = [
    (einsum_sublist, (X, np.arange(12.0).reshape(3, 4) / 5), "subscripts"),
    (norm_of_order_p, (2.5, C), "ord"),
    (percentile_weights, (np.array([0.1, 0.8, 0.3]),), "weights"),
]


@pytest.mark.parametrize("f, args, param", CONSTANT_SLOTS, ids=[c[2] for c in CONSTANT_SLOTS])
def test_a_differentiated_value_in_a_constant_slot_is_refused_in_reverse_mode(f, args, param):
    with pytest.raises(NoDerivativeError, match=f"parameter `{param}`") as info:
        s2sad.grad(f, wrt=0)(*args)
    assert "line" in str(info.value)


@pytest.mark.parametrize("f, args, param", CONSTANT_SLOTS, ids=[c[2] for c in CONSTANT_SLOTS])
def test_a_differentiated_value_in_a_constant_slot_is_refused_in_forward_mode(f, args, param):
    tangent = np.ones_like(args[0]) if np.ndim(args[0]) else 1.0
    with pytest.raises(NoDerivativeError, match=f"parameter `{param}`"):
        s2sad.jvp(f, wrt=0)(*args, tangent)


def test_the_sublist_form_differentiated_in_its_second_operand_is_refused_too():
    with pytest.raises(NoDerivativeError, match="subscripts"):
        s2sad.grad(einsum_sublist, wrt=(0, 1))(X, np.arange(12.0).reshape(3, 4) / 5)


def test_a_constant_order_still_differentiates_the_vector():
    check_grad(lambda v: np.linalg.norm(v, 2.5), C)


def nansum_kw(x):
    return np.sum(np.nansum(a=x, axis=1) * W2)


def nanmax_kw(x):
    return np.sum(np.nanmax(a=x, axis=1) * W2)


def median_kw(x):
    return np.sum(np.median(a=x, axis=1) * W2)


def average_kw(x):
    return np.sum(np.average(a=x, axis=1) * W2)


def cumprod_kw(x):
    return np.sum(np.cumprod(a=x, axis=1) * np.array([1.0, 2.0, 3.0]))


def quantile_kw(x):
    return np.sum(np.quantile(a=x, q=0.3, axis=1) * W2)


KEYWORD_ARRAY = [nansum_kw, nanmax_kw, median_kw, average_kw, cumprod_kw, quantile_kw]


@pytest.mark.parametrize("f", KEYWORD_ARRAY, ids=[f.__name__ for f in KEYWORD_ARRAY])
def test_the_array_by_keyword(f):
    _exact_in_every_mode(f, X, T)


# 3. Array methods with a NumPy function of the same meaning, refused before ("the method `.cumprod()` on
#    a value being differentiated"): now that function (frontend/methods.py).
def cumprod_method(x):
    return np.sum(x.cumprod() * np.arange(1.0, 7.0)) + np.sum(x.cumprod(axis=1) * x) + np.sum(x.cumprod(0) ** 2)


def repeat_method(x):
    return np.sum(x.repeat(2, axis=0) * np.arange(12.0).reshape(4, 3)) + np.sum(x.repeat(2) ** 2)


def take_method(x):
    return np.sum(x.take([0, 5, 1, 5]) ** 2) + np.sum(x.take([2, 0], axis=1) * x[:, :2])


def round_method(x):      # at 0.93 X: no value on a rounding step
    return np.sum((0.93 * x).round(1) * x) + np.sum((0.93 * x).round() * x ** 2)


METHOD_FORMS = [cumprod_method, repeat_method, take_method, round_method]


@pytest.mark.parametrize("f", METHOD_FORMS, ids=[f.__name__ for f in METHOD_FORMS])
def test_array_methods(f):
    _exact_in_every_mode(f, X, T)


# 4. NumPy 2's named results of np.linalg read at once (`np.linalg.slogdet(A).logabsdet`), refused before
#    ("the attribute `.logabsdet` of a computed value"): the field's position (frontend/methods.py).
SPD = np.array([[2.1, 0.3, 0.4], [0.3, 1.7, 0.5], [0.4, 0.5, 2.4]])
SPD_T = np.array([[0.5, -0.2, 0.1], [-0.2, 0.3, 0.7], [0.1, 0.7, -0.4]])


def named_results(x):
    return np.linalg.slogdet(x).logabsdet * np.linalg.slogdet(x).sign \
        + np.sum(np.linalg.eigh(x).eigenvalues ** 2) + np.sum(np.abs(np.linalg.eigh(x, UPLO="L").eigenvectors)) \
        + np.sum(np.linalg.qr(x).R ** 2) + np.sum(np.linalg.qr(x, mode="reduced").R) \
        + np.sum(np.linalg.svd(x).S) + np.sum(np.linalg.svd(x, compute_uv=True).U ** 2 * x)


def test_named_results_of_linalg():
    _exact_in_every_mode(named_results, SPD, SPD_T)


def named_result_in_a_name(x):
    r = np.linalg.eigh(x)
    return np.sum(r.eigenvalues)


def test_a_named_result_held_in_a_name_keeps_its_located_refusal():
    from s2sad.errors import UnsupportedSyntaxError
    with pytest.raises(UnsupportedSyntaxError, match="eigenvalues") as info:
        s2sad.grad(named_result_in_a_name)(SPD)
    assert "line" in str(info.value)


# 5. `np.transpose(x, (-1, 0, 1))`: the adjoint inverted the permutation as written (argsort of (-1, 0, 1)
#    is the identity): a wrong gradient, jvp right. The axes are read modulo the rank (rules/runtime.py and
#    its numba version).
W423 = np.arange(24.0).reshape(4, 2, 3)
X234 = np.linspace(0.1, 0.9, 24).reshape(2, 3, 4)


def transpose_negative_axes(x):
    return np.sum(np.transpose(x, (-1, 0, 1)) * W423) + np.sum(x.transpose(0, -1, -2) ** 2 * W423.reshape(2, 4, 3))


@pytest.mark.parametrize("jit", [False, True])
def test_transpose_with_negative_axes(jit):
    g = s2sad.grad(transpose_negative_axes, jit=jit)(X234)
    assert np.allclose(g, np.transpose(W423, (1, 2, 0)) + 2 * X234 * np.transpose(W423.reshape(2, 4, 3), (0, 2, 1)))
    check_grad(transpose_negative_axes, X234, jit=jit)
    if not jit:
        check_hvp(transpose_negative_axes, X234, v=X234[::-1])


# 6. A NumPy function's array passed by its NumPy name (`np.sum(a=x)`, `np.linalg.norm(x=x)`), refused before
#    ("s2sad's rule for `sum` does not take the keyword `a=`"): passed first by position (frontend/calls.py).
def array_by_numpy_name(x):
    return np.sum(np.sum(a=x, axis=1) * W2) + np.mean(a=x) + np.max(axis=0, a=x)[1] \
        + np.sum(np.cumsum(a=x, axis=1) ** 2) + np.linalg.norm(x=x) + np.sum(np.std(a=x, axis=0, ddof=1))


def test_the_array_by_its_numpy_name():
    _exact_in_every_mode(array_by_numpy_name, X, T)
