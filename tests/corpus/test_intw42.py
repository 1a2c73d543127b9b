"""A differentiated float written into an integer array (intw42): NumPy truncates it, so the
program's derivative through that element is 0, while the write's adjoint passed the value's
derivative on (grad 0.3 at x[0] for `a = np.arange(6); a[0] = x[0]`). s2sad refuses it, located
at the write: at compile time where the array is proven integer (analyses/int_writes.py), at the
write's run time otherwise (an integer parameter); float targets are differentiated as before."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError, UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

X6 = np.array([0.3, -0.7, 1.1, 0.5, -1.3, 0.9])
INTS = np.arange(6)


def item_set(x):
    a = np.arange(6)
    a[0] = x[0]
    return np.sum(a * x)


def item_aug(x):
    a = np.arange(6)
    a[0] += x[0]
    return np.sum(a * x)


def slice_set(x):
    a = np.arange(6)
    a[1:3] = x[:2]
    return np.sum(a * x)


def zeros_int(x):
    a = np.zeros(6, dtype=int)
    a[0] = x[0]
    return np.sum(a * x + x)


def array_literal(x):
    a = np.array([1, 2, 3, 4, 5, 6])
    a[0] = x[0]
    return np.sum(a * x)


def nested_literal(x):
    a = np.array([[1, 2, 3], [4, 5, 6]])
    a[1, 2] = x[0] * x[1]
    return np.sum(a[1] * x[:3])


def astype_int(x):
    a = x.astype(int)
    a[0] = x[0]
    return np.sum(a * x)


def full_int(x):
    a = np.full(6, 2)
    a[0] = x[0]
    return np.sum(a * x)


def in_loop(x):
    a = np.arange(6)
    b = a.copy()
    for i in range(3):
        b[i] = x[i] * 2.0
    return np.sum(b * x)


def positional_dtype(x):
    a = np.ones((2, 3), int)
    a[1, :2] = x[:2] * x[2:4]
    return np.sum(a * x[:3])


def list_name(x):
    L = [1, 2, 3, 4, 5, 6]
    a = np.array(L)                 # the items' dtype is not proven: checked at the write
    a[0] = x[0]
    return np.sum(a * x)


def bool_mask(x):
    m = x > 0
    m[0] = x[0]                     # NumPy: True
    return np.sum(m * x)


def dtype_name(x):
    kind = np.int64
    a = np.zeros(6, dtype=kind)     # a dtype held by a local: not read as float (np.dtype(None))
    a[0] = x[0]
    return np.sum(a * x)


def chained(x):
    a = np.arange(6)
    b = np.arange(6.0)
    a[0] = b[0] = x[0]
    return np.sum(a * x + b)


RUNTIME = [list_name, bool_mask, dtype_name, chained]


@pytest.mark.parametrize("f", RUNTIME, ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_unproven_integer_refused_at_run_time(f, jit):
    with pytest.raises(S2sadError) as e:
        s2sad.grad(f, jit=jit)(X6.copy())
    assert "integer array" in str(e.value) and _write_line(f).strip() in str(e.value)


PROVEN = [positional_dtype, item_set, item_aug, slice_set, zeros_int, array_literal, nested_literal, astype_int, full_int, in_loop]


def _refused(call, line):
    with pytest.raises(UnsupportedSyntaxError) as e:
        call()
    msg = str(e.value)
    assert "integer array" in msg and "np.arange(6.0)" in msg and "np.trunc" in msg
    assert line.strip() in msg and ", column " in msg
    return msg


def _write_line(f):
    import inspect
    return next(ln for ln in inspect.getsource(f).splitlines() if "] = " in ln or "] += " in ln)


@pytest.mark.parametrize("f", PROVEN, ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_proven_integer_refused_in_every_mode(f, jit):
    line = _write_line(f)
    _refused(lambda: s2sad.grad(f, jit=jit)(X6.copy()), line)
    _refused(lambda: s2sad.jvp(f, jit=jit)(X6.copy(), np.ones(6)), line)
    _refused(lambda: s2sad.hvp(f, jit=jit)(X6.copy(), np.ones(6)), line)


def test_mains_wrong_gradient_no_longer_returned():
    """main returned [0.3, 1, 2, 3, 4, 5]; the program's derivative is [0, 1, 2, 3, 4, 5]."""
    with pytest.raises(S2sadError):
        s2sad.value_and_grad(item_set)(X6.copy())


def param_written(x, a):
    b = a.copy()
    b[0] = x[0]
    return np.sum(b * x)


def param_written_through_arithmetic(x, a):
    b = a + 0
    b[2:4] = x[:2] * x[1:3]
    return np.sum(b * x)


@pytest.mark.parametrize("f", [param_written, param_written_through_arithmetic], ids=lambda f: f.__name__)
def test_integer_parameter_refused_at_run_time(f):
    line = _write_line(f)
    _refused(lambda: s2sad.grad(f)(X6.copy(), INTS), line)
    _refused(lambda: s2sad.jvp(f)(X6.copy(), INTS, np.ones(6)), line)
    _refused(lambda: s2sad.hvp(f)(X6.copy(), INTS, np.ones(6)), line)


@pytest.mark.parametrize("f", [param_written, param_written_through_arithmetic], ids=lambda f: f.__name__)
def test_integer_parameter_refused_under_jit(f):
    with pytest.raises(S2sadError) as e:
        s2sad.grad(f, jit=True)(X6.copy(), INTS)
    assert "integer array" in str(e.value) and _write_line(f).strip() in str(e.value)


@pytest.mark.parametrize("f", [param_written, param_written_through_arithmetic], ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_float_parameter_passes_the_run_time_check(f, jit):
    a = np.linspace(0.5, 2.0, 6)
    check_grad(lambda x: f(x, a), X6.copy())
    g = s2sad.grad(f, jit=jit)(X6.copy(), a)
    want = s2sad.grad(lambda x: f(x, a))(X6.copy())
    np.testing.assert_allclose(g, want, rtol=1e-12)


def float_arange(x):
    a = np.arange(6.0)              # item_set's twin, float: exact
    a[0] = x[0] * x[1]
    return a @ x


def float_zeros(x):
    a = np.zeros(6)
    a[1:3] = x[:2] ** 2
    a[0] += x[3]
    return np.sum(a * x)


def float_written_param(x):
    y = x.copy()
    y[0] = x[1] * x[2]
    return np.sum(y * y)


def float_like(x):
    a = np.zeros_like(x)
    for i in range(6):
        a[i] = np.sin(x[i])
    return np.sum(a * x)


def int_times_float(x):
    a = np.arange(6) * 1.0
    a[0] = x[0]
    return np.sum(a * x)


def inactive_float_into_int(x):
    a = np.arange(6)
    a[0] = 2.7                      # not differentiated: NumPy's truncation is the program's
    return np.sum(a * x)


FLOATS = [float_arange, float_zeros, float_written_param, float_like, int_times_float, inactive_float_into_int]


@pytest.mark.parametrize("f", FLOATS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_float_targets_still_exact(f, jit):
    check_grad(f, X6.copy(), jit=jit)
    check_jvp(f, X6.copy(), tangent=np.linspace(-1.0, 1.0, 6), jit=jit)
    check_hvp(f, X6.copy(), v=np.linspace(-1.0, 1.0, 6), jit=jit)


@pytest.mark.parametrize("f", [float_arange, float_zeros, float_written_param, float_like, int_times_float],
                         ids=lambda f: f.__name__)
def test_no_check_where_the_target_is_proven_float(f):
    from s2sad.pipeline import build
    built = build(f, ["x"])
    assert "float_target" not in built.source
