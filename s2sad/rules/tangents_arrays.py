"""Forward (tangent) rules of the array functions of ``grads_arrays.py``, in
the same order: joining, reordering, products and statistics (writes through index arrays:
``tangents_index_writes.py``).

Most of these functions are linear in the argument differentiated, so the tangent is the
function itself applied to the tangent (``t[y] = np.flip(t[m], axis)``); a sequence's
tangent is the list of its pieces' tangents (zeros for pieces that carry none). The
others call the helpers of ``tangent_runtime_arrays.py`` or reuse a reverse helper seeded
with ones, as ``tangents.py`` does for reductions. Parameters the reverse rule covers only
for some constants (``np.pad``'s mode, ``np.interp``'s period...) are checked by the
forward stage against the reverse rule, so both modes refuse the same forms.
"""
import math

import numpy as np

from .forward_registry import tangent
from .grads_arrays import EINSUM, PAD_STAT
from .runtime_pad import pad_stat, pad_stat_grad, pad_stat_tangent
from .registry import nondifferentiable
from .runtime import zeros_like
from .runtime_checks import checked
from .runtime_arrays import (block_tangent, diag_grad, diagonal_grad, diff_edge, diff_grad, join_grad, kron_grad_left,
                             kron_grad_right, pad_grad, pad_value_grad, repeat_grad, roll_grad, tile_grad,
                             zeros_pieces)
from .runtime_index_writes import gathered
from .runtime_pieces import meshgrid_tangent
from .runtime_numeric import erf_slope, interp_grad_x, median_grad, trapz_grad_dx, vander_slope
from .tangent_runtime import ones_like
from .tangent_runtime_arrays import (cumprod_tangent, interp_tangent_bound, interp_tangent_fp,
                                     interp_tangent_xp, slogdet_tangent)

_trapezoid = getattr(np, "trapezoid", None) or np.trapz

# ---- joining and splitting arrays --------------------------------------------------


@tangent(np.concatenate, nondiff={"out": "only None is covered"})
def concatenate(y, arrays, axis=0, out=None, dtype=None):
    t[y] = np.concatenate(t[arrays], axis)


@tangent(np.hstack)
def hstack(y, tup, dtype=None):
    t[y] = np.hstack(t[tup])


@tangent(np.append)
def append(y, arr, values, axis=None):
    t[y] = np.append(t[arr], t[values], axis)


@tangent(np.block)
def block(y, arrays):
    t[y] = block_tangent(t[arrays], arrays)


@tangent(np.vstack)
def vstack(y, tup, dtype=None):
    t[y] = np.vstack(t[tup])


@tangent(np.dstack)
def dstack(y, tup):
    t[y] = np.dstack(t[tup])


@tangent(np.column_stack)
def column_stack(y, tup):
    t[y] = np.column_stack(t[tup])


SECTIONS = "where to cut (a count of equal pieces or the indices of the cuts: integers)"


@tangent(np.split, nondiff={"indices_or_sections": SECTIONS})
def split(y, ary, indices_or_sections, axis=0):
    t[y] = np.split(t[ary], indices_or_sections, axis)


@tangent(np.array_split, nondiff={"indices_or_sections": SECTIONS})
def array_split(y, ary, indices_or_sections, axis=0):
    t[y] = np.array_split(t[ary], indices_or_sections, axis)


@tangent(np.hsplit, nondiff={"indices_or_sections": SECTIONS})
def hsplit(y, ary, indices_or_sections):
    t[y] = np.hsplit(t[ary], indices_or_sections)


@tangent(np.vsplit, nondiff={"indices_or_sections": SECTIONS})
def vsplit(y, ary, indices_or_sections):
    t[y] = np.vsplit(t[ary], indices_or_sections)


@tangent(np.dsplit, nondiff={"indices_or_sections": SECTIONS})
def dsplit(y, ary, indices_or_sections):
    t[y] = np.dsplit(t[ary], indices_or_sections)


@tangent(np.meshgrid, nondiff={"indexing": "'xy' or 'ij' (a constant)", "sparse": "a flag (the grids' shapes)"})
def meshgrid(y, x0, x1=None, x2=None, x3=None, copy=True, sparse=False, indexing="xy"):   # one term: a tuple
    t[y] = meshgrid_tangent(t[x0], t[x1], t[x2], t[x3], y, indexing)


@tangent(np.tile, nondiff={"reps": "repetition counts (integers)"})
def tile(y, A, reps):
    t[y] = np.tile(t[A], reps)


@tangent(np.broadcast_to, nondiff={"shape": "the result's shape (integers)", "subok": "a flag (the result's class)"})
def broadcast_to(y, array, shape, subok=False):   # a new array: the tangent may be written after
    t[y] = t[array] * np.ones(shape)


@tangent(np.repeat, nondiff={"repeats": "repetition counts (integers)"})
def repeat(y, a, repeats, axis=None):
    t[y] = np.repeat(t[a], repeats, axis)


@tangent(np.pad, nondiff={"pad_width": "widths (integers)", "mode": "which padding (a constant)"})
def pad(y, array, pad_width, mode="constant", constant_values=0.0):
    t[y] = np.pad(t[array], pad_width, mode) + np.pad(zeros_like(array), pad_width, constant_values=t[constant_values])


@tangent(pad_stat, nondiff=PAD_STAT)
def pad_stat_(y, array, pad_width, mode, stat_length=None, end_values=None):
    t[y] = pad_stat_tangent(t[array], array, pad_width, mode, stat_length)


@tangent(pad_stat_grad, nondiff=dict({k: v for k, v in PAD_STAT.items() if k != "end_values"}, x="read for the weights: 1 / length, the ramps, or which elements "
                                     "attain the extreme or the median (piecewise constant)"))
def pad_stat_grad_(r, g, x, pad_width, mode, stat_length=None):    # linear in g
    t[r] = pad_stat_grad(t[g], x, pad_width, mode, stat_length)

# ---- reordering: flips, rolls, diagonals, triangles, differences ----------------------


@tangent(np.flip)
def flip(y, m, axis=None):
    t[y] = np.flip(t[m], axis)


@tangent(np.fliplr)
def fliplr(y, m):
    t[y] = np.fliplr(t[m])


@tangent(np.flipud)
def flipud(y, m):
    t[y] = np.flipud(t[m])


@tangent(np.roll, nondiff={"shift": "shifts (integers)"})
def roll(y, a, shift, axis=None):
    t[y] = np.roll(t[a], shift, axis)


@tangent(np.diag, nondiff={"k": "a diagonal's offset (an integer)"})
def diag(y, v, k=0):
    t[y] = np.diag(t[v], k)


@tangent(np.diagflat, nondiff={"k": "a diagonal's offset (an integer)"})
def diagflat(y, v, k=0):
    t[y] = np.diagflat(t[v], k)


@tangent(np.diagonal, nondiff={"offset": "a diagonal's offset (an integer)", "axis1": "an axis (an integer)",
                               "axis2": "an axis (an integer)"})
def diagonal(y, a, offset=0, axis1=0, axis2=1):
    t[y] = np.diagonal(t[a], offset, axis1, axis2)


@tangent(np.tril, nondiff={"k": "a diagonal's offset (an integer)"})
def tril(y, m, k=0):
    t[y] = np.tril(t[m], k)


@tangent(np.triu, nondiff={"k": "a diagonal's offset (an integer)"})
def triu(y, m, k=0):
    t[y] = np.triu(t[m], k)


@tangent(np.diff, nondiff={"n": "a count (an integer)"})
def diff(y, a, n=1, axis=-1):
    t[y] = np.diff(t[a], n, axis)


@tangent(diff_edge, nondiff={"a": "read for its shape only", "axis": "an axis (an integer)"})
def diff_edge_(r, v, a, axis=-1):
    t[r] = diff_edge(t[v], a, axis)

@tangent(checked, nondiff={"ok": "the result of a check (frontend/numpy_forms.py)"})
def checked_(y, x, ok):
    t[y] = t[x]

@tangent(np.ediff1d, nondiff={"to_end": "only None is covered", "to_begin": "only None is covered"})
def ediff1d(y, ary, to_end=None, to_begin=None):
    t[y] = np.ediff1d(t[ary])

# ---- products, interpolation, integration, statistics ------------------------------


@tangent(np.cross, nondiff={"axisa": "an axis (an integer)", "axisb": "an axis (an integer)",
                            "axisc": "an axis (an integer)"})
def cross(c, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    t[c] = np.cross(t[a], b, axisa, axisb, axisc, axis) + np.cross(a, t[b], axisa, axisb, axisc, axis)


@tangent(np.kron)
def kron(y, a, b):
    t[y] = np.kron(t[a], b) + np.kron(a, t[b])


@tangent(np.cumprod)
def cumprod(y, a, axis=None, dtype=None):
    t[y] = cumprod_tangent(t[a], a, axis)


@tangent(np.interp, nondiff={"period": "only None is covered"})
def interp(y, x, xp, fp, left=None, right=None, period=None):
    t[y] = t[x] * interp_grad_x(ones_like(y), x, xp, fp) \
        + interp_tangent_xp(t[xp], x, xp, fp) + interp_tangent_fp(t[fp], x, xp, left, right) \
        + interp_tangent_bound(t[left], x, xp, False) + interp_tangent_bound(t[right], x, xp, True)


@tangent(*[f for f in (getattr(np, "trapezoid", None), getattr(np, "trapz", None)) if f is not None])
def trapezoid(r, y, x=None, dx=1.0, axis=-1):
    t[r] = _trapezoid(t[y], x, dx, axis) + _trapezoid(y, t[x], 1.0, axis) \
        + t[dx] * trapz_grad_dx(ones_like(r), y, x, axis)


@tangent(np.convolve, nondiff={"mode": "one of 'full', 'same', 'valid'"})
def convolve(y, a, v, mode="full"):
    t[y] = np.convolve(t[a], v, mode) + np.convolve(a, t[v], mode)


@tangent(np.correlate, nondiff={"mode": "one of 'full', 'same', 'valid'"})
def correlate(y, a, v, mode="valid"):
    t[y] = np.correlate(t[a], v, mode) + np.correlate(a, t[v], mode)


@tangent(np.inner)
def inner(y, a, b):
    t[y] = np.inner(t[a], b) + np.inner(a, t[b])


@tangent(np.vander, nondiff={"N": "a count of columns (an integer)", "increasing": "a flag"})
def vander(y, x, N=None, increasing=False):
    t[y] = np.expand_dims(t[x], 1) * vander_slope(x, N, increasing)


@tangent(np.bincount, nondiff={"x": "the bins (integers)", "minlength": "a count (an integer)"})
def bincount(y, x, weights=None, minlength=0):
    t[y] = np.bincount(x, t[weights], minlength)


@tangent(np.median, nondiff={"out": "only None is covered", "overwrite_input": "only False is covered"})
def median(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    t[y] = np.sum(t[a] * median_grad(ones_like(y), a, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.einsum, nondiff=EINSUM)
def einsum(y, subscripts, x0, x1=None, x2=None, x3=None, *, optimize=False):
    # multilinear: operand k's tangent in its place (operands the call leaves out are left out here too)
    t[y] = np.einsum(subscripts, t[x0], x1, x2, x3) + np.einsum(subscripts, x0, t[x1], x2, x3) \
        + np.einsum(subscripts, x0, x1, t[x2], x3) + np.einsum(subscripts, x0, x1, x2, t[x3])


@tangent(np.linalg.slogdet)
def slogdet(y, a):
    t[y] = slogdet_tangent(t[a], a)


@tangent(math.erf, "scipy.special.erf")
def erf(y, x):
    t[y] = t[x] * erf_slope(x)


@tangent(math.erfc, "scipy.special.erfc")
def erfc(y, x):
    t[y] = -t[x] * erf_slope(x)

# ---- the reverse helpers, for hvp (forward over reverse) --------------------------------
# Each is linear in the incoming gradient `g`; the other arguments are read for their shape
# or select positions (piecewise constant). The rules of add_pieces, einsum_grad and
# last_write_grad are in tangents_adjoint.py; those of the helpers that also depend smoothly on a
# primal value in tangents_adjoint_more.py and tangents_adjoint_linalg.py.


@tangent(join_grad, nondiff={"xs": "read for its shape only", "kind": "which join (a string)"})
def join_grad_(r, g, xs, axis=0, kind="concatenate"):
    t[r] = join_grad(t[g], xs, axis, kind)


@tangent(tile_grad, nondiff={"x": "read for its shape only", "reps": "repetition counts (integers)"})
def tile_grad_(r, g, x, reps):
    t[r] = tile_grad(t[g], x, reps)


@tangent(repeat_grad, nondiff={"x": "read for its shape only", "repeats": "repetition counts (integers)"})
def repeat_grad_(r, g, x, repeats, axis=None):
    t[r] = repeat_grad(t[g], x, repeats, axis)


@tangent(pad_grad, nondiff={"x": "read for its shape only", "pad_width": "widths (integers)"})
def pad_grad_(r, g, x, pad_width):
    t[r] = pad_grad(t[g], x, pad_width)


@tangent(pad_value_grad, nondiff={"x": "read for its shape only", "pad_width": "widths (integers)",
                                  "value": "read for its shape only"})
def pad_value_grad_(r, g, x, pad_width, value):
    t[r] = pad_value_grad(t[g], x, pad_width, value)


@tangent(roll_grad, nondiff={"shift": "shifts (integers)"})
def roll_grad_(r, g, shift, axis=None):
    t[r] = roll_grad(t[g], shift, axis)


@tangent(diag_grad, nondiff={"v": "read for its shape only", "k": "a diagonal's offset (an integer)"})
def diag_grad_(r, g, v, k=0):
    t[r] = diag_grad(t[g], v, k)


@tangent(diagonal_grad, nondiff={"a": "read for its shape only", "offset": "a diagonal's offset (an integer)",
                                  "axis1": "an axis (an integer)", "axis2": "an axis (an integer)"})
def diagonal_grad_(r, g, a, offset=0, axis1=0, axis2=1):
    t[r] = diagonal_grad(t[g], a, offset, axis1, axis2)


@tangent(kron_grad_left, nondiff={"a": "read for its shape only"})   # bilinear in g and b
def kron_grad_left_(r, g, a, b):
    t[r] = kron_grad_left(t[g], a, b) + kron_grad_left(g, a, t[b])


@tangent(kron_grad_right, nondiff={"b": "read for its shape only"})  # bilinear in g and a
def kron_grad_right_(r, g, a, b):
    t[r] = kron_grad_right(t[g], a, b) + kron_grad_right(g, t[a], b)


@tangent(diff_grad, nondiff={"x": "read for its shape only", "n": "a count (an integer)"})
def diff_grad_(r, g, x, n=1, axis=-1):
    t[r] = diff_grad(t[g], x, n, axis)


@tangent(gathered, nondiff={"indices": "indices (integers)", "v": "read for its shape only"})
def gathered_(r, g, indices, v):
    t[r] = gathered(t[g], indices, v)


@tangent(median_grad, nondiff={"x": "which elements are the middle ones: piecewise constant"})
def median_grad_(r, g, x, axis=None, keepdims=False):
    t[r] = median_grad(t[g], x, axis, keepdims)


@tangent(erf_slope)      # d/dx (2/sqrt(pi) exp(-x^2)) = -2 x erf_slope(x)
def erf_slope_(y, x):
    t[y] = -2.0 * t[x] * x * y


@tangent(np.unwrap, nondiff={"discont": "where a jump is cut: changes the result only in steps"})
def unwrap(y, p, discont=None, axis=-1, period=6.283185307179586):
    t[y] = t[p] + t[period] * np.round((y - p) / period)


@tangent(np.delete, nondiff={"obj": "which items to delete (integers, a slice or a mask)"})
def delete(y, arr, obj, axis=None):
    t[y] = np.delete(t[arr], obj, axis)


@tangent(np.insert, nondiff={"obj": "where to insert (integers)"})
def insert(y, arr, obj, values, axis=None):
    t[y] = np.insert(t[arr], obj, t[values], axis=axis)


nondifferentiable(zeros_pieces, reason="zeros shaped like the pieces of its argument")
