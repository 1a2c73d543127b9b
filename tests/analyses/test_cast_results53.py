"""A differentiated value cast by a call whose result's dtype is not known when the gradient is
built (hunt53). ``analyses/ir._dtype_kind`` read a ``dtype`` it could not resolve (``a.dtype``, a
local or parameter name, a module array's ``.dtype``) as ``np.dtype(None)``, float, and
``np.full_like(a, v)`` takes ``a``'s dtype: with ``a`` integer NumPy truncates ``v``, whose
derivative there is 0, but the cast was differentiated as the identity. ``np.sum(np.array(x * 10,
dtype=a.dtype) * x)`` with ``a = np.arange(3)``, at x = [0.33, -0.17, 0.81], gave grad
[6.3, -2.7, 16.1] where the derivative is the truncated [3, -1, 8]; ``np.sum(np.full_like(a,
x[1] * 10) * x)`` gave [-1, 8.7, -1] for [-1, -1, -1]. Such a result is now checked when the
function runs (``int_writes._guarded_result``: ``float_target``, as a write into an array of
unknown dtype): refused at the call's line for an integer result, exact for a float one."""
import inspect

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError, UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

X3 = np.array([0.33, -0.17, 0.81])
IDX = np.array([2, 0, 1])
W = np.array([0.5, 1.5, -2.0])


def array_dtype_of_local(x):
    a = np.arange(3)
    return np.sum(np.array(x * 10, dtype=a.dtype) * x)


def astype_dtype_of_local(x):
    a = np.arange(3)
    return np.sum((x * 10).astype(a.dtype) * x)


def dtype_held_by_a_local(x):
    kind = int
    return np.sum(np.asarray(x * 10, dtype=kind) * x)


def astype_dtype_of_module_array(x):
    return np.sum((x * 10).astype(IDX.dtype) * x)


def full_dtype_of_module_array(x):
    return np.sum(np.full(3, x[0] * 10, dtype=IDX.dtype) * x)


def full_like_module_ints(x):
    return np.sum(np.full_like(IDX, x[1] * 10) * x)


def full_like_local_ints(x):
    a = np.arange(3)
    return np.sum(np.full_like(a, x[1] * 10) * x)


def astype_dtype_of_param(x, a):
    return np.sum((x * 10).astype(a.dtype) * x)


def full_like_param(x, a):
    return np.sum(np.full_like(a, x[1] * 10) ** 2 * x)


def dtype_param(x, dt):
    return np.sum(np.array(x * 10, dtype=dt) * x)


def list_cast_dtype_of_local(x):
    a = np.arange(2)
    L = [x[0] * 10, x[1] * 10]
    return np.sum(np.array(L, dtype=a.dtype) * x[:2])


def tuple_cast_dtype_of_param(x, w):
    return np.sum(np.asarray((x[0] * 10, x[1] ** 2), dtype=w.dtype) * x[:2])


def _line(f):
    return next(ln for ln in inspect.getsource(f).splitlines() if "return" in ln).strip()


INTEGER_RESULTS = [array_dtype_of_local, astype_dtype_of_local, dtype_held_by_a_local, astype_dtype_of_module_array,
                   full_dtype_of_module_array, full_like_module_ints, full_like_local_ints, list_cast_dtype_of_local]


@pytest.mark.parametrize("f", INTEGER_RESULTS, ids=lambda f: f.__name__)
def test_integer_result_refused_at_its_line(f):
    for call in (lambda: s2sad.grad(f)(X3.copy()), lambda: s2sad.jvp(f)(X3.copy(), np.ones(3))):
        with pytest.raises(UnsupportedSyntaxError) as e:
            call()
        assert "integer array" in str(e.value) and _line(f) in str(e.value) and ", column " in str(e.value)


def test_mains_wrong_gradients_no_longer_returned():
    """main: [6.3, -2.7, 16.1] for [3, -1, 8], and [-1, 8.7, -1] for [-1, -1, -1]."""
    for f in (array_dtype_of_local, full_like_local_ints):
        with pytest.raises(S2sadError):
            s2sad.value_and_grad(f)(X3.copy())


@pytest.mark.parametrize("f, other", [(astype_dtype_of_param, IDX), (full_like_param, IDX), (dtype_param, int)],
                         ids=["astype", "full_like", "dtype"])
def test_integer_parameter_refused(f, other):
    with pytest.raises(S2sadError) as e:
        s2sad.grad(f)(X3.copy(), other)
    assert "integer array" in str(e.value)


@pytest.mark.parametrize("f, other", [(astype_dtype_of_param, W), (full_like_param, W), (dtype_param, float),
                                      (dtype_param, np.float64)], ids=["astype", "full_like", "dtype", "float64"])
def test_float_results_still_exact(f, other):
    check_grad(lambda x: f(x, other), X3.copy())
    check_jvp(lambda x: f(x, other), X3.copy(), tangent=np.array([0.3, -1.0, 0.7]))
    np.testing.assert_allclose(s2sad.grad(f)(X3.copy(), other), s2sad.grad(lambda x: f(x, other))(X3.copy()))


@pytest.mark.parametrize("jit", [False, True])
def test_float_like_under_both_backends(jit):
    g = s2sad.grad(full_like_param, jit=jit)(X3.copy(), W)
    want = np.full(3, (X3[1] * 10) ** 2)
    want[1] += np.sum(2 * X3[1] * 100 * X3)
    np.testing.assert_allclose(g, want, rtol=1e-12)
    with pytest.raises(S2sadError) as e:
        s2sad.grad(full_like_param, jit=jit)(X3.copy(), IDX)
    assert "integer array" in str(e.value)


@pytest.mark.parametrize("jit", [False, True])
def test_a_list_or_tuple_cast_is_checked_item_by_item(jit):
    """``float_target`` read a list's dtype with ``np.result_type``, a TypeError inside the check
    (and numba's took a list type for no float): the values of a list or tuple are now looked at."""
    with pytest.raises(S2sadError) as e:
        s2sad.grad(list_cast_dtype_of_local, jit=jit)(X3.copy())
    assert "integer array" in str(e.value)
    w = np.array([1.0, 2.0])
    check_grad(lambda x: tuple_cast_dtype_of_param(x, w), X3.copy())
    g = s2sad.grad(tuple_cast_dtype_of_param, jit=jit)(X3.copy(), w)
    np.testing.assert_allclose(g, [2 * X3[0] * 10, 3 * X3[1] ** 2, 0.0], rtol=1e-12)
    with pytest.raises(S2sadError) as e:
        s2sad.grad(tuple_cast_dtype_of_param, jit=jit)(X3.copy(), IDX[:2])
    assert "integer array" in str(e.value)
