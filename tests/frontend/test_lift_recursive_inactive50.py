"""A recursive def nested in the function, called where nothing is differentiated (`fact(4)`,
`is_even(n)`), runs as the user's own function in the adjoint (frontend/lift._make_functions: the
lifted helpers are made together, so their calls of themselves and of one another find them). On
main before stop 50 the adjoint raised NameError: name 'fact_lifted' is not defined (an
AdjointFailedError asking to report a bug)."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def scaled_by_a_factorial(x):
    def fact(n):
        return 1.0 if n <= 1 else n * fact(n - 1)
    return x[0] * fact(4) + np.sum(x ** 2) / fact(3)


def parity_weights(x):
    def is_even(n):
        return True if n == 0 else is_odd(n - 1)

    def is_odd(n):
        return False if n == 0 else is_even(n - 1)
    s = 0.0
    for k in range(4):
        s = s + (2.0 if is_even(k) else -1.0) * x[k] ** 2
    return s


@pytest.mark.parametrize("f", [scaled_by_a_factorial, parity_weights])
def test_recursive_nested_defs_run_in_the_adjoint(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 4))


def test_under_jit_a_located_refusal_or_the_gradient():
    try:
        g = s2sad.grad(scaled_by_a_factorial, jit=True)(X)
    except JitError as exc:
        assert "scaled_by_a_factorial" in str(exc)
    else:
        np.testing.assert_allclose(g, s2sad.grad(scaled_by_a_factorial)(X), rtol=1e-12)
