"""Run-time checks of the arguments of the NumPy forms :mod:`s2sad.frontend.numpy_forms` writes
as other calls: the call written instead accepts arguments NumPy's own function rejects
(``np.cumsum`` accumulates a 0-d array, ``np.where`` reads any condition as a truth value and
broadcasts it both ways), so the form calls one of these first.

``checked(x, ok)`` is ``x`` (its derivative is the identity's), read once the check ``ok`` has
run; the checks (``accumulable``, ``chainable``, ``finite``, ``reducible``, ``castable``: frontend/inplace.py's writes; ``float_target``: analyses/int_writes.py) and the conditions (``condition``, ``mask``,
returned unchanged; ``infinite``, where ``np.linalg.cond`` is inf) carry no derivative. Invariant: each check raises the exception class NumPy
(or SciPy) raises for those arguments, with its message, or passes its argument on unchanged.
The numba versions are in :mod:`s2sad.backends.numba_helpers.numba_rules_checks`.
"""
import numpy as np

from ..errors import RefusedValuesError
from .runtime import _public


@_public
def checked(x, ok):
    """``x``, read after the check ``ok`` ran (see the module's docstring)."""
    return x


@_public
def accumulable(x, axis):
    """True if ``ufunc.accumulate(x, axis)`` accepts ``x`` and ``axis`` (which ``np.cumsum`` would
    accept more widely), else NumPy's error."""
    if np.ndim(x) == 0:
        raise TypeError("cannot accumulate on a scalar")
    if axis is None and np.ndim(x) > 1 or isinstance(axis, tuple) and len(axis) != 1:
        raise ValueError("accumulate does not allow multiple axes")
    return True


@_public
def chainable(x, end):
    """True if ``np.linalg.multi_dot`` takes ``x`` (a matrix; ``end``: the first or last array,
    also a vector), else NumPy's LinAlgError."""
    if np.ndim(x) != 2 and not (end and np.ndim(x) == 1):
        raise np.linalg.LinAlgError(f"{np.ndim(x)}-dimensional array given. Array must be two-dimensional")
    return True


@_public
def finite(a, check=True):
    """True if ``a`` holds no inf or NaN (SciPy's ``check_finite=True``), else SciPy's ValueError."""
    if check and not np.all(np.isfinite(a)):
        raise ValueError("array must not contain infs or NaNs")
    return True


@_public
def infinite(r, x):
    """Where ``np.linalg.cond`` reads the ratio ``r`` of singular values of ``x`` as inf: a NaN
    (0 / 0: a zero matrix) from an ``x`` that holds no NaN; raises NumPy's LinAlgError for an
    empty ``x``, whose condition number is not defined."""
    if np.size(x) == 0:
        raise np.linalg.LinAlgError("cond is not defined on empty arrays")
    return np.isnan(r) & ~np.isnan(x).any(axis=(-2, -1))


@_public
def castable(value, dst, casting="same_kind", shaped=False):
    """True if ``value`` may be written into the array ``dst`` under ``casting`` (``np.copyto``, a
    ufunc's ``out=``), else NumPy's TypeError. ``shaped``: the ``out=`` of a NumPy function that is
    not a ufunc (``np.cumsum``, ``np.dot``, ``np.clip``), which must also have the result's shape:
    NumPy raises or broadcasts there function by function, so another shape is refused
    (``ShapeError``, a ValueError)."""
    if not isinstance(dst, np.ndarray):
        raise TypeError(f"the array written into (np.copyto's dst, a ufunc's out=) must be a numpy.ndarray, "
                        f"not {type(dst).__name__}")
    if not np.can_cast(np.result_type(value), dst.dtype, casting):
        raise TypeError(f"Cannot cast array data from {np.result_type(value)!r} to {dst.dtype!r} "
                        f"according to the rule {casting!r}")
    if shaped and np.shape(value) != dst.shape:
        from ..errors import ShapeError
        raise ShapeError(f"`out=` of shape {dst.shape} for a result of shape {np.shape(value)}: s2sad follows the "
                         "out= of a NumPy function (not a ufunc) only where it has the result's shape. Write "
                         "`out[...] = f(...)` to broadcast the result into it.")
    return True


INT_WRITE = "a differentiated float written into an integer array"
INT_WRITE_ADVICE = ("NumPy truncates the float into the integer array, so its derivative there is not the value's. "
                    "Make the array float (`np.arange(6.0)`, `np.zeros(n)`, `.astype(float)`), or truncate "
                    "explicitly if that is meant (`np.trunc(v)`, `np.floor(v)`).")


def int_write_message(where):
    """The refusal of a float written into an integer array, ``where``: the write's file, line and
    text (empty under numba, whose refusal is located by its own report: one line)."""
    said = f"s2sad cannot differentiate {INT_WRITE} (it holds integers here). {INT_WRITE_ADVICE}"
    return f"{where}\n{said}" if where else said


def _inexact(value):
    """``value`` (a number, an array, or a list or tuple of them: ``np.array(L, dtype=a.dtype)``)
    holds a float or a complex number."""
    if isinstance(value, (list, tuple)):
        return any(_inexact(v) for v in value)
    return np.result_type(value).kind in "fc"


@_public
def float_target(value, dst, where):
    """True unless the float ``value`` is written into ``dst``, an integer (or boolean) array,
    which NumPy truncates (analyses/int_writes.py): then s2sad's UnsupportedSyntaxError located
    at ``where`` (the write's file, line and text), with the advice."""
    if isinstance(dst, np.ndarray) and dst.dtype.kind in "iub" and _inexact(value):
        from ..errors import UnsupportedSyntaxError
        raise UnsupportedSyntaxError(int_write_message(where))
    return True


@_public
def condition(c, i):
    """``c``, entry ``i`` of ``np.select``'s condlist, if it is boolean (NumPy's TypeError if not)."""
    if np.asarray(c).dtype != np.bool_:
        raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    return c


@_public
def mask(m, a):
    """``m``, the ``where=`` of a reduction of ``a``, if it is boolean and broadcasts to ``a``'s
    shape (NumPy's TypeError, resp. ValueError, if not)."""
    if np.asarray(m).dtype != np.bool_:
        raise TypeError(f"Cannot cast array data from {np.asarray(m).dtype!r} to dtype('bool') "
                        "according to the rule 'safe'")
    if np.broadcast_shapes(np.shape(m), np.shape(a)) != np.shape(a):
        raise ValueError(f"a where= mask of shape {np.shape(m)} does not broadcast to the shape "
                         f"{np.shape(a)} of the array reduced")
    return m


@_public
def reducible(a, initial):
    """True if ``np.max(a, ..., initial=initial)`` (``np.min``) may be computed as
    ``np.maximum(np.max(a, ...), initial)``: ``initial`` a number (else NumPy's ValueError) and ``a``
    not empty (where ``initial`` alone would be the result, which s2sad refuses: a ValueError)."""
    if np.ndim(initial) != 0:
        raise ValueError("setting an array element with a sequence.")
    if np.size(a) == 0:
        raise RefusedValuesError("s2sad differentiates np.max/np.min(..., initial=) of a non-empty array only: "
                         "this array is empty (test its size before the call)")
    return True


@_public
def along_rows(values, a, axis):
    """True if ``np.apply_along_axis(f, axis, a)`` is ``values``, the values of ``f`` on the rows of
    ``a`` (``axis`` moved last), reshaped (frontend/vectorize_forms.py): ``f`` returns numbers, or
    ``axis`` is ``a``'s last; else s2sad's ValueError. NumPy's ValueError for an empty loop."""
    last = np.ndim(a) - 1
    if np.size(a) == 0 or np.ndim(a) == 0:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    if np.ndim(values) > 2 or np.ndim(values) == 2 and axis not in (-1, last):
        raise RefusedValuesError("s2sad differentiates np.apply_along_axis(f, axis, a) where f returns a number, or "
                         "along a's last axis only: move the axis last first (np.moveaxis(a, axis, -1))")
    return True


@_public
def zip_count(rows, width):
    """How many tuples ``zip(*rows)`` yields to a loop unpacking them into ``width`` names (the
    shortest row's length; frontend/lower_loops.py indexes ``rows[i][k]``): Python's ValueError
    where the first tuple would not unpack (``len(rows) != width``), none where zip yields nothing."""
    n = len(rows)
    count = min((len(r) for r in rows), default=0)
    if n != width and count:
        raise ValueError(f"too many values to unpack (expected {width})" if n > width
                         else f"not enough values to unpack (expected {width}, got {n})")
    return count


@_public
def flat_items(x):
    """True if ``x.tolist()`` is the list of ``float(x[k])`` (``x`` a 1-d float array, looped over
    by frontend/lower_loops.py), else s2sad's ValueError (Python's TypeError for a 0-d array's number)."""
    if not hasattr(x, "tolist"):
        raise AttributeError(f"'{type(x).__name__}' object has no attribute 'tolist'")
    if isinstance(x, np.ndarray) and x.ndim == 0:
        raise TypeError(f"'{type(x.tolist()).__name__}' object is not iterable")
    if not isinstance(x, np.ndarray) or x.ndim != 1 or x.dtype.kind != "f":
        raise RefusedValuesError("s2sad follows `x.tolist()` in a loop header for a 1-d float array only (its items are "
                         "the numbers float(x[k])): for a matrix loop over its rows (`for row in x:`), or "
                         "over `x.ravel()` for every number")
    return True


@_public
def unzipped(rows, width):
    """True if the tuples ``zip(*rows)`` yields unpack into ``width`` names (``a, b = zip(*pairs)``,
    frontend/unzip_assigns.py: it yields as many as the shortest row is long), else Python's ValueError."""
    count = min((len(r) for r in rows), default=0)
    if count != width:
        raise ValueError(f"too many values to unpack (expected {width})" if count > width
                         else f"not enough values to unpack (expected {width}, got {count})")
    return True


@_public
def kept_items(x):
    """True if ``x.tolist()`` kept as a value (``lst = x.tolist()``, frontend/tolist_values.py) is the
    list of ``x[k].item()`` (``x`` a 1-d array of numbers), else s2sad's ValueError saying what to write."""
    if not hasattr(x, "tolist"):
        raise AttributeError(f"'{type(x).__name__}' object has no attribute 'tolist'")
    if not isinstance(x, np.ndarray) or x.ndim != 1 or x.dtype.kind not in "fiub":
        raise RefusedValuesError(f"s2sad follows `lst = x.tolist()` for a 1-d array of real numbers only (here "
                                 f"{_described(x)}): index the array itself (`x[k]`), loop over its rows "
                                 "(`for row in x:`), or take `x.ravel().tolist()` for every number")
    return True


def _described(x):
    if not isinstance(x, np.ndarray):
        return f"a {type(x).__name__}"
    return f"a {x.ndim}-d array of {x.dtype}"


from . import runtime_checks_numpy2  # noqa: E402,F401,I001  (the check of frontend/numpy2_forms.py's vecdot)
