"""The forward (tangent) rules, one readable table, in the order of ``grads.py``.

Each rule is a template: its parameters are the result, then the function's own
parameters; ``t[v]`` is the tangent of ``v``. The right-hand side is a sum of
terms, each linear in the one tangent it reads, so the forward stage keeps only
the terms of arguments that carry a tangent. Rules reuse the result where they
can (``exp``, ``tanh``, ``sqrt``). Functions with no derivative are shared with
the reverse table (``grads.NONDIFFERENTIABLE``).

The forward rules of the run-time helpers that generated adjoints call (for
``hvp``, forward over reverse) are in ``tangents_adjoint.py``.
"""
import builtins
import math
import operator

import numpy as np

from . import grads  # noqa: F401  (the shared NONDIFFERENTIABLE list is registered there)
from .forward_registry import tangent
from .tangent_runtime import det_tangent, ones_like, sort_tangent
from .runtime import safe_reciprocal, clip_bound_mask, clip_mask, extreme_grad, item, linspace_weights, norm_grad, own, \
    prod_grad, safe_log, var_grad

# ---- arithmetic ---------------------------------------------------------------


@tangent(operator.add, np.add, broadcast=True)
def add(z, x, y):
    t[z] = t[x] + t[y]


@tangent(operator.sub, np.subtract, broadcast=True)
def sub(z, x, y):
    t[z] = t[x] - t[y]


@tangent(operator.mul, np.multiply, broadcast=True)
def mul(z, x, y):
    t[z] = t[x] * y + x * t[y]


@tangent(operator.truediv, np.divide, np.true_divide, broadcast=True)
def div(z, x, y):
    t[z] = t[x] / y - t[y] * z / y


@tangent(operator.pow, np.power, math.pow, builtins.pow, broadcast=True)
def pow(z, x, y):
    t[z] = t[x] * y * x ** (y - 1) + t[y] * z * safe_log(x)


@tangent(operator.mod, np.mod, np.remainder, math.fmod, broadcast=True)
def mod(z, x, y):
    t[z] = t[x] - t[y] * np.floor(x / y)


@tangent(operator.neg, np.negative)
def neg(y, x):
    t[y] = -t[x]


@tangent(operator.pos, np.positive)
def identity(y, x):
    t[y] = t[x]


@tangent(float)
def to_float(y, x):
    t[y] = float(t[x])


@tangent(np.float64)
def to_float64(y, x):
    t[y] = np.float64(t[x])


@tangent(np.copy)
def copy(y, x):
    t[y] = np.copy(t[x])


@tangent(np.asarray)
def asarray(y, x, dtype=None, copy=None):
    t[y] = np.asarray(t[x])


@tangent(np.array)
def array(y, x, dtype=None, copy=None):
    t[y] = np.array(t[x])


@tangent(np.ascontiguousarray)
def ascontiguousarray(y, x, dtype=None, copy=None):
    t[y] = np.ascontiguousarray(t[x])


@tangent(item)
def item_(y, x):
    t[y] = item(t[x])


@tangent(own)
def own_(y, x):
    t[y] = own(t[x])


@tangent(operator.matmul, np.matmul)
def matmul(z, x, y):
    t[z] = t[x] @ y + x @ t[y]


@tangent(np.dot)
def dot(z, x, y):
    t[z] = np.dot(t[x], y) + np.dot(x, t[y])


@tangent(np.outer)
def outer(z, x, y):
    t[z] = np.outer(t[x], y) + np.outer(x, t[y])

# ---- elementwise functions ------------------------------------------------------


@tangent(np.exp, math.exp)
def exp(y, x):
    t[y] = t[x] * y


@tangent(np.expm1, math.expm1)
def expm1(y, x):
    t[y] = t[x] * (y + 1.0)


@tangent(np.exp2)
def exp2(y, x):
    t[y] = t[x] * y * math.log(2.0)


@tangent(np.log, math.log)
def log(y, x):
    t[y] = t[x] / x


@tangent(np.log2, math.log2)
def log2(y, x):
    t[y] = t[x] / (x * math.log(2.0))


@tangent(np.log10, math.log10)
def log10(y, x):
    t[y] = t[x] / (x * math.log(10.0))


@tangent(np.log1p, math.log1p)
def log1p(y, x):
    t[y] = t[x] / (1.0 + x)


@tangent(np.sqrt, math.sqrt)
def sqrt(y, x):
    t[y] = t[x] / (2.0 * y)


@tangent(np.cbrt)
def cbrt(y, x):
    t[y] = t[x] / (3.0 * y * y)


@tangent(np.square)
def square(y, x):
    t[y] = 2.0 * x * t[x]


@tangent(np.reciprocal)
def reciprocal(y, x):
    t[y] = -t[x] * y * y


@tangent(np.sin, math.sin)
def sin(y, x):
    t[y] = t[x] * np.cos(x)


@tangent(np.cos, math.cos)
def cos(y, x):
    t[y] = -t[x] * np.sin(x)


@tangent(np.tan, math.tan)
def tan(y, x):
    t[y] = t[x] * (1.0 + y * y)


@tangent(np.arcsin, math.asin)
def arcsin(y, x):
    t[y] = t[x] / np.sqrt(1.0 - x * x)


@tangent(np.arccos, math.acos)
def arccos(y, x):
    t[y] = -t[x] / np.sqrt(1.0 - x * x)


@tangent(np.arctan, math.atan)
def arctan(y, x):
    t[y] = t[x] / (1.0 + x * x)


@tangent(np.sinh, math.sinh)
def sinh(y, x):
    t[y] = t[x] * np.cosh(x)


@tangent(np.cosh, math.cosh)
def cosh(y, x):
    t[y] = t[x] * np.sinh(x)


@tangent(np.tanh, math.tanh)
def tanh(y, x):
    t[y] = t[x] * (1.0 - y * y)


@tangent(np.arcsinh, math.asinh)
def arcsinh(y, x):
    t[y] = t[x] / np.sqrt(x * x + 1.0)


@tangent(np.arctanh, math.atanh)
def arctanh(y, x):
    t[y] = t[x] / (1.0 - x * x)


@tangent(np.abs, np.absolute, np.fabs, builtins.abs, math.fabs)
def abs(y, x):
    t[y] = t[x] * np.sign(x)


@tangent(np.arctan2, math.atan2, broadcast=True)
def arctan2(z, x, y):
    t[z] = (t[x] * y - t[y] * x) * safe_reciprocal(x * x + y * y)


@tangent(np.hypot, math.hypot, broadcast=True)
def hypot(z, x, y):
    t[z] = (t[x] * x + t[y] * y) * safe_reciprocal(z)


@tangent(np.logaddexp, broadcast=True)
def logaddexp(z, x, y):
    t[z] = t[x] * np.exp(x - z) + t[y] * np.exp(y - z)


@tangent(np.maximum, np.fmax, builtins.max, broadcast=True)
def maximum(z, x, y):
    t[z] = t[x] * (x >= y) + t[y] * (x < y)


@tangent(np.minimum, np.fmin, builtins.min, broadcast=True)
def minimum(z, x, y):
    t[z] = t[x] * (x <= y) + t[y] * (x > y)


@tangent(np.where, broadcast=True)
def where(z, condition, x, y):
    t[z] = np.where(condition, t[x], 0.0) + np.where(condition, 0.0, t[y])


@tangent(np.clip, broadcast=True)
def clip(y, x, a_min, a_max):
    t[y] = t[x] * clip_mask(x, a_min, a_max) + t[a_min] * clip_bound_mask(x, a_min, a_max, False) \
        + t[a_max] * clip_bound_mask(x, a_min, a_max, True)


@tangent(np.full_like, nondiff={"a": "only its shape is read"})
def full_like(y, a, fill_value, dtype=None):
    t[y] = np.full(np.shape(y), t[fill_value])


@tangent(np.full)
def full(y, shape, fill_value, dtype=None):
    t[y] = np.full(np.shape(y), t[fill_value])

# ---- reductions -----------------------------------------------------------------



@tangent(np.sum)
def np_sum(y, x, axis=None, keepdims=False):
    t[y] = np.sum(t[x], axis=axis, keepdims=keepdims)


@tangent(np.mean)
def mean(y, x, axis=None, keepdims=False):
    t[y] = np.mean(t[x], axis=axis, keepdims=keepdims)


@tangent(np.prod)
def prod(y, x, axis=None, keepdims=False):
    t[y] = np.sum(t[x] * prod_grad(ones_like(y), y, x, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.max, np.amax, np.min, np.amin)
def max(y, x, axis=None, keepdims=False):
    t[y] = np.sum(t[x] * extreme_grad(ones_like(y), y, x, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.var)
def var(y, x, axis=None, ddof=0, keepdims=False):
    t[y] = np.sum(t[x] * var_grad(ones_like(y), x, axis, ddof, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.std)
def std(y, x, axis=None, ddof=0, keepdims=False):
    t[y] = np.sum(t[x] * var_grad(ones_like(y), x, axis, ddof, keepdims), axis=axis,
                  keepdims=keepdims) * safe_reciprocal(2.0 * y)


@tangent(np.linalg.norm)
def norm(y, x, ord=None, axis=None, keepdims=False):
    t[y] = np.sum(t[x] * norm_grad(ones_like(y), y, x, ord, axis, keepdims), axis=axis, keepdims=keepdims)


@tangent(np.sort, nondiff={"kind": "the sorting algorithm"})
def sort(y, x, axis=-1, kind=None):
    t[y] = sort_tangent(t[x], x, axis)


@tangent(np.linspace, broadcast=True)
def linspace(y, start, stop, num=50, endpoint=True):
    t[y] = t[start] * (1.0 - linspace_weights(y, endpoint)) + t[stop] * linspace_weights(y, endpoint)


@tangent(np.arange, nondiff={"stop": "only sets how many points there are"})
def arange(y, start, stop, step=1):
    t[y] = t[start] * np.ones(len(y)) + t[step] * np.arange(len(y))


@tangent(builtins.sum)
def sum_builtin(y, x):
    t[y] = sum(t[x])


@tangent(np.stack)
def stack(y, arrays, axis=0):
    t[y] = np.stack(t[arrays], axis=axis)


@tangent(np.cumsum)
def cumsum(y, x, axis=None):
    t[y] = np.cumsum(t[x], axis=axis)


@tangent(np.trace)
def trace(y, x):
    t[y] = np.trace(t[x])

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
    t[z] = np.linalg.solve(a, t[b]) - np.linalg.solve(a, t[a] @ z)

from . import tangents_arrays  # noqa: E402,F401  (the forward rules of the array functions)
