"""Run-time helpers (plain NumPy) of the rules of functions that return several pieces
(``divmod``, ``np.modf``, ``np.split`` and its family, ``np.meshgrid``), of ``np.ediff1d``,
``np.linalg.matrix_power``, ``np.corrcoef`` and ``np.polyfit`` (its coefficients as a function of ``y``).

Same contract as :mod:`s2sad.rules.runtime` (to whose namespace each helper is added): one
adjoint per call, a fresh array. Invariant of the pieces' helpers: the adjoint ``g`` of a
result of several pieces has one entry per piece, each either shaped like its piece or a
number (0.0 for a piece the program never read, or the whole adjoint an array stacking
pieces of one shape), so each entry is broadcast to its piece's shape before it is used.
The numba versions are in :mod:`s2sad.backends.numba_helpers.numba_rules_pieces`.
"""
import numpy as np

from ..errors import NoDerivativeError
from .registry import shape_only
from .runtime import _out, _public
from .runtime_numeric import vander_slope
from .runtime_stats import cov_grad, cov_tangent


def _piece(g, i, like):
    """The adjoint of piece ``i``, as a float array shaped like ``like``."""
    return np.broadcast_to(np.asarray(g[i], dtype=float), np.shape(like))


# ---- divmod ----------------------------------------------------------------------------
@_public
def divmod_grad(g, z, left):
    """Adjoint of ``x`` (``left``) or ``y`` in ``q, r = divmod(x, y)``: the quotient is piecewise
    constant; the remainder ``r = x - q y`` gives ``gr`` to ``x`` and ``-gr q`` to ``y``."""
    q, r = z
    gr = _piece(g, 1, r)
    return _out(np.array(gr, dtype=float) if left else -gr * q)


@_public
def divmod_tangent(tx, ty, z):
    """Tangent of ``divmod(x, y)``'s pair: (0, tx - ty q)."""
    q, r = z
    return _out(np.zeros(np.shape(q))), _out(np.asarray(tx - ty * q, dtype=float) + np.zeros(np.shape(r)))


@_public
def modf_grad(g, z):
    """Adjoint of ``x`` in ``frac, whole = np.modf(x)``: the integral part is piecewise constant, the
    fractional part ``x - whole`` gives its adjoint to ``x``."""
    return _out(np.array(_piece(g, 0, z[0]), dtype=float))


@_public
def modf_tangent(tx, z):
    """Tangent of ``np.modf(x)``'s pair: (tx, 0)."""
    return _out(np.asarray(tx, dtype=float) + np.zeros(np.shape(z[0]))), _out(np.zeros(np.shape(z[1])))


# ---- splitting into pieces, grids --------------------------------------------------------
@_public
@shape_only(1)
def split_grad(g, y, axis):
    """Adjoint of the array split into the pieces ``y`` along ``axis``: the pieces' adjoints
    joined back."""
    return np.concatenate([_piece(g, i, p) for i, p in enumerate(y)], axis=axis)


@_public
@shape_only(1)
def meshgrid_grad(g, y, x, k, indexing="xy"):
    """Adjoint of ``x``, the ``k``-th input of ``y = np.meshgrid(...)``: the adjoint of grid ``k``
    summed over every axis but the one ``x`` runs along (the first two swapped for 'xy')."""
    gk = _piece(g, k, y[k])
    axis = _grid_axis(k, len(y), indexing)
    others = tuple(a for a in range(gk.ndim) if a != axis)
    return _out(np.sum(gk, axis=others).reshape(np.shape(x)))


def _grid_axis(k, n, indexing):
    """The axis of the grids along which input ``k`` (of ``n``) runs."""
    return (1 - k if k < 2 else k) if indexing == "xy" and n > 1 else k


@_public
@shape_only(4)
def meshgrid_tangent(t0, t1, t2, t3, y, indexing="xy"):
    """Tangent of ``y = np.meshgrid(x0, ...)`` (at most four inputs; 0.0 for an input with no
    tangent): each input's tangent laid along its axis, broadcast to its grid's shape."""
    out = []
    for k, t in enumerate((t0, t1, t2, t3)[:len(y)]):
        shape = [1] * np.ndim(y[k])
        shape[_grid_axis(k, len(y), indexing)] = -1
        t = np.ravel(np.asarray(t, dtype=float))
        out.append(np.broadcast_to(t.reshape(shape), np.shape(y[k])).copy())
    return tuple(out)


# ---- differences -------------------------------------------------------------------------
@_public
@shape_only(1)
def ediff1d_grad(g, ary):
    """Adjoint of ``np.ediff1d(ary)`` (the differences of the flattened array)."""
    g = np.broadcast_to(np.asarray(g, dtype=float), (max(np.size(ary) - 1, 0),))
    out = np.zeros(np.size(ary))
    out[1:] += g
    out[:-1] -= g
    return _out(out.reshape(np.shape(ary)))


# ---- matrix powers -----------------------------------------------------------------------
def _mT(m):
    return np.swapaxes(m, -1, -2)


def _power_sum(g, a, n):
    """sum_k (a^T)^k g (a^T)^(n-1-k), k = 0..n-1: the adjoint of a in a^n (n >= 1)."""
    at = _mT(a)
    powers = [np.broadcast_to(np.eye(a.shape[-1]), a.shape)]
    for _ in range(n - 1):
        powers.append(powers[-1] @ at)
    return sum(powers[k] @ g @ powers[n - 1 - k] for k in range(n))


def _power_tangent(t, a, n):
    """sum_k a^k t a^(n-1-k): the tangent of a^n along t (n >= 1)."""
    return _power_sum(t, _mT(a), n)


@_public
def matrix_power_grad(g, a, n):
    """Adjoint of ``a`` in ``np.linalg.matrix_power(a, n)``: zero for n = 0; for n < 0, that of
    b = inv(a) in b^|n|, taken back through inv (-b^T gb b^T)."""
    a = np.asarray(a, dtype=float)
    g = np.broadcast_to(np.asarray(g, dtype=float), a.shape)
    if n == 0:
        return np.zeros(a.shape)
    if n > 0:
        return _power_sum(g, a, n)
    b = np.linalg.inv(a)
    return -_mT(b) @ _power_sum(g, b, -n) @ _mT(b)


@_public
def matrix_power_tangent(t, a, n):
    """Tangent of ``np.linalg.matrix_power(a, n)`` along ``t``."""
    a = np.asarray(a, dtype=float)
    t = np.broadcast_to(np.asarray(t, dtype=float), a.shape)
    if n == 0:
        return np.zeros(a.shape)
    if n > 0:
        return _power_tangent(t, a, n)
    b = np.linalg.inv(a)
    return _power_tangent(-b @ t @ b, b, -n)


# ---- correlation coefficients --------------------------------------------------------------
def _corr(x, rowvar):
    """(covariance matrix, its diagonal's square roots' outer product, correlations)."""
    c = np.atleast_2d(np.cov(x, rowvar=rowvar))
    s = np.sqrt(np.diagonal(c))
    ss = np.outer(s, s)
    return c, ss, c / ss


@_public
def corrcoef_grad(g, x, rowvar=True):
    """Adjoint of ``x`` in ``R = np.corrcoef(x)``: R = C / (s s^T), s = sqrt(diag C), so
    gC = G / (s s^T) - diag(rowsum(G R) + colsum(G R)) / (2 diag C), then np.cov's adjoint.
    One variable: R = 1 everywhere, zero adjoint."""
    if np.ndim(np.cov(x, rowvar=rowvar)) == 0:
        return _out(np.zeros(np.shape(x)))
    c, ss, r = _corr(x, rowvar)
    gg = np.broadcast_to(np.asarray(g, dtype=float), c.shape)
    gr = gg * r
    gc = gg / ss - np.diag((gr.sum(axis=1) + gr.sum(axis=0)) / (2.0 * np.diagonal(c)))
    return cov_grad(gc, x, rowvar, False, None)


@_public
def corrcoef_tangent(t, x, rowvar=True):
    """Tangent of ``np.corrcoef(x)`` along ``t``: tC / (s s^T) - R (u_i + u_j), u = diag(tC) / (2 diag C)."""
    if np.ndim(np.cov(x, rowvar=rowvar)) == 0:
        return 0.0
    c, ss, r = _corr(x, rowvar)
    tc = np.atleast_2d(cov_tangent(t, x, rowvar, False, None))
    u = np.diagonal(tc) / (2.0 * np.diagonal(c))
    return tc / ss - r * (u[:, None] + u[None, :])


# ---- least-squares polynomial fits ------------------------------------------------------------
@_public
@shape_only(2)
def polyfit_grad_y(g, x, y, deg):
    """Adjoint of ``y`` in ``c = np.polyfit(x, y, deg)``: c = R^-1 Q^T y for V = vander(x, deg + 1) = QR,
    so gy = Q R^-T gc. Refused where V has not full column rank (NumPy then returns one of many
    fits, with a RankWarning)."""
    v, q, r = _fit_basis(x, deg)
    gc = np.broadcast_to(np.asarray(g, dtype=float), (v.shape[1],) + np.shape(y)[1:])
    return q @ np.linalg.solve(r.T, gc)


def _fit_basis(x, deg):
    """(V = vander(x, deg + 1), Q, R with V = QR), refused where V has not full column rank."""
    v = np.vander(np.asarray(x, dtype=float), int(deg) + 1)
    q, r = np.linalg.qr(v)
    diag = np.abs(np.diagonal(r))
    if diag.size == 0 or v.shape[0] < v.shape[1] or diag.min() <= diag.max() * v.shape[0] * np.finfo(float).eps:
        raise NoDerivativeError("the derivative of np.polyfit where the points x do not determine a polynomial "
                                f"of degree {deg} (fewer distinct points than coefficients): the fit is not unique")
    return v, q, r


@_public
def polyfit_grad_x(g, c, x, y, deg):
    """Adjoint of ``x`` in ``c = np.polyfit(x, y, deg)``: with z = (V^T V)^-1 gc and the residual
    e = y - V c, gV = e z^T - V z c^T, and x_i moves row i of V."""
    v, q, r = _fit_basis(x, deg)
    y2, c2 = np.reshape(np.asarray(y, dtype=float), (v.shape[0], -1)), np.reshape(c, (v.shape[1], -1))
    gc = np.broadcast_to(np.reshape(np.asarray(g, dtype=float), (v.shape[1], -1)), c2.shape)
    z = np.linalg.solve(r, np.linalg.solve(r.T, gc))
    gv = (y2 - v @ c2) @ z.T - v @ z @ c2.T
    return np.sum(gv * vander_slope(x, v.shape[1]), axis=1)


@_public
def polyfit_tangent_x(t, c, x, y, deg):
    """Tangent of ``np.polyfit(x, y, deg)`` along ``t`` (a tangent of x): (V^T V)^-1 (dV^T e - V^T dV c)."""
    v, q, r = _fit_basis(x, deg)
    y2, c2 = np.reshape(np.asarray(y, dtype=float), (v.shape[0], -1)), np.reshape(c, (v.shape[1], -1))
    dv = vander_slope(x, v.shape[1]) * np.reshape(np.broadcast_to(np.asarray(t, dtype=float), np.shape(x)), (-1, 1))
    rhs = dv.T @ (y2 - v @ c2) - v.T @ dv @ c2
    return np.reshape(np.linalg.solve(r, np.linalg.solve(r.T, rhs)), np.shape(c))


# ---- np.delete ---------------------------------------------------------------------------
@_public
@shape_only(1)
def delete_grad(g, arr, obj, axis=None):
    """Adjoint of ``arr`` in ``np.delete(arr, obj, axis)``: ``g`` put back at the places of the
    items kept (found by deleting from the items' ids), 0 at the deleted ones."""
    ids = np.arange(np.size(arr)).reshape(np.shape(arr))
    out = np.zeros(np.size(arr))
    out[np.ravel(np.delete(ids, obj, axis))] = np.ravel(g)
    return _out(out.reshape(np.shape(arr)))


# ---- np.insert ---------------------------------------------------------------------------
def _insert_ids(arr, obj, values, axis):
    """``np.insert`` run on ids: -1 at the places of ``arr``'s items, ``k`` where item ``k`` of
    ``values`` (as NumPy broadcasts it into the slots) was put."""
    ids = np.arange(np.size(values), dtype=float).reshape(np.shape(values))
    return np.insert(np.full(np.shape(arr), -1.0), obj, ids, axis=axis)


@_public
@shape_only(1)
def insert_grad_arr(g, arr, obj, values, axis=None):
    """Adjoint of ``arr`` in ``np.insert(arr, obj, values, axis)``: ``g`` without the inserted
    places (the kept items keep their order along every axis, so in C order they are ``arr``'s)."""
    ids = _insert_ids(arr, obj, values, axis)
    return _out(np.asarray(np.broadcast_to(g, ids.shape)[ids < 0], dtype=float).reshape(np.shape(arr)))


@_public
@shape_only(1, 3)
def insert_grad_values(g, arr, obj, values, axis=None):
    """Adjoint of ``values``: ``g`` at the places each item of ``values`` was put, summed (an item
    broadcast into several places gets each one's)."""
    ids = _insert_ids(arr, obj, values, axis)
    at = ids >= 0
    out = np.bincount(ids[at].astype(np.int64), weights=np.broadcast_to(g, ids.shape)[at], minlength=np.size(values))
    return _out(out.reshape(np.shape(values)))
