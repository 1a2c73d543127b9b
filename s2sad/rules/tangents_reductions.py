"""Forward (tangent) rules of the reductions, the shape functions and linear algebra,
in the order of ``grads_reductions.py``.

Part of the forward table (``tangents.py`` imports the parts in order). Each rule is a
template, result first; ``t[v]`` is the tangent of ``v``. Invariant: each term is linear in
the one tangent it reads; reductions that have no closed tangent reuse their reverse helper
seeded with ones.
"""
import builtins

import numpy as np

from .forward_registry import tangent
from .runtime import (safe_reciprocal, extreme_grad, linspace_weights, norm_grad, prod_grad, solve_tangent_a,
                      solve_tangent_b, sort_grad, var_grad)
from .runtime_sequences import seq_extreme_tangent, seq_max, seq_min, seq_sorted, seq_sorted_tangent, tuple_tangent
from .tangent_runtime import det_tangent, ones_like, sort_tangent

# ---- reductions -----------------------------------------------------------------



@tangent(np.sum)
def np_sum(y, x, axis=None, dtype=None, keepdims=False):
    t[y] = np.sum(t[x], axis=axis, keepdims=keepdims)


@tangent(np.mean)
def mean(y, x, axis=None, dtype=None, keepdims=False):
    t[y] = np.mean(t[x], axis=axis, keepdims=keepdims)


@tangent(np.prod)
def prod(y, x, axis=None, dtype=None, keepdims=False):
    t[y] = np.sum(t[x] * prod_grad(ones_like(y), y, x, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.max, np.amax, np.min, np.amin)
def max(y, x, axis=None, keepdims=False):
    t[y] = np.sum(t[x] * extreme_grad(ones_like(y), y, x, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.nanmax, np.nanmin)
def nanmax(y, a, axis=None, keepdims=False):   # a NaN entry's tangent may be NaN (2 * a * t): dropped
    t[y] = np.sum(np.where(a == a, t[a], 0.0) * extreme_grad(ones_like(y), y, a, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.var)
def var(y, x, axis=None, dtype=None, ddof=0, keepdims=False):
    t[y] = np.sum(t[x] * var_grad(ones_like(y), x, axis, ddof, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.std)
def std(y, x, axis=None, dtype=None, ddof=0, keepdims=False):
    t[y] = np.sum(t[x] * var_grad(ones_like(y), x, axis, ddof, keepdims), axis=axis,
                  keepdims=keepdims) * safe_reciprocal(2.0 * y)


@tangent(np.linalg.norm)
def norm(y, x, ord=None, axis=None, keepdims=False):
    t[y] = np.sum(t[x] * norm_grad(ones_like(y), y, x, ord, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.sort, nondiff={"kind": "the sorting algorithm"})
def sort(y, x, axis=-1, kind=None):
    t[y] = sort_tangent(t[x], x, axis)


@tangent(np.partition, nondiff={"kth": "the positions put in sorted order (integers)", "kind": "the selection algorithm",
                                "order": "only None is covered"})
def partition(y, a, kth, axis=-1, kind="introselect", order=None):
    t[y] = sort_grad(sort_tangent(t[a], a, axis), y, axis)


@tangent(np.linspace, broadcast=True)
def linspace(y, start, stop, num=50, endpoint=True):
    t[y] = t[start] * (1.0 - linspace_weights(y, endpoint)) + t[stop] * linspace_weights(y, endpoint)


@tangent(np.logspace, broadcast=True)
def logspace(y, start, stop, num=50, endpoint=True, base=10.0):    # (1.0 * base: a bare default is left out of calls)
    t[y] = y * np.log(1.0 * base) * (t[start] * (1.0 - linspace_weights(y, endpoint)) + t[stop] * linspace_weights(y, endpoint)) \
        + t[base] * y * np.linspace(start, stop, num, endpoint) / base


@tangent(np.arange, nondiff={"stop": "only sets how many points there are"})
def arange(y, start, stop, step=1):
    t[y] = t[start] * np.ones(len(y)) + t[step] * np.arange(len(y))


@tangent(builtins.sum, broadcast=True)   # a start of more axes than the elements: spread
def sum_builtin(y, x, start=0):
    t[y] = sum(t[x]) + t[start]


@tangent(builtins.tuple)
def tuple_builtin(y, iterable):
    t[y] = tuple_tangent(t[iterable])


@tangent(seq_max)
def max_of_sequence(y, xs):
    t[y] = seq_extreme_tangent(t[xs], xs, True)


@tangent(seq_min)
def min_of_sequence(y, xs):
    t[y] = seq_extreme_tangent(t[xs], xs, False)


@tangent(seq_sorted)
def sorted_sequence(y, xs):
    t[y] = seq_sorted_tangent(t[xs], xs)


@tangent(np.stack)
def stack(y, arrays, axis=0):
    t[y] = np.stack(t[arrays], axis=axis)


@tangent(np.cumsum)
def cumsum(y, x, axis=None):
    t[y] = np.cumsum(t[x], axis=axis)


@tangent(np.trace, nondiff={"offset": "which diagonal (an integer)", "axis1": "an axis (an integer)",
                            "axis2": "an axis (an integer)"})
def trace(y, x, offset=0, axis1=0, axis2=1):
    t[y] = np.trace(t[x], offset, axis1, axis2)

# ---- shapes ---------------------------------------------------------------------


@tangent(np.transpose)
def transpose(y, x, axes=None):
    t[y] = np.transpose(t[x], axes)


@tangent(np.reshape)
def reshape(y, x, shape):
    t[y] = np.reshape(t[x], shape)


@tangent(np.ravel)
def ravel(y, x):
    t[y] = np.ravel(t[x])


@tangent(np.squeeze)
def squeeze(y, x, axis=None):
    t[y] = np.squeeze(t[x], axis)


@tangent(np.swapaxes, nondiff={"axis1": "an axis (an integer)", "axis2": "an axis (an integer)"})
def swapaxes(y, x, axis1, axis2):
    t[y] = np.swapaxes(t[x], axis1, axis2)


@tangent(np.moveaxis, nondiff={"source": "axes (integers)", "destination": "axes (integers)"})
def moveaxis(y, x, source, destination):
    t[y] = np.moveaxis(t[x], source, destination)


@tangent(np.atleast_1d)
def atleast_1d(y, x):
    t[y] = np.atleast_1d(t[x])


@tangent(np.atleast_2d)
def atleast_2d(y, x):
    t[y] = np.atleast_2d(t[x])


@tangent(np.atleast_3d)
def atleast_3d(y, x):
    t[y] = np.atleast_3d(t[x])


@tangent(np.expand_dims)
def expand_dims(y, x, axis):
    t[y] = np.expand_dims(t[x], axis)

# ---- linear algebra -------------------------------------------------------------


@tangent(np.linalg.inv)
def inv(y, x):
    t[y] = -(y @ t[x] @ y)


@tangent(np.linalg.det)
def det(y, x):
    t[y] = det_tangent(t[x], y, x)


@tangent(np.linalg.solve)
def solve(z, a, b):
    t[z] = solve_tangent_b(t[b], a, z) + solve_tangent_a(t[a], a, z)   # b a vector only when 1-d (NumPy 2)
