"""Forward (tangent) rules of ``np.nanquantile``/``np.nanpercentile`` (``grads_nanquantile.py``) and
of ``nanquantile_grad`` (linear in the adjoint: for hvp); ``nanquantile_grad_q``'s slope in ``a`` is
not written (``NO_FORWARD_RULE``)."""
import numpy as np

from .forward_registry import tangent
from .grads_linalg_stats import QUANTILE
from .registry import REFUSED
from .runtime_nanquantile import nanquantile_grad, nanquantile_tangent_a, nanquantile_tangent_q
from .tangents_adjoint import NO_FORWARD_RULE


@tangent(np.nanquantile, nondiff=QUANTILE)
def nanquantile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
                interpolation=None):
    t[y] = nanquantile_tangent_a(t[a], y, a, q, axis, 1.0) + nanquantile_tangent_q(t[q], y, a, q, axis, 1.0)


@tangent(np.nanpercentile, nondiff=QUANTILE)
def nanpercentile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
                  interpolation=None):
    t[y] = nanquantile_tangent_a(t[a], y, a, q, axis, 100.0) + nanquantile_tangent_q(t[q], y, a, q, axis, 100.0)


@tangent(nanquantile_grad, nondiff={"a": "its order (which elements each quantile reads): piecewise constant",
                                    "q": REFUSED + "the quantile's slope in the adjoint's weights is not written "
                                                   "(hvp in q through np.nanquantile)",
                                    "scale": "1 (np.nanquantile) or 100 (np.nanpercentile): a constant"})
def nanquantile_grad_(r, g, a, q, axis=None, keepdims=False, scale=1.0):
    t[r] = nanquantile_grad(t[g], a, q, axis, keepdims, scale)


NO_FORWARD_RULE["nanquantile_grad_q"] = ("its slope in `a` (the second derivative of np.nanquantile in q and a) has no "
                                         "forward rule yet: hvp through np.nanquantile's q is refused")
