"""Second order (forward over the adjoint) through helpers that write into their arguments.

``build_hvp`` differentiates the adjoint without the alias stage (the adjoint's own writes never
reach another live name), but a user helper the adjoint calls may be inlined there (its result
feeds a value the adjoint writes with), and a helper's code writes as the user wrote it: fuzz25's
campaign (seed 38100127, all modes) found ``grad(grad(f))`` 49% off because ``feat =
pass_out(theta)`` was inlined as ``theta + 0.0``, the write ``u *= 0.1`` of the helper it calls
lost. Each case is checked against finite differences of s2sad's gradient and against autograd."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp

THETA = np.array([1.135, -0.883, 0.315, -1.264, 0.811])
T = 1.19


def bc_in(u, s):
    u *= 0.1
    return (u, u)


def pass_out(v, s=0.5):
    w = v + 0.0
    seg, r = bc_in(w, s)
    return w


def scale_(u, s):
    u[1:] *= s
    u[0] = 2.0 * u[0]


def through_returned_copy(t, theta):
    feat = pass_out(theta)
    return np.sum(np.full((3, 5), t) @ (-(feat[:, None] - np.linspace(0.1, 2.0, 3)[None, :]) ** 2) @ np.full((3, 5), t))


def through_effect_call(t, theta):
    w = theta * 1.0
    scale_(w, 0.5)
    return np.sum(np.outer(w, w) * t ** 3) + np.sin(t) * w[0]


@pytest.mark.parametrize("f", [through_returned_copy, through_effect_call])
def test_hvp_over_a_helper_writing_its_argument(f):
    check_hvp(f, T, THETA, v=1.0, wrt=0, reference="autograd")


@pytest.mark.parametrize("f", [through_returned_copy, through_effect_call])
def test_grad_of_grad_over_a_helper_writing_its_argument(f):
    gg = s2sad.grad(s2sad.grad(f, wrt=0), wrt=0)(T, THETA)
    assert np.isclose(gg, s2sad.hvp(f, wrt=0)(T, THETA, 1.0), rtol=1e-12)
    g = s2sad.grad(f, wrt=0)
    h = 1e-5
    assert np.isclose(gg, (g(T + h, THETA) - g(T - h, THETA)) / (2 * h), rtol=1e-6)
