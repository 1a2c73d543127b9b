"""Forward (tangent) rules of the functions of ``grads_special_more.py``, in the same order, and
of its helpers (for hvp, forward over reverse): ``bessel``'s slope is the next derivative,
``over_hypot`` is a quotient, ``signal_conv_grad`` is linear in the gradient and in the other
signal."""
import numpy as np

from .forward_registry import tangent
from .grads_special_more import MODES, ORDER_V, SQRT_2PI, SQRT_PI_2
from .runtime_ieee import x_over_y
from .runtime_stats import digamma
from .runtime_special_more import bessel, numpy_i0_slope, over_hypot, signal_conv, signal_conv_grad

KIND = "which function (a name)"
NTH = "the order of the derivative"


@tangent("scipy.special.erfinv")
def erfinv(y, x):
    t[y] = t[x] * SQRT_PI_2 * np.exp(y * y)


@tangent("scipy.special.erfcinv")
def erfcinv(y, x):
    t[y] = -t[x] * SQRT_PI_2 * np.exp(y * y)


@tangent("scipy.special.ndtri")
def ndtri(y, x):
    t[y] = t[x] * SQRT_2PI * np.exp(0.5 * y * y)


@tangent("scipy.special.entr")
def entr(y, x):
    t[y] = -t[x] * (np.log(x) + 1.0)


@tangent("scipy.special.rel_entr", broadcast=True)
def rel_entr(z, x, y):
    t[z] = t[x] * (np.log(x) - np.log(y) + 1.0) - t[y] * x_over_y(x, y)


@tangent("scipy.special.kl_div", broadcast=True)
def kl_div(z, x, y):
    t[z] = t[x] * (np.log(x) - np.log(y)) + t[y] * (1.0 - x_over_y(x, y))


@tangent("scipy.special.huber", broadcast=True)
def huber(y, delta, r):
    t[y] = t[delta] * np.where(delta < 0, np.nan, np.where(np.abs(r) <= delta, 0.0, np.abs(r) - delta)) \
        + t[r] * np.where(delta < 0, np.nan, np.where(np.abs(r) <= delta, r, delta * np.sign(r)))


@tangent("scipy.special.pseudo_huber", broadcast=True)
def pseudo_huber(y, delta, r):
    t[y] = t[delta] * np.where(delta < 0, np.nan, (np.hypot(delta, r) - delta) * (1.0 - over_hypot(delta, delta, r))) \
        + t[r] * np.where(delta < 0, np.nan, np.where(np.isinf(r), delta * np.sign(r), over_hypot(delta * r, delta, r)))


@tangent("scipy.special.softplus")
def softplus(y, x):      # as grads_special_more.py's
    t[y] = t[x] * np.exp(-np.logaddexp(0.0, -x))


@tangent("scipy.special.loggamma")
def loggamma(y, x):
    t[y] = t[x] * digamma(x)


@tangent("scipy.special.j0")
def j0(y, x):
    t[y] = t[x] * bessel("jv", 0, x, 1)


@tangent("scipy.special.j1")
def j1(y, x):
    t[y] = t[x] * bessel("jv", 1, x, 1)


@tangent("scipy.special.y0")
def y0(y, x):
    t[y] = t[x] * bessel("yv", 0, x, 1)


@tangent("scipy.special.y1")
def y1(y, x):
    t[y] = t[x] * bessel("yv", 1, x, 1)


@tangent("scipy.special.k0")
def k0(y, x):
    t[y] = t[x] * bessel("kv", 0, x, 1)


@tangent("scipy.special.k1")
def k1(y, x):
    t[y] = t[x] * bessel("kv", 1, x, 1)


@tangent("scipy.special.k0e")
def k0e(y, x):
    t[y] = t[x] * bessel("kve", 0, x, 1)


@tangent("scipy.special.k1e")
def k1e(y, x):
    t[y] = t[x] * bessel("kve", 1, x, 1)


@tangent("scipy.special.jv", "scipy.special.jn", broadcast=True, nondiff={"v": ORDER_V})
def jv(y, v, x):
    t[y] = t[x] * bessel("jv", v, x, 1)


@tangent("scipy.special.yv", "scipy.special.yn", broadcast=True, nondiff={"v": ORDER_V})
def yv(y, v, x):
    t[y] = t[x] * bessel("yv", v, x, 1)


@tangent("scipy.special.iv", broadcast=True, nondiff={"v": ORDER_V})
def iv(y, v, x):
    t[y] = t[x] * bessel("iv", v, x, 1)


@tangent("scipy.special.kv", "scipy.special.kn", broadcast=True, nondiff={"v": ORDER_V})
def kv(y, v, x):
    t[y] = t[x] * bessel("kv", v, x, 1)


@tangent("scipy.special.ive", broadcast=True, nondiff={"v": ORDER_V})
def ive(y, v, x):
    t[y] = t[x] * bessel("ive", v, x, 1)


@tangent("scipy.special.kve", broadcast=True, nondiff={"v": ORDER_V})
def kve(y, v, x):
    t[y] = t[x] * bessel("kve", v, x, 1)


@tangent(bessel, nondiff={"kind": KIND, "v": ORDER_V, "n": NTH})
def bessel_(r, kind, v, x, n=0):
    t[r] = t[x] * bessel(kind, v, x, n + 1)


@tangent(np.i0)
def i0(y, x):
    t[y] = t[x] * numpy_i0_slope(x, 1)


@tangent(numpy_i0_slope, nondiff={"n": NTH})
def numpy_i0_slope_(r, x, n=1):
    t[r] = t[x] * numpy_i0_slope(x, n + 1)


@tangent(over_hypot)    # q = u / h, h = hypot(delta, r): t[q] = (t[u] - q t[h]) / h, t[h] = (delta t[delta] + r t[r]) / h
def over_hypot_(q, u, delta, r):
    t[q] = over_hypot(t[u], delta, r) - q * over_hypot(over_hypot(delta * t[delta], delta, r), delta, r) \
        - q * over_hypot(over_hypot(r * t[r], delta, r), delta, r)


@tangent("scipy.signal.convolve", nondiff=MODES)
def signal_convolve(y, in1, in2, mode="full", method="auto"):
    t[y] = signal_conv(t[in1], in2, mode, False) + signal_conv(in1, t[in2], mode, False)


@tangent("scipy.signal.correlate", nondiff=MODES)
def signal_correlate(y, in1, in2, mode="full", method="auto"):
    t[y] = signal_conv(t[in1], in2, mode, True) + signal_conv(in1, t[in2], mode, True)


@tangent(signal_conv_grad, nondiff={"mode": MODES["mode"], "left": "which signal (a flag)", "flip": "correlate (a flag)"})
def signal_conv_grad_(r, g, a, v, mode="full", left=True, flip=False):    # linear in g and in the other signal
    t[r] = signal_conv_grad(t[g], a, v, mode, left, flip) + signal_conv_grad(g, t[a], t[v], mode, left, flip)
