"""frontend/rank_tests.py: a test of a parameter's rank (``np.isscalar(x)``, ``x.ndim``,
``np.ndim(x)``, ``len(x.shape)``, ``isinstance(x, ...)``) is a constant of the specialisation
built for the arguments' ranks, so only the branch taken is differentiated and a function
returning values of different ranks on different ranks has a gradient at each; a test that the
ranks do not decide stays, and so does the refusal of returns of different shapes."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.pipeline import build
from s2sad.testing import check_grad, check_hvp, check_jvp


def by_isscalar(x):
    if np.isscalar(x):
        return x * x
    return np.sum(x * x)


def by_ndim_attribute(x):
    if x.ndim == 1:
        return np.sum(np.sin(x))
    return np.sum(x[0] * x)


def by_np_ndim(x):
    if np.ndim(x) == 1:
        return np.sum(x ** 3)
    return x ** 3


def by_isinstance_float(x):
    if isinstance(x, float):
        return x * 2.0
    return np.sum(x) * 2.0


def by_isinstance_ndarray(x, k):
    if isinstance(x, (np.ndarray, list)) and k > 0:
        return np.sum(np.sin(x) * k)
    return np.sum(np.sin(x)) * k


def by_len_shape(x):
    r = np.sum(x) if len(x.shape) == 2 else x[0]
    return np.sum(r * x) if np.ndim(x) > 1 else r * r


X1 = np.array([0.3, -1.2, 0.7])
X2 = np.array([[0.3, -1.2, 0.7], [1.1, 0.4, -0.5]])
CASES = [(by_isinstance_ndarray, (0.4, 1.5), 1), (by_isscalar, (1.3,)), (by_isscalar, (X1,)), (by_ndim_attribute, (X1,)), (by_ndim_attribute, (X2,)),
         (by_np_ndim, (0.8,)), (by_np_ndim, (X1,)), (by_isinstance_float, (0.8,)),
         (by_isinstance_float, (X2,)), (by_isinstance_ndarray, (0.8, 2.0)), (by_isinstance_ndarray, (X1, 2.0)),
         (by_isinstance_ndarray, (X1, -1.0)),
         (by_isinstance_ndarray, (X1, 1.5), 1), (by_len_shape, (X1,)), (by_len_shape, (X2,))]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].__name__}-{np.ndim(c[1][0])}-{c[2:]}")
def test_rank_dispatch_differentiates_the_branch_taken(case):
    f, args, *wrt = case
    check_grad(f, *args, wrt=wrt[0] if wrt else 0)


@pytest.mark.parametrize("f", [by_np_ndim, by_ndim_attribute, by_len_shape])
def test_rank_dispatch_against_autograd(f):
    check_grad(f, X1 if f is not by_ndim_attribute else X2, reference="autograd")


@pytest.mark.parametrize("f", [by_isinstance_ndarray, by_np_ndim])
def test_one_gradient_specialised_on_each_rank_under_jit(f):
    """isinstance and np.ndim are gone from the compiled code (numba cannot run them on a
    float); the second call, of the other rank, builds the other specialisation."""
    extra = (2.0,) if f is by_isinstance_ndarray else ()
    g = s2sad.grad(f, jit=True)
    for x in (X1, 0.8):
        check_grad(f, x, *extra, jit=True, grad_fn=lambda fn, wrt, jit: g)


def test_forward_and_second_order_fold_too():
    check_jvp(by_isscalar, X1, tangent=np.array([1.0, 0.5, -2.0]))
    check_jvp(by_isscalar, 0.7, tangent=1.0)
    check_hvp(by_np_ndim, X1, v=np.array([1.0, 0.5, -2.0]))


def test_the_dead_branch_is_gone_from_the_build():
    text = build(by_isinstance_float, ["x"], stop_after="anf", param_kinds={"x": 2})
    assert "isinstance(" not in text and "np.sum" in text
    kept = build(by_isinstance_float, ["x"], stop_after="anf", param_kinds={"x": 0})
    assert "isinstance(" in kept      # a number may be an int or a float: the ranks do not decide


def local_rank(x):
    y = x * 1.0
    if y.ndim == 1:
        return np.sum(y)
    return y


def reassigned(x):
    x = x * 2.0
    if np.ndim(x) == 1:
        return np.sum(x)
    return x


def by_length(x):
    if x.shape[0] == 3:
        return np.sum(x)
    return x


def with_a_test_of_a_value(x, k):
    if isinstance(x, np.ndarray) and k > 0:
        return np.sum(x)
    return x


def attribute_of_a_number(x):
    if x.ndim == 0:
        return x * x
    return np.sum(x) * np.ones(2)


@pytest.mark.parametrize("f, args", [(reassigned, (X1,)), (by_length, (X1,)),
                                     (attribute_of_a_number, (0.5,)), (with_a_test_of_a_value, (X1, 1.0))])
def test_tests_the_ranks_do_not_decide_stay_refused(f, args):
    with pytest.raises(UnsupportedSyntaxError, match="different shapes"):
        s2sad.grad(f)(*args)


def as_array_first(x):
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 and not isinstance(x, float):
        return np.sin(x) * 2.0
    return np.sum(np.sin(x))


def at_least_2d(x):
    x = np.atleast_2d(x)
    if len(x.shape) == 2 and np.ndim(x) > 1:
        return np.sum(x @ x.T)
    return x


@pytest.mark.parametrize("f, x", [(as_array_first, 0.4), (as_array_first, X1), (at_least_2d, X1),
                                  (at_least_2d, X2), (at_least_2d, 0.7)])
def test_a_parameter_made_an_array_first_keeps_its_rank(f, x):
    check_grad(f, x)


def doubled_then_tested(x):
    y = x * 2
    if np.ndim(y) == 0:
        return y * y
    return np.sum(y * y)


def through_a_ufunc(x, w):
    z = np.tanh(-x * w) + 1.0
    if z.ndim == 2 and not np.isscalar(z):
        return np.sum(z[0] * z[1])
    return np.sum(z)


@pytest.mark.parametrize("f, args", [(local_rank, (X1,)), (doubled_then_tested, (0.7,)),
                                     (doubled_then_tested, (X1,)), (through_a_ufunc, (X2, 0.5)),
                                     (through_a_ufunc, (X1, 0.5)), (through_a_ufunc, (0.3, X1))])
def test_a_local_bound_once_from_known_ranks_has_that_rank(f, args):
    """local_rank and doubled_then_tested of an array were refused before ("returns have
    different shapes"): the local's rank was not known."""
    check_grad(f, *args, wrt=(0, 1) if len(args) == 2 else 0)


def test_a_local_of_known_rank_folds_in_every_mode():
    """np.ndim of a local is gone from the compiled code (numba has none for a float)."""
    check_grad(doubled_then_tested, X1, jit=True, reference="autograd")
    check_grad(doubled_then_tested, 0.7, jit=True)
    check_jvp(through_a_ufunc, X2, 0.5, tangent=np.ones_like(X2))
    check_hvp(doubled_then_tested, X1, v=np.array([1.0, 0.5, -2.0]))


def bound_in_a_branch(x, k):
    if k > 0:
        y = x * 2.0
    else:
        y = np.sum(x)
    if np.ndim(y) == 1:
        return np.sum(y)
    return y * np.ones(2)


def bound_twice(x):
    y = x * 2.0
    y = np.sum(y)
    if np.ndim(y) == 1:
        return np.sum(y)
    return y * np.ones(2)


def of_a_zero_d_array(x):
    x = np.asarray(x)
    y = x * 2.0           # a 0-d array times a number is a NumPy scalar: its rank is not followed
    if isinstance(y, np.ndarray):
        return y
    return y * np.ones(2)


def of_a_call_it_does_not_follow(x):
    y = np.sum(x, axis=0)
    if np.ndim(y) == 1:
        return np.sum(y)
    return y


@pytest.mark.parametrize("f, args", [(bound_in_a_branch, (X1, 1.0)), (bound_twice, (X1,)),
                                     (of_a_zero_d_array, (0.5,)), (of_a_call_it_does_not_follow, (X2,))])
def test_a_local_whose_rank_is_not_proven_keeps_its_test(f, args):
    with pytest.raises(UnsupportedSyntaxError, match="different shapes"):
        s2sad.grad(f)(*args)


def trapezoid_either_numpy(a):
    """Code written for NumPy 1 and 2: ``np.trapz`` is gone from NumPy 2.4, and the branch Python
    never runs must not be read (hunt50)."""
    t = np.linspace(0.0, a, 7)
    if hasattr(np, "trapezoid"):
        return np.trapezoid(np.sin(t) ** 2, t)
    return np.trapz(np.sin(t) ** 2, t)


def trapezoid_either_numpy_expression(a, w):
    t = np.linspace(0.0, a, 7)
    integrate = np.trapezoid if hasattr(np, "trapezoid") else np.trapz
    return integrate(np.sin(w * t) ** 2, t) if hasattr(np, "trapezoid") else np.trapz(np.sin(w * t) ** 2, t)


@pytest.mark.parametrize("jit", [False, True])
def test_hasattr_of_a_module_is_the_modules_answer_when_built(jit):
    check_grad(trapezoid_either_numpy, 1.3, jit=jit)
    check_jvp(trapezoid_either_numpy, 1.3, tangent=0.7)
    check_hvp(trapezoid_either_numpy, 1.3, v=0.7)
    check_grad(trapezoid_either_numpy_expression, 1.3, 0.8, wrt=(0, 1))


def hasattr_of_a_value(x, o):
    if hasattr(o, "shape"):
        return np.sum(x * x)
    return np.sum(x)


def test_hasattr_of_a_value_stays_a_test_of_the_value():
    check_grad(hasattr_of_a_value, np.array([0.5, 1.5]), 2.0)
    check_grad(hasattr_of_a_value, np.array([0.5, 1.5]), np.ones(2))
