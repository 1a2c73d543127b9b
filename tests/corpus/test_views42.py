"""Views, aliasing and in-place updates (views42): a grid of forms (views of views, writes through
index arrays, masks, broadcasting, overlap, ``out=``, ``np.copyto``, ``fill``, ``sort``, dtypes of
in-place updates, aliasing through helpers and containers) run through value_and_grad, jvp, hvp and
jit=True, against finite differences and against the function's own value. The grid lives in
/work/scratch/views42 (harness.py, sets/*.py, table.md); these are the cases s2sad got wrong."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

X6 = np.array([0.3, -0.7, 1.1, 0.5, -1.3, 0.9])


def _value_is_the_functions(f, x, jit=False):
    """value_and_grad's and jvp's value is f's own, bit for bit and in f's dtype; the caller's
    array is left alone."""
    keep = x.copy()
    want = f(x.copy())
    got, _ = s2sad.value_and_grad(f, jit=jit)(x)
    tval, _ = s2sad.jvp(f, jit=jit)(x, np.ones_like(x))
    for value in (got, tval):
        assert np.asarray(value).dtype == np.asarray(want).dtype
        assert np.array_equal(value, want)
    assert np.array_equal(x, keep)


# ---- dtype of `a op= v`: NumPy computes into a's buffer -------------------------------------
def f32_minus_f64(x):
    a = x.astype(np.float32)
    s = np.float64(0.1234567891234) * x[0]
    a -= s                                  # NumPy: float32 (a - s rounded); was float64
    return float(np.sum(a * a))


def f32_times_f64(x):
    y = x * 1.0
    y *= np.float64(1.000000123)
    return np.sum(y * y)


def f32_zeros_updated(x):
    a = np.zeros(3, dtype=np.float32)
    a[0] = x[0] * 1.0000001234
    a += x[1] * 0.123456789
    return float(np.sum(a * a))


@pytest.mark.parametrize("f, x", [(f32_minus_f64, X6), (f32_times_f64, X6.astype(np.float32)),
                                  (f32_zeros_updated, X6)], ids=lambda v: getattr(v, "__name__", ""))
def test_in_place_update_of_a_float32_array_stays_float32(f, x):
    """On main f5e5dbc `a -= s` was rebound as `a = a - s`, computed in float64: the value differed
    from NumPy's at the 8th digit (fuzz seed 40500021), f32_times_f64 even returned a float64."""
    _value_is_the_functions(f, x.copy())
    check_grad(f, x.astype(float) if f is not f32_times_f64 else x, rtol=1e-3, atol=1e-4, eps=1e-3)
    if x.dtype == np.float64:   # (check_jvp compares the value with f at float64 arguments)
        check_jvp(f, x.copy(), tangent=np.linspace(-1.0, 1.0, 6), rtol=1e-3, atol=1e-4, eps=1e-3)


def f32_minus_f64_numbers(x):
    a = x.astype(np.float32)
    a -= 0.1234567891234 * x[0]
    return float(a[1] * a[2] - a[0])   # (np.sum of float32 under jit sums in float64: open, not this)


def test_in_place_update_of_a_float32_array_under_jit():
    _value_is_the_functions(f32_minus_f64_numbers, X6.copy(), jit=True)


def int_plus_half(x):
    a = np.arange(6)
    a += 0.5                                # NumPy: UFuncTypeError (same_kind)
    return np.sum(a * x)


def int_times_x(x):
    a = np.ones(6, dtype=np.int64)
    a *= x[0]
    return np.sum(a * x)


@pytest.mark.parametrize("f", [int_plus_half, int_times_x], ids=lambda f: f.__name__)
def test_float_into_an_integer_array_in_place_raises_numpys_error(f):
    """On main f5e5dbc the integer array silently became a float one and a gradient came back."""
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError):
        f(X6.copy())
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError):
        s2sad.grad(f)(X6.copy())
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError):
        s2sad.jvp(f)(X6.copy(), np.ones(6))


def aug_broadens(x):
    a = np.cos(x[:3])
    a += np.outer(x[:2], x[3:])             # NumPy: ValueError (non-broadcastable output operand)
    return np.sum(a * a)


def test_in_place_update_that_would_broadcast_the_target_raises_numpys_error():
    """On main f5e5dbc `a += v` with v of a larger shape made `a` that shape and returned a value."""
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        aug_broadens(X6.copy())
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        s2sad.grad(aug_broadens)(X6.copy())
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        s2sad.jvp(aug_broadens)(X6.copy(), np.ones(6))


def updates_through_views(x):
    a = np.cos(x)
    v = a[1:]
    w = v[::2]
    w *= x[0]                               # writes a[1], a[3], a[5]
    m = a.reshape(2, 3)
    m[1] += x[:3] ** 2
    total = 0.0
    total += np.sum(a * a * x)              # a number: stays a plain update
    return total


def test_in_place_updates_through_views_keep_exact_values():
    """The cast of an in-place update does not get in the way of the alias stage (views of views,
    a reshaped view, a number accumulated)."""
    _value_is_the_functions(updates_through_views, X6.copy())
    check_grad(updates_through_views, X6.copy())
    check_jvp(updates_through_views, X6.copy(), tangent=np.linspace(-1.0, 1.0, 6))
    check_hvp(updates_through_views, X6.copy(), v=np.linspace(-1.0, 1.0, 6), rtol=1e-4)


# ---- np.add.at / np.subtract.at: NumPy's own sums, one element after the other ----------------
def add_at_repeated(x):
    a = np.cos(x)
    np.add.at(a, [0, 0, 1], x[:3] ** 2)
    return np.sum(a * a)


def subtract_at_seen_through_a_view(x):
    a = np.cos(x)
    v = a[2:]
    np.subtract.at(a, np.array([2, 3, 2]), x[:3] * x[3])
    return np.sum(a * a) + np.sum(v * x[2:])


def add_at_into_a_row(x):
    A = np.cos(x).reshape(2, 3)
    np.add.at(A[1], [0, 0], x[4:] ** 2)
    return np.sum(A * A)


@pytest.mark.parametrize("f", [add_at_repeated, subtract_at_seen_through_a_view, add_at_into_a_row],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True], ids=["py", "jit"])
def test_add_at_value_is_numpys_bit_for_bit(f, jit):
    """On main f5e5dbc np.add.at(a, i, v) was `a += scattered(a, i, v)`: a[0] + (v0 + v1) where NumPy
    computes a[0] + v0 + v1 (7.691114969794504 for 7.691114969794505)."""
    _value_is_the_functions(f, X6.copy(), jit=jit)
    if not jit:
        check_grad(f, X6.copy())
        check_jvp(f, X6.copy(), tangent=np.linspace(-1.0, 1.0, 6))
        check_hvp(f, X6.copy(), v=np.linspace(-1.0, 1.0, 6), rtol=1e-4)
