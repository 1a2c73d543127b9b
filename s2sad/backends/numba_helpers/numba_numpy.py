"""NumPy, ``math`` and builtin calls that numba lacks for some argument types, taught to numba.

Importing the module registers ``numba.extending.overload``s for the forms a
generated adjoint (or a user helper it calls) may contain but numba's own
implementations reject:

* ``np.clip(a, lo, hi)`` of a number ``a`` (numba's needs an array);
* ``np.require(a, requirements='C')`` of an array (numba has none): the same values, in the layout asked;
* ``np.roll(a, shift)`` with a non-integer ``shift`` (a float, an array of shifts: NumPy
  truncates each with ``int`` and adds them, as with ``axis=None``);
* ``np.flip(m)`` and ``np.squeeze(a)`` of a number (the number), ``np.ravel(a)`` of one (a vector of it), ``np.linalg.norm(x)`` of a number
  (``abs``), ``np.median(x)`` of one (``x`` as a float), ``np.fix(x)`` (``np.trunc`` of floats);
* ``np.linalg.norm(seq)`` of a list or tuple of numbers (the norm of ``np.array(seq)``);
* ``np.sum(seq)`` of a list or tuple of numbers (the tangent of ``math.fsum`` of a list);
* ``np.diag_indices(n, ndim=2)`` with a constant ``ndim`` of 1 to 4 (``ndim`` copies of ``np.arange(n)``),
  ``np.diag_indices_from(arr)`` of an array of rank 2 to 4 (ValueError unless every side is equal);
* ``np.diff(a, n)`` of a strided view (of a contiguous copy: numba's reshapes ``a``);
* ``abs(a)`` of an array (``np.abs``), ``math.fmod(x, y)`` of numbers (ValueError where
  Python's raises one: a nan from numbers
  that are not nan, ``y == 0`` or an infinite ``x``).

Invariant: each overload returns None (numba's own, or its refusal, then stands)
for every argument type numba already compiles, and computes exactly what NumPy
(``math``, Python) computes for the ones it takes.
"""
import builtins
import math

import numpy as np
from numba import types
from numba.extending import overload

from .numba_support import is_array, is_none, is_scalar, is_sequence


def _number(t):
    return isinstance(t, (types.Float, types.Integer)) and not isinstance(t, types.Boolean)


@overload(np.clip)
def _ov_clip(a, a_min, a_max, out=None):
    """A number clipped by numbers or by arrays (then an array, as in NumPy); an array
    value is numba's own np.clip."""
    bounds_ok = all(is_scalar(b) or is_none(b) or is_array(b) for b in (a_min, a_max))
    if not (is_scalar(a) and bounds_ok and is_none(out)):
        return None
    if is_none(a_min) and is_none(a_max):
        return None                          # NumPy refuses it too
    if is_none(a_min):
        return lambda a, a_min, a_max, out=None: np.minimum(a, a_max)
    if is_none(a_max):
        return lambda a, a_min, a_max, out=None: np.maximum(a, a_min)
    return lambda a, a_min, a_max, out=None: np.minimum(np.maximum(a, a_min), a_max)


@overload(np.require, prefer_literal=True)
def _ov_require(a, dtype=None, requirements=None):
    """np.require(a, requirements=...) of an array with a constant string of flags and no dtype: the same
    values, laid out as asked ('F': np.asfortranarray, any other: np.ascontiguousarray, none: ``a``)."""
    if not is_array(a) or not is_none(dtype):
        return None
    if is_none(requirements):
        return lambda a, dtype=None, requirements=None: a
    if not isinstance(requirements, types.StringLiteral):
        return None
    if "F" in requirements.literal_value.upper():
        return lambda a, dtype=None, requirements=None: np.asfortranarray(a)
    return lambda a, dtype=None, requirements=None: np.ascontiguousarray(a)


@overload(np.vdot)
def _ov_vdot(a, b):
    """np.vdot of arrays of any rank (numba's own takes vectors only): the dot of the flattened arrays."""
    if not (is_array(a) and is_array(b)) or (a.ndim == 1 and b.ndim == 1):
        return None
    return lambda a, b: np.dot(np.ravel(a), np.ravel(b))


def shift_total(shift):
    """The shifts NumPy's ``roll(a, shift)`` adds up for ``axis=None``, each truncated by ``int``."""


@overload(shift_total)
def _ov_shift_total(shift):
    if is_array(shift):
        def total(shift):
            n = 0
            for s in shift.ravel():
                n += int(s)
            return n
        return total
    if is_sequence(shift):
        def total_seq(shift):
            n = 0
            for s in shift:
                n += int(s)
            return n
        return total_seq
    return lambda shift: int(shift)


@overload(np.roll)
def _ov_roll(a, shift, axis=None):
    if isinstance(shift, (types.Integer, types.Boolean)) or not is_none(axis) or not is_array(a):
        return None                          # numba's (integer shift), or not ours to take
    if not (is_array(shift) or is_sequence(shift) or isinstance(shift, types.Float)):
        return None
    return lambda a, shift, axis=None: np.roll(a, shift_total(shift))


def _diag1(n, ndim=2):
    return (np.arange(n),)


def _diag2(n, ndim=2):
    idx = np.arange(n)
    return idx, idx


def _diag3(n, ndim=2):
    idx = np.arange(n)
    return idx, idx, idx


def _diag4(n, ndim=2):
    idx = np.arange(n)
    return idx, idx, idx, idx


_DIAG = {1: _diag1, 2: _diag2, 3: _diag3, 4: _diag4}


@overload(np.diag_indices)
def _ov_diag_indices(n, ndim=2):
    dims = ndim.value if isinstance(ndim, types.Omitted) else getattr(ndim, "literal_value", ndim)
    if not isinstance(n, types.Integer) or dims not in _DIAG:
        return None
    return _DIAG[dims]


@overload(np.diag_indices_from)
def _ov_diag_indices_from(arr):
    if not is_array(arr) or arr.ndim not in (2, 3, 4):
        return None
    nd = arr.ndim

    def diag_indices_from(arr):
        for k in range(1, nd):
            if arr.shape[k] != arr.shape[0]:
                raise ValueError("All dimensions of input must be of equal length")
        return np.diag_indices(arr.shape[0], nd)
    return diag_indices_from


@overload(np.flip)
def _ov_flip(m, axis=None):
    if is_scalar(m) and is_none(axis):
        return lambda m, axis=None: m
    return None


@overload(np.fix)
def _ov_fix(x, out=None):
    if not is_none(out):
        return None
    if is_array(x) and isinstance(x.dtype, types.Float) or isinstance(x, types.Float):
        return lambda x, out=None: np.trunc(x)
    if is_array(x) and isinstance(x.dtype, types.Integer):
        return lambda x, out=None: x.copy()
    if isinstance(x, types.Integer):
        return lambda x, out=None: x
    return None


@overload(np.linalg.norm)
def _ov_norm(x, ord=None, axis=None, keepdims=False):
    if not (is_sequence(x) and _number(x.dtype) and is_none(axis)) or not (
            isinstance(keepdims, (bool, types.Omitted, types.BooleanLiteral))):
        return None
    if isinstance(keepdims, types.BooleanLiteral) and keepdims.literal_value:
        return None
    return lambda x, ord=None, axis=None, keepdims=False: np.linalg.norm(np.array([v * 1.0 for v in x]), ord)


@overload(np.linalg.norm)
def _ov_norm_of_number(x, ord=None, axis=None, keepdims=False):
    """The norm of a number (NumPy's 0-d array): its absolute value, a float."""
    if not (_number(x) and is_none(ord) and is_none(axis) and isinstance(keepdims, (bool, types.Omitted))):
        return None
    return lambda x, ord=None, axis=None, keepdims=False: abs(x * 1.0)


@overload(np.median)
def _ov_median_of_number(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """The median of a number (NumPy's of a 0-d array): the number, a float."""
    if not (_number(a) and is_none(axis) and is_none(out) and isinstance(keepdims, (bool, types.Omitted))):
        return None
    return lambda a, axis=None, out=None, overwrite_input=False, keepdims=False: a * 1.0


@overload(np.squeeze)
def _ov_squeeze_number(a, axis=None):
    """A number squeezed (NumPy's 0-d array) is the number, as a 0-d result is throughout the adjoint."""
    if not ((_number(a) or isinstance(a, types.Boolean)) and is_none(axis)):
        return None
    return lambda a, axis=None: a


@overload(np.diff)
def _ov_diff_strided(a, n=1):
    """The differences of a strided view (``A[:, 0]``): numba's ``np.diff`` reshapes its argument,
    which numba does only for a contiguous array ('No implementation of diff(array(float64, 1d, A))');
    the same differences of a contiguous copy."""
    if not (is_array(a) and a.ndim >= 1 and a.layout != "C"):
        return None
    return lambda a, n=1: np.diff(np.ascontiguousarray(a), n)


@overload(np.ravel)
def _ov_ravel_number(a, order="C"):
    """A number raveled: a vector of one item (NumPy's), as ``np.put``'s values are written (frontend/inplace)."""
    if not (_number(a) and isinstance(order, (str, types.Omitted, types.UnicodeType, types.StringLiteral))):
        return None
    return lambda a, order="C": np.array([a])


@overload(np.sum)
def _ov_sum_of_numbers(a):
    if not (is_sequence(a) and _number(a.dtype)):
        return None

    def sum_of_numbers(a):
        acc = 0.0
        for v in a:
            acc += v
        return acc
    return sum_of_numbers


@overload(builtins.abs)
def _ov_abs(x):
    if is_array(x):
        return lambda x: np.abs(x)
    return None


@overload(math.fmod)
def _ov_fmod(x, y):
    if not (_number(x) and _number(y)):
        return None

    def fmod(x, y):
        a, b = float(x), float(y)
        r = np.fmod(a, b)
        if math.isnan(r) and not math.isnan(a) and not math.isnan(b):
            raise ValueError("math domain error")      # Python's: y == 0 or x infinite
        return r
    return fmod
