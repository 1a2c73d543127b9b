"""A NaN entry a NaN-ignoring reduction leaves out has derivative 0, and does not turn the gradient
of a parameter summed over it into NaN (transforms/nan_masking.py, rules/runtime_ieee.zero_nan).
On the base, np.nanmean((data - mu) ** 2) with one NaN in data had gradient NaN in mu (reverse
mode only: forward mode masked the tangent), and np.nanmean(m * m) had NaN at m's NaN entry (the
reduction's adjoint 0 times the partial 2 * m = NaN). The differences are finite (the value does not
move when a NaN entry does), so check_grad compares every entry, the NaN ones included (0)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

DATA = np.array([1.0, np.nan, 2.0, 4.0, -0.5])
M = np.array([0.7, np.nan, -1.2, 2.0, 0.4])
MU = np.array([0.3, -0.2, 0.5, 0.1, 0.9])


def nanmean_square(m):
    return np.nanmean(m * m)


def nansum_sin(m):
    return np.nansum(np.sin(m) * 2.0)


def missing_data(mu, data):
    return np.nanmean((data - mu) ** 2)


def nanvar_std(mu, data):
    z = data * mu
    return np.nanvar(z) + np.nanstd(np.exp(z))


def nanmax_min_prod(mu, data):
    z = np.tanh(data * mu)
    return np.nanmax(z) - np.nanmin(z * z) + np.nanprod(1.0 + z)


def own_mask(mu, data):     # the user's own NaN-ignoring sum
    r = np.sqrt((data - mu) ** 2 + 1.0)
    return np.sum(np.where(np.isnan(r), 0.0, r))


def produced_inside(x):     # NaN made inside the function: sqrt of a negative, left out
    return np.nansum(np.sqrt(x) * 3.0)


def in_loop(mu, data):
    acc = 0.0
    for k in range(3):
        acc = acc + np.nanmean(np.log1p((data - mu * k) ** 2))
    return acc


CASES = [(nanmean_square, (M,), 0), (nansum_sin, (M,), 0), (missing_data, (1.5, DATA), 0),
         (missing_data, (MU, DATA), 0), (nanvar_std, (0.8, DATA), 0), (nanmax_min_prod, (0.6, DATA), 0),
         (own_mask, (MU, DATA), 0), (produced_inside, (np.array([1.0, -2.0, 4.0]),), 0),
         (in_loop, (0.4, DATA), 0)]
IDS = [f"{c[0].__name__}{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("f,args,wrt", CASES, ids=IDS)
def test_grad_finite_and_right(f, args, wrt):
    g = s2sad.grad(f, wrt=wrt)(*args)
    assert np.all(np.isfinite(g))
    check_grad(f, *args, wrt=wrt)


@pytest.mark.parametrize("f,args,wrt", CASES, ids=IDS)
def test_jvp(f, args, wrt):
    check_jvp(f, *args, wrt=wrt, tangent=np.linspace(0.5, 1.5, np.size(args[wrt])).reshape(np.shape(args[wrt])))


def test_nan_entry_gets_zero():
    g = s2sad.grad(nanmean_square)(M)
    assert g[1] == 0.0
    np.testing.assert_allclose(g[[0, 2, 3, 4]], 2 * M[[0, 2, 3, 4]] / 4)


@pytest.mark.parametrize("f,args,wrt", [CASES[0], CASES[3], CASES[6]], ids=IDS[:1] + [IDS[3], IDS[6]])
def test_hvp(f, args, wrt):
    check_hvp(f, *args, wrt=wrt, v=np.linspace(-1.0, 1.0, np.size(args[wrt])).reshape(np.shape(args[wrt])))


@pytest.mark.parametrize("f,args,wrt", [CASES[0], CASES[2], CASES[3], CASES[6], CASES[8]],
                         ids=[IDS[0], IDS[2], IDS[3], IDS[6], IDS[8]])
def test_jit(f, args, wrt):
    check_grad(f, *args, wrt=wrt, jit=True)


def test_other_functions_unchanged():
    """A function calling nothing NaN-ignoring keeps IEEE's products (no zero_nan in its adjoint)."""
    def plain(m):
        return np.sum(m * m)
    assert "zero_nan" not in s2sad.grad(plain).adjoint.__code__.co_names


def test_a_rule_that_sums_the_adjoint_is_not_masked():
    """np.polyval's coefficient adjoint is summed over x inside its helper (the result's and p's
    shapes are both (3,) here): masking it entry by entry zeroed an unrelated entry (2.5 read 0).
    It is left IEEE's: NaN, never a wrong number; x's adjoint (entrywise) is masked."""
    xs = np.array([0.5, np.nan, 2.0])

    def f(p):
        return np.nansum(np.polyval(p, xs))
    p = np.array([1.0, -2.0, 0.5])
    g = s2sad.grad(f)(p)
    right = np.array([4.25, 2.5, 2.0])
    assert np.all(np.isnan(g) | np.isclose(g, right))

    def h(x):
        return np.nansum(np.polyval(p, x * 1.0))
    check_grad(h, np.array([0.5, np.nan, 2.0]))
