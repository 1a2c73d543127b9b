"""A gradient made by ``s2sad.grad`` called inside a function differentiated in forward mode
(``jvp``, ``jacobian`` in its default or ``"fwd"`` mode) was refused ("forward mode does not
differentiate it") though reverse mode had its rule: its tangent rule is now
``t[y] = sum over parameters p of jvp(grad(f), wrt=p)(*args, t[p])`` (``nested.GradTangent``),
exact. Checked against autograd and central differences; ``hvp``/``hessian`` of such a caller
(third derivatives of ``f``) stay refused at the user's line."""
import math

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_jvp


def energy(x):
    return np.sum(np.sin(x) * x ** 2)


def energy_ag(x):
    return anp.sum(anp.sin(x) * x ** 2)


denergy = s2sad.grad(energy)


def gradient_norm(x):
    return np.sum(denergy(x) ** 2)


def cubic(x, w):
    return w * x ** 3 + math.sin(w * x)


def cubic_ag(x, w):
    return w * x ** 3 + anp.sin(w * x)


dcubic_x = s2sad.grad(cubic, wrt=0)


def newton_like(x, w):
    return x - 0.1 * dcubic_x(x, w) * w


X = np.array([0.3, -0.8, 1.2])
T = np.array([1.0, 0.5, -2.0])


def test_jvp_of_a_gradient_norm_matches_autograd():
    value, tangent = check_jvp(gradient_norm, X, tangent=T)
    ag = lambda x: anp.sum(autograd.grad(energy_ag)(x) ** 2)  # noqa: E731
    assert tangent == pytest.approx(float(autograd.grad(ag)(X) @ T), rel=1e-10)


@pytest.mark.parametrize("wrt, tangent", [(0, 0.7), (1, -1.3), ((0, 1), (0.7, -1.3))])
def test_jvp_through_a_gradient_of_two_parameters(wrt, tangent):
    _, got = check_jvp(newton_like, 0.4, 1.5, tangent=tangent, wrt=wrt)
    ag = lambda x, w: x - 0.1 * autograd.grad(cubic_ag, 0)(x, w) * w  # noqa: E731
    ts = tangent if isinstance(tangent, tuple) else (tangent,)
    ref = sum(autograd.grad(ag, p)(0.4, 1.5) * t for p, t in zip(wrt if isinstance(wrt, tuple) else (wrt,), ts))
    assert got == pytest.approx(ref, rel=1e-10)


@pytest.mark.parametrize("mode", [None, "fwd", "rev"])
def test_jacobian_of_a_caller_in_every_mode(mode):
    J = s2sad.jacobian(lambda x: denergy(x) * 2.0, mode=mode)(X)
    np.testing.assert_allclose(J, 2.0 * autograd.hessian(energy_ag)(X), rtol=1e-10, atol=1e-14)


def test_second_order_of_a_caller_stays_refused():
    with pytest.raises(NoDerivativeError, match="test_derivative_call_forward57.py"):
        s2sad.hvp(gradient_norm)(X, T)
    with pytest.raises(NoDerivativeError, match="test_derivative_call_forward57.py"):
        s2sad.hessian(gradient_norm)(X)
