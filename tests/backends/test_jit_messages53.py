"""Under jit, a function that raises (or asserts) with an f-string message using a format spec
(``f"rho={rho:.3f}"``) was a JitError: numba does not compile format specs. The compiled adjoint
now formats the message without them (:mod:`s2sad.backends.messages`); the gradient is the
Python adjoint's, and a call from Python that raises gives the user's own exception and message
(replayed in Python)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import numeric_grad


def queue_cost(lam):
    mu = 2.0
    rho = lam / mu
    if rho >= 1.0:
        raise ValueError(f"unstable queue: rho={rho:.3f} ({lam!r})")
    return rho / (1 - rho) + lam


def checked_norm(x):
    n = np.sqrt(np.sum(x * x))
    assert n < 10.0, f"norm {n:8.2e} too large"
    return n * n + np.sum(x)


def test_a_raise_with_a_format_spec_compiles():
    g = s2sad.grad(queue_cost, jit=True)
    assert g(0.5) == pytest.approx(numeric_grad(queue_cost, (0.5,), 0), rel=1e-6)


def test_the_raise_under_jit_keeps_the_users_message():
    g = s2sad.grad(queue_cost, jit=True)
    g(0.5)
    with pytest.raises(ValueError, match=r"^unstable queue: rho=1\.500 \(3\.0\)$"):
        g(3.0)


def test_an_assert_with_a_format_spec_compiles():
    g = s2sad.grad(checked_norm, jit=True)
    x = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(g(x), numeric_grad(checked_norm, (x,), 0), rtol=1e-6)
    with pytest.raises(AssertionError, match=r"norm 2\.00e\+01 too large"):
        g(np.array([20.0, 0.0, 0.0]))
