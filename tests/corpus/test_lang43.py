"""Python-language corners (lang43): a grid of forms (`and`/`or` of numbers, chained comparisons,
walrus, loop `else:`, break flags, negative-step ranges and slices, `//`, `%`, `divmod`, `round`,
`math.floor`, powers, bool arithmetic, keyword-only/defaulted/`**kwargs` helpers, unpacking,
shadowed builtins and aliased imports, `math.*` of sequences, `sorted(key=)`, `enumerate(start=)`,
`zip(strict=)`, `map`, `any`/`all`) run through value_and_grad, jvp, hvp and jit=True against
finite differences and the function's own value. The grid lives in /work/scratch/lang43 (harness.py,
sets/*.py, table.md); these are the cases s2sad got wrong."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_jvp

X6 = np.array([0.3, -0.7, 1.1, 0.5, -1.3, 0.9])


def prod_of_a_list_and_a_slice(x):
    return math.prod([x[0], x[1], x[2]]) + math.prod(x[3:])


def dist_of_lists(x):
    return math.dist([x[0], x[1] * x[4]], [x[2], x[3] * x[3]])


@pytest.mark.jit
@pytest.mark.parametrize("f", [prod_of_a_list_and_a_slice, dist_of_lists])
def test_jvp_of_math_prod_and_dist_of_a_list_compiles(f):
    """The tangent rules of math.prod / math.dist multiplied the list of tangents by an array
    (`t_list * prod_grad(...)`): NumPy converts the list, numba has no list * array, so
    jvp(jit=True) was a JitError while value_and_grad(jit=True) compiled."""
    t = np.array([0.7, -0.2, 0.4, 1.1, -0.6, 0.3])
    value, tan = check_jvp(f, X6.copy(), tangent=t, jit=True)
    want_value, want_tan = check_jvp(f, X6.copy(), tangent=t)
    np.testing.assert_allclose(value, want_value, rtol=1e-15)  # numba's math.dist: not CPython's algorithm
    np.testing.assert_allclose(tan, want_tan, rtol=1e-12)


def factorial_past_int64(x):
    return x[0] * math.factorial(25) * 1e-20


def factorial_in_int64(x):
    return x[0] * math.factorial(20) * 1e-15 + x[1]


@pytest.mark.jit
def test_jit_factorial_that_overflows_int64_is_refused():
    """numba's math.factorial (ours, numba_lists.py) multiplied in int64: 25! wrapped around and
    jit=True returned a silently wrong value and gradient (0.0218 for 48084.75). It now raises
    OverflowError past 20!, and the jit run becomes a JitError; 20! still compiles."""
    x = X6.copy()
    with pytest.raises(JitError):
        s2sad.value_and_grad(factorial_past_int64, jit=True)(x)
    value, g = s2sad.value_and_grad(factorial_in_int64, jit=True)(x)
    assert value == factorial_in_int64(x)
    np.testing.assert_array_equal(g, s2sad.grad(factorial_in_int64)(x))


def _tuple_of_four(v):
    return v[0] * v[1], v[1], v[2] * 2.0, v[3]


def starred_rest_of_a_helper(x):
    a, *rest = _tuple_of_four(x)
    return a * rest[0] + rest[1] * rest[2]


def starred_unused_of_a_helper(x):
    a, *_, b = _tuple_of_four(x)
    return a * b


def test_starred_target_of_a_helpers_tuple_is_followed():
    """`a, *rest = helper(x)`: refused at the line until stop 53 (first naming the desugarer's fresh
    name, then `*rest`). The helper's length is known when compiling, so `rest` is now the list of
    its items (frontend/starred_targets.py): followed in both modes. A starred target never read
    still works."""
    check_grad(starred_rest_of_a_helper, X6[:4].copy())
    check_jvp(starred_rest_of_a_helper, X6[:4].copy(), tangent=np.linspace(-1.0, 1.0, 4))
    check_grad(starred_unused_of_a_helper, X6[:4].copy())


def int_to_a_negative_power(x):
    n = len(x)
    return x[0] * n ** -2 + x[1] ** -3 + np.sum(x * x) * (n - 4) ** -1


@pytest.mark.jit
def test_jit_int_to_a_negative_int_power_is_pythons_float():
    """`len(x) ** -2` is 1/36 in Python; numba computes int ** int in integers, so jit=True gave 0
    (value and gradient silently wrong). The jit stage now writes the constant exponent as a float
    (backends/int_powers.py)."""
    x = X6.copy()
    value, g = s2sad.value_and_grad(int_to_a_negative_power, jit=True)(x)
    np.testing.assert_allclose(value, int_to_a_negative_power(x), rtol=1e-14)
    np.testing.assert_allclose(g, check_grad(int_to_a_negative_power, x), rtol=1e-12)
    _, t = check_jvp(int_to_a_negative_power, x, tangent=np.ones(6), jit=True)
    np.testing.assert_allclose(t, np.sum(g), rtol=1e-12)


def builtin_pow_of_an_int(x):
    return x[0] * pow(len(x), -2)


def halving_weights(x):
    t = 0.0
    for k in range(3):
        t += x[k] * 2 ** -k
    return t


@pytest.mark.jit
def test_jit_int_to_a_negative_power_known_when_running_is_refused():
    """`2 ** -k` with k a loop counter: numba gave 2 ** -1 == 0, so jit=True returned 0.31 for
    0.2275 and a wrong gradient, silently. A non-constant exponent now goes through `int_pow`,
    whose numba version raises for an int to a negative int: a JitError; `pow(n, -2)` with a
    constant is Python's float."""
    x = X6.copy()
    with pytest.raises(JitError):
        s2sad.value_and_grad(halving_weights, jit=True)(x)
    value, g = s2sad.value_and_grad(builtin_pow_of_an_int, jit=True)(x)
    assert value == builtin_pow_of_an_int(x)
    np.testing.assert_allclose(g, [1 / 36, 0, 0, 0, 0, 0], rtol=1e-15)
