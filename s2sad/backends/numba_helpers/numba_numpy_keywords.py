"""NumPy calls whose keyword arguments numba's own versions do not take, taught to numba.

Users write these in code that runs with ``jit=False``; under ``jit=True`` the primal call is in
the compiled adjoint too, so numba must run it. Importing the module registers overloads for:

* ``np.linspace(start, stop, num, endpoint=e)`` of numbers (NumPy's arithmetic: ``start + i * step``,
  the last point set to ``stop`` when ``endpoint``), and of 1-d array endpoints (a column per pair);
  ``np.logspace(start, stop, num, endpoint=e, base=b)`` of numbers or 1-d array endpoints,
  ``b ** linspace`` as NumPy computes it;
* ``np.pad(x, pad_width, mode=m)`` for the modes that copy elements ('edge', 'reflect',
  'symmetric', 'wrap'), and 'constant' with a mode only known at run time (a helper's argument):
  every axis padded by a gather through the index each padded position copies (``pad_source``);
* ``np.linalg.eigvalsh(a, UPLO='U')`` of a matrix: the eigenvalues of the symmetric matrix its
  upper triangle defines (numba's reads the lower one);
* ``np.median(a, keepdims=True)`` over the whole array (the median in an array of ones);
* ``np.linalg.norm(m, axis=(0, 1))`` of a matrix (its Frobenius norm; ``ord`` None or 'fro');
* ``np.hstack``/``np.vstack(arrays, dtype=t)`` (the join cast to ``t``, where NumPy's 'same_kind' allows);
* ``np.partition(a, kth, axis=k)`` over another axis than the last (numba's, the axis moved last).

Invariant: each overload returns None (numba's own, or its refusal, stands) for the forms numba
already compiles and for those it does not cover, and computes what NumPy computes for the others.
"""
import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from .numba_rules_base import gen, is_array, is_none, literal
from .numba_rules_linalg import _symmetric

PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


# ---- np.linspace(..., endpoint=) ---------------------------------------------------------------
def _number(t):
    return isinstance(t, (types.Integer, types.Float)) and not isinstance(t, types.Boolean)


def _vector_ends(start, stop):
    """Endpoints of which one at least is a 1-d array, the other a number or a 1-d array."""
    ends = (start, stop)
    return any(is_array(t) and t.ndim == 1 for t in ends) and all(_number(t) or is_array(t) and t.ndim == 1 for t in ends)


@register_jitable
def _linspace_columns(start, stop, num, endpoint):
    """``np.linspace`` of vector endpoints: a column per pair of ends, NumPy's arithmetic (a zero
    step anywhere makes every column ``i / div * delta``, as NumPy's ``any(step == 0)``)."""
    if num < 0:
        raise ValueError("Number of samples must be non-negative.")
    s, e = start * 1.0 + stop * 0.0, stop * 1.0 + start * 0.0
    div = num - 1 if endpoint else num
    delta = e - s
    step = delta / div if div > 0 else delta
    scaled = div > 0 and np.any(step == 0)
    out = np.empty((num, s.size))
    for i in range(num):
        for j in range(s.size):
            out[i, j] = (i / div * delta[j] if scaled else i * step[j]) + s[j]
    if endpoint and num > 1:
        out[num - 1, :] = e
    return out


@overload(np.linspace)
def _ov_linspace_vectors(start, stop, num=50, endpoint=True):
    if not _vector_ends(start, stop):
        return None
    return lambda start, stop, num=50, endpoint=True: _linspace_columns(start, stop, num, endpoint)


@overload(np.linspace)
def _ov_linspace(start, stop, num=50, endpoint=True):
    if endpoint is True or isinstance(endpoint, types.Omitted) or not (_number(start) and _number(stop)):
        return None

    def linspace(start, stop, num=50, endpoint=True):
        if num < 0:
            raise ValueError("Number of samples must be non-negative.")
        div = num - 1 if endpoint else num
        out = np.arange(num) * 1.0
        delta = stop * 1.0 - start
        if div > 0:
            step = delta / div
            if step == 0:
                out = out / div * delta
            else:
                out = out * step
        else:
            out = out * delta
        out += start
        if endpoint and num > 1:
            out[num - 1] = stop
        return out
    return linspace


@overload(np.logspace)
def _ov_logspace(start, stop, num=50, endpoint=True, base=10.0):
    if _vector_ends(start, stop) and (_number(base) or isinstance(base, (float, types.Omitted))):
        return lambda start, stop, num=50, endpoint=True, base=10.0: \
            np.power(base * 1.0, _linspace_columns(start, stop, num, endpoint))
    plain = (endpoint is True or isinstance(endpoint, types.Omitted)) and isinstance(base, types.Omitted)
    if plain or not (_number(start) and _number(stop)) or not (_number(base) or isinstance(base, types.Omitted)):
        return None

    def logspace(start, stop, num=50, endpoint=True, base=10.0):
        return np.power(base * 1.0, np.linspace(start, stop, num, endpoint=endpoint))
    return logspace


# ---- np.pad(..., mode=) -------------------------------------------------------------------------
@register_jitable
def pad_source(j, n, mode):
    """The index of the element (of an axis of length ``n``) that padded position ``j`` (relative to the
    axis' first element) copies in ``mode``; -1 for a constant."""
    if 0 <= j < n:
        return j
    if mode == "constant":
        return -1
    if mode == "edge":
        return 0 if j < 0 else n - 1
    if mode == "wrap":
        return j % n
    if mode == "symmetric":
        k = j % (2 * n)
        return k if k < n else 2 * n - 1 - k
    if n == 1:                       # reflect
        return 0
    k = j % (2 * n - 2)
    return k if k < n else 2 * n - 2 - k


def _widths_source(pad_width, nd):
    """Source of ``w``, an ``(nd, 2)`` int array of the widths ``pad_width`` gives (None: not covered)."""
    if isinstance(pad_width, types.Integer):
        return "    w = np.full((nd, 2), pad_width)\n"
    if not isinstance(pad_width, types.BaseTuple) or not pad_width.types:
        return None
    inner = pad_width.types
    if all(isinstance(t, types.Integer) for t in inner) and len(inner) in (1, 2):
        return f"    w = np.empty((nd, 2), np.int64)\n    w[:, 0] = pad_width[0]\n    w[:, 1] = pad_width[{len(inner) - 1}]\n"
    rows = []
    for t in inner:
        if not (isinstance(t, types.BaseTuple) and len(t.types) in (1, 2) and all(isinstance(u, types.Integer) for u in t.types)):
            return None
        rows.append(len(t.types))
    if len(rows) not in (1, nd):
        return None
    lines = ["    w = np.empty((nd, 2), np.int64)\n"]
    for k in range(nd):
        r = 0 if len(rows) == 1 else k
        lines.append(f"    w[{k}, 0] = pad_width[{r}][0]\n    w[{k}, 1] = pad_width[{r}][{rows[r] - 1}]\n")
    return "".join(lines)


@overload(np.pad)
def _ov_pad(array, pad_width, mode="constant"):
    fixed = literal(mode)
    if isinstance(mode, types.Omitted) or fixed == "constant" or not is_array(array) or array.ndim == 0:
        return None
    if fixed is not None and fixed not in PAD_MODES or fixed is None and not isinstance(mode, types.UnicodeType):
        return None
    nd = array.ndim
    widths = _widths_source(pad_width, nd)
    if widths is None:
        return None
    src = ("def pad(array, pad_width, mode='constant'):\n    nd = array.ndim\n" + widths
           + "    if np.any(w < 0):\n        raise ValueError(\"index can't contain negative values\")\n"
           "    out = array.copy()\n"
           "    for k in range(nd):\n"
           "        n = out.shape[k]\n"
           "        if n == 0 and mode != 'constant' and (w[k, 0] > 0 or w[k, 1] > 0):\n"
           "            raise ValueError(\"can't extend empty axis using modes other than 'constant' or 'empty'\")\n"
           "        src = np.empty(n + w[k, 0] + w[k, 1], np.int64)\n"
           "        for i in range(src.size):\n"
           "            src[i] = pad_source(i - w[k, 0], n, mode)\n"
           "        front = np.moveaxis(out, k, 0)\n"
           "        moved = np.zeros((src.size,) + front.shape[1:], out.dtype)\n"
           "        for i in range(src.size):\n"
           "            if src[i] >= 0:\n"
           "                moved[i] = front[src[i]]\n"
           "        out = np.ascontiguousarray(np.moveaxis(moved, 0, k))\n"
           "    return out\n")
    return gen(src, "pad", {"pad_source": pad_source})


# ---- np.linalg.eigvalsh(a, UPLO='U') ------------------------------------------------------------
@overload(np.linalg.eigvalsh)
def _ov_eigvalsh(a, UPLO="L"):
    if isinstance(UPLO, types.Omitted) or literal(UPLO) == "L" or not (is_array(a) and a.ndim == 2):
        return None
    if literal(UPLO) not in ("U", None):
        return None

    def eigvalsh(a, UPLO="L"):
        if UPLO != "U" and UPLO != "L":
            raise ValueError("UPLO argument must be 'L' or 'U'")
        return np.linalg.eigvalsh(_symmetric(a * 1.0, UPLO == "U"))
    return eigvalsh


# ---- np.median(a, keepdims=True) ----------------------------------------------------------------
@overload(np.median)
def _ov_median_keepdims(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    if not (is_array(a) and is_none(axis) and is_none(out) and literal(keepdims) is True):
        return None
    ones = "(" + "1, " * a.ndim + ")"
    return gen(f"def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):\n"
               f"    return np.full({ones}, np.median(a))\n", "median")


# ---- np.linalg.norm(m, axis=(0, 1)) of a matrix -----------------------------------------------
@overload(np.linalg.norm)
def _ov_norm_both_axes(x, ord=None, axis=None, keepdims=False):
    """The Frobenius norm of a matrix over both its axes (``ord`` None or 'fro'), kept as ``(1, 1)``
    with ``keepdims``."""
    axes = literal(axis) if not isinstance(axis, types.BaseTuple) else tuple(literal(t) for t in axis.types)
    if not (is_array(x) and x.ndim == 2 and isinstance(axes, tuple) and sorted(a % 2 for a in axes if isinstance(a, int)) == [0, 1]
            and (is_none(ord) or literal(ord) == "fro") and literal(keepdims, None) in (True, False)):
        return None
    if literal(keepdims):
        return lambda x, ord=None, axis=None, keepdims=False: np.full((1, 1), np.linalg.norm(x))
    return lambda x, ord=None, axis=None, keepdims=False: np.linalg.norm(x)


# ---- np.hstack/np.vstack/np.concatenate(..., dtype=) ----------------------------------------------
def _same_kind(tup, target):
    """Every array of ``tup`` casts to ``target`` under NumPy's 'same_kind' rule."""
    items = tup.types if isinstance(tup, types.BaseTuple) else (tup.dtype,) if isinstance(tup, types.List) else ()
    return bool(items) and all(is_array(t) and np.can_cast(str(t.dtype), str(target), "same_kind") for t in items)


def _joined_as(join):
    @overload(join)
    def _ov(tup, dtype=None, casting="same_kind"):
        if is_none(dtype) or not (isinstance(casting, types.Omitted) or casting == "same_kind"):   # a default: itself
            return None
        if not (isinstance(dtype, types.NumberClass) and _same_kind(tup, dtype.instance_type)):
            return None                    # NumPy raises TypeError (casting='same_kind')
        return lambda tup, dtype=None, casting="same_kind": join(tup).astype(dtype)
    return _ov


for _join in (np.hstack, np.vstack):
    _joined_as(_join)


# ---- np.partition(a, kth, axis=k) ---------------------------------------------------------------
@overload(np.partition)
def _ov_partition_axis(a, kth, axis=-1):
    """Over another axis than the last: numba's (the last axis) of the array with the axis moved last."""
    k = literal(axis)
    if not (is_array(a) and a.ndim >= 2 and isinstance(k, int) and not isinstance(k, bool)
            and -a.ndim <= k < a.ndim and k % a.ndim != a.ndim - 1):
        return None
    k %= a.ndim
    return gen("def partition(a, kth, axis=-1):\n"
               f"    moved = np.ascontiguousarray(np.moveaxis(a, {k}, -1))\n"
               f"    return np.ascontiguousarray(np.moveaxis(np.partition(moved, kth), -1, {k}))\n", "partition")
