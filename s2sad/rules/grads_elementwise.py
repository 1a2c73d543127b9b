"""Reverse rules of the arithmetic operators and the elementwise functions.

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``. ``broadcast=True`` sums each contribution
back to its argument's shape. Invariant: every template reads only its own parameters,
numpy/math/builtins and the run-time helpers of ``runtime.py``; rules reuse the result where
they can (``exp``, ``tanh``, ``sqrt``). The forward rules beside these: ``tangents_elementwise.py``.
"""
import builtins
import math
import operator

import numpy as np

from .registry import adjoint
from .schedule import param_snapshot, snapshot
from .runtime_sequences import copy_method
from .runtime_numeric import cast_like
from .runtime_ieee import ieee_div, ieee_pow
from .runtime import (logaddexp_share, clip_bound_mask, clip_mask, conj_method, divmod_grad, modf_grad, item, own, safe_reciprocal, dot_grad_left, dot_grad_right,
                      outer_grad_left, outer_grad_right, reshape_grad, safe_log, unbroadcast)

# math.cbrt and math.exp2 (Python 3.11+) are NumPy's cbrt and exp2 of a number
CBRT = (np.cbrt,) + ((math.cbrt,) if hasattr(math, "cbrt") else ())
EXP2 = (np.exp2,) + ((math.exp2,) if hasattr(math, "exp2") else ())

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


# `x / y` too: where y is a Python 0 and x a NumPy number the quotient is NumPy's inf or nan, and so
# must the derivative's be (d[z] may be a Python float: a `/` there raised ZeroDivisionError); a constant
# nonzero divisor is written back as `/` (transforms/optimize.py), and jit's as operators (backends/specialize.py)
@adjoint(operator.truediv, ieee_div, np.divide, np.true_divide, broadcast=True)
def ieee_div_(z, x, y):
    d[x] = ieee_div(d[z], y)
    d[y] = -ieee_div(d[z] * z, y)


def constant_over(c, y):
    """``c / y`` with ``c`` a nonzero number written as a constant (``1.0 / (1.0 + np.exp(-x))``):
    the analyses give such a division this function's rule (``analyses.ir``)."""
    return c / y


@adjoint(constant_over, broadcast=True, nondiff={"c": "a constant"})
def constant_over_(z, c, y):   # dz/dy = -c / y**2 = -z * z / c: reads the result only, so y is not saved
    d[y] = -d[z] * z * z / c


@adjoint(operator.pow, np.power, np.float_power, math.pow, builtins.pow, ieee_pow, broadcast=True)
def pow(z, x, y):   # y x**(y-1) is 0 where y == 0 (x**0 is 1 everywhere); the exponent `y - ((y != 0) | (x != 0))`
    # keeps 0**-1 out where x and y are both 0, and elsewhere is y - 1, whose slope in y gives the mixed
    # second derivative x**(y-1) (1 + y log x), 1 / x at y == 0 (hvp, jvp(grad) read it; `y - (y != 0)` gave 1)
    d[x] = d[z] * y * ieee_pow(x, y - ((y != 0) | (x != 0)))
    d[y] = d[z] * z * safe_log(x)


@adjoint(operator.mod, np.mod, np.remainder, broadcast=True)
def mod(z, x, y):
    d[x] = d[z]
    d[y] = -d[z] * np.floor(ieee_div(x, y))


@adjoint(np.fmod, math.fmod, broadcast=True)
def fmod(z, x, y):   # z = x - n y, n = x / y rounded toward zero (C's remainder; `%` rounds down)
    d[x] = d[z]
    d[y] = -d[z] * np.round(ieee_div(x - z, y))


@adjoint(np.modf)
def modf(z, x):   # (fractional part, integral part): the integral part is piecewise constant
    d[x] = modf_grad(d[z], z)


@adjoint(divmod, np.divmod, broadcast=True)
def divmod_(z, x, y):   # (quotient, remainder): the quotient is piecewise constant, the remainder is `x % y`
    d[x] = divmod_grad(d[z], z, True)
    d[y] = divmod_grad(d[z], z, False)


@adjoint(operator.neg, np.negative)
def neg(y, x):
    d[x] = -d[y]


# np.real of a differentiated value: a real one (complex values meeting differentiated ones are
# refused, analyses/complexity.py), so the value itself; snapshot: a list parameter's copy; np.float32
# rounds (a step of 2**-24 relative): its derivative is 1 almost everywhere, as that of any rounding cast;
# copy_method: `x.copy()` of a list (its items) or of an array; np.conjugate (np.conj) and the method
# `x.conj()` of a real value are the value (complex ones are refused before any rule, analyses/complexity.py)
@adjoint(operator.pos, np.positive, float, np.copy, np.float64, np.float32, own, snapshot, param_snapshot, np.real,
         copy_method, np.conjugate, conj_method)
def identity(y, x):
    d[x] = d[y]


@adjoint(np.asarray, np.array, np.ascontiguousarray, np.asfortranarray)
def asarray(y, x, dtype=None, copy=None):
    d[x] = d[y]


@adjoint(np.asarray_chkfinite, nondiff={"order": "the memory layout (no value changes)"})    # the same values, or ValueError
def asarray_chkfinite(y, a, dtype=None, order=None):
    d[a] = d[y]


@adjoint(np.require, nondiff={"requirements": "flags of the memory layout (no value changes)"})    # the same values
def require(y, x, dtype=None, requirements=None):
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


@adjoint(np.vdot)
def vdot(z, x, y):
    d[x] = d[z] * np.reshape(y, np.shape(x))
    d[y] = d[z] * np.reshape(x, np.shape(y))


@adjoint(np.outer)
def outer(z, x, y):
    d[x] = outer_grad_left(d[z], x, y)
    d[y] = outer_grad_right(d[z], x, y)

# ---- elementwise functions ------------------------------------------------------


@adjoint(np.exp, math.exp)
def exp(y, x):
    d[x] = d[y] * y


@adjoint(np.expm1, math.expm1)
def expm1(y, x):     # not y + 1: y rounds to -1 below x ~ -37, where the slope exp(x) is not 0
    d[x] = d[y] * np.exp(x)


@adjoint(*EXP2)
def exp2(y, x):
    d[x] = d[y] * y * math.log(2.0)


@adjoint(np.deg2rad, np.radians, math.radians)
def deg2rad(y, x):
    d[x] = d[y] * (math.pi / 180.0)


@adjoint(np.rad2deg, np.degrees, math.degrees)
def rad2deg(y, x):
    d[x] = d[y] * (180.0 / math.pi)


@adjoint(np.log, math.log)
def log(y, x):
    d[x] = ieee_div(d[y], x)


@adjoint(np.log2, math.log2)
def log2(y, x):
    d[x] = ieee_div(d[y], x * math.log(2.0))


@adjoint(np.log10, math.log10)
def log10(y, x):
    d[x] = ieee_div(d[y], x * math.log(10.0))


@adjoint(np.log1p, math.log1p)
def log1p(y, x):
    d[x] = ieee_div(d[y], 1.0 + x)


@adjoint(np.sqrt, math.sqrt)
def sqrt(y, x):
    d[x] = ieee_div(d[y], 2.0 * y)


@adjoint(*CBRT)
def cbrt(y, x):
    d[x] = ieee_div(d[y], 3.0 * y * y)


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
    d[x] = ieee_div(d[y], np.sqrt(1.0 - x * x))


@adjoint(np.arccos, math.acos)
def arccos(y, x):
    d[x] = -ieee_div(d[y], np.sqrt(1.0 - x * x))


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
def arcsinh(y, x):   # hypot, not sqrt(x * x + 1): x * x overflows past 1e154
    d[x] = d[y] / np.hypot(x, 1.0)


@adjoint(np.arccosh, math.acosh)
def arccosh(y, x):   # 1 / sqrt(x*x - 1) as two roots: x * x overflows past 1e154, and x*x - 1 loses x - 1 near 1
    d[x] = ieee_div(d[y], np.sqrt(x - 1.0) * np.sqrt(x + 1.0))


@adjoint(np.arctanh, math.atanh)
def arctanh(y, x):
    d[x] = ieee_div(d[y], 1.0 - x * x)


@adjoint(np.abs, np.absolute, np.fabs, builtins.abs, math.fabs)
def abs(y, x):
    d[x] = d[y] * np.sign(x)


@adjoint(np.copysign, math.copysign, broadcast=True,
         nondiff={"x2": "only its sign is read: piecewise constant, zero derivative wherever it has one"})
def copysign(y, x1, x2):
    d[x1] = d[y] * np.sign(x1) * np.copysign(1.0, x2)


@adjoint(np.arctan2, math.atan2, broadcast=True)
def arctan2(z, x, y):   # y / h / h with h = hypot(x, y), 0 at the origin like hypot's: x * x + y * y overflows past
    d[x] = d[z] * (y * safe_reciprocal(np.hypot(x, y))) * safe_reciprocal(np.hypot(x, y))    # 1e154, is 0 below 1e-162
    d[y] = -d[z] * (x * safe_reciprocal(np.hypot(x, y))) * safe_reciprocal(np.hypot(x, y))


@adjoint(np.hypot, broadcast=True)   # math.hypot, of any number of coordinates: grads_decomp.py
def hypot(z, x, y):
    d[x] = d[z] * x * safe_reciprocal(z)
    d[y] = d[z] * y * safe_reciprocal(z)


@adjoint(np.logaddexp, broadcast=True)
def logaddexp(z, x, y):
    d[x] = d[z] * logaddexp_share(x, y)     # exp(x - z), also where x and y are both -inf
    d[y] = d[z] * logaddexp_share(y, x)


@adjoint(np.logaddexp2, broadcast=True)
def logaddexp2(z, x, y):
    d[x] = d[z] * logaddexp_share(x * 0.6931471805599453, y * 0.6931471805599453)  # exp2(x - z): ln 2 = 0.693...
    d[y] = d[z] * logaddexp_share(y * 0.6931471805599453, x * 0.6931471805599453)


@adjoint(np.sinc)
def sinc(y, x):   # (cos(pi x) - y) / x cancels near 0 (all digits below 1e-8): its series there, sinc'(0) = 0
    d[x] = d[y] * np.where(np.abs(x) < 0.03, x * (x * x * (3.2469697011334144 - 1.144510944732505 * x * x) - 3.289868133696453),
                           (np.cos(np.pi * x) - y) * safe_reciprocal(x))


@adjoint(np.heaviside, broadcast=True, nondiff={"x1": "a step: zero derivative wherever it has one"})
def heaviside(y, x1, x2):
    d[x2] = d[y] * (x1 == 0)        # x2 is the value taken where x1 is exactly 0


# The derivative follows the operand whose value is the result. np.maximum's result is NaN where either
# operand is (a constant under any change): neither gets it. np.fmax ignores a NaN operand: the other one
# is the result. max(x, y) of Python is y exactly where y > x, else x (also when x or y is NaN).
@adjoint(np.maximum, broadcast=True)
def maximum(z, x, y):
    d[x] = np.where(x >= y, d[z], 0.0)      # selected, not multiplied by a 0/1 mask: 0 * inf is NaN
    d[y] = np.where(x < y, d[z], 0.0)


@adjoint(np.fmax, broadcast=True)
def fmax(z, x, y):
    d[x] = np.where((x >= y) | (np.isnan(y) & ~np.isnan(x)), d[z], 0.0)
    d[y] = np.where((x < y) | (np.isnan(x) & ~np.isnan(y)), d[z], 0.0)


@adjoint(builtins.max, broadcast=True)
def max_(z, x, y):
    d[x] = np.where(y > x, 0.0, d[z])
    d[y] = np.where(y > x, d[z], 0.0)


@adjoint(np.minimum, broadcast=True)
def minimum(z, x, y):
    d[x] = np.where(x <= y, d[z], 0.0)
    d[y] = np.where(x > y, d[z], 0.0)


@adjoint(np.fmin, broadcast=True)
def fmin(z, x, y):
    d[x] = np.where((x <= y) | (np.isnan(y) & ~np.isnan(x)), d[z], 0.0)
    d[y] = np.where((x > y) | (np.isnan(x) & ~np.isnan(y)), d[z], 0.0)


@adjoint(builtins.min, broadcast=True)
def min_(z, x, y):
    d[x] = np.where(y < x, 0.0, d[z])
    d[y] = np.where(y < x, d[z], 0.0)


@adjoint(np.where, broadcast=True)
def where(z, condition, x, y):
    d[x] = np.where(condition, d[z], 0.0)
    d[y] = np.where(condition, 0.0, d[z])


@adjoint(np.clip, broadcast=True)
def clip(y, x, a_min, a_max):
    d[x] = np.where(clip_mask(x, a_min, a_max) > 0.0, d[y], 0.0)     # selected, as np.maximum's
    d[a_min] = np.where(clip_bound_mask(x, a_min, a_max, False) > 0.0, d[y], 0.0)
    d[a_max] = np.where(clip_bound_mask(x, a_min, a_max, True) > 0.0, d[y], 0.0)


@adjoint(np.nan_to_num, nondiff={"copy": "a flag (only copy=True is covered: copy=False writes into x)"},
         constants={"copy": (True,)})
def nan_to_num(y, x, copy=True, nan=0.0, posinf=None, neginf=None):   # each value replaced is the keyword's
    d[x] = np.where(np.isfinite(x), d[y], 0.0)      # exactly 0 where replaced, whatever d[y] is there
    d[nan] = unbroadcast(np.where(np.isnan(x), d[y], 0.0), nan)
    d[posinf] = unbroadcast(np.where(x == np.inf, d[y], 0.0), posinf)
    d[neginf] = unbroadcast(np.where(x == -np.inf, d[y], 0.0), neginf)


@adjoint(cast_like, nondiff={"like": "only its type is read"})   # a rounding cast: 1 almost everywhere
def cast_like_(y, v, like):
    d[v] = d[y]


@adjoint(np.full_like, nondiff={"a": "only its shape is read"})
def full_like(y, a, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)


@adjoint(np.full)
def full(y, shape, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)
