"""Rules for the angle conversions (np.deg2rad/np.radians/math.radians and their inverses)
and np.vdot (the dot of the flattened arrays, any ranks of one size).

Each is checked against finite differences in both modes, against autograd where it has the
derivative (the angle conversions: autograd has no vdot derivative), and in forward mode
(check_jvp) and second order (check_hvp)."""
import math

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(17)
A = R.normal(size=(2, 3))
V = np.array([0.3, -0.2, 0.5])


def angles(x, a):
    return np.sum(np.sin(np.deg2rad(x)) * np.radians(x) + np.rad2deg(x) * np.degrees(x) ** 2) \
        + math.radians(a) * math.degrees(a) ** 3


def angles_autograd(x, a):
    return anp.sum(anp.sin(anp.deg2rad(x)) * anp.radians(x) + anp.rad2deg(x) * anp.degrees(x) ** 2) \
        + anp.radians(a) * anp.degrees(a) ** 3


def vdots(M, v):
    return np.vdot(M, M) + np.vdot(M[0], v) * np.vdot(v, v) + np.vdot(M, np.sin(M.T).T)


CASES = [(angles, (np.array([10.0, 45.0, 80.0]), 30.0)), (vdots, (A, V))]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_reverse(f, args, jit):
    check_grad(f, *args, wrt=(0, 1), jit=jit)


@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_forward_and_second_order(f, args):
    ones = tuple(np.ones_like(a) if isinstance(a, np.ndarray) else 1.0 for a in args)
    check_jvp(f, *args, tangent=ones, wrt=(0, 1))
    check_hvp(f, *args, v=ones, wrt=(0, 1))


def test_angles_agree_with_autograd():
    import s2sad
    x, a = np.array([10.0, 45.0, 80.0]), 30.0
    mine = s2sad.grad(angles, wrt=(0, 1))(x, a)
    theirs = autograd.grad(angles_autograd, (0, 1))(x, a)
    np.testing.assert_allclose(mine[0], theirs[0], rtol=1e-12)
    assert mine[1] == pytest.approx(theirs[1], rel=1e-12)
