"""Slopes of scipy.special rules at the edges (issue 8, stop 55), grad, jvp and jit=True alike:
pseudo_huber(delta, r) at r = +-inf had NaN slopes where the limits are +-delta (in r) and inf (in
delta), and its delta-slope overflowed to inf at r = 1e300 (it is 1e300); the Bessel functions with a
pole at 0 (y1, yv(1.5, .), k0e, kve) had NaN slopes there ("inf - inf" in the sum over orders)
where the limit from the right is +-inf, the sign of f(v, 0) * (-1)**n."""
import numpy as np
import pytest

special = pytest.importorskip("scipy.special")

import s2sad
from s2sad.testing import check_grad, check_jvp

R = np.array([np.inf, -np.inf, 1e300, -1e300, 2.0, -0.5, 0.0])


def huber(delta, r):
    return np.sum(special.pseudo_huber(delta, r))


def poles(a, b, c, d):
    return np.sum(special.y1(a)) + np.sum(special.yv(1.5, b)) + np.sum(special.k0e(c)) + np.sum(special.kve(0.3, d))


def _huber_slopes(delta, r):
    """The limits by hand: delta r / h in r, (h - delta)**2 / h in delta, h = hypot(delta, r)."""
    with np.errstate(all="ignore"):
        h = np.hypot(delta, r)
        dr = np.where(np.isinf(r), delta * np.sign(r), np.where(h == 0, 0.0, delta * r / h))
        dd = np.where(np.isinf(np.abs(r) ** 2), np.abs(r), np.where(h == 0, 0.0, (h - delta) ** 2 / h))
    return dd, dr


@pytest.mark.parametrize("jit", [False, True])
def test_pseudo_huber_slopes_at_infinite_residuals_are_the_limits(jit):
    delta = np.full(len(R), 1.5)              # one delta an r: its slope is the one at that r
    want_delta, want_r = _huber_slopes(delta, R)
    d_delta, d_r = s2sad.grad(huber, wrt=(0, 1), jit=jit)(delta, R)
    np.testing.assert_allclose(d_r, want_r, rtol=1e-14)
    assert d_r[0] == 1.5 and d_r[1] == -1.5
    np.testing.assert_allclose(d_delta, want_delta, rtol=1e-12)
    assert d_delta[0] == np.inf and d_delta[1] == np.inf and d_delta[2] == pytest.approx(1e300)
    if not jit:      # (the tangent rule's numba twin is the same np.where/isinf/sign: one compile spared)
        _, t = s2sad.jvp(huber, wrt=1)(delta, R, tangent=np.array([1.0, -1.0, 0, 0, 0, 0, 0]))
        assert t == 3.0


def test_pseudo_huber_slopes_inside_still_match_differences():
    r = np.array([2.0, -0.5, 0.3, 40.0])
    check_grad(huber, 1.5, r, wrt=(0, 1))
    check_jvp(huber, 1.5, r, wrt=(0, 1), tangent=(0.7, np.array([1.0, -2.0, 0.5, 1.0])))


def _pole_limits(n):
    at0 = [special.y1(0.0), special.yv(1.5, 0.0), special.k0e(0.0), special.kve(0.3, 0.0)]
    return [f * (-1.0) ** n for f in at0]


@pytest.mark.parametrize("jit", [False, True])
def test_bessel_slopes_at_their_poles_are_the_limits_from_the_right(jit):
    z = np.array([0.0, 1e-12, 0.8])
    grads = s2sad.grad(poles, wrt=(0, 1, 2, 3), jit=jit)(z, z, z, z)
    for g, limit in zip(grads, _pole_limits(1)):
        assert g[0] == limit                    # y1, yv(1.5): +inf; k0e, kve: -inf
        assert np.sign(g[1]) == np.sign(limit) and abs(g[1]) > 1e10      # the slope next to the pole
    check_grad(poles, *[np.array([0.8, 2.5])] * 4, wrt=(0, 1, 2, 3), rtol=1e-6)
    _, t = s2sad.jvp(poles, wrt=(0, 1, 2, 3), jit=jit)(z[:1], z[:1], z[:1], z[:1],
                                                      tangent=tuple(np.array([s]) for s in (1.0, 1.0, -1.0, -1.0)))
    assert t == np.inf


def test_bessel_curvature_at_the_pole_is_the_limit():
    z = np.array([0.0, 0.8])
    for i, limit in enumerate(_pole_limits(2)):
        args = [np.array([0.8, 0.8])] * 4
        args[i] = z
        hv = s2sad.hvp(poles, wrt=i)(*args, v=np.array([1.0, 0.0]))
        assert hv[0] == limit                   # y1'' -inf, yv(1.5)'' -inf, k0e'' +inf, kve'' +inf
