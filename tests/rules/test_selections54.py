"""Stop 54 (issue 8): np.resize, np.choose, np.nanmedian, np.histogram in its weights and np.pad in
modes 'median' and 'linear_ramp' were refused (no rule); now differentiated in both modes
(rules/grads_selections.py, tangents_selections.py, runtime_selections.py, runtime_pad.py): grad,
jvp and hvp against central differences. np.unique stays refused, with the reason (ties change the
result's length) and what to write instead; np.histogram refuses a differentiated sample, bins,
range or density=True, 'linear_ramp' a differentiated end value. jit=True: located JitErrors."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(54)
X = RNG.normal(size=6)
V = RNG.normal(size=6)
W = np.sin(np.arange(1.0, 41.0))


def resized(x):
    return np.sum(np.resize(x, (2, 5)) ** 2 * W[:10].reshape(2, 5)) + np.sum(np.cos(np.resize(x[:4].reshape(2, 2), 3)))


def chosen(x):
    a = np.array([0, 1, 2, 1, 0, 2])
    s = np.sum(np.choose(a, [x, x * 2.0, np.sin(x)]) ** 2 * W[:6])
    s += np.sum(np.choose(np.array([[0, 4], [1, -1]]), (x[:2], x[2], 3.0), mode="wrap") ** 2 * W[:4].reshape(2, 2))
    s += np.sum(np.choose(np.array([[0, 5], [1, -1]]), (x[:2] ** 2, x[3]), mode="clip") * W[4:8].reshape(2, 2))
    return s + np.sum(np.choose(np.array([1, 0, 1]), x.reshape(2, 3) ** 2) * W[:3])


def nan_medians(x):
    mask = np.array([[True, False, True], [False, False, False]])
    A = np.where(mask, np.nan, x.reshape(2, 3) * x[0])
    return np.nanmedian(x * x) + np.sum(np.nanmedian(A, axis=1) * W[:2]) \
        + np.sum(np.nanmedian(A, axis=0, keepdims=True) ** 2) + np.nanmedian(A)


def weighted_histograms(x):
    samples = np.array([0.1, 0.5, 0.7, 0.9, 1.5, 0.65])
    h, edges = np.histogram(samples, bins=3, range=(0.0, 1.0), weights=x ** 2)
    h2 = np.histogram(samples, bins=np.array([0.0, 0.6, 1.0, 2.0]), weights=np.sin(x))[0]
    return np.sum(h * W[:3]) + np.sum(h2 ** 2) + np.sum(edges)


def padded(x):
    A = x.reshape(2, 3)
    return np.sum(np.pad(x, 2, mode="median") ** 2 * W[:10]) \
        + np.sum(np.pad(A, ((1, 2), (2, 1)), "median", stat_length=((1, 2), (2, 1))) ** 2 * W[:30].reshape(5, 6)) \
        + np.sum(np.pad(x, (2, 3), mode="linear_ramp") ** 2 * W[:11]) \
        + np.sum(np.pad(A, ((1, 2), (3, 1)), "linear_ramp", end_values=((1.0, -2.0), (0.5, 3.0))) ** 3 * W[:35].reshape(5, 7))


@pytest.mark.parametrize("f", [resized, chosen, nan_medians, weighted_histograms, padded], ids=lambda f: f.__name__)
def test_grad_jvp_hvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)
    check_hvp(f, X, v=V)


def test_values_are_numpys_own():
    g = s2sad.value_and_grad(padded)
    assert g(X)[0] == padded(X)
    assert s2sad.value_and_grad(chosen)(X)[0] == chosen(X)


def test_resize_sends_each_copy_back_and_median_pads_share_as_np_median():
    np.testing.assert_array_equal(s2sad.grad(lambda x: np.sum(np.resize(x, 7)))(np.arange(3.0)), [3.0, 2.0, 2.0])
    # two middle values of an even window share the padded copies' adjoint: 4 copies, 1/2 each
    g = s2sad.grad(lambda x: np.sum(np.pad(x, (2, 2), "median")))(np.array([1.0, 3.0, 2.0, 5.0]))
    np.testing.assert_allclose(g, [1.0, 3.0, 3.0, 1.0])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")   # NumPy's "All-NaN slice encountered"
def test_nanmedian_skips_nans_and_is_nan_with_a_nan_slope_over_nans_only():
    x = np.array([np.nan, np.nan, np.nan, 2.0, 4.0, np.nan, 1.0, np.nan, 3.0])
    g = s2sad.grad(lambda x: np.sum(np.nanmedian(x.reshape(3, 3), axis=1)))(x)
    assert np.isnan(g[:3]).all()
    np.testing.assert_array_equal(g[3:], [0.5, 0.5, 0.0, 0.5, 0.0, 0.5])


def test_unique_is_refused_with_the_reason_and_what_to_write():
    with pytest.raises(s2sad.NoDerivativeError, match=r"line \d+(.|\n)*tie(.|\n)*np.sort\(x, axis=None\)"):
        s2sad.grad(lambda x: np.sum(np.unique(x) ** 2))(X)
    with pytest.raises(s2sad.NoDerivativeError, match=r"tie"):
        s2sad.jvp(lambda x: np.sum(np.unique(x) ** 2))(X, V)


def hist_of_x(x):
    return np.sum(np.histogram(x, bins=3, weights=np.ones(6))[0] * W[:3])


def hist_bins_of_x(x):
    return np.sum(np.histogram(np.array([0.1, 0.5]), bins=np.sort(x), weights=np.ones(2))[0])


def hist_density(x):
    return np.sum(np.histogram(np.array([0.1, 0.5]), bins=2, weights=x[:2], density=True)[0])


def ramp_to_x(x):
    return np.sum(np.pad(x, 2, mode="linear_ramp", end_values=x[0]))


@pytest.mark.parametrize("f, what", [(hist_of_x, "the edges move with them"), (hist_bins_of_x, r"bin edges \(or their count\)"),
                                     (hist_density, "density=True is not covered"), (ramp_to_x, "the ramp's end values")],
                         ids=lambda v: getattr(v, "__name__", None))
def test_what_has_no_rule_is_refused_with_the_reason(f, what):
    for run in (lambda: s2sad.grad(f)(X), lambda: s2sad.jvp(f)(X, V)):
        with pytest.raises(s2sad.NoDerivativeError, match=rf"line \d+(.|\n)*{what}"):
            run()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("f", [resized, chosen, nan_medians, weighted_histograms, padded], ids=lambda f: f.__name__)
def test_jit_is_a_located_jit_error(f):
    with pytest.raises(s2sad.JitError, match=r"line \d+(.|\n)*(no numba version|numba has no|does not take)"):
        s2sad.grad(f, jit=True)(X)
