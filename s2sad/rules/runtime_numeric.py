"""Run-time helpers of the numeric array rules (plain NumPy): cross and cumulative
products, interpolation, integration, convolution, median, slogdet, erf, einsum.

Same contract as :mod:`s2sad.rules.runtime`, to whose namespace every helper here is
added (the backends look helpers up there): each one computes one adjoint that NumPy
has no single call for, returns a float for a scalar argument and a fresh array
(never a view of its input) otherwise, and raises ``NoDerivativeError`` for a form
its rule does not cover rather than return a guess. The numba versions are in
:mod:`s2sad.backends.numba_helpers.numba_rules_numeric`.
"""
import math

import numpy as np

from ..errors import NoDerivativeError
from .registry import shape_only
from .runtime import _out, _public, unbroadcast


# ---- products: cross, cumprod --------------------------------------------------------
def _vectors(x, axis):
    """``x`` with its vector axis last; only 3-vectors (NumPy deprecates 2-vectors)."""
    moved = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    if moved.shape[-1] != 3:
        raise NoDerivativeError("s2sad differentiates np.cross of 3-vectors only (NumPy deprecates "
                                "2-vectors); append a zero component.")
    return moved


@_public
def cast_like(v, like):
    """``v`` in ``like``'s type: what NumPy stores writing ``v`` into the array ``like`` (``np.divide(...,
    out=np.zeros_like(num))`` with ``num`` float32 rounds its quotient to float32; ``a -= s``, with
    ``a`` float32, rounds ``a - s``), with NumPy's checks of a ufunc's output: its ValueError when ``v``
    has another shape (``a += v`` broadcasting ``a``), its TypeError when ``v`` cannot be cast under
    ``same_kind`` (``a += 0.5`` with ``a`` an integer array). ``like`` not an array: ``v`` itself."""
    if not isinstance(like, np.ndarray) or isinstance(v, (list, tuple)):
        return v
    if np.shape(v) != like.shape:
        raise ValueError(f"non-broadcastable output operand with shape {like.shape} doesn't match the "
                         f"broadcast shape {np.shape(v)}")
    if np.result_type(v) != like.dtype:
        if not np.can_cast(np.result_type(v), like.dtype, "same_kind"):
            np.positive(np.asarray(v), out=np.empty(like.shape, like.dtype))    # NumPy's own UFuncTypeError
        return np.asarray(v).astype(like.dtype)
    return v


@_public
def cross_grad(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, left=True):
    """Gradient of ``np.cross(a, b, axisa, axisb, axisc, axis)`` wrt ``a`` (``left``) or ``b``."""
    if axis is not None:
        axisa = axisb = axisc = axis
    aa, bb = _vectors(a, axisa), _vectors(b, axisb)
    gg = np.moveaxis(np.asarray(g, dtype=float), axisc, -1) if np.ndim(g) > 1 else np.asarray(g, dtype=float)
    own = aa if left else bb
    part = np.cross(bb, gg) if left else np.cross(gg, aa)
    return np.moveaxis(unbroadcast(part, own), -1, axisa if left else axisb)


@_public
def cumprod_grad(g, y, x, axis=None):
    """Gradient of ``np.cumprod(x, axis)``; exact where ``x`` has zeros (each element gets
    the products of the others, never a division by zero)."""
    shape = np.shape(x)
    x = np.asarray(x, dtype=float)
    if axis is None or not shape:       # np.cumprod(number, axis=0) is [number]
        return _cumprod_rows(np.ravel(g)[None], np.ravel(y)[None], np.ravel(x)[None])[0].reshape(shape)
    moved = [np.moveaxis(np.asarray(a, dtype=float), axis, -1) for a in (g, y, x)]
    inner = moved[2].shape
    rows = [m.reshape(-1, inner[-1]) for m in moved]
    return np.moveaxis(_cumprod_rows(*rows).reshape(inner), -1, axis)


def _cumprod_rows(g, y, x):
    """Rows of the cumprod gradient: sum_{j>=i} g_j y_j / x_i before a row's first zero; at
    the first zero z, sum_{j>=z} g_j prod_{k<=j, k!=z} x_k; after it, zero."""
    out = np.zeros(x.shape)
    tail = np.flip(np.cumsum(np.flip(g * y, -1), -1), -1)
    for r in range(x.shape[0]):
        zeros = np.flatnonzero(x[r] == 0.0)
        if len(zeros) == 0:
            out[r] = tail[r] / x[r]
            continue
        z = zeros[0]
        out[r, :z] = tail[r, :z] / x[r, :z]
        before = y[r, z - 1] if z > 0 else 1.0
        after = np.cumprod(np.concatenate(([1.0], x[r, z + 1:])))
        out[r, z] = np.sum(g[r, z:] * before * after)
    return out


# ---- interpolation, integration ----------------------------------------------------
def _segments(x, xp):
    """For each ``x``: its segment ``j`` of ``xp``, the position ``t`` in it, and masks of the
    points left of, inside and right of ``xp`` (as np.interp sees them)."""
    x, xp = np.asarray(x, dtype=float), np.asarray(xp, dtype=float)
    j = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, len(xp) - 2)
    h = xp[j + 1] - xp[j]
    t = (x - xp[j]) / h
    below, above = x < xp[0], x > xp[-1]
    return j, t, h, below, above, ~(below | above)


@_public
def interp_grad_x(g, x, xp, fp):
    """Gradient of ``np.interp(x, xp, fp)`` wrt ``x``: the slope of the segment (0 outside)."""
    fp = np.asarray(fp, dtype=float)
    j, t, h, _, _, inside = _segments(x, xp)
    return _out(np.where(inside, g * (fp[j + 1] - fp[j]) / h, 0.0))


@_public
def interp_grad_xp(g, x, xp, fp):     # reads every argument's values (x: which segment)
    """Gradient of ``np.interp(x, xp, fp)`` wrt the breakpoints ``xp``."""
    fp = np.asarray(fp, dtype=float)
    j, t, h, _, _, inside = _segments(x, xp)
    slope = np.where(inside, g * (fp[j + 1] - fp[j]) / h, 0.0)
    out = np.zeros(np.shape(xp))
    np.add.at(out, np.ravel(j), np.ravel(slope * (t - 1.0)))
    np.add.at(out, np.ravel(j + 1), np.ravel(-slope * t))
    return out


@_public
@shape_only(3)
def interp_grad_fp(g, x, xp, fp, left=None, right=None):
    """Gradient of ``np.interp(x, xp, fp, left, right)`` wrt the values ``fp``."""
    j, t, _, below, above, inside = _segments(x, xp)
    g = np.broadcast_to(np.asarray(g, dtype=float), np.shape(j))
    out = np.zeros(np.shape(fp))
    np.add.at(out, np.ravel(j), np.ravel(np.where(inside, g * (1.0 - t), 0.0)))
    np.add.at(out, np.ravel(j + 1), np.ravel(np.where(inside, g * t, 0.0)))
    if left is None:
        out[0] += np.sum(np.where(below, g, 0.0))
    if right is None:
        out[-1] += np.sum(np.where(above, g, 0.0))
    return out


@_public
def interp_grad_bound(g, x, xp, right):
    """Gradient of ``np.interp(x, xp, fp, left, right)`` wrt ``left`` (or ``right``)."""
    x, xp = np.asarray(x, dtype=float), np.asarray(xp, dtype=float)
    hit = x > xp[-1] if right else x < xp[0]
    return float(np.sum(np.where(hit, g, 0.0)))


def _along(v, like, axis):
    """A 1-d ``v`` shaped to broadcast along ``axis`` of ``like``."""
    if np.ndim(v) != 1 or np.ndim(like) == 1:
        return np.asarray(v, dtype=float)
    shape = [1] * np.ndim(like)
    shape[axis] = len(v)
    return np.reshape(np.asarray(v, dtype=float), shape)


def _widths(y, x, dx, axis):
    if x is None:
        n = np.shape(y)[axis]
        shape = [1] * np.ndim(y)
        shape[axis] = n - 1
        return np.full(shape, float(dx))
    return np.diff(_along(x, y, axis), axis=axis)


def _trapz_expand(g, y, axis):
    return np.expand_dims(g, axis) if np.ndim(g) else g


@_public
@shape_only(1)
def trapz_grad_y(g, y, x=None, dx=1.0, axis=-1):
    """Gradient of ``np.trapezoid(y, x, dx, axis)`` wrt ``y``: the trapezoid weights (none for no
    samples: the integral is 0)."""
    if np.shape(y)[axis] == 0:
        return np.zeros(np.shape(y))
    d = _widths(y, x, dx, axis)
    pad = [(0, 0)] * d.ndim
    before, after = list(pad), list(pad)
    before[axis], after[axis] = (1, 0), (0, 1)
    w = 0.5 * (np.pad(d, before) + np.pad(d, after))
    return np.zeros(np.shape(y)) + w * _trapz_expand(g, y, axis)


def _segment_means(y, axis):
    n = np.shape(y)[axis]
    return 0.5 * (np.take(y, range(0, n - 1), axis=axis) + np.take(y, range(1, n), axis=axis))


@_public
def trapz_grad_x(g, y, x, axis=-1):
    """Gradient of ``np.trapezoid(y, x, axis=axis)`` wrt the sample points ``x`` (none for no samples)."""
    if np.shape(y)[axis] == 0:
        return np.zeros(np.shape(x))
    s = _segment_means(np.asarray(y, dtype=float), axis)
    pad = [(0, 0)] * s.ndim
    before, after = list(pad), list(pad)
    before[axis], after[axis] = (1, 0), (0, 1)
    full = (np.pad(s, before) - np.pad(s, after)) * _trapz_expand(g, y, axis)
    if np.ndim(x) == 1 and np.ndim(y) > 1:
        return np.sum(np.moveaxis(full, axis, -1).reshape(-1, np.shape(x)[0]), axis=0)
    return full


@_public
def trapz_grad_dx(g, y, x=None, axis=-1):
    """Gradient of ``np.trapezoid(y, x, dx, axis)`` wrt the spacing ``dx`` (unused if ``x`` is given)."""
    if x is not None:
        return 0.0
    return float(np.sum(_segment_means(np.asarray(y, dtype=float), axis) * _trapz_expand(g, y, axis)))


# ---- convolution ---------------------------------------------------------------------
@_public
def convolve_grad(g, a, v, mode="full", left=True):
    """Gradient of ``np.convolve(a, v, mode)`` wrt ``a`` (``left``) or ``v``: the output
    gradient placed in the full convolution, correlated with the other factor."""
    n, m = np.size(a), np.size(v)
    full = np.zeros(n + m - 1)
    offset = {"full": 0, "same": (min(n, m) - 1) // 2, "valid": min(n, m) - 1}[mode]
    full[offset:offset + np.size(g)] = g
    return np.correlate(full, np.ravel(v) if left else np.ravel(a), "valid").reshape(np.shape(a if left else v))


@_public
def correlate_grad(g, a, v, mode="valid", left=True):
    """Gradient of ``np.correlate(a, v, mode)`` (real 1-d signals) wrt ``a`` (``left``) or ``v``:
    the result is a window of the full ``np.convolve(a, v[::-1])``, which starts where
    convolve's does except in mode 'same' with ``v`` the longer (NumPy swaps the signals and
    reverses the result: the window starts at ``len(a) // 2``)."""
    n, m = np.size(a), np.size(v)
    offset = {"full": 0, "valid": min(n, m) - 1, "same": (m - 1) // 2 if n >= m else n // 2}[mode]
    full = np.zeros(n + m - 1)
    full[offset:offset + np.size(g)] = g
    if left:
        return np.correlate(full, np.ravel(v)[::-1], "valid").reshape(np.shape(a))
    return np.correlate(full, np.ravel(a), "valid")[::-1].reshape(np.shape(v))


# ---- inner products ---------------------------------------------------------------------
@_public
def inner_grad(g, a, b, left=True):
    """Gradient of ``np.inner(a, b)`` wrt ``a`` (``left``) or ``b``: the product when either is
    a number, else a contraction of the last axes (``tensordot_grad``)."""
    from .runtime_linalg import tensordot_grad
    g = np.asarray(g, dtype=float)
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * (b if left else a), a if left else b)
    axes = ([np.ndim(a) - 1], [np.ndim(b) - 1])
    return tensordot_grad(g, a, b, axes, left)


# ---- Vandermonde matrices ------------------------------------------------------------
def vander_derivative(x, N, increasing, order):
    """The ``order``-th derivative of each column of ``np.vander(x, N, increasing)`` in ``x``:
    ``p (p - 1) ... (p - order + 1) x**(p - order)`` for the column of power ``p`` (zero for the
    powers below ``order``, also at ``x = 0``)."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0] if N is None else N
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    factor = np.ones(n)
    for k in range(order):
        factor = factor * (powers - k)
    return np.where(powers >= order, factor * x[:, None] ** np.maximum(powers - order, 0), 0.0)


@_public
def vander_slope(x, N=None, increasing=False):
    """The derivative of each column of ``np.vander(x, N, increasing)`` in ``x``: ``p x**(p-1)``
    for the column of power ``p``."""
    return vander_derivative(x, N, increasing, 1)


# ---- statistics ----------------------------------------------------------------------
def _as_rows(x, axis):
    """``x`` as floats, its reduced ``axis`` (None: all) moved last and flattened: one row of the
    elements each reduction reads; and the function putting an array of the rows' shape back
    in ``x``'s layout (shared by ``median_grad`` and ``nanmedian_grad``)."""
    shape = np.shape(x)
    x = np.asarray(x, dtype=float)
    axes = tuple(range(x.ndim)) if axis is None else tuple(a % x.ndim for a in np.atleast_1d(axis))
    rest = [a for a in range(x.ndim) if a not in axes]
    moved = np.transpose(x, rest + list(axes))
    rows = moved.reshape(-1, int(np.prod([shape[a] for a in axes], dtype=int)))

    def back(w):
        return np.transpose(w.reshape(moved.shape), np.argsort(rest + list(axes)))
    return rows, back


@_public
def median_grad(g, x, axis=None, keepdims=False):
    """Gradient of ``np.median(x, axis)``: ``g`` on the middle element, or split in halves
    between the two middle elements of an even count (the elements np.median averages)."""
    rows, back = _as_rows(x, axis)
    n = rows.shape[1]
    order = np.argsort(rows, axis=1, kind="stable")
    w = np.zeros(rows.shape)
    mid = [n // 2] if n % 2 else [n // 2 - 1, n // 2]
    for k in mid:
        np.put_along_axis(w, order[:, k:k + 1], 1.0 / len(mid), axis=1)
    gg = np.reshape(np.asarray(g, dtype=float), (-1, 1))
    return back(w * gg)


# ---- linear algebra ------------------------------------------------------------------
@_public
def slogdet_grad(g, x):
    """Gradient of ``np.linalg.slogdet(x)`` (the pair sign, log|det|) wrt ``x``: the sign is
    piecewise constant; log|det x| has gradient inv(x) transposed. At a singular matrix
    log|det| is -inf and has no derivative: refused where its gradient is used, 0 where not."""
    x = np.asarray(x, dtype=float)
    gl = np.broadcast_to(np.asarray(g[1], dtype=float), x.shape[:-2])
    used = gl != 0
    if not np.any(used):
        return np.zeros(x.shape)
    singular = np.linalg.slogdet(x)[0] == 0
    if np.any(singular & used):
        raise NoDerivativeError(SINGULAR_SLOGDET)
    safe = np.where(np.expand_dims(singular, (-1, -2)), np.eye(x.shape[-1]), x)
    with np.errstate(all="ignore"):
        inv = np.linalg.inv(safe)
    return np.expand_dims(np.where(used, gl, 0.0), (-1, -2)) * np.swapaxes(inv, -1, -2)


SINGULAR_SLOGDET = ("np.linalg.slogdet of a singular matrix: log|det| is -inf there and has no derivative, "
                    "so s2sad cannot differentiate it (keep the matrix away from singular, e.g. add a small "
                    "multiple of the identity, or use np.linalg.det, whose gradient exists there)")


@_public
def erf_slope(x):
    """The derivative of erf at ``x``: 2 / sqrt(pi) * exp(-x**2)."""
    return 2.0 / math.sqrt(math.pi) * np.exp(-np.square(x))


# ---- einsum ----------------------------------------------------------------------------
def _einsum_terms(subscripts, operands):
    """The input terms and the output term of an einsum, with '...' spelled out as letters
    and the implicit output (letters seen once, sorted) made explicit."""
    subs = subscripts.replace(" ", "")
    ins, arrow, out = subs.partition("->")
    ins = ins.split(",")
    spare = [c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in subs]
    dims = [np.ndim(op) - len(s.replace("...", "")) for s, op in zip(ins, operands)]
    n_ell = max([d for s, d in zip(ins, dims) if "..." in s], default=0)
    ell = "".join(spare[:n_ell])
    if not arrow:
        letters = "".join(s.replace("...", "") for s in ins)
        out = ("..." if n_ell else "") + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    full = [s.replace("...", ell[n_ell - d:]) if "..." in s else s for s, d in zip(ins, dims)]
    return full, out.replace("...", ell)


@_public
def einsum_grad(g, subscripts, k, *operands):   # no shape_only: position 3 is a value unless k == 0
    """Gradient of ``np.einsum(subscripts, *operands)`` wrt operand ``k``: ``g`` contracted
    with the other operands, spread over letters only operand ``k`` has, placed on the
    diagonal of a repeated letter, summed over the dimensions of ``k`` broadcast from size 1
    and spread over those of ``k`` the others broadcast from size 1 (always ``k``'s shape)."""
    operands = [op for op in operands if op is not None]
    ins, out = _einsum_terms(subscripts, operands)
    mine, x = ins[k], operands[k]
    size = dict(zip(mine, np.shape(x)))
    unique = "".join(dict.fromkeys(mine))
    terms, arrays = [out], [np.asarray(g, dtype=float)]
    for i, (s, op) in enumerate(zip(ins, operands)):
        if i != k:
            terms.append(s)
            arrays.append(op)
    seen = set("".join(terms))
    for c in unique:
        if c not in seen:
            terms.append(c)
            arrays.append(np.ones(size[c]))
    grad = np.einsum(",".join(terms) + "->" + unique, *arrays)
    for i, c in enumerate(unique):
        if size[c] == 1 and grad.shape[i] != 1:
            grad = np.sum(grad, axis=i, keepdims=True)
    # a letter the other operands (and the output) have only with size 1 was broadcast against
    # operand k: the contraction gives size 1 there, and the derivative is the same at each index
    want = tuple(size[c] for c in unique)
    if grad.shape != want:
        grad = np.broadcast_to(grad, want).copy()
    if unique == mine:
        return _out(grad)
    res = np.zeros(np.shape(x))
    np.einsum(mine + "->" + unique, res)[...] = grad   # a writeable view of the diagonal
    return res
