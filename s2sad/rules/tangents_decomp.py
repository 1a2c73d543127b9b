"""Forward (tangent) rules of the functions of ``grads_decomp.py``, in the same order:
factorisations, pseudo-inverse, least squares, gathers along an axis, np.gradient, and the
``math`` functions of sequences; then the forward rules of their reverse helpers (for ``hvp``,
forward over reverse) that are linear in the incoming gradient.

A linear function applies itself to the tangent (``np.take_along_axis(t[arr], ...)``); the
others' tangents come from their helpers (``runtime_decomp.py``), which refuse the points and
forms the reverse helpers refuse (``np.gradient`` with coordinates, stacked outputs).
"""
import math
import statistics

import numpy as np

from .forward_registry import tangent
from .runtime import prod_grad, safe_reciprocal
from .runtime_decomp import (dist_grad, gradient_tangent, gradient_tangent_spacing, hypot_of, lstsq_tangent, pinv_tangent, qr_tangent,
                             svd_tangent, svdvals_tangent)

FLAG = "a flag selecting what is computed (a constant)"
CUTOFF = "the cutoff for small singular values (only the default is covered)"

# ---- factorisations, pseudo-inverse, least squares ------------------------------------------


@tangent(np.linalg.svd, nondiff={"full_matrices": FLAG, "compute_uv": FLAG, "hermitian": "only False is covered"})
def svd(y, a, full_matrices=True, compute_uv=True, hermitian=False):
    t[y] = svd_tangent(t[a], y, a, full_matrices, compute_uv)


@tangent(np.linalg.svdvals)
def svdvals(y, x):
    t[y] = svdvals_tangent(t[x], x)


@tangent(np.linalg.qr, nondiff={"mode": "only 'reduced' is covered"})
def qr(y, a, mode="reduced"):
    t[y] = qr_tangent(t[a], y, a)


@tangent(np.linalg.pinv, nondiff={"rcond": CUTOFF, "hermitian": "only False is covered", "rtol": CUTOFF})
def pinv(y, a, rcond=None, hermitian=False, rtol=None):
    t[y] = pinv_tangent(t[a], y, a)


@tangent(np.linalg.lstsq, nondiff={"rcond": CUTOFF})
def lstsq(y, a, b, rcond=None):
    t[y] = lstsq_tangent(t[a], t[b], y, a, b)     # one term: the tangent is a tuple, not a sum

# ---- gathers, differences ---------------------------------------------------------------------


@tangent(np.take_along_axis, nondiff={"indices": "indices (integers)"})
def take_along_axis(y, arr, indices, axis=-1):
    t[y] = np.take_along_axis(t[arr], indices, axis)


@tangent(np.gradient, nondiff={"edge_order": "the order of the one-sided differences at the ends (1 or 2)"})
def gradient(y, f, varargs=1.0, axis=None, edge_order=1):
    t[y] = gradient_tangent(t[f], y, f, varargs, axis, edge_order) \
        + gradient_tangent_spacing(t[varargs], y, f, varargs, axis, edge_order)

# ---- math functions of sequences -------------------------------------------------------------


@tangent(math.fsum)
def fsum(y, seq):
    t[y] = np.sum(t[seq])


@tangent(statistics.fmean, statistics.mean, nondiff={"weights": "only no weights is covered"})
def fmean(y, data, weights=None):
    t[y] = np.sum(t[data]) / len(data)


@tangent(math.prod)
def prod(y, iterable, start=1):
    t[y] = np.sum(np.asarray(t[iterable]) * prod_grad(start, y, iterable)) + t[start] * np.prod(np.asarray(iterable, dtype=float))


@tangent(math.dist)
def dist(y, p, q):
    t[y] = np.sum(np.asarray(t[p]) * dist_grad(1.0, y, p, q)) - np.sum(np.asarray(t[q]) * dist_grad(1.0, y, p, q))


@tangent(hypot_of)
def hypot_of_(z, w):
    t[z] = np.sum(t[w] * w) * safe_reciprocal(z)


@tangent(math.hypot)
def hypot(z, x, y=0.0, c2=0.0, c3=0.0, c4=0.0, c5=0.0):
    t[z] = t[x] * x * safe_reciprocal(z) + t[y] * y * safe_reciprocal(z) + t[c2] * c2 * safe_reciprocal(z) \
        + t[c3] * c3 * safe_reciprocal(z) + t[c4] * c4 * safe_reciprocal(z) + t[c5] * c5 * safe_reciprocal(z)
