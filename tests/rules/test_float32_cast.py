"""np.float32 of a differentiated value (rules/grads_elementwise.py, tangents_elementwise.py): a
rounding cast, differentiated as the identity (its derivative almost everywhere); the value keeps
NumPy's rounding. Finite differences use a step far above float32's rounding (2**-24 relative)."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_jvp


def scalar(x):
    return np.float32(x * 3.0) * 2.0 + np.float32(np.sin(x)) * x


def arrays(x, v):
    return np.sum(np.float32(np.sin(v)) * v) * np.float32(x)


def test_scalar():
    check_grad(scalar, 0.7, eps=1e-3, rtol=1e-3)
    check_jvp(scalar, 0.7, tangent=1.5, eps=1e-3, rtol=1e-3)


def test_scalar_compiled():
    """numba computes float32 * float in float64 (NumPy 2 keeps float32): the compiled value is
    not NumPy's to the last float32 bit, so only the derivatives are compared here."""
    check_grad(scalar, 0.7, jit=True, eps=1e-3, rtol=1e-3)
    _, tangent = s2sad.jvp(scalar, jit=True)(0.7, 1.5)
    _, expected = s2sad.jvp(scalar)(0.7, 1.5)
    assert tangent == pytest.approx(expected, rel=1e-6)


def test_arrays():
    v = np.array([0.3, 1.2, -2.0])
    check_grad(arrays, 0.7, v, wrt=(0, 1), eps=1e-3, rtol=1e-3)
    check_jvp(arrays, 0.7, v, wrt=(0, 1), tangent=(0.5, np.array([1.0, -1.0, 0.5])), eps=1e-3, rtol=1e-3)


def test_value_is_rounded_as_numpy_rounds():
    value, _ = s2sad.jvp(scalar)(0.1, 1.0)
    assert value == scalar(0.1) and value != 0.1 * 3.0 * 2.0 + np.sin(0.1) * 0.1


def test_compiled_array_cast_is_a_located_jit_error():
    with pytest.raises(JitError, match="float32"):
        s2sad.grad(arrays, wrt=1, jit=True)(0.7, np.array([0.3, 1.2]))
