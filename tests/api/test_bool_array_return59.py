"""A function returning an array of bools that is not written as a comparison in its `return`
(np.greater(x, 0.0), np.isfinite(x), a mask held in a name): stop 59 refused `return x > 0.0` in
every mode, but these neighbours still gave zeros silently: vjp of np.greater(x, 0.0) at
(0.5, 1.5, -0.4) along ones returned (0, 0, 0), jvp returned (mask, zeros), jacobian a zero
matrix. The run-time output check (arguments.check_real) took a bool array for a real one; it is
now an OutputTypeError at the return line, in every mode and with jit=True. A 0/1 float
(.astype(float)) is still differentiated (derivative 0)."""
import numpy as np
import pytest

import s2sad
from s2sad import OutputTypeError


def greater(x):
    return np.greater(x, 0.0)


def finite(x):
    return np.isfinite(x)


def held(x):
    m = x > 0.0
    return m


def logical(x):
    return np.logical_and(x > -1.0, x < 1.0)


def as_float(x):
    return np.greater(x, 0.0).astype(float) * 2.0


X = np.array([0.5, 1.5, -0.4])
CALLS = {
    "vjp": lambda f: s2sad.vjp(f)(X.copy(), np.ones(3)),
    "jvp": lambda f: s2sad.jvp(f)(X.copy(), np.ones(3)),
    "jacobian": lambda f: s2sad.jacobian(f)(X.copy()),
    "jacobian_rev": lambda f: s2sad.jacobian(f, mode="rev")(X.copy()),
}


@pytest.mark.parametrize("mode", sorted(CALLS))
@pytest.mark.parametrize("func", [greater, finite, held, logical], ids=lambda f: f.__name__)
def test_a_returned_bool_array_is_refused(func, mode):
    with pytest.raises(OutputTypeError, match="array of bools") as info:
        CALLS[mode](func)
    assert "test_bool_array_return59.py" in str(info.value) and "return" in str(info.value)


def test_refused_under_jit():
    with pytest.raises(OutputTypeError, match="array of bools"):
        s2sad.vjp(held, jit=True)(X.copy(), np.ones(3))


def test_a_float_of_a_comparison_is_still_differentiated():
    value, tangent = s2sad.jvp(as_float)(X.copy(), np.ones(3))
    np.testing.assert_array_equal(value, [2.0, 2.0, 0.0])
    np.testing.assert_array_equal(tangent, np.zeros(3))
    np.testing.assert_array_equal(s2sad.vjp(as_float)(X.copy(), np.ones(3)), np.zeros(3))
