"""``math`` functions and int conversions that raise in Python where numba returns nan, inf or a
wrapped int: ``math.sqrt(-1.0)``, ``math.log(0.0)``, ``math.acos(1.13)``, ``math.exp(3000.0)``,
``int(nan)``, ``math.floor(inf)``. The ``jit`` stage, last (``numba_lower``), calls these stand-ins in
their place (``CHECKED``): each is the function itself in Python, and in numba the function followed
by one test of CPython's own rule (``Modules/mathmodule.c``): a nan from arguments that are not nan
is a ValueError ("math domain error"), an infinity from finite arguments an OverflowError ("math
range error") where the function can overflow (``exp``, ``cosh``...) and a ValueError where it is a
pole (``log(0.0)``, ``atanh(1.0)``, ``gamma(-2.0)``). An int conversion of a nan is a ValueError, of an
infinity or a float past int64 an OverflowError (Python's int grows; numba's is int64). So the
compiled gradient raises the exception class the function raises, and ``jit=True`` reports it as
Python's own (``jit_failures.Failures._run_time`` replays the Python adjoint: its traceback names the line).
``np.*`` functions keep NumPy's nan semantics, as in Python."""
import math

from numba import types
from numba.extending import overload, register_jitable

_POLE, _OVERFLOW, _GAMMA = 0, 1, 2      # an infinity from finite arguments: ValueError, OverflowError, either
_UNARY = {"sqrt": _POLE, "exp": _OVERFLOW, "expm1": _OVERFLOW, "log": _POLE, "log2": _POLE, "log10": _POLE,
          "log1p": _POLE, "sin": _POLE, "cos": _POLE, "tan": _POLE, "asin": _POLE, "acos": _POLE,
          "atan": _POLE, "sinh": _OVERFLOW, "cosh": _OVERFLOW, "tanh": _POLE, "asinh": _POLE, "acosh": _POLE,
          "atanh": _POLE, "erf": _POLE, "erfc": _POLE, "gamma": _GAMMA, "lgamma": _POLE}
_BINARY = {"pow": _OVERFLOW, "atan2": _POLE, "log": _POLE}
CHECKED = {}        # (math.f / int / round, number of arguments) -> its stand-in


@register_jitable
def _infinite(x, how):
    """The error of an infinity from the finite ``x`` (``how``: ``_POLE``...)."""
    if how == _OVERFLOW or how == _GAMMA and not (x <= 0.0 and x == math.floor(x)):
        raise OverflowError("math range error")
    raise ValueError("math domain error")


@register_jitable
def _check1(x, r, how):
    if math.isnan(r) and not math.isnan(x):
        raise ValueError("math domain error")
    if math.isinf(r) and math.isfinite(x):
        _infinite(x, how)
    return r


@register_jitable
def _check2(x, y, r, how):
    if math.isnan(r) and not (math.isnan(x) or math.isnan(y)):
        raise ValueError("math domain error")
    if math.isinf(r) and math.isfinite(x) and math.isfinite(y):
        _infinite(x, _POLE if x == 0.0 else how)       # pow(0.0, -1.0): a domain error
    return r


def _named(stand_in, name, key, doc):
    stand_in.__name__ = stand_in.__qualname__ = name
    stand_in.__doc__ = doc
    globals()[name] = stand_in
    CHECKED[key] = stand_in
    return stand_in


def _number(t):
    return isinstance(t, (types.Float, types.Integer, types.Boolean))


def _unary(name, how):
    fn = getattr(math, name)
    stand_in = _named(lambda x: fn(x), f"math_{name}", (fn, 1),
                      f"``math.{name}(x)``; numba's raises as CPython's (the module's docstring).")

    @overload(stand_in)
    def _ov(x):
        if _number(x):
            return lambda x: _check1(float(x), fn(x), how)


def _binary(name, how):
    fn = getattr(math, name)
    stand_in = _named(lambda x, y: fn(x, y), f"math_{name}2", (fn, 2),
                      f"``math.{name}(x, y)``; numba's raises as CPython's (the module's docstring).")

    @overload(stand_in)
    def _ov(x, y):
        if _number(x) and _number(y):
            if fn is math.log:      # numba has no math.log(x, base): CPython's log(x) / log(base)
                def log_base(x, y):
                    num = _check1(float(x), math.log(x), _POLE)
                    den = _check1(float(y), math.log(y), _POLE)
                    if den == 0.0:
                        raise ZeroDivisionError("float division by zero")
                    return num / den
                return log_base
            return lambda x, y: _check2(float(x), float(y), fn(x, y), how)


for _name, _how in _UNARY.items():
    _unary(_name, _how)
for _name, _how in _BINARY.items():
    _binary(_name, _how)


@register_jitable
def _to_int(x):
    if math.isnan(x):
        raise ValueError("cannot convert float NaN to integer")
    if math.isinf(x):
        raise OverflowError("cannot convert float infinity to integer")
    if not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        raise OverflowError("an int past numba's 64-bit integers, where Python's ints grow")
    return x


def _integral(fn, name):
    stand_in = _named(lambda x: fn(x), name, (fn, 1),
                      f"``{getattr(fn, '__qualname__', name)}(x)``; numba's raises for a nan, an infinity, a "
                      "float past int64 (Python's error, or its int that grows).")

    @overload(stand_in)
    def _ov(x):
        if isinstance(x, types.Float):
            return lambda x: fn(_to_int(x))
        if _number(x):
            return lambda x: fn(x)


for _fn, _name in ((math.floor, "math_floor"), (math.ceil, "math_ceil"), (math.trunc, "math_trunc"),
                   (int, "int_of"), (round, "round_of")):
    _integral(_fn, _name)
