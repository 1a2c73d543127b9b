"""The derivative rules, one readable table.

Each rule is a template: its parameters are the result, then the function's
own parameters; ``d[v]`` is the adjoint of ``v``. ``broadcast=True`` means the
contributions are summed back to each argument's shape (``x + y`` with ``x``
a scalar and ``y`` an array). Rules reuse the result where they can
(``exp``, ``tanh``, ``sqrt``). Functions whose output carries no derivative
are listed in NONDIFFERENTIABLE at the end.
"""
import builtins
import math
import operator

import numpy as np

from .registry import adjoint, nondifferentiable, nondifferentiable_upto
from .runtime_arrays import (diag_grad, diagonal_grad, diagonal_index, diff_grad, gathered, join_grad,  # noqa: F401
                             kron_grad_left, kron_grad_right, pad_grad, pad_value_grad, repeat_grad, roll_grad,
                             scattered, tile_grad)
from .runtime_numeric import (convolve_grad, cross_grad, cumprod_grad, einsum_grad, erf_slope,  # noqa: F401
                              interp_grad_bound, interp_grad_fp, interp_grad_x, interp_grad_xp, median_grad,
                              slogdet_grad, trapz_grad_dx, trapz_grad_x, trapz_grad_y)

try:  # scipy's erf/erfc (ufuncs: arrays too), where scipy is importable
    from scipy import special as _special
    _SCIPY_ERF, _SCIPY_ERFC = (_special.erf,), (_special.erfc,)
except ImportError:  # pragma: no cover
    _SCIPY_ERF = _SCIPY_ERFC = ()
from .runtime import (clip_bound_mask, clip_mask, det_grad, item, own, safe_reciprocal, cumsum_grad, dot_grad_left, dot_grad_right, extreme_grad,  # noqa: F401
                      linspace_weights, mean_grad, norm_grad, outer_grad_left, outer_grad_right,
                      prod_grad, reshape_grad, safe_log, solve_grad_a, sort_grad, stack_grad, sum_grad,
                      sum_list_grad, trace_grad, transpose_grad, unbroadcast, var_grad)

# ---- arithmetic ---------------------------------------------------------------


@adjoint(operator.add, np.add, broadcast=True)
def add(z, x, y):
    d[x] = d[z]
    d[y] = d[z]


@adjoint(operator.sub, np.subtract, broadcast=True)
def sub(z, x, y):
    d[x] = d[z]
    d[y] = -d[z]


@adjoint(operator.mul, np.multiply, broadcast=True)
def mul(z, x, y):
    d[x] = d[z] * y
    d[y] = d[z] * x


@adjoint(operator.truediv, np.divide, np.true_divide, broadcast=True)
def div(z, x, y):
    d[x] = d[z] / y
    d[y] = -d[z] * z / y


@adjoint(operator.pow, np.power, math.pow, builtins.pow, broadcast=True)
def pow(z, x, y):
    d[x] = d[z] * y * x ** (y - 1)
    d[y] = d[z] * z * safe_log(x)


@adjoint(operator.mod, np.mod, np.remainder, math.fmod, broadcast=True)
def mod(z, x, y):
    d[x] = d[z]
    d[y] = -d[z] * np.floor(x / y)


@adjoint(operator.neg, np.negative)
def neg(y, x):
    d[x] = -d[y]


@adjoint(operator.pos, np.positive, float, np.copy, np.float64, own)
def identity(y, x):
    d[x] = d[y]


@adjoint(np.asarray, np.array, np.ascontiguousarray)
def asarray(y, x, dtype=None, copy=None):
    d[x] = d[y]


@adjoint(item)
def item_(y, x):
    d[x] = reshape_grad(d[y], x)


@adjoint(operator.matmul, np.matmul)
def matmul(z, x, y):
    d[x] = dot_grad_left(d[z], x, y)
    d[y] = dot_grad_right(d[z], x, y)


@adjoint(np.dot)
def dot(z, x, y):
    d[x] = dot_grad_left(d[z], x, y, False)
    d[y] = dot_grad_right(d[z], x, y, False)


@adjoint(np.outer)
def outer(z, x, y):
    d[x] = outer_grad_left(d[z], x, y)
    d[y] = outer_grad_right(d[z], x, y)

# ---- elementwise functions ------------------------------------------------------


@adjoint(np.exp, math.exp)
def exp(y, x):
    d[x] = d[y] * y


@adjoint(np.expm1, math.expm1)
def expm1(y, x):
    d[x] = d[y] * (y + 1.0)


@adjoint(np.exp2)
def exp2(y, x):
    d[x] = d[y] * y * math.log(2.0)


@adjoint(np.log, math.log)
def log(y, x):
    d[x] = d[y] / x


@adjoint(np.log2, math.log2)
def log2(y, x):
    d[x] = d[y] / (x * math.log(2.0))


@adjoint(np.log10, math.log10)
def log10(y, x):
    d[x] = d[y] / (x * math.log(10.0))


@adjoint(np.log1p, math.log1p)
def log1p(y, x):
    d[x] = d[y] / (1.0 + x)


@adjoint(np.sqrt, math.sqrt)
def sqrt(y, x):
    d[x] = d[y] / (2.0 * y)


@adjoint(np.cbrt)
def cbrt(y, x):
    d[x] = d[y] / (3.0 * y * y)


@adjoint(np.square)
def square(y, x):
    d[x] = d[y] * 2.0 * x


@adjoint(np.reciprocal)
def reciprocal(y, x):
    d[x] = -d[y] * y * y


@adjoint(np.sin, math.sin)
def sin(y, x):
    d[x] = d[y] * np.cos(x)


@adjoint(np.cos, math.cos)
def cos(y, x):
    d[x] = -d[y] * np.sin(x)


@adjoint(np.tan, math.tan)
def tan(y, x):
    d[x] = d[y] * (1.0 + y * y)


@adjoint(np.arcsin, math.asin)
def arcsin(y, x):
    d[x] = d[y] / np.sqrt(1.0 - x * x)


@adjoint(np.arccos, math.acos)
def arccos(y, x):
    d[x] = -d[y] / np.sqrt(1.0 - x * x)


@adjoint(np.arctan, math.atan)
def arctan(y, x):
    d[x] = d[y] / (1.0 + x * x)


@adjoint(np.sinh, math.sinh)
def sinh(y, x):
    d[x] = d[y] * np.cosh(x)


@adjoint(np.cosh, math.cosh)
def cosh(y, x):
    d[x] = d[y] * np.sinh(x)


@adjoint(np.tanh, math.tanh)
def tanh(y, x):
    d[x] = d[y] * (1.0 - y * y)


@adjoint(np.arcsinh, math.asinh)
def arcsinh(y, x):
    d[x] = d[y] / np.sqrt(x * x + 1.0)


@adjoint(np.arctanh, math.atanh)
def arctanh(y, x):
    d[x] = d[y] / (1.0 - x * x)


@adjoint(np.abs, np.absolute, np.fabs, builtins.abs, math.fabs)
def abs(y, x):
    d[x] = d[y] * np.sign(x)


@adjoint(np.arctan2, math.atan2, broadcast=True)
def arctan2(z, x, y):
    d[x] = d[z] * y * safe_reciprocal(x * x + y * y)  # 0 at the origin, like hypot's
    d[y] = -d[z] * x * safe_reciprocal(x * x + y * y)


@adjoint(np.hypot, math.hypot, broadcast=True)
def hypot(z, x, y):
    d[x] = d[z] * x * safe_reciprocal(z)
    d[y] = d[z] * y * safe_reciprocal(z)


@adjoint(np.logaddexp, broadcast=True)
def logaddexp(z, x, y):
    d[x] = d[z] * np.exp(x - z)
    d[y] = d[z] * np.exp(y - z)


@adjoint(np.maximum, np.fmax, builtins.max, broadcast=True)
def maximum(z, x, y):
    d[x] = d[z] * (x >= y)
    d[y] = d[z] * (x < y)


@adjoint(np.minimum, np.fmin, builtins.min, broadcast=True)
def minimum(z, x, y):
    d[x] = d[z] * (x <= y)
    d[y] = d[z] * (x > y)


@adjoint(np.where, broadcast=True)
def where(z, condition, x, y):
    d[x] = np.where(condition, d[z], 0.0)
    d[y] = np.where(condition, 0.0, d[z])


@adjoint(np.clip, broadcast=True)
def clip(y, x, a_min, a_max):
    d[x] = d[y] * clip_mask(x, a_min, a_max)
    d[a_min] = d[y] * clip_bound_mask(x, a_min, a_max, False)
    d[a_max] = d[y] * clip_bound_mask(x, a_min, a_max, True)


@adjoint(np.full_like, nondiff={"a": "only its shape is read"})
def full_like(y, a, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)


@adjoint(np.full)
def full(y, shape, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)

# ---- reductions -----------------------------------------------------------------


@adjoint(np.sum)
def sum(y, x, axis=None, keepdims=False):
    d[x] = sum_grad(d[y], x, axis, keepdims)


@adjoint(np.mean)
def mean(y, x, axis=None, keepdims=False):
    d[x] = mean_grad(d[y], x, axis, keepdims)


@adjoint(np.prod)
def prod(y, x, axis=None, keepdims=False):
    d[x] = prod_grad(d[y], y, x, axis, keepdims)


@adjoint(np.max, np.amax, np.min, np.amin)
def max(y, x, axis=None, keepdims=False):
    d[x] = extreme_grad(d[y], y, x, axis, keepdims)


@adjoint(np.var)
def var(y, x, axis=None, ddof=0, keepdims=False):
    d[x] = var_grad(d[y], x, axis, ddof, keepdims)


@adjoint(np.std)
def std(y, x, axis=None, ddof=0, keepdims=False):
    d[x] = var_grad(d[y] * safe_reciprocal(2.0 * y), x, axis, ddof, keepdims)


@adjoint(np.linalg.norm)
def norm(y, x, ord=None, axis=None, keepdims=False):
    d[x] = norm_grad(d[y], y, x, ord, axis, keepdims)


@adjoint(np.sort, nondiff={"kind": "the sorting algorithm"})
def sort(y, x, axis=-1, kind=None):
    d[x] = sort_grad(d[y], x, axis)


@adjoint(np.linspace)
def linspace(y, start, stop, num=50, endpoint=True):
    d[start] = unbroadcast(d[y] * (1.0 - linspace_weights(y, endpoint)), start)
    d[stop] = unbroadcast(d[y] * linspace_weights(y, endpoint), stop)


@adjoint(np.arange, nondiff={"stop": "only sets how many points there are"})
def arange(y, start, stop, step=1):
    d[start] = np.sum(d[y])
    d[step] = np.sum(d[y] * np.arange(len(y)))


@adjoint(builtins.sum)
def sum_builtin(y, x):
    d[x] = sum_list_grad(d[y], x)


@adjoint(np.stack)
def stack(y, arrays, axis=0):
    d[arrays] = stack_grad(d[y], axis)


@adjoint(np.cumsum)
def cumsum(y, x, axis=None):
    d[x] = cumsum_grad(d[y], x, axis)


@adjoint(np.trace)
def trace(y, x):
    d[x] = trace_grad(d[y], x)

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


@adjoint(np.linalg.inv)
def inv(y, x):
    d[x] = -(np.transpose(y) @ d[y] @ np.transpose(y))


@adjoint(np.linalg.det)
def det(y, x):
    d[x] = det_grad(d[y], y, x)


@adjoint(np.linalg.solve)
def solve(z, a, b):
    d[a] = solve_grad_a(d[z], a, z)
    d[b] = np.linalg.solve(np.transpose(a), d[z])


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


@adjoint(np.atleast_1d, np.atleast_2d, np.atleast_3d)
def atleast(y, x):
    d[x] = reshape_grad(d[y], x)


@adjoint(np.tile, nondiff={"reps": "repetition counts (integers)"})
def tile(y, A, reps):
    d[A] = tile_grad(d[y], A, reps)


@adjoint(np.repeat, nondiff={"repeats": "repetition counts (integers)"})
def repeat(y, a, repeats, axis=None):
    d[a] = repeat_grad(d[y], a, repeats, axis)


@adjoint(np.pad, nondiff={"pad_width": "widths (integers)", "mode": "the constant 'constant'"},
         constants={"mode": ("constant",)})
def pad(y, array, pad_width, mode="constant", constant_values=0.0):
    d[array] = pad_grad(d[y], array, pad_width)
    d[constant_values] = pad_value_grad(d[y], array, pad_width, constant_values)

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


@adjoint(np.median, nondiff={"out": "only None is covered", "overwrite_input": "only False is covered"},
         constants={"out": (None,), "overwrite_input": (False,)})
def median(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    d[a] = median_grad(d[y], a, axis, keepdims)


@adjoint(np.einsum, nondiff={"subscripts": "the subscripts (a string)"}, constants={"subscripts": str})
def einsum(y, subscripts, x0, x1=None, x2=None, x3=None):
    d[x0] = einsum_grad(d[y], subscripts, 0, x0, x1, x2, x3)
    d[x1] = einsum_grad(d[y], subscripts, 1, x0, x1, x2, x3)
    d[x2] = einsum_grad(d[y], subscripts, 2, x0, x1, x2, x3)
    d[x3] = einsum_grad(d[y], subscripts, 3, x0, x1, x2, x3)


@adjoint(np.linalg.slogdet)
def slogdet(y, a):
    d[a] = slogdet_grad(d[y], a)


@adjoint(math.erf, *_SCIPY_ERF)
def erf(y, x):
    d[x] = d[y] * erf_slope(x)


@adjoint(math.erfc, *_SCIPY_ERFC)
def erfc(y, x):
    d[x] = -d[y] * erf_slope(x)

# ---- writes through index arrays (np.add.at, np.fill_diagonal; see frontend/inplace.py) --


@adjoint(scattered, nondiff={"a": "only its shape and type are read", "indices": "indices (integers)"})
def scattered_(y, a, indices, v):
    d[v] = gathered(d[y], indices, v)


# ---- no derivative ----------------------------------------------------------------
# Each entry says why its output carries no derivative. A function that is not here and has no
# rule above is refused when a differentiated value reaches it (random draws among them:
# `np.random.normal(mu, s)` depends on mu, but not in a way finite differences or a rule can see).
PIECEWISE_CONSTANT = "piecewise constant: its derivative is zero wherever it exists"
INTEGERS = "returns integers or booleans (indices, counts, tests)"
SHAPE_ONLY = "reads only the shape of its argument, never its values"
ALLOCATES = "allocates from a shape (integers)"
PYTHON = "Python plumbing: no numeric value flows through it"

NONDIFFERENTIABLE = {
    PIECEWISE_CONSTANT: [np.sign, np.floor, np.ceil, np.round, np.rint, np.trunc, np.fix,
                         np.floor_divide, math.floor, math.ceil, math.trunc, round],
    INTEGERS: [diagonal_index, len, int, bool, np.argmax, np.argmin, np.argsort, np.shape, np.size, np.ndim, np.isnan,
               np.isinf, np.isfinite, np.nonzero, np.count_nonzero, np.any, np.all, np.equal, np.not_equal,
               np.less, np.less_equal, np.greater, np.greater_equal, np.logical_and, np.logical_or,
               np.logical_not, np.searchsorted, np.digitize, math.isnan, math.isinf, math.isfinite],
    SHAPE_ONLY: [np.zeros_like, np.ones_like, np.empty_like],
    ALLOCATES: [np.zeros, np.ones, np.empty, np.eye, np.identity],
    PYTHON: [range, isinstance, print, type, str, enumerate, zip],
}
for _reason, _funcs in NONDIFFERENTIABLE.items():
    nondifferentiable(*_funcs, reason=_reason)

# np.arange(n): the integers 0..n-1 (np.arange(start, stop, step) has the rule above).
nondifferentiable_upto(np.arange, 1, reason="np.arange(n) counts 0..n-1: " + INTEGERS)

from . import ranks  # noqa: E402,F401  (the ranks of the array rules' results)
