"""Reverse rules of the reductions, the shape functions and linear algebra.

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``. Invariant: a reduction's adjoint has its
argument's shape (the helpers of ``runtime.py`` restore the reduced axes), a shape function's
adjoint is the inverse reshaping of ``d[y]``. The forward rules beside these: ``tangents_reductions.py``.
"""
import builtins

import numpy as np

from .registry import adjoint, nondifferentiable
from .runtime import (det_grad, safe_reciprocal, cumsum_grad, extreme_grad, linspace_weights, mean_grad, norm_grad,
                      prod_grad, reshape_grad, solve_grad_a, solve_grad_b, sort_grad, stack_grad, sum_grad, sum_list_grad,
                      trace_grad, transpose_grad, unbroadcast, var_grad)
from .tangent_runtime import sort_tangent
from .runtime_sequences import (seq_extreme_grad, seq_max, seq_min, seq_order, seq_sorted, seq_sorted_grad,
                                tuple_grad)

# ---- reductions -----------------------------------------------------------------


@adjoint(np.sum)
def sum(y, x, axis=None, dtype=None, keepdims=False):    # numpy's order: (a, axis, dtype, out, keepdims)
    d[x] = sum_grad(d[y], x, axis, keepdims)


@adjoint(np.mean)
def mean(y, x, axis=None, dtype=None, keepdims=False):
    d[x] = mean_grad(d[y], x, axis, keepdims)


@adjoint(np.prod)
def prod(y, x, axis=None, dtype=None, keepdims=False):
    d[x] = prod_grad(d[y], y, x, axis, keepdims)


@adjoint(np.max, np.amax, np.min, np.amin)
def max(y, x, axis=None, keepdims=False):
    d[x] = extreme_grad(d[y], y, x, axis, keepdims)


@adjoint(np.nanmax, np.nanmin)
def nanmax(y, a, axis=None, keepdims=False):
    d[a] = extreme_grad(d[y], y, a, axis, keepdims)      # a NaN never equals the extreme: no share


@adjoint(np.var)
def var(y, x, axis=None, dtype=None, ddof=0, keepdims=False):
    d[x] = var_grad(d[y], x, axis, ddof, keepdims)


@adjoint(np.std)
def std(y, x, axis=None, dtype=None, ddof=0, keepdims=False):
    d[x] = var_grad(d[y] * safe_reciprocal(2.0 * y), x, axis, ddof, keepdims)


@adjoint(np.linalg.norm)
def norm(y, x, ord=None, axis=None, keepdims=False):
    d[x] = norm_grad(d[y], y, x, ord, axis, keepdims)


@adjoint(np.sort, nondiff={"kind": "the sorting algorithm"})
def sort(y, x, axis=-1, kind=None):
    d[x] = sort_grad(d[y], x, axis)


# np.partition: y = x[p] for a permutation p the selection chose; ranked, y's k-th smallest value is
# x's, so d[y] read in y's sorted order goes where x's sorted order came from (tied values are
# interchangeable; the positions in y are NumPy's own, as computed)
@adjoint(np.partition, nondiff={"kth": "the positions put in sorted order (integers)", "kind": "the selection algorithm",
                                "order": "only None is covered"}, constants={"order": (None,)})
def partition(y, a, kth, axis=-1, kind="introselect", order=None):
    d[a] = sort_grad(sort_tangent(d[y], y, axis), a, axis)


@adjoint(np.linspace)
def linspace(y, start, stop, num=50, endpoint=True):
    d[start] = unbroadcast(d[y] * (1.0 - linspace_weights(y, endpoint)), start)
    d[stop] = unbroadcast(d[y] * linspace_weights(y, endpoint), stop)


@adjoint(np.logspace)
def logspace(y, start, stop, num=50, endpoint=True, base=10.0):   # base ** linspace(start, stop)
    d[start] = unbroadcast(d[y] * y * np.log(base) * (1.0 - linspace_weights(y, endpoint)), start)
    d[stop] = unbroadcast(d[y] * y * np.log(base) * linspace_weights(y, endpoint), stop)
    d[base] = unbroadcast(d[y] * y * np.linspace(start, stop, num, endpoint) / base, base)


@adjoint(np.arange, nondiff={"stop": "only sets how many points there are"})
def arange(y, start, stop, step=1):
    d[start] = np.sum(d[y])
    d[step] = np.sum(d[y] * np.arange(len(y)))


@adjoint(builtins.sum)
def sum_builtin(y, x, start=0):   # Python's left fold start + x[0] + x[1] + ..., run as written
    d[x] = sum_list_grad(d[y], x)
    d[start] = unbroadcast(d[y], start)


@adjoint(builtins.tuple)
def tuple_builtin(y, iterable):   # the same items in a tuple: each item's adjoint goes back to it
    d[iterable] = tuple_grad(d[y], iterable)


# Python's max/min/sorted of one sequence (frontend/calls.py::sequence_call writes them so;
# runtime_sequences.py): the adjoint goes to the item the builtin picked, resp. put in each place.


@adjoint(seq_max)
def max_of_sequence(y, xs):
    d[xs] = seq_extreme_grad(d[y], xs, True)


@adjoint(seq_min)
def min_of_sequence(y, xs):
    d[xs] = seq_extreme_grad(d[y], xs, False)


@adjoint(seq_sorted)
def sorted_sequence(y, xs):
    d[xs] = seq_sorted_grad(d[y], xs)


# the positions sorted(keys) puts the keys in (frontend/functional.py's sorted(S, key=F)): integers
nondifferentiable(seq_order, reason="the positions `sorted` puts its items in (integers, piecewise constant)")


@adjoint(np.stack)
def stack(y, arrays, axis=0):
    d[arrays] = stack_grad(d[y], axis)


@adjoint(np.cumsum)
def cumsum(y, x, axis=None):
    d[x] = cumsum_grad(d[y], x, axis)


TRACE = {"offset": "which diagonal (an integer)", "axis1": "an axis (an integer)", "axis2": "an axis (an integer)"}


@adjoint(np.trace, nondiff=TRACE)
def trace(y, x, offset=0, axis1=0, axis2=1):
    d[x] = trace_grad(d[y], x, offset, axis1, axis2)

# ---- shapes ---------------------------------------------------------------------


@adjoint(np.transpose)
def transpose(y, x, axes=None):
    d[x] = transpose_grad(d[y], axes)


@adjoint(np.reshape)
def reshape(y, x, shape):
    d[x] = reshape_grad(d[y], x)


@adjoint(np.ravel)
def ravel(y, x):
    d[x] = reshape_grad(d[y], x)


@adjoint(np.squeeze)
def squeeze(y, x, axis=None):
    d[x] = reshape_grad(d[y], x)


@adjoint(np.swapaxes, nondiff={"axis1": "an axis (an integer)", "axis2": "an axis (an integer)"})
def swapaxes(y, x, axis1, axis2):
    d[x] = np.swapaxes(d[y], axis1, axis2)


@adjoint(np.moveaxis, nondiff={"source": "axes (integers)", "destination": "axes (integers)"})
def moveaxis(y, x, source, destination):
    d[x] = np.moveaxis(d[y], destination, source)


@adjoint(np.expand_dims)
def expand_dims(y, x, axis):
    d[x] = reshape_grad(d[y], x)

# ---- linear algebra -------------------------------------------------------------
# Of one matrix or of a stack of matrices: the transposes swap the last two axes only, and
# solve's helpers follow NumPy 2's rule (b is a vector only when 1-d; runtime_linalg).
# (ascontiguousarray: numba's `@` warns on a swapped view of a matrix.)


@adjoint(np.linalg.inv)
def inv(y, x):
    d[x] = -(np.ascontiguousarray(np.swapaxes(y, -1, -2)) @ d[y] @ np.ascontiguousarray(np.swapaxes(y, -1, -2)))


@adjoint(np.linalg.det)
def det(y, x):
    d[x] = det_grad(d[y], y, x)


@adjoint(np.linalg.solve)
def solve(z, a, b):
    d[a] = solve_grad_a(d[z], a, z)
    d[b] = solve_grad_b(d[z], a, b)
