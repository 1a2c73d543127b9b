"""Forward (tangent) rules of the arithmetic operators and the elementwise functions,
in the order of ``grads_elementwise.py``.

Part of the forward table (``tangents.py`` imports the parts in order). Each rule is a
template, result first; ``t[v]`` is the tangent of ``v``. Invariant: the right-hand side is a
sum of terms, each linear in the one tangent it reads, so the forward stage keeps only the
terms of arguments that carry a tangent.
"""
import builtins
import math
import operator

import numpy as np

from .forward_registry import tangent
from .grads_elementwise import CBRT, EXP2, constant_over
from .runtime_sequences import copy_method
from .runtime_numeric import cast_like
from .runtime_ieee import ieee_div, ieee_pow
from .runtime import (logaddexp_share, safe_reciprocal, clip_bound_mask, clip_mask, conj_method, divmod_tangent, modf_tangent, item, own,
                      safe_log)

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


@tangent(operator.truediv, ieee_div, np.divide, np.true_divide, broadcast=True)   # (grads_elementwise.py)
def ieee_div_(z, x, y):
    t[z] = ieee_div(t[x], y) - ieee_div(t[y] * z, y)


@tangent(constant_over, broadcast=True, nondiff={"c": "a constant"})
def constant_over_(z, c, y):
    t[z] = -t[y] * z * z / c


@tangent(operator.pow, np.power, np.float_power, math.pow, builtins.pow, ieee_pow, broadcast=True)
def pow(z, x, y):   # (grads_elementwise.py: the exponent `y - ((y != 0) | (x != 0))`)
    t[z] = t[x] * y * ieee_pow(x, y - ((y != 0) | (x != 0))) + t[y] * z * safe_log(x)


@tangent(operator.mod, np.mod, np.remainder, broadcast=True)
def mod(z, x, y):
    t[z] = t[x] - t[y] * np.floor(ieee_div(x, y))


@tangent(np.fmod, math.fmod, broadcast=True)
def fmod(z, x, y):   # (grads_elementwise.py)
    t[z] = t[x] - t[y] * np.round(ieee_div(x - z, y))


@tangent(np.modf)
def modf(z, x):   # a pair, like the result: (t[x], 0)
    t[z] = modf_tangent(t[x], z)


@tangent(divmod, np.divmod, broadcast=True)
def divmod_(z, x, y):   # a pair, like the result: (0, t[x] - t[y] * quotient)
    t[z] = divmod_tangent(t[x], t[y], z)


@tangent(operator.neg, np.negative)
def neg(y, x):
    t[y] = -t[x]


@tangent(operator.pos, np.positive, np.real, np.conjugate)   # of a real value (grads_elementwise.py)
def identity(y, x):
    t[y] = t[x]


@tangent(float)
def to_float(y, x):
    t[y] = float(t[x])


@tangent(np.float64)
def to_float64(y, x):
    t[y] = np.float64(t[x])


@tangent(np.float32)    # the tangent of a float32 value is one (grads_elementwise.py)
def to_float32(y, x):
    t[y] = np.float32(t[x])


@tangent(np.copy)
def copy(y, x):
    t[y] = np.copy(t[x])


@tangent(copy_method)   # `x.copy()` of a list or an array: the same copy of the tangent (a list of them)
def copy_method_(y, x):
    t[y] = copy_method(t[x])


@tangent(np.asarray)
def asarray(y, x, dtype=None, copy=None):
    t[y] = np.asarray(t[x])


@tangent(np.asarray_chkfinite, nondiff={"order": "the memory layout (no value changes)"})
def asarray_chkfinite(y, a, dtype=None, order=None):
    t[y] = np.asarray(t[a])


@tangent(np.array)
def array(y, x, dtype=None, copy=None):
    t[y] = np.array(t[x])


@tangent(np.ascontiguousarray)
def ascontiguousarray(y, x, dtype=None, copy=None):
    t[y] = np.ascontiguousarray(t[x])


@tangent(np.asfortranarray)
def asfortranarray(y, x, dtype=None):
    t[y] = np.asfortranarray(t[x])


@tangent(np.require, nondiff={"requirements": "flags of the memory layout (no value changes)"})
def require(y, x, dtype=None, requirements=None):
    t[y] = np.require(t[x], requirements=requirements)


@tangent(item)
def item_(y, x):
    t[y] = item(t[x])


@tangent(conj_method)   # of a real value: the tangent itself, as the method returns the array itself
def conj_method_(y, x):
    t[y] = conj_method(t[x])


@tangent(own)
def own_(y, x):
    t[y] = own(t[x])


@tangent(operator.matmul, np.matmul)
def matmul(z, x, y):
    t[z] = t[x] @ y + x @ t[y]


@tangent(np.dot)
def dot(z, x, y):
    t[z] = np.dot(t[x], y) + np.dot(x, t[y])


@tangent(np.vdot)
def vdot(z, x, y):
    t[z] = np.vdot(t[x], y) + np.vdot(x, t[y])


@tangent(np.outer)
def outer(z, x, y):
    t[z] = np.outer(t[x], y) + np.outer(x, t[y])

# ---- elementwise functions ------------------------------------------------------


@tangent(np.exp, math.exp)
def exp(y, x):
    t[y] = t[x] * y


@tangent(np.expm1, math.expm1)
def expm1(y, x):     # as grads_elementwise.py's
    t[y] = t[x] * np.exp(x)


@tangent(np.deg2rad, np.radians, math.radians)
def deg2rad(y, x):
    t[y] = t[x] * (math.pi / 180.0)


@tangent(np.rad2deg, np.degrees, math.degrees)
def rad2deg(y, x):
    t[y] = t[x] * (180.0 / math.pi)


@tangent(*EXP2)
def exp2(y, x):
    t[y] = t[x] * y * math.log(2.0)


@tangent(np.log, math.log)
def log(y, x):
    t[y] = ieee_div(t[x], x)


@tangent(np.log2, math.log2)
def log2(y, x):
    t[y] = ieee_div(t[x], x * math.log(2.0))


@tangent(np.log10, math.log10)
def log10(y, x):
    t[y] = ieee_div(t[x], x * math.log(10.0))


@tangent(np.log1p, math.log1p)
def log1p(y, x):
    t[y] = ieee_div(t[x], 1.0 + x)


@tangent(np.sqrt, math.sqrt)
def sqrt(y, x):
    t[y] = ieee_div(t[x], 2.0 * y)


@tangent(*CBRT)
def cbrt(y, x):
    t[y] = ieee_div(t[x], 3.0 * y * y)


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
    t[y] = ieee_div(t[x], np.sqrt(1.0 - x * x))


@tangent(np.arccos, math.acos)
def arccos(y, x):
    t[y] = -ieee_div(t[x], np.sqrt(1.0 - x * x))


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
    t[y] = t[x] / np.hypot(x, 1.0)


@tangent(np.arccosh, math.acosh)
def arccosh(y, x):   # (grads_elementwise.py)
    t[y] = ieee_div(t[x], np.sqrt(x - 1.0) * np.sqrt(x + 1.0))


@tangent(np.arctanh, math.atanh)
def arctanh(y, x):
    t[y] = ieee_div(t[x], 1.0 - x * x)


@tangent(np.abs, np.absolute, np.fabs, builtins.abs, math.fabs)
def abs(y, x):
    t[y] = t[x] * np.sign(x)


@tangent(np.copysign, math.copysign, broadcast=True,
         nondiff={"x2": "only its sign is read: piecewise constant, zero derivative wherever it has one"})
def copysign(y, x1, x2):
    t[y] = t[x1] * np.sign(x1) * np.copysign(1.0, x2)


@tangent(np.arctan2, math.atan2, broadcast=True)
def arctan2(z, x, y):
    t[z] = (t[x] * (y * safe_reciprocal(np.hypot(x, y))) - t[y] * (x * safe_reciprocal(np.hypot(x, y)))) * safe_reciprocal(np.hypot(x, y))


@tangent(np.hypot, broadcast=True)   # math.hypot, of any number of coordinates: grads_decomp.py
def hypot(z, x, y):
    t[z] = (t[x] * x + t[y] * y) * safe_reciprocal(z)


@tangent(np.logaddexp, broadcast=True)
def logaddexp(z, x, y):
    t[z] = t[x] * logaddexp_share(x, y) + t[y] * logaddexp_share(y, x)


@tangent(np.logaddexp2, broadcast=True)
def logaddexp2(z, x, y):
    t[z] = t[x] * logaddexp_share(x * 0.6931471805599453, y * 0.6931471805599453) + t[y] * logaddexp_share(y * 0.6931471805599453, x * 0.6931471805599453)


@tangent(np.sinc)
def sinc(y, x):   # as grads_elementwise.py's
    t[y] = t[x] * np.where(np.abs(x) < 0.03, x * (x * x * (3.2469697011334144 - 1.144510944732505 * x * x) - 3.289868133696453),
                           (np.cos(np.pi * x) - y) * safe_reciprocal(x))


@tangent(np.heaviside, broadcast=True, nondiff={"x1": "a step: zero derivative wherever it has one"})
def heaviside(y, x1, x2):
    t[y] = t[x2] * (x1 == 0)


@tangent(np.maximum, broadcast=True)     # as grads_elementwise.py's: the operand that is the result
def maximum(z, x, y):
    t[z] = np.where(x >= y, t[x], 0.0) + np.where(x < y, t[y], 0.0)    # selected: 0 * inf is NaN


@tangent(np.fmax, broadcast=True)
def fmax(z, x, y):
    t[z] = np.where((x >= y) | (np.isnan(y) & ~np.isnan(x)), t[x], 0.0) + np.where((x < y) | (np.isnan(x) & ~np.isnan(y)), t[y], 0.0)


@tangent(builtins.max, broadcast=True)
def max_(z, x, y):
    t[z] = np.where(y > x, t[y], t[x])


@tangent(np.minimum, broadcast=True)
def minimum(z, x, y):
    t[z] = np.where(x <= y, t[x], 0.0) + np.where(x > y, t[y], 0.0)


@tangent(np.fmin, broadcast=True)
def fmin(z, x, y):
    t[z] = np.where((x <= y) | (np.isnan(y) & ~np.isnan(x)), t[x], 0.0) + np.where((x > y) | (np.isnan(x) & ~np.isnan(y)), t[y], 0.0)


@tangent(builtins.min, broadcast=True)
def min_(z, x, y):
    t[z] = np.where(y < x, t[y], t[x])


@tangent(np.where, broadcast=True)
def where(z, condition, x, y):
    t[z] = np.where(condition, t[x], 0.0) + np.where(condition, 0.0, t[y])


@tangent(np.clip, broadcast=True)
def clip(y, x, a_min, a_max):
    t[y] = np.where(clip_mask(x, a_min, a_max) > 0.0, t[x], 0.0) \
        + np.where(clip_bound_mask(x, a_min, a_max, False) > 0.0, t[a_min], 0.0) \
        + np.where(clip_bound_mask(x, a_min, a_max, True) > 0.0, t[a_max], 0.0)


@tangent(np.nan_to_num, nondiff={"copy": "a flag (only copy=True is covered: copy=False writes into x)"})
def nan_to_num(y, x, copy=True, nan=0.0, posinf=None, neginf=None):
    t[y] = np.where(np.isfinite(x), t[x], 0.0) + np.where(np.isnan(x), t[nan], 0.0) \
        + np.where(x == np.inf, t[posinf], 0.0) + np.where(x == -np.inf, t[neginf], 0.0)


@tangent(cast_like, nondiff={"like": "only its type is read"})
def cast_like_(y, v, like):
    t[y] = t[v]


@tangent(np.full_like, nondiff={"a": "only its shape is read"})
def full_like(y, a, fill_value, dtype=None):
    t[y] = np.full(np.shape(y), t[fill_value])


@tangent(np.full)
def full(y, shape, fill_value, dtype=None):
    t[y] = np.full(np.shape(y), t[fill_value])
