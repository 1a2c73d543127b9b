"""An int to a negative int power under jit=True (stop 58, issue 8): the located JitError's advice
is a rewrite with the same value. It said `2.0 ** -k`, which for the user's `2 ** k` with k = -3
is 8.0 where Python computes 0.125 (numba_helpers/numba_int_pow.py)."""
import inspect

import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError

X3 = np.array([0.7, -1.3, 2.2])


def neg_int_power(x):
    k = -x.shape[0]
    return x[0] * (2 ** k) + x[1] * x[2]


def neg_int_power_as_advised(x):
    k = -x.shape[0]
    return x[0] * (2.0 ** k) + x[1] * x[2]


@pytest.mark.jit
def test_negative_int_power_advice_keeps_the_value():
    with pytest.raises(JitError) as info:
        s2sad.grad(neg_int_power, jit=True)(X3.copy())
    text = str(info.value)
    assert "return x[0] * (2 ** k)" in text and "line " in text, text
    assert "2.0 ** k" in text and "2.0 ** -k" not in text, text
    assert any("(2 ** k)" in s for s in inspect.getsource(neg_int_power).splitlines())
    # the advised form compiles and is Python's gradient: d/dx0 = 2 ** -3
    g = s2sad.grad(neg_int_power_as_advised, jit=True)(X3.copy())
    np.testing.assert_allclose(g, [0.125, X3[2], X3[1]], rtol=1e-15)
    np.testing.assert_array_equal(g, s2sad.grad(neg_int_power)(X3.copy()))
