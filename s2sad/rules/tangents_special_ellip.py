"""Forward (tangent) rules of the functions of ``grads_special_ellip.py``, in the same order, and of
``zeta_slope_q`` (for hvp: its slope is the next one); the other
slopes have no forward rule (``tangents_adjoint.NO_FORWARD_RULE`` says why)."""
from .forward_registry import tangent
from .grads_special_ellip import ZETA
from .runtime_special_ellip import binom_slope_k, binom_slope_n, ellipe_slope, ellipk_slope, zeta_slope_q
from .tangents_adjoint import NO_FORWARD_RULE


@tangent("scipy.special.ellipk")
def ellipk(y, m):
    t[y] = t[m] * ellipk_slope(m)


@tangent("scipy.special.ellipe")
def ellipe(y, m):
    t[y] = t[m] * ellipe_slope(m)


@tangent("scipy.special.zeta", broadcast=True, nondiff=ZETA)
def zeta(y, x, q=None, out=None):
    t[y] = t[q] * zeta_slope_q(x, q)


@tangent("scipy.special.binom", broadcast=True)
def binom(y, n, k):
    t[y] = t[n] * binom_slope_n(n, k) + t[k] * binom_slope_k(n, k)


@tangent(zeta_slope_q, broadcast=True, nondiff={"x": ZETA["x"]})      # d/dq (-x zeta(x + 1, q)) = -x (the slope of zeta(x + 1, q))
def zeta_slope_q_(s, x, q):
    t[s] = -t[q] * x * zeta_slope_q(x + 1.0, q)


# The other slopes' own slopes (hvp through these rules) are not written yet: hvp is refused at the line.
_SECOND = "its own slope (the second derivative of `{}`) has no forward rule yet: hvp through it is refused"
NO_FORWARD_RULE.update({"ellipk_slope": _SECOND.format("ellipk"), "ellipe_slope": _SECOND.format("ellipe"),
                        "binom_slope_n": _SECOND.format("binom"), "binom_slope_k": _SECOND.format("binom")})
