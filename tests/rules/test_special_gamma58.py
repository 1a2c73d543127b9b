"""scipy.special functions refused on the base (stop 58's survey), with rules now
(s2sad/rules/grads_special_gamma.py, tangents_special_gamma.py, runtime_special_gamma.py): polygamma,
beta, exp1, expn, dawsn, boxcox, boxcox1p, multigammaln, and stdtr, betainc, betaincc in x. Each against central differences in reverse
and forward mode (boxcox's lmbda at 0 and near it, where the plain formula cancels), the slopes
at the edges (exp1 and expn at 0 and inf), the integer orders refused when differentiated, and
jit=True refused at the user's line (numba has none of these functions)."""
import numpy as np
import pytest
import scipy.special as sc

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, 0.7, 1.4, 2.5, 4.0])
RNG = np.random.default_rng(58)


def polygammas(x):
    return np.sum(sc.polygamma(1, x) + sc.polygamma(2, x) ** 2 + sc.polygamma(0, x))


def betas(a, b):
    return np.sum(sc.beta(a, b) + sc.beta(a, 2.0) ** 2)


def exponential_integrals(x):
    return np.sum(sc.exp1(x) + sc.expn(2, x) + sc.expn(0, x) + sc.expn(1, x) ** 2)


def dawson(x):
    return np.sum(sc.dawsn(x - 1.0) * x)


def boxcoxes(x, lm):
    return np.sum(sc.boxcox(x, lm) + sc.boxcox1p(x, lm) ** 2)


def multigammalns(a):
    return sc.multigammaln(a, 3) + np.sum(sc.multigammaln(np.array([a, a + 1.0]), 2))


def incomplete(x):
    return np.sum(sc.stdtr(4.0, x) + sc.stdtr(np.inf, x) + sc.betainc(2.0, 3.0, x / 5.0) + sc.betaincc(1.5, 2.5, x / 5.0))


CASES = [(polygammas, (X,)), (betas, (X, X[::-1])), (exponential_integrals, (X,)), (dawson, (X,)),
         (boxcoxes, (X, 0.4)), (boxcoxes, (X, 0.0)), (boxcoxes, (X, -1e-9)), (boxcoxes, (X, -1.3)), (multigammalns, (3.3,)),
         (incomplete, (X,)), (incomplete, (-X,))]


@pytest.mark.parametrize("f,args", CASES, ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_against_differences(f, args):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=tuple(RNG.uniform(-1, 1, np.shape(a)) if np.ndim(a) else 0.3 for a in args))


def test_polygamma_hvp():
    check_hvp(polygammas, X, v=RNG.uniform(-1, 1, 5))


def test_boxcox_lmbda_slope_at_zero_is_half_log_squared():
    slope = s2sad.grad(lambda lm: np.sum(sc.boxcox(X, lm)))(0.0)
    np.testing.assert_allclose(slope, np.sum(np.log(X) ** 2 / 2), rtol=1e-13)


def test_exponential_integral_edges():
    with np.errstate(all="raise"):
        g = s2sad.grad(exponential_integrals)(np.array([0.0, -1.0, np.inf, 1e-300]))
    assert g[0] == -np.inf and np.isnan(g[1]) and g[2] == 0.0 and g[3] == -np.inf


def polygamma_order(n, x):
    return np.sum(sc.polygamma(n, x))


def expn_order(n, x):
    return np.sum(sc.expn(n, x))


@pytest.mark.parametrize("f,args", [(polygamma_order, (1.0, X)), (expn_order, (2.0, X))])
def test_integer_orders_refused(f, args):
    with pytest.raises(S2sadError, match=f.__name__):
        s2sad.grad(f, wrt=(0, 1))(*args)
    check_grad(f, *args, wrt=1)


def stdtr_shape(df, x):
    return np.sum(sc.stdtr(df, x))


def test_shapes_refused():
    with pytest.raises(S2sadError, match="stdtr_shape"):
        s2sad.grad(stdtr_shape, wrt=(0, 1))(3.0, X)
    check_grad(stdtr_shape, 3.0, X, wrt=1)


def test_jit_refused_at_the_line():
    with pytest.raises(S2sadError, match="dawson"):
        s2sad.grad(dawson, jit=True)(X)


def ag_family(x):
    return np.sum(sc.polygamma(1, x) + sc.beta(x, 2.0) + sc.multigammaln(x[0] + 3.0, 2))


def ag_family_reference(x):
    import autograd.numpy as anp
    import autograd.scipy.special as asc
    return anp.sum(asc.polygamma(1, x) + asc.beta(x, 2.0) + asc.multigammaln(x[0] + 3.0, 2))


def test_against_autograd():
    check_grad(ag_family, X, reference=ag_family_reference)
