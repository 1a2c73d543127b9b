"""``np.arccosh`` and ``math.acosh`` had no rule (``np.arcsinh`` and ``np.arctanh`` had): a catenary
or a rapidity written with them was refused with "no derivative rule for `arccosh`". The slope
``1 / sqrt(x*x - 1)`` is written ``1 / (sqrt(x - 1) sqrt(x + 1))`` so that it neither overflows
(``x * x`` past 1e154) nor loses ``x - 1`` near 1."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

G = np.array([1.5, 2.0, 10.0])


def catenary_sag(a):
    return a * np.arccosh(1.0 + 1.0 / a) + math.acosh(1.0 + a * a)


def rapidity_energy(g):
    return np.sum(np.arccosh(g) ** 2)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, x", [(catenary_sag, 0.7), (rapidity_energy, G)], ids=["catenary", "rapidity"])
def test_arccosh_gradient_matches_finite_differences(f, x, jit):
    check_grad(f, x, jit=jit)


@pytest.mark.parametrize("f, x, v", [(catenary_sag, 0.7, 1.0), (rapidity_energy, G, np.array([1.0, -0.5, 2.0]))],
                         ids=["catenary", "rapidity"])
def test_arccosh_forward_mode_and_hessian(f, x, v):
    check_jvp(f, x, tangent=v)
    check_hvp(f, x, v=v, rtol=1e-4, atol=1e-6)


def test_arccosh_agrees_with_autograd_and_stays_finite_when_large():
    check_against_autograd(rapidity_energy, G)
    g = s2sad.grad(rapidity_energy)(np.array([1e200]))
    assert np.allclose(g, 2 * math.log(2e200) / 1e200, rtol=1e-12)
