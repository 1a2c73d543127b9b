"""A helper's default that is a type (lifts53, issue 8): ``def as_arr(v, dtype=float): return
np.asarray(v, dtype=dtype)`` was refused when inlined ("cannot differentiate the default value of
`dtype` (a type)"). A builtin type or a NumPy scalar type is now bound by its one name
(``transforms/inline._default_value``), whatever the caller's module calls it; any other object
is still refused."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 1.2, -0.4])


def as_arr(v, dtype=float):
    return np.asarray(v, dtype=dtype)


def scaled(v, dtype=np.float64, k=2.0):
    return np.asarray(v, dtype=dtype) * k


def uses_builtin_default(x):
    return np.sum(as_arr(x) ** 2)


def uses_numpy_default(x):
    return np.sum(np.sin(scaled(x)))


@pytest.mark.parametrize("f", [uses_builtin_default, uses_numpy_default])
def test_type_default_of_a_helper(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([1.0, -0.5, 2.0]))


def test_type_default_of_a_helper_jit():
    check_grad(uses_numpy_default, X, jit=True)


def _shadow(v, dtype=float):
    float = None     # noqa: F841  (a local of the helper's own named like the default's type)
    return np.asarray(v, dtype=dtype) * 3.0


def shadowed(x):
    return np.sum(_shadow(x) * x)


def test_type_default_bound_to_the_builtin_itself():
    assert np.allclose(check_grad(shadowed, X), 6.0 * X)


class Odd:
    pass


def _other(v, kind=Odd):
    return v * 2.0


def other_default(x):
    return np.sum(_other(x))


def test_other_object_default_still_refused():
    with pytest.raises(s2sad.S2sadError, match="default value of `kind`"):
        s2sad.grad(other_default)(X)
