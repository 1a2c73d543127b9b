"""scipy.signal's fftconvolve, oaconvolve, sosfilt, convolve2d and correlate2d, refused on the base (stop 59's survey), with
rules now (s2sad/rules/grads_signal_more.py, tangents_signal_more.py, runtime_signal_more.py):
each against central differences in reverse and forward mode (every mode of the convolutions, both
signals; sosfilt of a vector and along each axis of a matrix; convolve2d and correlate2d in each mode with
kernels of even and odd sizes, and a kernel larger than the matrix), hvp through sosfilt's adjoint, the
forms not covered refused at the line (differentiated sections, a 2-d fftconvolve, convolve2d's other boundaries), and jit=True
refused at the user's line (numba has none of these)."""
import numpy as np
import pytest
import scipy.signal as ss

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(59)
X, H = RNG.normal(size=9), RNG.normal(size=4)
M = RNG.normal(size=(3, 7))
SOS = np.array([[0.2, 0.4, 0.2, 1.0, -0.5, 0.3], [1.0, -0.3, 0.1, 1.0, 0.2, 0.1]])


def fft_full(x, h):
    return np.sum(np.tanh(ss.fftconvolve(x, h)) * np.arange(12.0))


def fft_same_valid(x, h):
    return np.sum(ss.fftconvolve(x, h, mode="same") ** 2) + np.sum(np.sin(ss.fftconvolve(x, h, "valid")))


def overlap_add(x, h):
    return np.sum(ss.oaconvolve(x, h, mode="same") ** 3) + np.sum(ss.oaconvolve(h, x) ** 2)


def sections(x):
    return np.sum(ss.sosfilt(SOS, x) ** 2 * np.arange(9.0))


def sections_rows(m):
    return np.sum(np.tanh(ss.sosfilt(SOS, m)) * np.arange(21.0).reshape(3, 7))


def sections_columns(m):
    return np.sum(ss.sosfilt(SOS, m, axis=0) ** 2)


def planes_full(a, v):
    y = ss.convolve2d(a, v)
    return np.sum(np.tanh(y) * np.arange(y.size).reshape(y.shape)) + np.sum(ss.correlate2d(a, v) ** 2 * y)


def planes_same(a, v):
    y = ss.convolve2d(a, v, "same")
    return np.sum(np.tanh(y) * np.arange(y.size).reshape(y.shape)) + np.sum(ss.correlate2d(a, v, mode="same") ** 2 * y)


def planes_valid(a, v):
    y = ss.convolve2d(a, v, "valid")
    return np.sum(np.tanh(y) * np.arange(y.size).reshape(y.shape)) + np.sum(ss.correlate2d(a, v, "valid") ** 2 * y)


P, K_EVEN, K_ODD, BIG = RNG.normal(size=(5, 6)), RNG.normal(size=(2, 4)), RNG.normal(size=(3, 3)), RNG.normal(size=(6, 7))
PLANES = [(planes_full, P, K_EVEN), (planes_same, P, K_EVEN), (planes_same, P, K_ODD), (planes_valid, P, K_EVEN),
          (planes_valid, K_ODD, BIG), (planes_same, K_ODD, BIG)]


@pytest.mark.parametrize("f,a,v", PLANES, ids=[f"{f.__name__}-{np.shape(v)}" for f, _, v in PLANES])
def test_2d_against_differences(f, a, v):
    check_grad(f, a, v, wrt=(0, 1))
    check_jvp(f, a, v, wrt=(0, 1), tangent=(RNG.uniform(-1, 1, a.shape), RNG.uniform(-1, 1, v.shape)))


def planes_fill(a, v):
    return np.sum(ss.convolve2d(a, v, boundary="wrap") ** 2)


def test_2d_hvp_and_other_boundaries_refused():
    check_hvp(lambda a, v: np.sum(ss.correlate2d(a, v, "same") ** 2), P, K_EVEN, wrt=(0, 1),
              v=(RNG.uniform(-1, 1, P.shape), RNG.uniform(-1, 1, K_EVEN.shape)))
    with pytest.raises(S2sadError, match="boundary"):
        s2sad.grad(planes_fill)(P, K_ODD)


CASES = [(fft_full, (X, H)), (fft_same_valid, (X, H)), (overlap_add, (X, H)), (sections, (X,)),
         (sections_rows, (M,)), (sections_columns, (M,))]


@pytest.mark.parametrize("f,args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_against_differences(f, args):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=tuple(RNG.uniform(-1, 1, np.shape(a)) for a in args))


def test_sosfilt_hvp():
    check_hvp(sections, X, v=RNG.uniform(-1, 1, 9))


def test_fftconvolve_hvp():
    check_hvp(fft_full, X, H, wrt=(0, 1), v=(RNG.uniform(-1, 1, 9), RNG.uniform(-1, 1, 4)))


def sections_differentiated(s, x):
    return np.sum(ss.sosfilt(s, x))


def fft_2d(m):
    return np.sum(ss.fftconvolve(m, np.ones((2, 2))) ** 2)


def test_forms_not_covered_refused():
    with pytest.raises(S2sadError, match="sections_differentiated"):
        s2sad.grad(sections_differentiated, wrt=(0, 1))(SOS, X)
    check_grad(sections_differentiated, SOS, X, wrt=1)
    with pytest.raises(S2sadError, match="1-d"):
        s2sad.grad(fft_2d)(M)


@pytest.mark.parametrize("f,args", [(fft_full, (X, H)), (sections, (X,))])
def test_jit_refused_at_the_line(f, args):
    with pytest.raises(S2sadError, match=f.__name__):
        s2sad.grad(f, jit=True)(*args)


def smooth(x):
    return np.sum(np.tanh(ss.savgol_filter(x, 5, 2)) * np.cos(x)) + np.sum(ss.savgol_filter(x, 3, 1, deriv=1) ** 2)


def smooth_modes(x):
    return np.sum(ss.savgol_filter(x, 5, 3, mode="constant") ** 2 * np.arange(11.0)) \
        + np.sum(np.sin(ss.savgol_filter(x, 7, 2, deriv=2, delta=0.5, mode="wrap")))


def smooth_rows(m):
    return np.sum(ss.savgol_filter(m, 5, 2, axis=0) ** 2 * np.arange(56.0).reshape(7, 8)) \
        + np.sum(np.cos(ss.savgol_filter(m, 7, 3)))


SMOOTH = [(smooth, RNG.normal(size=11)), (smooth, RNG.normal(size=5)), (smooth_modes, RNG.normal(size=11)),
          (smooth_rows, RNG.normal(size=(7, 8)))]


@pytest.mark.parametrize("f,x", SMOOTH, ids=[f"{f.__name__}-{np.shape(x)}" for f, x in SMOOTH])
def test_savgol_against_differences(f, x):
    check_grad(f, x)
    check_jvp(f, x, tangent=RNG.uniform(-1, 1, x.shape))


def smooth_even(x):
    return np.sum(ss.savgol_filter(x, 4, 2) ** 2)


def smooth_mirror(x):
    return np.sum(ss.savgol_filter(x, 5, 2, mode="mirror") ** 2)


def test_savgol_hvp_and_forms_not_covered():
    check_hvp(smooth, RNG.normal(size=11), v=RNG.uniform(-1, 1, 11))
    with pytest.raises(S2sadError, match="even window"):
        s2sad.grad(smooth_even)(RNG.normal(size=9))
    with pytest.raises(S2sadError, match="mode"):
        s2sad.grad(smooth_mirror)(RNG.normal(size=9))
    with pytest.raises(S2sadError, match="smooth"):
        s2sad.grad(smooth, jit=True)(RNG.normal(size=11))
