"""A SciPy distribution frozen (``scipy.stats.gamma(a, scale=s)``) or its ``pdf``/``logpdf`` read in a
function differentiated one sweep per element (``hessian``, ``jacobian``) gives the same value on every
sweep: it was refused as a call "s2sad cannot tell gives the same value when it runs again" (fuzz58's
campaign ``python -m tests.fuzz --n 2000 --seed 5800000 --modes hvp,gg,hessian --jit off``, seeds
5800011 and 5800017, where a ``try`` block made the function's own source be read again).
``transforms/purity.repeatable`` now knows SciPy's univariate distributions; ``rvs`` still draws."""
import numpy as np
import pytest
import scipy.stats

import s2sad
from s2sad.testing import check_grad, check_hvp

SETTINGS = {"alpha": 1.5}
U = np.array([0.4, 0.8, 1.3])


def frozen_then_try(u):
    res = scipy.stats.gamma(1.0 + u[0] ** 2, scale=0.5 + u[1] ** 2).logpdf(1.5)
    coef = 0.0
    try:
        coef = SETTINGS["alpha"]
    except KeyError:
        coef = 0.7
    return coef * res * u[2]


def density_then_try(u):
    res = np.sum(scipy.stats.logistic.pdf(u * np.array([1.0, 2.0, 0.5]), loc=u[0]))
    try:
        coef = SETTINGS["alpha"]
    except KeyError:
        coef = 0.7
    return coef * res * u[2]


def drawn_then_try(u):
    noise = scipy.stats.norm.rvs(size=3)
    try:
        coef = SETTINGS["alpha"]
    except KeyError:
        coef = 0.7
    return coef * np.sum(u * noise)


@pytest.mark.parametrize("f", [frozen_then_try, density_then_try])
def test_hessian_of_a_distribution_read_again_per_sweep(f):
    check_grad(f, U)
    check_hvp(f, U, v=np.array([0.3, -1.0, 0.6]))
    H = s2sad.hessian(f)(U)
    eps = 1e-6
    for j in range(3):      # each column: central differences of the (checked) gradient
        e = np.zeros(3)
        e[j] = eps
        column = (s2sad.grad(f)(U + e) - s2sad.grad(f)(U - e)) / (2 * eps)
        np.testing.assert_allclose(H[:, j], column, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(H, H.T, rtol=1e-9, atol=1e-12)


def test_a_distributions_draw_is_still_refused_per_sweep():
    with pytest.raises(s2sad.S2sadError, match="random draw|cannot tell"):
        s2sad.hessian(drawn_then_try)(U)
