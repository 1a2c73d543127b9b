"""Reverse rules of more of scipy.special (the inverse error functions ``erfinv``, ``erfcinv``,
``ndtri``; the entropies ``entr``, ``rel_entr``, ``kl_div``; ``huber``, ``pseudo_huber``,
``softplus``, ``loggamma``; the Bessel functions ``j0``, ``j1``, ``y0``, ``y1``, ``k0``, ``k1``,
``k0e``, ``k1e`` and ``jv``/``jn``, ``yv``/``yn``, ``iv``, ``kv``/``kn``, ``ive``, ``kve`` in
``x``), of ``np.i0`` and of scipy.signal's 1-d ``convolve``/``correlate``. (``xlog1py`` is read as
``frontend/scipy_stats_forms`` writes it; ``math.cbrt``/``math.exp2`` share NumPy's rules.)

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``; SciPy's functions are named, never imported
(``registry.defer``). Invariant: every parameter has a ``d[...]`` line or a declared reason; a
Bessel function's order is refused (its derivative in the order has no closed form). Kinks and
poles follow NumPy: ``entr`` at 0 has slope -inf, ``rel_entr``'s slope in ``y`` is 0 where
``x == 0`` (the function is 0 there for every ``y``), ``huber``'s and ``pseudo_huber``'s are NaN for
a negative ``delta`` (the function is inf there); ``pseudo_huber``'s slopes at ``r = +-inf`` are their
limits (``+-delta`` in ``r``, inf in ``delta``: ``(h - delta)**2 / h`` is written ``(h - delta) (1 - delta / h)``,
``h = hypot(delta, r)``, which neither overflows nor divides inf by inf). The forward rules beside these:
``tangents_special_more.py``; the helpers: ``runtime_special_more.py``.
"""
import numpy as np

from .registry import REFUSED, adjoint
from .runtime_ieee import x_over_y
from .runtime_stats import digamma
from .runtime_special_more import bessel, numpy_i0_slope, over_hypot, signal_conv_grad

ORDER_V = (REFUSED + "the order v: the derivative of a Bessel function in its order has no closed form "
           "(differentiate in x only)")
SQRT_PI_2 = 0.886226925452758       # sqrt(pi) / 2
SQRT_2PI = 2.5066282746310002
MODES = {"mode": "one of 'full', 'same', 'valid'", "method": "the algorithm ('auto', 'direct', 'fft'): the same values"}
MODE_CONSTANTS = {"mode": ("full", "same", "valid")}

# ---- inverse error functions (result first: exp(y**2) is the reciprocal of erf's slope at y) ----


@adjoint("scipy.special.erfinv")
def erfinv(y, x):
    d[x] = d[y] * SQRT_PI_2 * np.exp(y * y)


@adjoint("scipy.special.erfcinv")
def erfcinv(y, x):
    d[x] = -d[y] * SQRT_PI_2 * np.exp(y * y)


@adjoint("scipy.special.ndtri")
def ndtri(y, x):
    d[x] = d[y] * SQRT_2PI * np.exp(0.5 * y * y)

# ---- entropies, losses -----------------------------------------------------------------------


@adjoint("scipy.special.entr")     # -x log x: -(log x + 1), -inf at 0
def entr(y, x):
    d[x] = -d[y] * (np.log(x) + 1.0)


@adjoint("scipy.special.rel_entr", broadcast=True)     # x log(x / y)
def rel_entr(z, x, y):
    d[x] = d[z] * (np.log(x) - np.log(y) + 1.0)
    d[y] = -d[z] * x_over_y(x, y)


@adjoint("scipy.special.kl_div", broadcast=True)       # x log(x / y) - x + y
def kl_div(z, x, y):
    d[x] = d[z] * (np.log(x) - np.log(y))
    d[y] = d[z] * (1.0 - x_over_y(x, y))


@adjoint("scipy.special.huber", broadcast=True)        # r**2 / 2 inside |r| <= delta, delta (|r| - delta / 2) outside
def huber(y, delta, r):
    d[delta] = d[y] * np.where(delta < 0, np.nan, np.where(np.abs(r) <= delta, 0.0, np.abs(r) - delta))
    d[r] = d[y] * np.where(delta < 0, np.nan, np.where(np.abs(r) <= delta, r, delta * np.sign(r)))


@adjoint("scipy.special.pseudo_huber", broadcast=True)     # delta**2 (sqrt(1 + (r / delta)**2) - 1) = |delta| h - delta**2
def pseudo_huber(y, delta, r):
    d[delta] = d[y] * np.where(delta < 0, np.nan, (np.hypot(delta, r) - delta) * (1.0 - over_hypot(delta, delta, r)))
    d[r] = d[y] * np.where(delta < 0, np.nan, np.where(np.isinf(r), delta * np.sign(r), over_hypot(delta * r, delta, r)))


@adjoint("scipy.special.softplus")     # log(1 + exp(x)): expit(x) = exp(-softplus(-x)), 1 at +inf (exp(x - y) is NaN there)
def softplus(y, x):
    d[x] = d[y] * np.exp(-np.logaddexp(0.0, -x))


@adjoint("scipy.special.loggamma")     # of a real x: gammaln for x > 0, NaN below
def loggamma(y, x):
    d[x] = d[y] * digamma(x)

# ---- Bessel functions (runtime_special_more.bessel: the n-th derivative, its slope the n+1-th) ----


@adjoint("scipy.special.j0")
def j0(y, x):
    d[x] = d[y] * bessel("jv", 0, x, 1)


@adjoint("scipy.special.j1")
def j1(y, x):
    d[x] = d[y] * bessel("jv", 1, x, 1)


@adjoint("scipy.special.y0")
def y0(y, x):
    d[x] = d[y] * bessel("yv", 0, x, 1)


@adjoint("scipy.special.y1")
def y1(y, x):
    d[x] = d[y] * bessel("yv", 1, x, 1)


@adjoint("scipy.special.k0")
def k0(y, x):
    d[x] = d[y] * bessel("kv", 0, x, 1)


@adjoint("scipy.special.k1")
def k1(y, x):
    d[x] = d[y] * bessel("kv", 1, x, 1)


@adjoint("scipy.special.k0e")
def k0e(y, x):
    d[x] = d[y] * bessel("kve", 0, x, 1)


@adjoint("scipy.special.k1e")
def k1e(y, x):
    d[x] = d[y] * bessel("kve", 1, x, 1)


@adjoint("scipy.special.jv", "scipy.special.jn", broadcast=True, nondiff={"v": ORDER_V})
def jv(y, v, x):
    d[x] = d[y] * bessel("jv", v, x, 1)


@adjoint("scipy.special.yv", "scipy.special.yn", broadcast=True, nondiff={"v": ORDER_V})
def yv(y, v, x):
    d[x] = d[y] * bessel("yv", v, x, 1)


@adjoint("scipy.special.iv", broadcast=True, nondiff={"v": ORDER_V})
def iv(y, v, x):
    d[x] = d[y] * bessel("iv", v, x, 1)


@adjoint("scipy.special.kv", "scipy.special.kn", broadcast=True, nondiff={"v": ORDER_V})
def kv(y, v, x):
    d[x] = d[y] * bessel("kv", v, x, 1)


@adjoint("scipy.special.ive", broadcast=True, nondiff={"v": ORDER_V})
def ive(y, v, x):
    d[x] = d[y] * bessel("ive", v, x, 1)


@adjoint("scipy.special.kve", broadcast=True, nondiff={"v": ORDER_V})
def kve(y, v, x):
    d[x] = d[y] * bessel("kve", v, x, 1)


@adjoint(bessel, nondiff={"kind": "which function (a name)", "v": ORDER_V, "n": "the order of the derivative"})
def bessel_(r, kind, v, x, n=0):
    d[x] = d[r] * bessel(kind, v, x, n + 1)


@adjoint(np.i0)
def i0(y, x):
    d[x] = d[y] * numpy_i0_slope(x, 1)


@adjoint(numpy_i0_slope, nondiff={"n": "the order of the derivative"})
def numpy_i0_slope_(r, x, n=1):
    d[x] = d[r] * numpy_i0_slope(x, n + 1)

# ---- scipy.signal's convolutions of 1-d signals ------------------------------------------------


@adjoint("scipy.signal.convolve", nondiff=MODES, constants=MODE_CONSTANTS)
def signal_convolve(y, in1, in2, mode="full", method="auto"):
    d[in1] = signal_conv_grad(d[y], in1, in2, mode, True, False)
    d[in2] = signal_conv_grad(d[y], in1, in2, mode, False, False)


@adjoint("scipy.signal.correlate", nondiff=MODES, constants=MODE_CONSTANTS)
def signal_correlate(y, in1, in2, mode="full", method="auto"):
    d[in1] = signal_conv_grad(d[y], in1, in2, mode, True, True)
    d[in2] = signal_conv_grad(d[y], in1, in2, mode, False, True)
