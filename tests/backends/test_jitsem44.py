"""jit=True computes what Python computes (stop 44, issue 8): Python's unbounded ints against
numba's int64, `math` functions' domain and range errors, and the sizes-and-counters analysis that
keeps index arithmetic unchecked (backends/int_checks.py, numba_helpers/numba_int_pow.py)."""
import inspect
import math

import numpy as np
import pytest

import s2sad
from s2sad import api
from s2sad.backends.errors import JitError

X6 = np.array([0.31, -0.73, 1.13, 0.47, -1.29, 0.87])


def ints_past_int64(x, which):
    n = len(x)
    k = 1
    if which == 0:
        k = n ** 30
    elif which == 1:
        for _ in range(30):
            k *= 6
    elif which == 2:
        k = 1 << 72
    else:       # the same operations inside int64: Python's values
        for _ in range(20):
            k *= 6
        k = k + n ** 3 + (n << 40)
    return x[0] * k * 1e-20 + x[1] * x[2]


@pytest.mark.jit
def test_jit_int_past_int64_is_a_located_jit_error():
    """numba's ints are int64: `len(x) ** 30`, `k *= 6` thirty times and `1 << 72` wrapped around
    and jit=True returned a wrong value and gradient silently (0.0252 for 685.33). Each is now a
    JitError naming the user's line; inside int64 the value and gradient are Python's."""
    g = s2sad.value_and_grad(ints_past_int64, jit=True)
    src = inspect.getsource(ints_past_int64).splitlines()
    for which, line in ((0, "k = n ** 30"), (1, "k *= 6"), (2, "k = 1 << 72")):
        with pytest.raises(JitError) as info:
            g(X6.copy(), which)
        text = str(info.value)
        assert "64-bit integers" in text and line in text and "line " in text, text
        assert any(line in s for s in src)
    value, grad = g(X6.copy(), 3)
    want_value, want_grad = s2sad.value_and_grad(ints_past_int64)(X6.copy(), 3)
    assert value == ints_past_int64(X6.copy(), 3) == want_value
    np.testing.assert_array_equal(grad, want_grad)


def int_loop_product(x):
    k = 1
    for _ in range(30):
        k *= 6
    return x[0] * k * 1e-20 + x[1] ** 2


@pytest.mark.jit
@pytest.mark.parametrize("mode", ["jvp", "hvp"])
def test_jit_int_past_int64_in_forward_modes_is_located(mode):
    """Forward mode's compiled code wrapped `k *= 6` too; its JitError names the user's line."""
    t = np.ones(6)
    run = s2sad.jvp if mode == "jvp" else s2sad.hvp
    with pytest.raises(JitError, match=r"(?s)line \d+, column 9, in int_loop_product:\s+k \*= 6.*64-bit integers"):
        run(int_loop_product, jit=True)(X6.copy(), t)


def triangle_index(x, icf):
    d = x.shape[0]
    total = 0.0
    for r in range(d):
        for c in range(r):
            total = total + x[r] * icf[d + c * (2 * d - c - 1) // 2 + r - c - 1]
    return total + x[0] * len(x) * 3


def geometric(x):
    k = 1
    for _ in range(3):
        k = k * len(x)
    return x[0] * k


SCALE = 1000


def global_times_size(x):
    return x[0] * (SCALE * len(x))


def _jit_source(f, *args):
    gf = api.GradFunction(f, [list(inspect.signature(f).parameters)[0]], "grad", jit=True)
    return gf.build_for([np.ndim(a) for a in args]).source


def test_sizes_and_counters_are_not_checked_a_growing_product_is():
    """Index arithmetic of sizes and `range` counters (GMM's triangle index) stays as written: its
    interval stays inside int64 for sizes up to 2**31. A product carried through a loop is checked,
    and so is one with a global int (its value may change between calls without a new build)."""
    src = _jit_source(triangle_index, X6, np.ones(40))
    assert "_s2sad_int_" not in src and "c * (2 * d - c - 1)" in src, src
    assert "_s2sad_int_mul(k, len(x))" in _jit_source(geometric, X6)
    assert "_s2sad_int_mul(SCALE, len(x))" in _jit_source(global_times_size, X6)    # a global may change


def math_errors(x, which):
    if which == 0:
        a = math.sqrt(x[1])
    elif which == 1:
        a = math.exp(x[0] * 3000.0)
    elif which == 2:
        a = int(x[0] * np.inf * 0.0) * x[3]
    elif which == 3:
        a = math.acos(x[2])
    elif which == 4:
        a = math.log(x[0] - x[0])
    else:       # inside every domain: Python's values
        a = math.sqrt(x[2]) + math.exp(x[0]) + int(x[2] * 10.0) * x[3] + math.acos(x[0]) + math.log(x[2])
    return a * x[5]


@pytest.mark.jit
@pytest.mark.filterwarnings("ignore::RuntimeWarning")     # NumPy's inf * 0.0 (the nan int() refuses)
def test_jit_math_domain_and_range_errors_raise_as_python():
    """numba's math.sqrt(-0.73), math.acos(1.13) and math.log(0.0) are nan or -inf, math.exp(930.0) inf
    and int(nan) a garbage int: the compiled gradient returned where the function raises. It now
    raises the function's exception class; inside the domains the values are Python's."""
    g = s2sad.value_and_grad(math_errors, jit=True)
    for which, exc in ((0, ValueError), (1, OverflowError), (2, ValueError), (3, ValueError), (4, ValueError)):
        with pytest.raises(exc) as want:
            math_errors(X6.copy(), which)
        with pytest.raises(exc) as got:
            g(X6.copy(), which)
        assert type(got.value) is type(want.value)
    value, grad = g(X6.copy(), 5)
    want_value, want_grad = s2sad.value_and_grad(math_errors)(X6.copy(), 5)
    assert value == pytest.approx(math_errors(X6.copy(), 5), rel=1e-15) and value == pytest.approx(want_value, rel=1e-15)
    np.testing.assert_allclose(grad, want_grad, rtol=1e-13)


@pytest.mark.jit
def test_numba_math_stand_ins_agree_with_cpython_on_a_grid():
    """Each checked stand-in (numba_math.CHECKED), compiled once in one function: the value CPython
    gives, or its exception class, on a grid of ordinary, boundary, huge, infinite and nan
    arguments; the int conversions past int64 raise OverflowError (Python's int grows)."""
    import numba

    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401
    from s2sad.backends.numba_helpers.numba_math import CHECKED
    one = [(fn, s) for (fn, n), s in CHECKED.items() if n == 1]
    two = [(fn, s) for (fn, n), s in CHECKED.items() if n == 2]
    run1, run2 = numba.njit(_switch(one, "x")), numba.njit(_switch(two, "x, y"))
    xs = [-1e308, -1000.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.13, 2.0, 171.0, 172.0, 710.0, 1e300,
          math.inf, -math.inf, math.nan]
    ys = [-2.5, -1.0, 0.0, 0.5, 1.0, 2.0, 400.0, math.inf, math.nan]
    for k, (fn, _) in enumerate(one):
        for x in xs:
            want = _outcome(fn, x)
            if fn in (int, round, math.floor, math.ceil, math.trunc) and isinstance(want, float) and abs(want) > 2 ** 63:
                want = "OverflowError"
            assert _same(want, _outcome(run1, k, x)), (fn, x)
    for k, (fn, _) in enumerate(two):
        for x in xs[2:]:
            for y in ys:
                assert _same(_outcome(fn, x, y), _outcome(run2, k, x, y)), (fn, x, y)


def _switch(pairs, params):
    """``run(k, *params)``: the k-th stand-in of ``pairs`` called, as a float (one compiled function)."""
    lines = [f"def run(k, {params}):"] + [f"    if k == {i}:\n        return float(s{i}({params}))"
                                          for i in range(len(pairs))] + ["    return 0.0"]
    scope = {f"s{i}": s for i, (_, s) in enumerate(pairs)}
    exec("\n".join(lines), scope)       # noqa: S102  (a test's dispatcher of fixed text)
    return scope["run"]


def _outcome(f, *args):
    try:
        return float(f(*args))
    except Exception as e:      # noqa: BLE001  (the class is the outcome compared)
        return type(e).__name__


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b) or math.isclose(a, b, rel_tol=1e-12)
    return a == b


def numpy_division_by_zero(x):
    return x[1] / np.float64(0.0) + x[0]


@pytest.mark.jit
@pytest.mark.filterwarnings("ignore::RuntimeWarning")     # NumPy's division by zero (its inf)
def test_jit_numpy_division_by_zero_is_located():
    """NumPy's float64 / 0.0 is inf (a warning), numba's raises ZeroDivisionError: the JitError said
    "numba's implementation of a NumPy function accepts less than NumPy's" and named no line. It now
    names the division's line (the Python adjoint replayed with np.errstate(divide='raise'))."""
    x = np.array([1.0, 2.0])
    assert np.isinf(s2sad.value_and_grad(numpy_division_by_zero)(x.copy())[0])
    with pytest.raises(JitError, match=r"(?s)in numpy_division_by_zero:\s+return x\[1\] / np.float64\(0.0\).*divided by zero"):
        s2sad.value_and_grad(numpy_division_by_zero, jit=True)(x.copy())


def float32_sum(x):
    y = x * 1.0
    y *= np.float64(1.000000123)
    return np.sum(y * y)


@pytest.mark.jit
def test_jit_float32_argument_is_computed_in_float64_as_documented():
    """README (arguments table): with jit=True a float32 array is converted to float64 before the
    compiled code runs, so the value is f(x.astype(np.float64)), not NumPy's float32 result; with
    jit=False it is NumPy's float32 value. Both gradients are float32 arrays, as the argument (stop 51:
    they were float64; tests/api/test_float32_gradients51.py)."""
    x = np.array([0.3, -0.7, 1.1, 0.5, -1.3, 0.9], dtype=np.float32)
    v_jit, g_jit = s2sad.value_and_grad(float32_sum, jit=True)(x.copy())
    v_py, g_py = s2sad.value_and_grad(float32_sum)(x.copy())
    assert v_jit == float32_sum(x.astype(np.float64)) and type(v_jit) is float
    assert v_py == float32_sum(x.copy()) and v_py.dtype == np.float32
    assert g_jit.dtype == g_py.dtype == np.float32
    np.testing.assert_array_equal(g_jit, s2sad.grad(float32_sum)(x.astype(np.float64)).astype(np.float32))
