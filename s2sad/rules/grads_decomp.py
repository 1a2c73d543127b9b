"""Reverse rules of the factorisations (singular values and the SVD, QR), the pseudo-inverse and
least squares, ``np.take_along_axis``, ``np.pad`` in the modes that copy elements, ``np.gradient``,
and the ``math`` functions of sequences (``fsum``, ``prod``, ``dist``, ``hypot`` of any number of
coordinates) and ``statistics.mean``/``fmean``.

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``. Invariant: every parameter has a ``d[...]`` line
or a declared reason; the helpers (``runtime_decomp.py``) refuse at run time the points where the
function is not differentiable (repeated or zero singular values used through the vectors, rank
deficiency) and the forms they do not cover. The forward rules beside these: ``tangents_decomp.py``.
"""
import math
import statistics

import numpy as np

from .registry import SINGLE_MATRIX, adjoint
from .runtime import prod_grad, safe_reciprocal, sum_list_grad
from .runtime_decomp import (dist_grad, gradient_grad, gradient_grad_spacing, hypot_of, lstsq_grad, pinv_grad, qr_grad,
                             svd_grad, svdvals_grad, take_along_axis_grad)

FLAG = "a flag selecting what is computed (a constant)"
CUTOFF = "the cutoff for small singular values (only the default is covered)"

# ---- factorisations, pseudo-inverse, least squares ------------------------------------------


@adjoint(np.linalg.svd, nondiff={"full_matrices": FLAG, "compute_uv": FLAG, "hermitian": "only False is covered"},
         constants={"full_matrices": (True, False), "compute_uv": (True, False), "hermitian": (False,)})
def svd(y, a, full_matrices=True, compute_uv=True, hermitian=False):
    d[a] = svd_grad(d[y], y, a, full_matrices, compute_uv)


@adjoint(np.linalg.svdvals)
def svdvals(y, x):
    d[x] = svdvals_grad(d[y], x)


@adjoint(np.linalg.qr, nondiff={"mode": "only 'reduced' is covered"}, constants={"mode": ("reduced",)})
def qr(y, a, mode="reduced"):
    d[a] = qr_grad(d[y], y, a)


@adjoint(np.linalg.pinv, nondiff={"rcond": CUTOFF, "hermitian": "only False is covered", "rtol": CUTOFF},
         constants={"rcond": (None,), "hermitian": (False,), "rtol": (None,)})
def pinv(y, a, rcond=None, hermitian=False, rtol=None):
    d[a] = pinv_grad(d[y], y, a)


# NumPy's lstsq takes one matrix `a` and a vector or one matrix `b` (no stacks): an argument of
# another known rank is refused at the call's line rather than by NumPy inside the sweep.
SINGLE_MATRIX[np.linalg.lstsq] = ({"a": (2,), "b": (1, 2)}, "NumPy's lstsq solves one system: `a` a matrix, "
                                  "`b` a vector or a matrix")


@adjoint(np.linalg.lstsq, nondiff={"rcond": CUTOFF}, constants={"rcond": (None,)})
def lstsq(y, a, b, rcond=None):
    d[a] = lstsq_grad(d[y], y, a, b, True)
    d[b] = lstsq_grad(d[y], y, a, b, False)

# ---- gathers, padding by copies, differences --------------------------------------------------


@adjoint(np.take_along_axis, nondiff={"indices": "indices (integers)"})
def take_along_axis(y, arr, indices, axis=-1):
    d[arr] = take_along_axis_grad(d[y], arr, indices, axis)


@adjoint(np.gradient, nondiff={"edge_order": "the order of the one-sided differences at the ends (1 or 2)"},
         constants={"edge_order": (1, 2)})
def gradient(y, f, varargs=1.0, axis=None, edge_order=1):
    d[f] = gradient_grad(d[y], y, f, varargs, axis, edge_order)
    d[varargs] = gradient_grad_spacing(d[y], y, f, varargs, axis, edge_order)

# ---- math functions of sequences -------------------------------------------------------------


@adjoint(math.fsum)
def fsum(y, seq):
    d[seq] = sum_list_grad(d[y], seq)


@adjoint(statistics.fmean, statistics.mean, nondiff={"weights": "only no weights is covered"},
         constants={"weights": (None,)})
def fmean(y, data, weights=None):      # the sum of the values over their count (a list or a vector)
    d[data] = sum_list_grad(d[y] / len(data), data)


@adjoint(math.prod)
def prod(y, iterable, start=1):     # over an array: its rows multiplied, np.prod's axis 0
    d[iterable] = prod_grad(d[y] * start, y, iterable, 0)
    d[start] = d[y] * np.prod(np.asarray(iterable, dtype=float))


@adjoint(math.dist)
def dist(y, p, q):
    d[p] = dist_grad(d[y], y, p, q)
    d[q] = -dist_grad(d[y], y, p, q)


@adjoint(hypot_of)     # math.hypot(*w) of a 1-d array w (frontend/starred_extrema.py)
def hypot_of_(z, w):
    d[w] = d[z] * w * safe_reciprocal(z)


@adjoint(math.hypot)   # hypot(*coordinates): up to six here, the norm of the vector they make
def hypot(z, x, y=0.0, c2=0.0, c3=0.0, c4=0.0, c5=0.0):
    d[x] = d[z] * x * safe_reciprocal(z)
    d[y] = d[z] * y * safe_reciprocal(z)
    d[c2] = d[z] * c2 * safe_reciprocal(z)
    d[c3] = d[z] * c3 * safe_reciprocal(z)
    d[c4] = d[z] * c4 * safe_reciprocal(z)
    d[c5] = d[z] * c5 * safe_reciprocal(z)
