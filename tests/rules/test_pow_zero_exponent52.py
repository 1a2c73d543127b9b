"""``x ** y`` where the exponent is 0 and the base is 0 (``rules.grads_elementwise.pow`` and its
tangent): ``x**0`` is 1 for every ``x``, so its slope in ``x`` is 0. The rule wrote that slope as
``y * x ** (y - 1)``, which is ``0 * 0**-1``: NumPy gave ``nan`` (a polynomial's features
``x[:, None] ** np.arange(3)`` at a sample ``x = 0``, mass-action rates ``c ** ORDERS`` with a
species at 0: silently wrong gradients), Python's ``0.0 ** -1`` raised (``sum(c * x ** k ...)``
at ``x = 0.0`` was refused), and the compiled adjoint stopped on a division by zero. The rule now
writes the exponent ``y - (y != 0)``, the same slope wherever ``y != 0`` and 0 where ``y == 0``;
a constant exponent still folds to ``x ** 2`` and the like."""
import numpy as np
import pytest

from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

COEF = [1.0, 2.0, 3.0]
ORDERS = np.array([[1, 0, 2], [0, 1, 1]])


def poly_sum(x):
    return sum(c * x ** k for k, c in enumerate(COEF))


def poly_counted(x):
    s = 0.0
    for k in range(3):
        s += x ** k
    return s


def poly_features(x):
    return np.sum(x[:, None] ** np.arange(3) * np.array(COEF))


def mass_action(c):
    rates = np.array([0.5, 1.5]) * np.prod(c ** ORDERS, axis=1)
    return np.sum(rates * rates) + rates[0]


CASES = [(poly_sum, 0.0), (poly_counted, 0.0), (poly_features, np.array([0.0, 0.7, -1.2])),
         (mass_action, np.array([2.0, 0.0, 1.5]))]
IDS = [f.__name__ for f, _ in CASES]


@pytest.mark.parametrize("f, x", CASES, ids=IDS)
def test_at_a_zero_base_gradient_tangent_and_hessian_match(f, x):
    v = np.linspace(0.5, 1.5, np.size(x)).reshape(np.shape(x)) if np.ndim(x) else 0.8
    check_grad(f, x)
    check_jvp(f, x, tangent=v)
    check_hvp(f, x, v=v, rtol=1e-4, atol=1e-5)
    if f is not mass_action:   # autograd's own np.prod rule divides by the factor that is 0
        check_against_autograd(f, x)


@pytest.mark.jit
@pytest.mark.parametrize("f, x", [CASES[0], CASES[3]], ids=[IDS[0], IDS[3]])
def test_compiled_gradient_at_a_zero_base(f, x):
    check_grad(f, x, jit=True)
