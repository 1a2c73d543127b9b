"""``jit=True`` on NumPy/math/builtin forms numba lacks (s2sad/backends/numba_helpers/numba_numpy.py and the jit stage).

Each function here was refused with a JitError in a fuzz campaign although
jit=False differentiated it. Now numba compiles it: the compiled gradient must
match central finite differences and the pure-Python adjoint. The mean of an
empty array gives NumPy's nan (not numba's ZeroDivisionError) in both modes.
"""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

SHIFTS = np.array([0.5, 1.0, 2.7])      # np.roll adds int(0.5) + int(1.0) + int(2.7) = 3


def array_of_array(x):
    y = np.array(x)
    return np.sum(y * y * x)


def abs_of_matrix(X):
    return np.sum(abs(X) * X) + np.sum(abs(X[1:]))


def clip_of_number(x, y):
    return np.clip(x * y, -0.5, 1.2) * x + np.clip(y, -2.0, None)


def roll_by_array(z):
    return np.sum(np.roll(z, SHIFTS) * z ** 2) + np.sum(np.roll(z, 1.7) * z)


def flip_of_number(q, w):
    q = q + np.sqrt(np.flip(q) ** 2 + 1.0)
    return q * np.sum(w)


def norm_of_list(v, dt):
    if np.linalg.norm([v[len(v) - 1], dt]) <= 5.0:
        return np.linalg.norm([v[0], dt, 2.0]) * np.sum(v)
    return dt


def fmod_math(s, v):
    return math.fmod(math.sqrt(s ** 2 + 1.0), 2.5) * s + math.fmod(s * 3.0, 1.5) * np.sum(v)


def fix_of_array(x):
    return np.sum(x - np.fix(x * 3.0) * x)


def reshape_of_transpose(A):
    """numba reshapes only C-contiguous arrays: ``A.T.reshape(-1)`` raised NotImplementedError at run time."""
    v = A.T.reshape(-1)
    return np.sum(v * np.arange(v.size)) + np.sum(np.reshape(A[:, ::2], (-1,)) ** 2)


CASES = [
    (array_of_array, (np.array([0.3, -1.2, 2.0]),), 0),
    (abs_of_matrix, (np.array([[0.3, -1.2], [2.0, -0.4], [0.7, 1.1]]),), 0),
    (clip_of_number, (0.7, 1.3), (0, 1)),
    (clip_of_number, (0.2, -0.9), (0, 1)),
    (roll_by_array, (np.array([0.3, -1.2, 2.0, 0.5, 1.5]),), 0),
    (flip_of_number, (0.4, np.array([1.0, 2.0])), (0, 1)),
    (norm_of_list, (np.array([0.3, -1.2, 2.0]), 0.8), (0, 1)),
    (fmod_math, (2.1, np.array([0.5, 1.0])), (0, 1)),
    (fix_of_array, (np.array([0.31, -1.23, 2.05]),), 0),
    (reshape_of_transpose, (np.array([[0.3, -1.2, 2.0], [0.5, 1.5, -0.7]]),), 0),
]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_compiles_and_matches(f, args, wrt):
    jit = check_grad(f, *args, wrt=wrt, jit=True)
    py = s2sad.grad(f, wrt=wrt)(*args)
    for a, b in zip(*(((jit,), (py,)) if not isinstance(wrt, tuple) else (jit, py))):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_fmod_domain_error_as_python():
    """math.fmod(x, 0) raises ValueError in Python; the compiled adjoint raises the same."""
    def f(s):
        return math.fmod(s, s - s)
    for jit in (False, True):
        with pytest.raises(ValueError):
            s2sad.grad(f, jit=jit)(1.5)


def mean_of_empty(x):
    return np.mean(x)


def mean_of_product_of_empty(x):
    return np.mean(x * x) + np.mean(x)


@pytest.mark.parametrize("f", [mean_of_empty, mean_of_product_of_empty])
def test_mean_of_empty_is_nan_in_both_modes(f):
    x = np.zeros(0)
    with np.errstate(invalid="ignore", divide="ignore"), pytest.warns(RuntimeWarning):
        expected = f(x)
    assert np.isnan(expected)
    for jit in (False, True):
        with np.errstate(invalid="ignore", divide="ignore"):
            value, grad = s2sad.value_and_grad(f, jit=jit)(x)
        assert np.isnan(value), (jit, value)
        assert grad.shape == (0,)
    value, grad = s2sad.value_and_grad(f, jit=True)(np.array([1.0, 3.0]))      # and when not empty
    assert value == pytest.approx(f(np.array([1.0, 3.0])))
    check_grad(f, np.array([1.0, 3.0]), jit=True)


def _helper_with_matmul(v, S):
    return np.sum(np.matmul(S, v))


def calls_matmul_helper(x, S):
    s = _helper_with_matmul(S[0], S)       # not differentiated: compiled by numba as written
    if s > -1e9:
        return np.sum(x * x)
    return np.sum(x)


def test_np_matmul_in_a_compiled_helper_is_a_located_jit_error():
    """numba has no np.matmul (an overload of the ufunc would be fused elementwise); in a helper
    compiled as written that stays a JitError naming the call and saying what to write."""
    from s2sad.backends.errors import JitError
    x, S = np.array([1.0, 2.0]), np.eye(2)
    with pytest.raises(JitError, match=r"np\.matmul.*write `a @ b`"):
        s2sad.grad(calls_matmul_helper, jit=True)(x, S)


def stack_numbers(x):
    a, b = x[0] * 2.0, np.sin(x[1])
    return np.sum(np.stack((a, b)) ** 2) + np.sum(np.stack([b, a], axis=-1) * np.array([1.0, 3.0]))


def test_np_stack_of_numbers_compiles():
    """`np.stack((a, b))` of numbers: numba's np.stack takes arrays only ("no implementation of
    stack(UniTuple(float64 x 2))"), and the gradient helper, given the axis as a literal 0, built
    an `if:` with no test for a 1-d gradient (a SyntaxError inside s2sad; hunt11, found through
    /work/scratch/user/fns82.py tuple_helper_stacked). Numbers are stacked with np.array, and a
    1-d gradient passes through."""
    x = np.array([0.3, 0.4])
    want = check_grad(stack_numbers, x, reference="autograd")
    assert np.allclose(check_grad(stack_numbers, x, jit=True), want)
