"""``np.copyto(dst, src, casting="unsafe")`` of a differentiated float into an integer (or boolean)
array (hunt53): NumPy truncates the float, so the program's derivative through ``dst`` is 0, but
main skipped the integer-write guard for every write that passed NumPy's casting check, whatever
its ``casting``: ``a = np.zeros(3, dtype=int); np.copyto(a, x * 10, casting="unsafe");
np.sum(a * x)`` at x = [0.33, -0.17, 0.81] gave [6.3, -2.7, 16.1] in grad, jvp and jit where the
derivative is a = [3, -1, 8]. Only a casting that cannot truncate a float into an integer array
(``no``, ``equiv``, ``safe``, ``same_kind``, NumPy's default) now counts as a check
(``analyses/int_writes._no_truncation``); any other write goes through the guard: refused at the
call where the target is proven integer, checked at run time where its dtype is not known."""
import inspect

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError, UnsupportedSyntaxError
from s2sad.testing import check_grad

X3 = np.array([0.33, -0.17, 0.81])


def unsafe_into_zeros_int(x):
    a = np.zeros(3, dtype=int)
    np.copyto(a, x * 10, casting="unsafe")
    return np.sum(a * x)


def unsafe_into_arange(x):
    a = np.arange(3)
    np.copyto(a, np.sin(x) * 10, "unsafe")
    return np.sum(a * x) + x[0]


def unsafe_into_bool(x):
    m = np.zeros(3, dtype=bool)
    np.copyto(m, x + 2.0, casting="unsafe")
    return np.sum(m * x ** 2)


def casting_held_by_a_name(x):
    how = "unsafe"
    a = np.zeros(3, dtype=np.int32)
    np.copyto(a, x * 10, casting=how)
    return np.sum(a * x)


def unsafe_into_param_copy(x, a):
    b = a.copy()
    np.copyto(b, x * 10, casting="unsafe")
    return np.sum(b * x)


def unsafe_into_float(x):
    a = np.zeros(3)
    np.copyto(a, x * 10, casting="unsafe")
    return np.sum(a * x)


def same_kind_into_float32(x):
    a = np.zeros(3, dtype=np.float32)
    np.copyto(a, x * 10)
    return np.sum(a * x)


def _copyto_line(f):
    return next(ln for ln in inspect.getsource(f).splitlines() if "np.copyto" in ln).strip()


PROVEN = [unsafe_into_zeros_int, unsafe_into_arange, unsafe_into_bool, casting_held_by_a_name]


@pytest.mark.parametrize("f", PROVEN, ids=lambda f: f.__name__)
def test_unsafe_copyto_into_an_integer_array_refused_at_the_call(f):
    for call in (lambda: s2sad.grad(f)(X3.copy()), lambda: s2sad.jvp(f)(X3.copy(), np.ones(3)),
                 lambda: s2sad.grad(f, jit=True)(X3.copy())):
        with pytest.raises(UnsupportedSyntaxError) as e:
            call()
        msg = str(e.value)
        assert "integer array" in msg and _copyto_line(f) in msg and ", column " in msg


def test_mains_wrong_gradient_no_longer_returned():
    """main returned [6.3, -2.7, 16.1]; the program's derivative is [3, -1, 8] (the truncated a)."""
    with pytest.raises(S2sadError):
        s2sad.value_and_grad(unsafe_into_zeros_int)(X3.copy())


def test_integer_parameter_refused_at_run_time():
    ints = np.array([1, 2, 3])
    with pytest.raises(UnsupportedSyntaxError) as e:
        s2sad.grad(unsafe_into_param_copy)(X3.copy(), ints)
    assert "integer array" in str(e.value) and _copyto_line(unsafe_into_param_copy) in str(e.value)
    with pytest.raises(S2sadError) as e:
        s2sad.grad(unsafe_into_param_copy, jit=True)(X3.copy(), ints)
    assert "integer array" in str(e.value)


@pytest.mark.parametrize("jit", [False, True])
def test_float_targets_still_exact(jit):
    check_grad(unsafe_into_float, X3.copy())
    np.testing.assert_allclose(s2sad.grad(unsafe_into_float, jit=jit)(X3.copy()), 20 * X3, rtol=1e-12)
    floats = np.array([1.5, 2.0, 0.5])
    np.testing.assert_allclose(s2sad.grad(unsafe_into_param_copy, jit=jit)(X3.copy(), floats), 20 * X3, rtol=1e-12)
    # float64 into float32 under same_kind rounds, not truncates: the derivative is 2 * 10 * x
    g = s2sad.grad(same_kind_into_float32, jit=jit)(X3.copy())
    np.testing.assert_allclose(g, 20 * X3, rtol=1e-6)
