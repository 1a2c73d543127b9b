"""Reverse rules of the array functions: joining and splitting, reordering, products,
interpolation, integration, statistics, and writes through index arrays.

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``. Invariant: the gradient of a sequence is a
list with one gradient per piece; parameters that select *how* (modes, offsets, counts) are
declared ``nondiff`` with their reason, and those covered only for some constants say which.
The forward rules beside these: ``tangents_arrays.py``.
"""
import math

import numpy as np

from .registry import REFUSED, adjoint
from .runtime import reshape_grad, unbroadcast
from .runtime_decomp import PAD_COPIES, pad_copies_grad
from .runtime_pad import PAD_STATS, pad_stat, pad_stat_grad
from .runtime_pieces import delete_grad, ediff1d_grad, insert_grad_arr, insert_grad_values, meshgrid_grad, split_grad
from .runtime_checks import checked
from .runtime_arrays import (append_grad, block_grad, diag_grad, diagonal_grad, diff_edge, diff_grad, join_grad, kron_grad_left, kron_grad_right,
                             pad_value_grad, repeat_grad, roll_grad, tile_grad)
from .runtime_index_writes import added_at, gathered, scattered
from .runtime_ufunc_at import ufunc_at, ufunc_at_grad_a, ufunc_at_grad_v
from .runtime_numeric import (convolve_grad, correlate_grad, inner_grad, cross_grad, cumprod_grad, einsum_grad, erf_slope, interp_grad_bound,
                              interp_grad_fp, interp_grad_x, interp_grad_xp, median_grad, slogdet_grad, trapz_grad_dx,
                              trapz_grad_x, trapz_grad_y, vander_slope)

# scipy's erf/erfc (ufuncs: arrays too) are named, not imported: their rules are installed
# when a program has imported scipy.special (registry.defer), so the table never imports SciPy.

# ---- joining and splitting arrays --------------------------------------------------
# The gradient of a sequence is a list with one gradient per piece; the reverse stage hands
# each piece to the element it came from.


@adjoint(np.concatenate, nondiff={"out": "only None is covered"}, constants={"out": (None,)})
def concatenate(y, arrays, axis=0, out=None, dtype=None):
    d[arrays] = join_grad(d[y], arrays, axis)


@adjoint(np.hstack)
def hstack(y, tup, dtype=None):
    d[tup] = join_grad(d[y], tup, 0, "hstack")


@adjoint(np.vstack)
def vstack(y, tup, dtype=None):
    d[tup] = join_grad(d[y], tup, 0, "vstack")


@adjoint(np.dstack)
def dstack(y, tup):
    d[tup] = join_grad(d[y], tup, 0, "dstack")


@adjoint(np.column_stack)
def column_stack(y, tup):
    d[tup] = join_grad(d[y], tup, 0, "column_stack")


@adjoint(np.append)
def append(y, arr, values, axis=None):
    d[arr] = append_grad(d[y], arr, values, axis, True)
    d[values] = append_grad(d[y], arr, values, axis, False)


@adjoint(np.block)   # a nested list: its gradient has the same nesting (list-literal machinery)
def block(y, arrays):
    d[arrays] = block_grad(d[y], arrays)


SECTIONS = "where to cut (a count of equal pieces or the indices of the cuts: integers)"


@adjoint(np.split, np.array_split, nondiff={"indices_or_sections": SECTIONS})
def split(y, ary, indices_or_sections, axis=0):    # y: a list of pieces, d[y] one adjoint per piece
    d[ary] = split_grad(d[y], y, axis)


@adjoint(np.hsplit, nondiff={"indices_or_sections": SECTIONS})
def hsplit(y, ary, indices_or_sections):           # along axis 1, axis 0 of a vector
    d[ary] = split_grad(d[y], y, min(len(np.shape(ary)) - 1, 1))


@adjoint(np.vsplit, nondiff={"indices_or_sections": SECTIONS})
def vsplit(y, ary, indices_or_sections):
    d[ary] = split_grad(d[y], y, 0)


@adjoint(np.dsplit, nondiff={"indices_or_sections": SECTIONS})
def dsplit(y, ary, indices_or_sections):
    d[ary] = split_grad(d[y], y, 2)


@adjoint(np.meshgrid, nondiff={"indexing": "'xy' or 'ij' (a constant)", "sparse": "a flag (the grids' shapes)"},
         constants={"indexing": ("xy", "ij"), "sparse": (False, True), "copy": (False, True)})
def meshgrid(y, x0, x1=None, x2=None, x3=None, copy=True, sparse=False, indexing="xy"):   # at most 4 inputs
    d[x0] = meshgrid_grad(d[y], y, x0, 0, indexing)
    d[x1] = meshgrid_grad(d[y], y, x1, 1, indexing)
    d[x2] = meshgrid_grad(d[y], y, x2, 2, indexing)
    d[x3] = meshgrid_grad(d[y], y, x3, 3, indexing)


@adjoint(np.atleast_1d, np.atleast_2d, np.atleast_3d)
def atleast(y, x):
    d[x] = reshape_grad(d[y], x)


@adjoint(np.tile, nondiff={"reps": "repetition counts (integers)"})
def tile(y, A, reps):
    d[A] = tile_grad(d[y], A, reps)


@adjoint(np.broadcast_to, nondiff={"shape": "the result's shape (integers)", "subok": "a flag (the result's class)"})
def broadcast_to(y, array, shape, subok=False):   # a read-only view: each element of `array` read many times
    d[array] = unbroadcast(d[y], array)


@adjoint(np.repeat, nondiff={"repeats": "repetition counts (integers)"})
def repeat(y, a, repeats, axis=None):
    d[a] = repeat_grad(d[y], a, repeats, axis)


PAD_MODES = ("which padding; 'mean', 'maximum', 'minimum', 'median' (with stat_length=) and 'linear_ramp' (with "
             "end_values=) are covered when written as a constant (frontend/numpy_forms.py writes them as pad_stat); "
             "'empty' is not covered (its borders are uninitialised memory): pad with 'constant' and write the borders "
             "by assignment")


@adjoint(np.pad, nondiff={"pad_width": "widths (integers)", "mode": PAD_MODES},
         constants={"mode": ("constant",) + PAD_COPIES})
def pad(y, array, pad_width, mode="constant", constant_values=0.0):
    d[array] = pad_copies_grad(d[y], array, pad_width, mode)
    d[constant_values] = pad_value_grad(d[y], array, pad_width, constant_values)


# np.pad in modes 'mean', 'maximum', 'minimum', 'median', 'linear_ramp' (frontend/numpy_forms writes it as
# pad_stat; runtime_pad.py)
PAD_STAT = {"pad_width": "widths (integers)", "mode": "which statistic (a constant)", "stat_length": "window lengths (integers)",
            "end_values": REFUSED + "the ramp's end values: covered as values that do not depend on the inputs differentiated; "
                          "pad with 'constant' and add the ramp yourself to differentiate them"}


@adjoint(pad_stat, nondiff=PAD_STAT, constants={"mode": PAD_STATS})
def pad_stat_(y, array, pad_width, mode, stat_length=None, end_values=None):
    d[array] = pad_stat_grad(d[y], array, pad_width, mode, stat_length)

# ---- reordering: flips, rolls, diagonals, triangles, differences ----------------------


@adjoint(np.flip)
def flip(y, m, axis=None):
    d[m] = np.flip(d[y], axis)


@adjoint(np.fliplr)
def fliplr(y, m):
    d[m] = np.fliplr(d[y])


@adjoint(np.flipud)
def flipud(y, m):
    d[m] = np.flipud(d[y])


@adjoint(np.roll, nondiff={"shift": "shifts (integers)"})
def roll(y, a, shift, axis=None):
    d[a] = roll_grad(d[y], shift, axis)


@adjoint(np.diag, nondiff={"k": "a diagonal's offset (an integer)"})
def diag(y, v, k=0):
    d[v] = diag_grad(d[y], v, k)


@adjoint(np.diagflat, nondiff={"k": "a diagonal's offset (an integer)"})
def diagflat(y, v, k=0):
    d[v] = np.reshape(np.diag(d[y], k), np.shape(v))   # v flattened onto the k-th diagonal


@adjoint(np.diagonal, nondiff={"offset": "a diagonal's offset (an integer)", "axis1": "an axis (an integer)",
                               "axis2": "an axis (an integer)"})
def diagonal(y, a, offset=0, axis1=0, axis2=1):
    d[a] = diagonal_grad(d[y], a, offset, axis1, axis2)


@adjoint(np.tril, nondiff={"k": "a diagonal's offset (an integer)"})
def tril(y, m, k=0):
    d[m] = unbroadcast(np.tril(d[y], k), m)   # a vector `m` is tril'd as the rows of a matrix


@adjoint(np.triu, nondiff={"k": "a diagonal's offset (an integer)"})
def triu(y, m, k=0):
    d[m] = unbroadcast(np.triu(d[y], k), m)


@adjoint(np.diff, nondiff={"n": "a count (an integer)"})
def diff(y, a, n=1, axis=-1):
    d[a] = diff_grad(d[y], a, n, axis)

@adjoint(diff_edge, nondiff={"a": "read for its shape only", "axis": "an axis (an integer)"})
def diff_edge_(r, v, a, axis=-1):   # np.diff's prepend=/append= (frontend/diff_edges.py)
    d[v] = unbroadcast(d[r], v)

@adjoint(checked, nondiff={"ok": "the result of a check (frontend/numpy_forms.py)"})
def checked_(y, x, ok):   # x itself, once NumPy's argument check ran (rules/runtime_checks.py)
    d[x] = d[y]

@adjoint(np.ediff1d, nondiff={"to_end": "only None is covered", "to_begin": "only None is covered"},
         constants={"to_end": (None,), "to_begin": (None,)})
def ediff1d(y, ary, to_end=None, to_begin=None):
    d[ary] = ediff1d_grad(d[y], ary)

# ---- products, interpolation, integration, statistics ------------------------------


@adjoint(np.cross, nondiff={"axisa": "an axis (an integer)", "axisb": "an axis (an integer)",
                            "axisc": "an axis (an integer)"})
def cross(c, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    d[a] = cross_grad(d[c], a, b, axisa, axisb, axisc, axis, True)
    d[b] = cross_grad(d[c], a, b, axisa, axisb, axisc, axis, False)


@adjoint(np.kron)
def kron(y, a, b):
    d[a] = kron_grad_left(d[y], a, b)
    d[b] = kron_grad_right(d[y], a, b)


@adjoint(np.cumprod)
def cumprod(y, a, axis=None, dtype=None):
    d[a] = cumprod_grad(d[y], y, a, axis)


@adjoint(np.interp, nondiff={"period": "only None is covered"}, constants={"period": (None,)})
def interp(y, x, xp, fp, left=None, right=None, period=None):
    d[x] = interp_grad_x(d[y], x, xp, fp)
    d[xp] = interp_grad_xp(d[y], x, xp, fp)
    d[fp] = interp_grad_fp(d[y], x, xp, fp, left, right)
    d[left] = interp_grad_bound(d[y], x, xp, False)
    d[right] = interp_grad_bound(d[y], x, xp, True)


@adjoint(*[f for f in (getattr(np, "trapezoid", None), getattr(np, "trapz", None)) if f is not None])
def trapezoid(r, y, x=None, dx=1.0, axis=-1):
    d[y] = trapz_grad_y(d[r], y, x, dx, axis)
    d[x] = trapz_grad_x(d[r], y, x, axis)
    d[dx] = trapz_grad_dx(d[r], y, x, axis)


@adjoint(np.convolve, nondiff={"mode": "one of 'full', 'same', 'valid'"},
         constants={"mode": ("full", "same", "valid")})
def convolve(y, a, v, mode="full"):
    d[a] = convolve_grad(d[y], a, v, mode, True)
    d[v] = convolve_grad(d[y], a, v, mode, False)


@adjoint(np.correlate, nondiff={"mode": "one of 'full', 'same', 'valid'"},
         constants={"mode": ("full", "same", "valid")})
def correlate(y, a, v, mode="valid"):
    d[a] = correlate_grad(d[y], a, v, mode, True)
    d[v] = correlate_grad(d[y], a, v, mode, False)


@adjoint(np.inner)
def inner(y, a, b):
    d[a] = inner_grad(d[y], a, b, True)
    d[b] = inner_grad(d[y], a, b, False)


@adjoint(np.vander, nondiff={"N": "a count of columns (an integer)", "increasing": "a flag"})
def vander(y, x, N=None, increasing=False):
    d[x] = np.sum(d[y] * vander_slope(x, N, increasing), axis=1)


@adjoint(np.bincount, nondiff={"x": "the bins (integers)", "minlength": "a count (an integer)"})
def bincount(y, x, weights=None, minlength=0):
    d[weights] = d[y][x]


@adjoint(np.median, nondiff={"out": "only None is covered", "overwrite_input": "only False is covered"},
         constants={"out": (None,), "overwrite_input": (False,)})
def median(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    d[a] = median_grad(d[y], a, axis, keepdims)


# ``optimize`` chooses only the order of the contractions (the value is the same up to rounding)
EINSUM = {"subscripts": "the subscripts (a string)", "optimize": "the contraction order (a flag or a strategy)"}
EINSUM_FORMS = {"subscripts": str, "optimize": (False, True, "greedy", "optimal")}


@adjoint(np.einsum, nondiff=EINSUM, constants=EINSUM_FORMS)
def einsum(y, subscripts, x0, x1=None, x2=None, x3=None, *, optimize=False):
    d[x0] = einsum_grad(d[y], subscripts, 0, x0, x1, x2, x3)
    d[x1] = einsum_grad(d[y], subscripts, 1, x0, x1, x2, x3)
    d[x2] = einsum_grad(d[y], subscripts, 2, x0, x1, x2, x3)
    d[x3] = einsum_grad(d[y], subscripts, 3, x0, x1, x2, x3)


@adjoint(np.linalg.slogdet)
def slogdet(y, a):
    d[a] = slogdet_grad(d[y], a)


@adjoint(math.erf, "scipy.special.erf")
def erf(y, x):
    d[x] = d[y] * erf_slope(x)


@adjoint(math.erfc, "scipy.special.erfc")
def erfc(y, x):
    d[x] = -d[y] * erf_slope(x)

# np.unwrap adds to p a multiple k * period of the period at each place, k piecewise constant
# in p (it changes where a difference crosses discont): dy/dp = 1, dy/dperiod = k.
UNWRAP = {"discont": "where a jump is cut: changes the result only in steps"}


@adjoint(np.unwrap, nondiff=UNWRAP)
def unwrap(y, p, discont=None, axis=-1, period=6.283185307179586):
    d[p] = d[y]
    d[period] = np.sum(d[y] * np.round((y - p) / period))

INSERT = {"obj": "where to insert (integers)"}
DELETE = {"obj": "which items to delete (integers, a slice or a mask)"}


@adjoint(np.delete, nondiff=DELETE)
def delete(y, arr, obj, axis=None):
    d[arr] = delete_grad(d[y], arr, obj, axis)



@adjoint(np.insert, nondiff=INSERT)
def insert(y, arr, obj, values, axis=None):
    d[arr] = insert_grad_arr(d[y], arr, obj, values, axis)
    d[values] = insert_grad_values(d[y], arr, obj, values, axis)

# ---- writes through index arrays (np.add.at, np.fill_diagonal; see frontend/inplace.py) --


@adjoint(added_at, nondiff={"indices": "indices (integers)", "sign": "a constant +1.0 or -1.0"})
def added_at_(y, a, indices, v, sign=1.0):
    d[a] = d[y]
    d[v] = gathered(d[y], indices, v) * sign


@adjoint(scattered, nondiff={"a": "only its shape and type are read", "indices": "indices (integers)"})
def scattered_(y, a, indices, v):
    d[v] = gathered(d[y], indices, v)


UFUNC_AT = {"indices": "indices (integers)", "op": "which ufunc (a constant name)"}


@adjoint(ufunc_at, nondiff=UFUNC_AT)
def ufunc_at_(y, a, indices, v, op):      # np.maximum.at / minimum / fmax / fmin / multiply (runtime_ufunc_at)
    d[a] = ufunc_at_grad_a(d[y], a, indices, v, op)
    d[v] = ufunc_at_grad_v(d[y], a, indices, v, op)
