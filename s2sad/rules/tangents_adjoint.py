"""Forward rules for what a generated adjoint calls: the run-time helpers
(``unbroadcast``, ``sum_grad``, ``einsum_grad``, ``last_write_grad``...) and ``pop``/``added_at``, the forms the tape
operations take when an adjoint is itself differentiated. With them forward mode
runs over reverse-mode code: that is ``hvp``, ``hessian`` and ``grad(grad(f))``.

Same template style as ``tangents.py``. Each helper is linear in the incoming
gradient ``g``; where it also depends smoothly on a primal value, the rule has that
term too; a parameter read only for its shape, or on which the helper is piecewise
constant, says so (``nondiff=``), and a differentiated value reaching any other is
refused. The helpers with no forward rule yet are listed in ``NO_FORWARD_RULE`` with why (hvp
through them is refused with the line); ``tests/rules/test_helper_tangents.py`` enumerates every
helper a reverse rule calls or a transform emits and fails for one with neither.
"""
import numpy as np

from .forward_registry import tangent
from .registry import nondifferentiable
from .runtime import (logaddexp_share, safe_reciprocal, det_grad, clip_bound_mask, clip_mask, cumsum_grad, dot_grad_left, dot_grad_right, extreme_grad,
                      linspace_weights, mean_grad, norm_grad, outer_grad_left, outer_grad_right, prod_grad,
                      reshape_grad, safe_log, solve_grad_a, solve_grad_a_da, solve_grad_b, solve_grad_b_da, sort_grad, stack_grad, sum_grad, sum_list_grad,
                      trace_grad, transpose_grad, unbroadcast, var_grad, zeros_like)
from .runtime_arrays import add_pieces, append_grad, block_grad
from .runtime_index_writes import last_write_grad
from .runtime_decomp import (dist_grad, gradient_grad, gradient_grad_spacing, pad_copies_grad,
                             take_along_axis_grad)
from .runtime_linalg import tensordot_grad
from .runtime_numeric import convolve_grad, correlate_grad, cross_grad, einsum_grad, inner_grad, slogdet_grad
from .tangent_runtime_arrays import slogdet_grad_tangent
from .runtime_stats import accumulate_extreme_grad, add_reduceat_grad, nanmean_grad
from .runtime_ieee import zero_nan
from .schedule import param_snapshot, snapshot
from .runtime_pieces import delete_grad, divmod_grad, modf_grad, ediff1d_grad, insert_grad_arr, insert_grad_values, meshgrid_grad, split_grad
from .runtime_sequences import seq_extreme_grad, seq_extreme_tangent, seq_sorted_grad, seq_sorted_tangent, tuple_grad
from .tangent_runtime import det_grad_tangent, added_at, norm_grad_dx, norm_grad_dy, pop, prod_grad_dx, prod_grad_dy, sort_tangent


@tangent(pop)
def pop_(y, lst):
    t[y] = pop(t[lst])


@tangent(snapshot)    # a tape push of a value of unknown kind: a copy, linear
def snapshot_(y, x):
    t[y] = snapshot(t[x])


@tangent(param_snapshot)    # a parameter's copy on entry (a tuple's as a list): linear
def param_snapshot_(y, x):
    t[y] = param_snapshot(t[x])


@tangent(added_at, nondiff={"idx": "an index"})
def added_at_(r, b, idx, g):
    t[r] = added_at(t[b], idx, t[g])


@tangent(safe_reciprocal)
def safe_reciprocal_(z, y):
    t[z] = -t[y] * z * z  # z = 1 / y, and 0 (a constant) where y == 0


@tangent(logaddexp_share)
def logaddexp_share_(w, x, y):
    t[w] = (t[x] - t[y]) * w * (1.0 - w)     # w = sigmoid(x - y)


@tangent(det_grad, nondiff={"y": "det(x), which the rule differentiates through x"})
def det_grad_(z, g, y, x):
    t[z] = det_grad_tangent(t[g], t[x], g, y, x)


@tangent(unbroadcast, nondiff={"x": "read for its shape only"})
def unbroadcast_(y, g, x):
    t[y] = unbroadcast(t[g], x)


@tangent(sum_grad, nondiff={"x": "read for its shape only"})
def sum_grad_(y, g, x, axis=None, keepdims=False):
    t[y] = sum_grad(t[g], x, axis, keepdims)


@tangent(mean_grad, nondiff={"x": "read for its shape only"})
def mean_grad_(y, g, x, axis=None, keepdims=False):
    t[y] = mean_grad(t[g], x, axis, keepdims)


@tangent(prod_grad)
def prod_grad_(r, g, y, x, axis=None, keepdims=False):
    t[r] = prod_grad(t[g], y, x, axis, keepdims) + prod_grad_dy(g, t[y], x, axis, keepdims) \
        + prod_grad_dx(g, y, x, t[x], axis, keepdims)


@tangent(extreme_grad, nondiff={"y": "which elements attain the extreme: piecewise constant",
                                "x": "which elements attain the extreme: piecewise constant"})
def extreme_grad_(r, g, y, x, axis=None, keepdims=False):
    t[r] = extreme_grad(t[g], y, x, axis, keepdims)


@tangent(var_grad)       # bilinear in g and x
def var_grad_(r, g, x, axis=None, ddof=0, keepdims=False):
    t[r] = var_grad(t[g], x, axis, ddof, keepdims) + var_grad(g, t[x], axis, ddof, keepdims)


@tangent(norm_grad)
def norm_grad_(r, g, y, x, ord=None, axis=None, keepdims=False):
    t[r] = norm_grad(t[g], y, x, ord, axis, keepdims) + norm_grad_dx(g, y, x, t[x], ord, axis, keepdims) \
        + norm_grad_dy(g, y, x, t[y], ord, axis, keepdims)


@tangent(dot_grad_left, nondiff={"a": "read for its shape only", "stacks": "a flag"})  # bilinear in g, b
def dot_grad_left_(r, g, a, b, stacks=True):
    t[r] = dot_grad_left(t[g], a, b, stacks) + dot_grad_left(g, a, t[b], stacks)


@tangent(dot_grad_right, nondiff={"b": "read for its shape only", "stacks": "a flag"})
def dot_grad_right_(r, g, a, b, stacks=True):
    t[r] = dot_grad_right(t[g], a, b, stacks) + dot_grad_right(g, t[a], b, stacks)


@tangent(outer_grad_left, nondiff={"a": "read for its shape only"})
def outer_grad_left_(r, g, a, b):
    t[r] = outer_grad_left(t[g], a, b) + outer_grad_left(g, a, t[b])


@tangent(outer_grad_right, nondiff={"b": "read for its shape only"})
def outer_grad_right_(r, g, a, b):
    t[r] = outer_grad_right(t[g], a, b) + outer_grad_right(g, t[a], b)


@tangent(sum_list_grad, nondiff={"x": "read for its shape only"})
def sum_list_grad_(r, g, x):
    t[r] = sum_list_grad(t[g], x)


@tangent(stack_grad)
def stack_grad_(r, g, axis=0):
    t[r] = stack_grad(t[g], axis)


@tangent(transpose_grad)
def transpose_grad_(r, g, axes=None):
    t[r] = transpose_grad(t[g], axes)


@tangent(reshape_grad, nondiff={"x": "read for its shape only"})
def reshape_grad_(r, g, x):
    t[r] = reshape_grad(t[g], x)


@tangent(cumsum_grad, nondiff={"x": "read for its shape only"})
def cumsum_grad_(r, g, x, axis=None):
    t[r] = cumsum_grad(t[g], x, axis)


@tangent(trace_grad, nondiff={"x": "read for its shape only", "offset": "which diagonal (an integer)",
                              "axis1": "an axis (an integer)", "axis2": "an axis (an integer)"})
def trace_grad_(r, g, x, offset=0, axis1=0, axis2=1):
    t[r] = trace_grad(t[g], x, offset, axis1, axis2)


@tangent(solve_grad_a)   # -(a^-T g) z^T, of each matrix, summed to a's shape
def solve_grad_a_(r, g, a, z):
    t[r] = solve_grad_a(t[g], a, z) + solve_grad_a(g, a, t[z]) + solve_grad_a_da(t[a], g, a, z)


@tangent(solve_grad_b, nondiff={"b": "read for its shape only"})   # a^-T g, summed to b's shape
def solve_grad_b_(r, g, a, b):
    t[r] = solve_grad_b(t[g], a, b) + solve_grad_b_da(t[a], g, a, b)


@tangent(sort_grad, nondiff={"x": "where each value goes: piecewise constant"})
def sort_grad_(r, g, x, axis=-1):
    t[r] = sort_grad(t[g], x, axis)


@tangent(sort_tangent, nondiff={"x": "the order it reads: piecewise constant"})
def sort_tangent_(r, g, x, axis=-1):    # np.partition's adjoint reads it (hvp)
    t[r] = sort_tangent(t[g], x, axis)


@tangent(safe_log)       # log(x) where x > 0, else 0
def safe_log_(y, x):
    t[y] = t[x] / np.where(x > 0, x, np.inf)


@tangent(append_grad, nondiff={"arr": "read for its shape only", "values": "read for its shape only",
                               "left": "which operand (a flag)"})
def append_grad_(r, g, arr, values, axis=None, left=True):
    t[r] = append_grad(t[g], arr, values, axis, left)


@tangent(block_grad, nondiff={"arrays": "read for its shape only"})
def block_grad_(r, g, arrays):
    t[r] = block_grad(t[g], arrays)


@tangent(correlate_grad, nondiff={"mode": "one of 'full', 'same', 'valid'", "left": "which signal (a flag)"})
def correlate_grad_(r, g, a, v, mode="valid", left=True):   # linear in g and in the other signal
    t[r] = correlate_grad(t[g], a, v, mode, left) + correlate_grad(g, t[a], t[v], mode, left)


@tangent(convolve_grad, nondiff={"mode": "one of 'full', 'same', 'valid'", "left": "which signal (a flag)"})
def convolve_grad_(r, g, a, v, mode="full", left=True):   # linear in g and in the other signal
    t[r] = convolve_grad(t[g], a, v, mode, left) + convolve_grad(g, t[a], t[v], mode, left)


@tangent(cross_grad, nondiff={"axisa": "an axis", "axisb": "an axis", "axisc": "an axis", "axis": "an axis",
                              "left": "which vector (a flag)"})
def cross_grad_(r, g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, left=True):   # linear in g and in the other vector
    t[r] = cross_grad(t[g], a, b, axisa, axisb, axisc, axis, left) + \
        cross_grad(g, t[a], t[b], axisa, axisb, axisc, axis, left)


@tangent(tensordot_grad, nondiff={"axes": "the contracted axes", "left": "which operand (a flag)"})
def tensordot_grad_(r, g, a, b, axes=2, left=True):   # linear in g and in the other operand
    t[r] = tensordot_grad(t[g], a, b, axes, left) + tensordot_grad(g, t[a], t[b], axes, left)


@tangent(slogdet_grad)
def slogdet_grad_(r, g, x):    # g[1] inv(x)^T: its derivative along x is -g[1] (inv t[x] inv)^T
    t[r] = slogdet_grad_tangent(t[g], t[x], g, x)


@tangent(inner_grad, nondiff={"left": "which operand (a flag)"})
def inner_grad_(r, g, a, b, left=True):    # linear in g and in the other operand
    t[r] = inner_grad(t[g], a, b, left) + inner_grad(g, t[a], t[b], left)


# zeros of an adjoint, masks and fixed weights carry no derivative
nondifferentiable(zeros_like, reason="zeros shaped like its argument")
nondifferentiable(clip_mask, clip_bound_mask, reason="a 0/1 mask: piecewise constant")
nondifferentiable(linspace_weights, reason="fixed weights: only the shape of its argument is read")


# ---- the array rules' helpers that are linear in the incoming gradient ------------------------
@tangent(last_write_grad, nondiff={"idx": "an index"})
def last_write_grad_(r, b, idx):
    t[r] = last_write_grad(t[b], idx)


@tangent(add_pieces)
def add_pieces_(r, a, b):
    t[r] = add_pieces(t[a], t[b])


@tangent(einsum_grad, nondiff={"subscripts": "the subscripts (a string)", "k": "which operand (an integer)"})
def einsum_grad_(r, g, subscripts, k, x0, x1=None, x2=None, x3=None):
    # linear in every operand but k, which it reads only for its shape: operand j's part is the same gradient
    # with t[xj] in xj's place, and none for j == k (dropped where the rule is filled in, k a constant). The
    # adjoint's own einsum_grad calls have these argument types: one compiled einsum_grad serves both
    t[r] = einsum_grad(t[g], subscripts, k, x0, x1, x2, x3) \
        + (einsum_grad(g, subscripts, k, t[x0], x1, x2, x3) if k != 0 else 0.0) \
        + (einsum_grad(g, subscripts, k, x0, t[x1], x2, x3) if k != 1 else 0.0) \
        + (einsum_grad(g, subscripts, k, x0, x1, t[x2], x3) if k != 2 else 0.0) \
        + (einsum_grad(g, subscripts, k, x0, x1, x2, t[x3]) if k != 3 else 0.0)


@tangent(zero_nan, nondiff={"g": "only where it is 0 is read: piecewise constant"})
def zero_nan_(r, g, v):     # (an entry left out: its tangent is 0 too, not 0 * nan)
    t[r] = zero_nan(g, t[v])


@tangent(nanmean_grad, nondiff={"x": "which entries are NaN, and their count: piecewise constant"})
def nanmean_grad_(r, g, x, axis=None, keepdims=False):
    t[r] = nanmean_grad(t[g], x, axis, keepdims)


@tangent(add_reduceat_grad, nondiff={"array": "read for its shape only", "indices": "where the segments start (integers)"})
def add_reduceat_grad_(r, g, array, indices, axis=0):
    t[r] = add_reduceat_grad(t[g], array, indices, axis)


@tangent(accumulate_extreme_grad, nondiff={"x": "which element holds the running extreme: piecewise constant",
                                           "largest": "a flag", "skip_nan": "a flag"})
def accumulate_extreme_grad_(r, g, x, axis=0, largest=True, skip_nan=False):
    t[r] = accumulate_extreme_grad(t[g], x, axis, largest, skip_nan)


@tangent(take_along_axis_grad, nondiff={"arr": "read for its shape only", "indices": "indices (integers)"})
def take_along_axis_grad_(r, g, arr, indices, axis=-1):
    t[r] = take_along_axis_grad(t[g], arr, indices, axis)


@tangent(pad_copies_grad, nondiff={"x": "read for its shape only", "pad_width": "widths (integers)",
                                   "mode": "which padding (a constant)"})
def pad_copies_grad_(r, g, x, pad_width, mode="constant"):
    t[r] = pad_copies_grad(t[g], x, pad_width, mode)


GRADIENT_SHAPES = {"y": "read for its shape only", "f": "read for its shape only",
                   "edge_order": "the order of the one-sided differences (1 or 2)"}


@tangent(gradient_grad, nondiff=GRADIENT_SHAPES)   # linear in g, and in 1/spacing
def gradient_grad_(r, g, y, f, spacing=1.0, axis=None, edge_order=1):
    t[r] = gradient_grad(t[g], y, f, spacing, axis, edge_order) - r * (t[spacing] * safe_reciprocal(spacing))


@tangent(gradient_grad_spacing, nondiff={"f": "read for its shape only",
                                         "edge_order": "the order of the one-sided differences (1 or 2)"})
def gradient_grad_spacing_(r, g, y, f, spacing=1.0, axis=None, edge_order=1):   # -sum(g * y) / spacing
    t[r] = gradient_grad_spacing(t[g], y, f, spacing, axis, edge_order) \
        + gradient_grad_spacing(g, t[y], f, spacing, axis, edge_order) - r * (t[spacing] * safe_reciprocal(spacing))


@tangent(dist_grad)    # g (p - q) / y
def dist_grad_(r, g, y, p, q):
    t[r] = dist_grad(t[g], y, p, q) + dist_grad(g, y, t[p], t[q]) - r * (t[y] * safe_reciprocal(y))


# A reverse helper with no forward rule would be listed here with why it needs more than applying
# itself to the tangent: hvp (forward over reverse) through it is refused with a located
# NoDerivativeError (analyses/forward_activity._own_helper_message), never guessed; tests/rules/
# test_helper_tangents.py fails for a helper an adjoint can call that has neither a rule nor a line
# here. None is left: the rules of the linear-algebra, statistics and np.polyfit helpers are in
# tangents_adjoint_linalg.py. The LU helpers (stop 57) are the exception: their tangents need the
# second derivative of the factorisation, not written yet.
NO_FORWARD_RULE = {"lu_factor_grad": "the tangent of the LU factors' adjoint needs their second derivative",
                   "lu_solve_grad_lu": "the tangent of lu_solve's adjoint in `lu` needs the LU factors' second derivative"}


# ---- the helpers of runtime_sequences.py: linear in the adjoint (the tangent), the items read
# only to find which one was picked (piecewise constant)
PICKS = "read only to find which item is picked, resp. the order (piecewise constant)"


@tangent(seq_extreme_grad, nondiff={"xs": PICKS, "largest": "which extreme (a flag)"})
def seq_extreme_grad_(r, g, xs, largest):
    t[r] = seq_extreme_grad(t[g], xs, largest)


@tangent(seq_extreme_tangent, nondiff={"xs": PICKS, "largest": "which extreme (a flag)"})
def seq_extreme_tangent_(r, t_, xs, largest):
    t[r] = seq_extreme_tangent(t[t_], xs, largest)


@tangent(tuple_grad, nondiff={"xs": "read for its shape only"})
def tuple_grad_(r, g, xs):
    t[r] = tuple_grad(t[g], xs)


@tangent(seq_sorted_grad, nondiff={"xs": PICKS})
def seq_sorted_grad_(r, g, xs):
    t[r] = seq_sorted_grad(t[g], xs)


@tangent(seq_sorted_tangent, nondiff={"xs": PICKS})
def seq_sorted_tangent_(r, t_, xs):
    t[r] = seq_sorted_tangent(t[t_], xs)


@tangent(delete_grad, nondiff={"arr": "read for its shape only", "obj": "which items were deleted"})
def delete_grad_(r, g, arr, obj, axis=None):
    t[r] = delete_grad(t[g], arr, obj, axis)


@tangent(insert_grad_arr, nondiff={"arr": "read for its shape only", "obj": "where to insert (integers)",
                                   "values": "read for its shape only"})
def insert_grad_arr_(r, g, arr, obj, values, axis=None):
    t[r] = insert_grad_arr(t[g], arr, obj, values, axis)


@tangent(insert_grad_values, nondiff={"arr": "read for its shape only", "obj": "where to insert (integers)",
                                      "values": "read for its shape only"})
def insert_grad_values_(r, g, arr, obj, values, axis=None):
    t[r] = insert_grad_values(t[g], arr, obj, values, axis)


# ---- the helpers of runtime_pieces.py that are linear in the adjoint and read the primal only for shapes
@tangent(split_grad, nondiff={"y": "the pieces: read for their shapes only"})
def split_grad_(r, g, y, axis):
    t[r] = split_grad(t[g], y, axis)


@tangent(meshgrid_grad, nondiff={"y": "the grids: read for their shapes only", "x": "read for its shape only",
                                 "k": "which input (an integer)", "indexing": "'xy' or 'ij'"})
def meshgrid_grad_(r, g, y, x, k, indexing="xy"):
    t[r] = meshgrid_grad(t[g], y, x, k, indexing)


@tangent(ediff1d_grad, nondiff={"ary": "read for its shape only"})
def ediff1d_grad_(r, g, ary):
    t[r] = ediff1d_grad(t[g], ary)


@tangent(divmod_grad, nondiff={"z": "the quotient (piecewise constant) and the remainder's shape",
                               "left": "which operand (a flag)"})
def divmod_grad_(r, g, z, left):
    t[r] = divmod_grad(t[g], z, left)


@tangent(modf_grad, nondiff={"z": "the integral part (piecewise constant) and the fractional part's shape"})
def modf_grad_(r, g, z):
    t[r] = modf_grad(t[g], z)
