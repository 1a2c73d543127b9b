"""Run-time helpers of writes through index arrays (plain NumPy): the gradient of
``y[idx] = v`` (the last write of a repeated index wins), ``np.add.at`` as a value
(``scattered``, ``added_at``), its gather, and the index arrays of ``np.fill_diagonal``,
``ravel``/``reshape`` writes, ``np.put`` and ``np.put_along_axis``. Split from
:mod:`s2sad.rules.runtime_arrays`, under the same contract: each helper is added to
:mod:`s2sad.rules.runtime`'s namespace, returns a fresh array (or a float), and raises
``NoDerivativeError`` for a form its rule does not cover. The numba versions are in
:mod:`s2sad.backends.numba_helpers.numba_rules_index`.
"""
import numpy as np

from ..errors import NoDerivativeError
from .registry import shape_only
from .runtime import _public, unbroadcast


# ---- writes through index arrays ------------------------------------------------------
def _positions(shape, idx):
    """The flat position in an array of ``shape`` of each element ``[idx]`` selects."""
    return np.arange(int(np.prod(shape, dtype=int))).reshape(shape)[idx]


@_public
def last_write_grad(b, idx):
    """The gradient of the values ``y[idx] = v`` writes, from ``b`` (the gradient of ``y``
    after the write): ``b[idx]``, except that a value overwritten by a later value of the
    same write (a repeated index) gets zero, as only the last write is kept."""
    g = np.asarray(b)[idx]
    if isinstance(idx, np.ndarray) and idx.dtype == bool:
        return g  # a mask selects each element once
    pos = np.ravel(_positions(np.shape(b), idx))
    order = np.unique(pos[::-1], return_index=True)[1]
    if len(order) == pos.size:
        return g
    parts = idx if isinstance(idx, tuple) else (idx,)
    if any(np.ndim(p) > 1 for p in parts if not isinstance(p, (slice, type(None), type(Ellipsis)))):
        raise NoDerivativeError("an assignment `y[idx] = v` through a multi-dimensional index array writes "
                                "one element twice, and NumPy does not define which write is kept; "
                                "s2sad cannot differentiate it. Use 1-d index arrays, or remove the repeats.")
    keep = np.zeros(pos.size)
    keep[pos.size - 1 - order] = 1.0
    return g * keep.reshape(np.shape(g))


@_public
@shape_only(0)
def scattered(a, indices, v):
    """``np.add.at`` as a value: zeros shaped like ``a`` with ``v`` added at ``indices``,
    every repeated index contributing (``np.add.at(a, i, v)`` is ``a += scattered(a, i, v)``)."""
    out = np.zeros(np.shape(a), dtype=np.result_type(a, v))
    np.add.at(out, indices, v)
    return out


@_public
def added_at(a, indices, v, sign=1.0):
    """``np.add.at`` (``sign`` -1.0: ``np.subtract.at``) as a value: a copy of ``a`` with ``v`` added at
    ``indices`` one element after the other, as NumPy adds them (``a[0] + v0 + v1`` for a repeated 0,
    each sum rounded into ``a``'s type): ``np.add.at(a, i, v)`` is ``a[...] = added_at(a, i, v)``."""
    out = np.array(a, copy=True)
    (np.add if sign > 0 else np.subtract).at(out, indices, v)
    return out


@_public
@shape_only(2)
def gathered(g, indices, v):
    """The gradient of ``v`` in ``scattered(a, indices, v)``: ``g[indices]`` summed to ``v``'s
    shape (every repeated index gives its own share)."""
    return unbroadcast(np.asarray(g)[indices], v)


@_public
def diagonal_index(a, wrap=False):
    """The index arrays of the elements ``np.fill_diagonal(a, val, wrap)`` writes."""
    shape = np.shape(a)
    if len(shape) == 2:
        step = shape[1] + 1
        end = shape[0] * shape[1] if wrap else min(shape[0] * shape[1], shape[1] * shape[1])
    else:
        step = 1 + int(np.sum(np.cumprod(shape[:-1])))
        end = int(np.prod(shape, dtype=int))
    return np.unravel_index(np.arange(0, end, step), shape)


@_public
def layout_index(a, order, shape=None):
    """The C-order positions of the elements ``np.ravel(a, order)`` reads in turn, for ``order``
    'K' (memory order, an axis of negative stride read forwards) or 'A' (Fortran order when ``a``
    is Fortran- but not C-contiguous, else C): ``np.ravel(a, order)`` is ``np.ravel(a)[layout_index(a,
    order)]``. 'K' reads the order of an index array laid out as ``a`` (``np.empty_like`` keeps it).
    With ``shape`` (order 'A'): the positions ``np.reshape(a, shape, order='A')`` places in C order,
    which is ``np.reshape(np.ravel(a)[layout_index(a, 'A', shape)], shape)``."""
    a = np.asarray(a)
    if order == "A":
        fortran = a.flags.f_contiguous and not a.flags.c_contiguous
        if shape is not None:
            return np.ravel(np.reshape(np.arange(a.size).reshape(a.shape), shape, order="F" if fortran else "C"))
        return np.ravel(np.arange(a.size).reshape(a.shape), order="F" if fortran else "C")
    ids = np.empty_like(a, dtype=np.intp)
    ids[...] = np.arange(a.size).reshape(a.shape)
    return np.ravel(ids, order="K")


@_public
def put_index(a, ind, v, mode="raise"):
    """The index arrays of the elements ``np.put(a, ind, v, mode)`` writes: the flat indices ``ind``
    (``mode`` 'raise': NumPy's IndexError out of range; 'wrap', 'clip' as NumPy) as positions of ``a``.
    ``v`` must have one item or one per index (NumPy repeats a shorter ``v``: refused)."""
    from ..errors import RefusedValuesError
    flat, n = np.ravel(np.asarray(ind)), np.size(a)
    if np.size(v) not in (1, flat.size):
        raise RefusedValuesError(f"np.put with {flat.size} indices and {np.size(v)} values (NumPy repeats the "
                                 "values): give one value or one per index (np.resize(v, len(ind)))")
    if mode == "wrap":
        flat = flat % n
    elif mode == "clip":
        flat = np.clip(flat, 0, n - 1)
    elif np.any((flat < -n) | (flat >= n)):
        raise IndexError(f"index out of range for array of size {n}")
    return np.unravel_index(flat % n if n else flat, np.shape(a))


@_public
def along_axis_index(a, indices, axis):
    """The index arrays of the elements ``np.put_along_axis(a, indices, values, axis)`` writes
    (NumPy's own construction, with its checks): ``indices`` along ``axis``, every other axis
    counted by an ``np.arange`` shaped to broadcast."""
    indices = np.asarray(indices)
    if not np.issubdtype(indices.dtype, np.integer):
        raise IndexError("`indices` must be an integer array")
    if indices.ndim != np.ndim(a):
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    axis = np.lib.array_utils.normalize_axis_index(axis, np.ndim(a))
    ones = (1,) * indices.ndim
    return tuple(indices if k == axis else np.arange(n).reshape(ones[:k] + (-1,) + ones[k + 1:])
                 for k, n in enumerate(np.shape(a)))
