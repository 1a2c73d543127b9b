"""np.nanquantile and np.nanpercentile, refused on the base (stop 59's survey), with rules now
(s2sad/rules/grads_nanquantile.py, tangents_nanquantile.py, runtime_nanquantile.py), method 'linear':
against central differences in reverse and forward mode (NaN entries in several rows, along each
axis, keepdims, an array of q, q differentiated, a row with one value), against np.quantile's rule
where there is no NaN, against autograd's quantile of the slice without its NaNs, a NaN entry's
adjoint 0 and a slice of NaNs only NaN (its value is NaN), hvp, the other methods refused at the line,
and jit=True refused at the user's line."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(59)
V = np.array([0.3, np.nan, 1.7, -0.4, 2.2, np.nan, 0.9])
M = RNG.normal(size=(4, 6))
M[0, 2] = M[2, 5] = M[3, 0] = M[3, 1] = np.nan
M[1, :5] = np.nan                                   # a row with one value


def vector(a):
    return np.nanquantile(a, 0.3) + np.nanpercentile(a, 85.0) ** 2


def rows(a):
    return np.sum(np.nanquantile(a, 0.6, axis=1) * np.arange(4.0)) + np.sum(np.nanpercentile(a, 20.0, axis=0, keepdims=True))


def several(a, q):
    return np.sum(np.tanh(np.nanquantile(a, q, axis=1)) * np.arange(8.0).reshape(2, 4))


def in_q(q):
    return np.nanpercentile(V, q) ** 2 + np.nanquantile(V, q / 100.0)


CASES = [(vector, (V,)), (rows, (M,)), (several, (M, np.array([0.35, 0.8]))), (in_q, (37.0,))]


@pytest.mark.parametrize("f,args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_against_differences(f, args):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=tuple(np.where(np.isnan(a), 0.0, RNG.uniform(-1, 1, np.shape(a)))
                                               if np.ndim(a) else 0.7 for a in args))


def plain(a):
    return np.quantile(a, 0.3, axis=0)[1] + np.percentile(a, 70.0)


def nan_plain(a):
    return np.nanquantile(a, 0.3, axis=0)[1] + np.nanpercentile(a, 70.0)


def test_without_nan_as_quantile():
    x = RNG.normal(size=(5, 3))
    np.testing.assert_allclose(s2sad.grad(nan_plain)(x), s2sad.grad(plain)(x), rtol=1e-15, atol=0)


def test_nan_entries_get_zero_and_a_nan_slice_nan():
    a = np.array([[np.nan, np.nan, np.nan], [1.0, np.nan, 3.0]])
    g = s2sad.grad(lambda a: np.nanquantile(a, 0.25, axis=1)[1])(a)
    assert np.array_equal(g[0], [0.0, 0.0, 0.0]) and np.array_equal(g[1], [0.75, 0.0, 0.25])   # row 0 unused
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            g = s2sad.grad(lambda a: np.sum(np.nanquantile(a, 0.25, axis=1)))(a)
    assert np.all(np.isnan(g[0])) and np.array_equal(g[1], [0.75, 0.0, 0.25])


def slice_reference(a):
    import autograd.numpy as anp
    return anp.sort(a)[1] * 0.8 + anp.sort(a)[2] * 0.2          # np.quantile(a, 0.3) of 5 values: h = 1.2


def nan_slice(a):
    return np.nanquantile(np.concatenate([a, np.array([np.nan, np.nan])]), 0.3)


def test_against_autograd():
    check_grad(nan_slice, np.array([0.3, 1.9, -0.7, 1.1, 0.2]), reference=slice_reference)


def test_hvp():
    check_hvp(lambda a: np.sum(np.nanquantile(a, 0.6, axis=1) ** 2), np.where(np.isnan(M), RNG.normal(size=M.shape), M),
              v=RNG.uniform(-1, 1, (4, 6)))


def other_method(a):
    return np.nanquantile(a, 0.3, method="hazen")


def test_other_methods_refused():
    with pytest.raises(S2sadError, match="method"):
        s2sad.grad(other_method)(V)


def test_jit_refused_at_the_line():
    with pytest.raises(S2sadError, match="vector"):
        s2sad.grad(vector, jit=True)(V)
