"""jit19: a function whose returns give a number on one path and a 0-d array on another compiles
under jit=True (backends/returned.py: the generated ``result`` holds a number); a user's variable
that does the same compiles too when it is only read whole (api20), else is a JitError naming the
user's line and saying to write ``float(...)``.
Before: a JitError about the generated variable ``result``, at the wrong line."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.returned import as_number
from s2sad.testing import check_grad

X = np.array([0.5, -1.0, 2.0])


def zero_d_or_sum(x, c):
    if c > 0:
        return np.array(1.5 * c)      # a 0-d array (constant in x)
    return np.sum(x * x)              # a float under numba


def zero_d_of_x_or_item(x, c):
    if c > 0:
        return np.asarray(np.sum(x ** 3))   # a 0-d array that depends on x
    return x[0] * 2.0


@pytest.mark.jit
def test_returns_of_a_number_and_a_0d_array_compile():
    g = s2sad.grad(zero_d_or_sum, jit=True)
    for c in (2.0, -1.0):         # both paths through one compiled adjoint
        compiled = check_grad(zero_d_or_sum, X, c, grad_fn=lambda f, wrt, jit: g)
        np.testing.assert_allclose(compiled, s2sad.grad(zero_d_or_sum)(X, c), rtol=1e-12)
    value, _ = s2sad.value_and_grad(zero_d_or_sum, jit=True)(X, 2.0)
    assert value == 3.0 and np.ndim(value) == 0


@pytest.mark.jit
def test_tangent_of_returns_of_a_number_and_a_0d_array_compiles():
    """The value is a float under jit=True on the 0-d path (as a 0-d argument is), hence the
    differences computed here rather than by check_jvp, which also compares the value's type."""
    h = s2sad.jvp(zero_d_of_x_or_item, jit=True)
    t, eps = np.array([1.0, 0.5, -2.0]), 1e-6
    for c in (1.0, -1.0):
        value, tangent = h(X, c, t)
        along = (zero_d_of_x_or_item(X + eps * t, c) - zero_d_of_x_or_item(X - eps * t, c)) / (2 * eps)
        np.testing.assert_allclose(tangent, along, rtol=1e-6)
        ref = s2sad.jvp(zero_d_of_x_or_item)(X, c, t)
        np.testing.assert_allclose([value, tangent], [ref[0], ref[1]], rtol=1e-12)


def test_as_number_changes_only_0d_arrays():
    v = np.arange(3.0)
    assert as_number(v) is v and as_number(2.5) == 2.5 and as_number((1.0, v))[1] is v
    out = as_number(np.array(4.0))
    assert out == 4.0 and not isinstance(out, np.ndarray)


def zero_d_variable(x, c):
    r = np.sum(x)
    if c > 0:
        r = np.array(1.0)
    return r * 2.0


def zero_d_accumulated(x):
    s = np.array(1.0)
    for i in range(3):
        s = s * x[i] + np.sin(s)      # a ufunc writes into no argument: s is still read whole
    return s * 1.0


@pytest.mark.jit
@pytest.mark.parametrize("f, args", [(zero_d_variable, (X, 1.0)), (zero_d_variable, (X, -1.0)),
                                     (zero_d_accumulated, (X,))])
def test_a_variable_of_a_number_and_a_0d_array_read_whole_is_a_number(f, args):
    """It was refused (numba gives a variable one type); read only whole, its bindings are
    made numbers on numba's report, as a returned name's are (returned.number_variable)."""
    check_grad(f, *args, jit=True)


def zero_d_summed(x, c):
    r = np.sum(x)
    if c > 0:
        r = np.array(1.0)
    return np.sum(r) * 2.0


@pytest.mark.jit
def test_variable_of_a_number_and_a_0d_array_names_the_users_line():
    """Passed to a function that is not a ufunc (which might write into it), it is not made a
    number: the refusal names the user's line and says what to write."""
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(zero_d_summed, jit=True)(X, 1.0)
    text = str(info.value)
    line = zero_d_summed.__code__.co_firstlineno + 1
    assert f'test_jit_returns.py", line {line}, column ' in text and "r = np.sum(x)" in text
    assert "variable `r`" in text and "`float(...)`" in text and "result" not in text
