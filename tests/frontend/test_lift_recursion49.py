"""A recursive def nested in the function differentiated is refused, saying what does work:
the same function defined at module level (reverse mode differentiates its recursion)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def nested_power(x):
    def power(v, n):
        if n == 0:
            return 1.0
        return v * power(v, n - 1)
    return power(x[0], 3) + x[1] * power(x[1], 2)


def power(v, n):
    if n == 0:
        return 1.0
    return v * power(v, n - 1)


def module_power(x):
    return power(x[0], 3) + x[1] * power(x[1], 2)


X = np.array([0.7, -1.3])


def test_nested_recursion_is_refused_naming_what_to_write():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(nested_power)(X)
    msg = str(info.value)
    assert "test_lift_recursion49.py" in msg and "return v * power(v, n - 1)" in msg
    assert "defined inside the function differentiated" in msg
    assert "move `power` out of the function" in msg


def test_what_the_message_says_works():
    g = s2sad.grad(module_power)(X)
    np.testing.assert_allclose(g, [3 * X[0] ** 2, 3 * X[1] ** 2], rtol=1e-12)
    check_grad(module_power, X)
