"""Reverse rules of ``np.nanquantile`` and ``np.nanpercentile``, method 'linear' (stop 59's survey
found both refused; ``np.quantile``/``np.percentile``'s rules are in ``grads_linalg_stats.py``, whose
declared forms these share).

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template, result
first; ``d[v]`` is the adjoint of ``v``. Invariant: every parameter has a ``d[...]`` line or a declared
reason (the other methods, ``out``, ``overwrite_input`` and ``weights`` are refused at the line, as
``np.quantile``'s); a NaN entry gets no adjoint, a slice of NaNs only NaN (its value is NaN). The
helpers: ``runtime_nanquantile.py``; the forward rules: ``tangents_nanquantile.py``.
"""
import numpy as np

from .grads_linalg_stats import QUANTILE, QUANTILE_FORMS
from .registry import adjoint
from .runtime_nanquantile import nanquantile_grad, nanquantile_grad_q


@adjoint(np.nanquantile, nondiff=QUANTILE, constants=QUANTILE_FORMS)
def nanquantile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
                interpolation=None):
    d[a] = nanquantile_grad(d[y], a, q, axis, keepdims, 1.0)
    d[q] = nanquantile_grad_q(d[y], a, q, axis, keepdims, 1.0)


@adjoint(np.nanpercentile, nondiff=QUANTILE, constants=QUANTILE_FORMS)
def nanpercentile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
                  interpolation=None):
    d[a] = nanquantile_grad(d[y], a, q, axis, keepdims, 100.0)
    d[q] = nanquantile_grad_q(d[y], a, q, axis, keepdims, 100.0)
