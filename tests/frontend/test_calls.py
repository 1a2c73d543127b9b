"""A call's result that is a tuple of arrays (``np.linalg.slogdet``, ``np.linalg.qr``,
``np.gradient`` of a matrix), passed straight to a NumPy function, is converted to one array
as NumPy converts it (frontend/calls.py): the gradient is exact, or the refusal of the rule
that cannot differentiate it is located; never an internal TypeError from a rule applying an
operator to a tuple (fuzz campaign 1900000, seed 1902812)."""

import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp


def _matrix(x):
    return np.outer(x, x) + np.diag(x + 2.0)


def clip_of_slogdet(x):
    return np.sum(np.maximum(np.linalg.slogdet(_matrix(x)), 0.1))


def exp_of_named_slogdet(x):
    s = np.linalg.slogdet(_matrix(x))
    return np.sum(np.exp(s))


def tanh_of_qr(x):
    return np.sum(np.tanh(np.linalg.qr(_matrix(x))))


def sin_of_gradient_of_a_vector(x):
    return np.sum(np.sin(np.gradient(x)))


def clip_of_gradient_of_a_matrix(x):
    K = np.zeros((4, 3))
    K[:, 1] = x[1]
    return np.average(np.clip(np.gradient(K), 0.96, 0.5))


X = np.array([0.3, 0.7, 1.4])


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("func", [clip_of_slogdet, exp_of_named_slogdet, sin_of_gradient_of_a_vector])
def test_a_tuple_result_given_to_numpy_is_differentiated_as_the_array_numpy_makes(func, jit):
    check_grad(func, X, jit=jit)


def test_qr_pair_given_to_numpy_is_differentiated_as_one_array():
    check_grad(tanh_of_qr, X)


def test_gradient_of_a_matrix_given_to_clip_is_differentiated():
    """Refused at its line (not a TypeError) until open44 differentiated np.gradient of every axis
    of an n-d array (tests/rules/test_open44_gradient_nd.py)."""
    check_grad(clip_of_gradient_of_a_matrix, X)


def clip_method_with_min(x, lo):
    return np.sum(x.clip(min=lo) ** 2)


def clip_with_both_new_keywords(x, lo):
    return np.sum(np.clip(x, max=0.9, min=lo) ** 2)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("func", [clip_method_with_min, clip_with_both_new_keywords])
def test_numpy_2_keyword_names_of_clip_have_its_rule(func, jit):
    """``min=``/``max=`` (NumPy 2's names of ``a_min``/``a_max``) were refused as keywords the
    rule does not take (hunt7, fns51 method_clip); a bound not written is None, as NumPy reads it."""
    x, lo = np.array([0.1, 0.5, 1.2, -0.3]), 0.2
    check_grad(func, x, lo, wrt=(0, 1), jit=jit)
    check_jvp(func, x, lo, tangent=(np.array([0.3, -1.0, 0.5, 2.0]), 0.7), wrt=(0, 1))


def clip_method_with_one_positional_bound(X):
    return X.clip(0).mean() + np.sum(X.clip(None, 0.5) ** 2)


@pytest.mark.parametrize("jit", [False, True])
def test_clip_method_reads_a_bound_not_written_as_none(jit):
    """``X.clip(0)`` (the method's upper bound defaults to None) was lowered to ``np.clip(X, 0)``,
    which has no upper bound and no rule: a NoDerivativeError on legal code (hunt8, fns63
    method_reductions)."""
    X = np.array([[0.1, -0.5, 1.2], [-0.3, 0.7, 0.4]])
    check_grad(clip_method_with_one_positional_bound, X, jit=jit)
    check_jvp(clip_method_with_one_positional_bound, X, tangent=np.arange(6.0).reshape(2, 3))
