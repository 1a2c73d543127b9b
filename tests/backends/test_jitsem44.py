"""jit=True computes what Python computes (stop 44, issue 8): Python's unbounded ints against
numba's int64, `math` functions' domain and range errors, and the sizes-and-counters analysis that
keeps index arithmetic unchecked (backends/int_checks.py, numba_helpers/numba_int_pow.py)."""
import inspect

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


def _jit_source(f, *args):
    gf = api.GradFunction(f, [list(inspect.signature(f).parameters)[0]], "grad", jit=True)
    return gf.build_for([np.ndim(a) for a in args]).source


def test_sizes_and_counters_are_not_checked_a_growing_product_is():
    """Index arithmetic of sizes and `range` counters (GMM's triangle index) stays as written: its
    interval stays inside int64 for sizes up to 2**31. A product carried through a loop is checked."""
    src = _jit_source(triangle_index, X6, np.ones(40))
    assert "_s2sad_int_" not in src and "c * (2 * d - c - 1)" in src, src
    assert "_s2sad_int_mul(k, len(x))" in _jit_source(geometric, X6)
