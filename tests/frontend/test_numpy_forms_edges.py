"""The forms of frontend/numpy_forms.py on edge arguments (0-d, empty, a wrong dtype or shape): each
gives NumPy's value, or raises what NumPy (SciPy) raises (or a located S2sadError), in both modes.
Before rules/runtime_checks.py, np.add.accumulate of a 0-d array, np.select of a float condition,
a where= mask larger than its array (or not boolean) and scipy.linalg.cholesky of inf or NaN
computed a value where NumPy raises."""
import numpy as np
import pytest
import scipy.linalg

import s2sad
from s2sad.errors import S2sadError

V = np.array([0.3, 1.2, 0.7])
M = np.array([[0.5, 1.5, 0.2], [1.1, 0.4, 0.9]])
SPD = np.array([[4.0, 1.0], [1.0, 3.0]])


def accumulate(x):
    return np.sum(np.add.accumulate(x * 1.0))


def accumulate_none(x):
    return np.sum(np.multiply.accumulate(x * 1.0, axis=None))


def reduce_(x):
    return np.sum(np.maximum.reduce(x * 1.0))


def ptp(x):
    return np.sum(np.ptp(x * 1.0))


def select(x, c):
    return np.sum(np.select([c], [x * 2.0], default=x))


def sum_where(x, m):
    return np.sum(x * 1.0, where=m)


def mean_where(x, m):
    return np.sum(np.mean(x * 1.0, axis=0, where=m))


def cholesky(a):
    return np.sum(scipy.linalg.cholesky(a * 1.0))


def cholesky_unchecked(a):
    return np.sum(scipy.linalg.cholesky(a * 1.0, check_finite=False, lower=True))


def cond(a):
    return np.sum(np.linalg.cond(a * 1.0))


def cond_of_a_constant(x, a):     # a zero matrix: the value is inf (the derivative in a is refused)
    return np.sum(x) * np.sum(np.linalg.cond(a))


def cond_minus_2_of_a_constant(x, a):
    return np.sum(x) * np.sum(np.linalg.cond(a, -2))


NAN = np.array([[4.0, np.nan], [np.nan, 3.0]])
CASES = [
    (accumulate, (np.float64(0.5),)), (accumulate, (np.array(0.5),)), (accumulate, (np.zeros(0),)), (accumulate, (M,)),
    (accumulate_none, (V,)), (accumulate_none, (M,)), (reduce_, (np.float64(0.5),)), (reduce_, (np.zeros(0),)),
    (ptp, (np.float64(0.5),)), (ptp, (np.zeros(0),)), (ptp, (M,)),
    (select, (V, V > 0.5)), (select, (V, V)), (select, (V, np.array([1, 0, 1]))), (select, (V, True)),
    (select, (V, M > 0.5)), (select, (V, np.array([True, False]))),
    (sum_where, (V, V > 0.5)), (sum_where, (V, M > 0.5)), (sum_where, (V, np.array([True, False]))),
    (sum_where, (V, V)), (sum_where, (V, np.array([1, 0, 1]))), (sum_where, (V, True)), (sum_where, (M, V > 0.5)),
    (sum_where, (np.float64(0.5), True)), (mean_where, (M, V > 0.5)), (mean_where, (V, M > 0.5)),
    (mean_where, (M, np.array([[1.0], [0.0]]))), (mean_where, (M, np.array([[True], [False]]))),
    (cholesky, (SPD,)), (cholesky, (NAN,)), (cholesky, (np.array([[np.inf, 0.0], [0.0, 1.0]]),)),
    (cholesky, (V,)), (cholesky_unchecked, (SPD,)), (cond, (SPD,)), (cond, (V,)), (cond, (np.zeros((0, 0)),)),
    (cond_of_a_constant, (V, np.zeros((2, 2)))), (cond_of_a_constant, (V, NAN)), (cond_of_a_constant, (V, np.zeros((2, 3, 3)))),
    (cond_minus_2_of_a_constant, (V, np.zeros((2, 2)))), (cond_minus_2_of_a_constant, (V, np.stack([SPD, np.zeros((2, 2))]))),
]


def _outcome(run):
    try:
        return "value", run()
    except Exception as e:      # noqa: BLE001  (the class is what is compared)
        return "raises", e


def _same_as_numpy(f, args, ours):
    kind, numpy = _outcome(lambda: f(*args))
    if kind == "raises":
        assert isinstance(ours, (type(numpy), S2sadError)), (f.__name__, args, numpy, ours)
        if isinstance(ours, S2sadError):
            assert "line" in str(ours), ours
    else:
        assert not isinstance(ours, Exception), (f.__name__, args, ours)
        np.testing.assert_allclose(ours, numpy, rtol=1e-12)


@pytest.mark.parametrize("f, args", CASES, ids=lambda v: getattr(v, "__name__", None))
def test_reverse_value_or_error_is_numpys(f, args):
    kind, ours = _outcome(lambda: s2sad.value_and_grad(f)(*args)[0])
    _same_as_numpy(f, args, ours)


@pytest.mark.parametrize("f, args", CASES, ids=lambda v: getattr(v, "__name__", None))
def test_forward_value_or_error_is_numpys(f, args):
    tangent = np.ones_like(args[0]) if np.ndim(args[0]) else 1.0
    kind, ours = _outcome(lambda: s2sad.jvp(f)(*args, tangent)[0])
    _same_as_numpy(f, args, ours)


def checks_jit(x, m, a):     # the run-time checks compiled: one function, called with good then bad values
    return np.sum(x, where=m) + np.sum(scipy.linalg.cholesky(a)) + np.sum(np.add.accumulate(x))


@pytest.mark.jit
def test_compiled_checks_raise_numpys_error():
    g = s2sad.grad(checks_jit, jit=True)
    np.testing.assert_allclose(g(M, V > 0.5, SPD), s2sad.grad(checks_jit)(M, V > 0.5, SPD), rtol=1e-12)
    with pytest.raises(ValueError):     # a mask that does not broadcast to x's shape
        g(M, np.array([True, False]), SPD)
    with pytest.raises(ValueError):     # SciPy's check_finite
        g(M, V > 0.5, NAN)
