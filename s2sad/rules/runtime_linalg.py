"""Run-time helpers of the linear-algebra and contraction rules (plain NumPy): det's cofactors, Cholesky,
symmetric eigenvalues and eigenvectors, tensordot, polyval.

Same contract as :mod:`s2sad.rules.runtime` (to whose namespace each helper is added): one
adjoint per call, a fresh array, and a refusal (``NoDerivativeError``) where the derivative
does not exist or is not covered, never a guess. Invariant of the symmetric rules: NumPy's
``cholesky``/``eigh``/``eigvalsh`` read only one triangle of their argument (the lower one
by default) and treat it as the symmetric matrix it spells, so the gradient is that of the
symmetric matrix's function with respect to the entries actually read: an off-diagonal
entry of the triangle read carries both symmetric contributions, the other triangle none.
Invariant of ``solve``'s helpers (NumPy 2's rule): ``b`` is a vector only when it is 1-d,
else a stack of matrices broadcast against ``a``'s batch; ``z = solve(a, b)`` then has
``a.ndim - 1`` axes exactly when ``b`` is a vector, which is how the helpers that see
``z`` tell the two forms apart. Each adjoint is summed back over a broadcast batch.
The numba versions are in :mod:`s2sad.backends.numba_helpers.numba_rules_linalg` and ``numba_linalg``.
"""
import numpy as np

from ..errors import NoDerivativeError
from .registry import shape_only
from .runtime import _out, _prod_of_others, _public, unbroadcast
from .ties import TIE, tied_unevenly


def _mT(m):
    return np.swapaxes(m, -1, -2)


def _read_triangle(G, upper=False):
    """The gradient with respect to the entries a symmetric routine reads, from the symmetric
    gradient ``G``: twice the off-diagonal part of the triangle read, the diagonal once."""
    G = 0.5 * (G + _mT(G))
    eye = np.eye(G.shape[-1])
    return (np.triu(G, 1) if upper else np.tril(G, -1)) * 2.0 + G * eye


def _symmetric(t, upper=False):
    """The symmetric matrix a routine reading one triangle of ``t`` sees."""
    part = np.triu(t, 1) if upper else np.tril(t, -1)
    return part + _mT(part) + t * np.eye(t.shape[-1])


# ---- solve (of one matrix or of stacks) ------------------------------------------------
def _vector_rhs(a, z):
    """True when ``z = np.linalg.solve(a, b)`` was solved for a vector ``b`` (1-d)."""
    return np.ndim(z) == np.ndim(a) - 1


def _solve_in_form(m, r, vector):
    """``np.linalg.solve(m, r)``, ``r`` a (stack of) vector(s) when ``vector`` (NumPy 2 reads
    a stack of vectors as matrices), else a (stack of) matrices."""
    m, r = np.asarray(m, dtype=float), np.asarray(r, dtype=float)
    return np.linalg.solve(m, r[..., None])[..., 0] if vector else np.linalg.solve(m, r)


def _times(m, v, vector):
    """``m @ v`` with ``v`` a (stack of) vector(s) when ``vector``."""
    return (m @ v[..., None])[..., 0] if vector else m @ v


@_public
def solve_grad_a(g, a, z):
    """Gradient of ``z = np.linalg.solve(a, b)`` wrt ``a``: -(a^-T g) z^T, matrix by matrix,
    summed over the batch axes ``a`` was broadcast along."""
    vector = _vector_rhs(a, z)
    gb = _solve_in_form(_mT(a), g, vector)
    z = np.asarray(z, dtype=float)
    outer = gb[..., :, None] * z[..., None, :] if vector else gb @ _mT(z)
    return unbroadcast(-outer, a)


@_public
@shape_only(2)
def solve_grad_b(g, a, b):
    """Gradient of ``np.linalg.solve(a, b)`` wrt ``b``: a^-T g, summed over the batch axes
    ``b`` was broadcast along (all of ``a``'s when ``b`` is a vector)."""
    return unbroadcast(_solve_in_form(_mT(a), g, np.ndim(b) == 1), b)


@_public
def solve_grad_a_da(ta, g, a, z):
    """The term of the tangent of ``solve_grad_a(g, a, z)`` along a tangent ``ta`` of ``a``
    (z's own tangent is another term): -solve_grad_a(ta^T a^-T g, a, z)."""
    vector = _vector_rhs(a, z)
    gb = _solve_in_form(_mT(a), g, vector)
    return -solve_grad_a(_times(_mT(np.asarray(ta, dtype=float)), gb, vector), a, z)


@_public
def solve_grad_b_da(ta, g, a, b):
    """The term of the tangent of ``solve_grad_b(g, a, b)`` along a tangent ``ta`` of ``a``:
    -a^-T ta^T a^-T g, summed to ``b``'s shape."""
    vector = np.ndim(b) == 1
    gb = _solve_in_form(_mT(a), g, vector)
    return -solve_grad_b(_times(_mT(np.asarray(ta, dtype=float)), gb, vector), a, b)


@_public
def solve_tangent_b(tb, a, z):
    """The term of the tangent of ``z = np.linalg.solve(a, b)`` along ``b``'s tangent: a^-1 tb."""
    vector = _vector_rhs(a, z)
    return _solve_in_form(a, np.broadcast_to(tb, np.shape(z)) if vector else tb, vector)


@_public
def solve_tangent_a(ta, a, z):
    """The term of the tangent of ``z = np.linalg.solve(a, b)`` along ``a``'s tangent: -a^-1 ta z."""
    vector = _vector_rhs(a, z)
    return -_solve_in_form(a, _times(np.asarray(ta, dtype=float), np.asarray(z, dtype=float), vector), vector)


# ---- Cholesky ------------------------------------------------------------------------
def _phi(m):
    """The lower triangle of ``m`` with its diagonal halved."""
    return np.tril(m) * (1.0 - 0.5 * np.eye(m.shape[-1]))


@_public
def cholesky_grad(g, L):
    """Gradient of ``L = np.linalg.cholesky(a)`` wrt ``a`` (its lower triangle, as NumPy reads):
    S = L^-T Phi(L^T g) L^-1, symmetrised (Murray 2016, eq. 10)."""
    Linv = np.linalg.inv(L)
    return _read_triangle(_mT(Linv) @ _phi(_mT(L) @ g) @ Linv)


@_public
def cholesky_tangent(t, L):
    """Tangent of ``np.linalg.cholesky(a)``: L Phi(L^-1 t L^-T), ``t`` read as the solver does."""
    Linv = np.linalg.inv(L)
    return L @ _phi(Linv @ _symmetric(t) @ _mT(Linv))


# ---- symmetric eigenproblems -----------------------------------------------------------
def _eigh(a, UPLO):
    if UPLO not in ("L", "U"):
        raise NoDerivativeError(f"np.linalg.eigh/eigvalsh with UPLO={UPLO!r}: only 'L' and 'U' exist.")
    return np.linalg.eigh(a, UPLO)


def _check_ties(w, gw, what):
    """Refuse when eigenvalues tie and the gradient treats the tied ones differently (the
    derivative then depends on a basis the matrix does not determine); ``gw`` None: refuse
    any tie (eigenvectors of a repeated eigenvalue have no derivative). Ties as
    :mod:`s2sad.rules.ties` decides (relative gap <= ``ties.TIE``)."""
    if tied_unevenly(w, gw):
        raise NoDerivativeError(f"{what} at a matrix with repeated eigenvalues (or nearly: relative gap <= "
                                f"{TIE:g}), where the result is used unevenly across the repeated ones: the "
                                "derivative does not exist there, or is not accurate in float64 (use a "
                                "symmetric function of them, e.g. their sum, or perturb the matrix).")


@_public
def eigvalsh_grad(g, a, UPLO="L"):
    """Gradient of ``np.linalg.eigvalsh(a)``: V diag(g) V^T on the triangle read."""
    w, V = _eigh(a, UPLO)
    g = np.broadcast_to(np.asarray(g, dtype=float), w.shape)
    _check_ties(w, g, "the gradient of np.linalg.eigvalsh")
    return _read_triangle((V * g[..., None, :]) @ _mT(V), UPLO == "U")


@_public
def eigh_grad(g, y, a, UPLO="L"):
    """Gradient of ``w, V = np.linalg.eigh(a)`` from the pair of adjoints ``g`` = (gw, gV):
    V (diag(gw) + F * (V^T gV)) V^T with F_ij = 1 / (w_j - w_i) off the diagonal."""
    w, V = y
    gw, gV = g
    gw = np.broadcast_to(np.asarray(gw, dtype=float), w.shape)
    gV = np.broadcast_to(np.asarray(gV, dtype=float), V.shape)
    inner = gw[..., :, None] * np.eye(w.shape[-1])
    if np.any(gV != 0.0):
        _check_ties(w, None, "the gradient of the eigenvectors of np.linalg.eigh")
        gaps = w[..., None, :] - w[..., :, None]
        F = np.where(np.eye(w.shape[-1]) > 0, 0.0, 1.0 / np.where(gaps == 0.0, 1.0, gaps))
        inner = inner + F * (_mT(V) @ gV)
    else:
        _check_ties(w, gw, "the gradient of np.linalg.eigh")
    return _read_triangle(V @ inner @ _mT(V), UPLO == "U")


# ---- tensordot ------------------------------------------------------------------------
def _tensordot_axes(a, b, axes):
    """(contracted axes of a, contracted axes of b), non-negative, paired in order."""
    na, nb = np.ndim(a), np.ndim(b)
    if np.ndim(axes) == 0:
        n = int(axes)
        return list(range(na - n, na)), list(range(n))
    xa, xb = axes
    xa = [int(x) % na for x in np.atleast_1d(xa)]
    xb = [int(x) % nb for x in np.atleast_1d(xb)]
    return xa, xb


@_public
def tensordot_grad(g, a, b, axes=2, left=True):
    """Gradient of ``np.tensordot(a, b, axes)`` wrt ``a`` (``left``) or ``b``: ``g`` contracted
    with the other operand over its free axes, then put back in the operand's axis order."""
    xa, xb = _tensordot_axes(a, b, axes)
    fa = [k for k in range(np.ndim(a)) if k not in xa]
    fb = [k for k in range(np.ndim(b)) if k not in xb]
    g = np.asarray(g, dtype=float)
    if left:   # g's last len(fb) axes pair with b's free axes; what is left of b: its contracted axes, sorted
        r = np.tensordot(g, b, (list(range(len(fa), len(fa) + len(fb))), fb))
        order = fa + [xa[xb.index(k)] for k in sorted(xb)]
    else:      # a's free axes pair with g's first len(fa) axes; what is left of a first
        r = np.tensordot(a, g, (fa, list(range(len(fa)))))
        order = [xb[xa.index(k)] for k in sorted(xa)] + fb
    return _out(np.transpose(r, np.argsort(order)))


# ---- polynomials -----------------------------------------------------------------------
# np.polyval(p, x) is Horner's rule over the rows of p: p may be a matrix (a polynomial per
# column), each row broadcast against x.
@_public
def polyval_grad_p(g, p, x):
    """Gradient of ``np.polyval(p, x)`` wrt the coefficients: row i gets g * x**(n-1-i),
    summed back to the row's shape."""
    p = np.asarray(p, dtype=float)
    n = p.shape[0]
    if n == 0:          # no coefficients: polyval is 0 (np.gradient of a scalar is an empty tuple)
        return np.zeros(p.shape)
    g, x = np.asarray(g, dtype=float), np.asarray(x, dtype=float)
    return np.stack([unbroadcast(g * x ** (n - 1 - i), p[i]) * np.ones(p.shape[1:]) for i in range(n)])


@_public
def polyval_slope(p, x):
    """The derivative of the polynomial(s) ``p`` at ``x`` (``np.polyval(np.polyder(p), x)``, row
    by row), in the shape of ``np.polyval(p, x)``."""
    p = np.asarray(p, dtype=float)
    n = p.shape[0]
    if n < 2:
        return _out(np.zeros(np.broadcast_shapes(p.shape[1:], np.shape(x))))
    powers = np.arange(n - 1, 0, -1, dtype=float).reshape((-1,) + (1,) * (p.ndim - 1))
    return _out(np.polyval(p[:-1] * powers, x))


@_public
def eigvalsh_tangent(t, a, UPLO="L"):
    """Tangent of ``np.linalg.eigvalsh(a)``: the diagonal of V^T t V (``t`` read as the solver
    does); refused at repeated eigenvalues, where the eigenvalues are not differentiable."""
    w, V = _eigh(a, UPLO)
    _check_ties(w, None, "the tangent of np.linalg.eigvalsh")
    return np.sum(V * (_symmetric(t, UPLO == "U") @ V), axis=-2)


@_public
def eigh_tangent(t, y, a, UPLO="L"):
    """Tangents of ``np.linalg.eigh(a)``'s pair (w, V): diag(V^T t V) and V (F * (V^T t V));
    refused at repeated eigenvalues."""
    w, V = y
    _check_ties(w, None, "the tangent of np.linalg.eigh")
    inner = _mT(V) @ _symmetric(t, UPLO == "U") @ V
    gaps = w[..., None, :] - w[..., :, None]
    F = np.where(np.eye(w.shape[-1]) > 0, 0.0, 1.0 / np.where(gaps == 0.0, 1.0, gaps))
    return np.diagonal(inner, 0, -2, -1).copy(), V @ (F * inner)


@_public
def det_grad(g, y, x):
    """Gradient of det(x): g times the cofactor matrix (the transposed adjugate) of each matrix."""
    x = np.asarray(x, dtype=float)
    return np.expand_dims(np.expand_dims(np.asarray(g, dtype=float), -1), -1) * _cofactors(y, x)


def _cofactors(y, x):
    """The cofactor matrix of ``x`` (of each matrix of a stack), ``y`` being ``det(x)``.

    Where every matrix is well conditioned it is the cheap ``det(x) inv(x)^T``. Elsewhere
    (singular or nearly) ``inv(x)`` does not exist or is rounding noise, so it is taken from
    the SVD ``x = U diag(s) Vt``: ``det(U) det(Vt) U diag(prod_{j != i} s_j) Vt``, with the
    singular values at rounding level (``<= n eps max(s)``) set to exactly 0 where they are
    noise. An exactly singular matrix of rank n-1 then gets its rank-one cofactor matrix, one
    of rank <= n-2 the exact 0 (not products of rounding noise, which overflow once scaled).
    Small singular values are noise only where ``det``'s LU and the SVD disagree on the
    determinant (:func:`_noise_level`): in a graded matrix (``exp`` of a product, fuzz seed
    1703535) they are accurate, ``det(x)`` is far from 0 and its gradient is not 0."""
    n = x.shape[-1]
    y = np.asarray(y, dtype=float)
    if n == 0:
        return np.zeros(x.shape)
    if np.all(y != 0) and np.all(np.isfinite(y)):
        with np.errstate(all="ignore"):
            try:
                inv = np.linalg.inv(x)
            except np.linalg.LinAlgError:
                inv = None
        if inv is not None:
            cond = _norm1(x) * _norm1(inv)       # the 1-norm condition number of each matrix
            if np.all(np.isfinite(cond)) and np.all(cond < 1e8):
                return np.expand_dims(np.expand_dims(y, -1), -1) * np.swapaxes(inv, -1, -2)
    bad = ~np.all(np.isfinite(x), axis=(-2, -1))        # inf or NaN entries: NaN cofactors
    u, s, vt = np.linalg.svd(np.where(np.expand_dims(np.expand_dims(bad, -1), -1), 0.0, x))
    sign = np.linalg.det(u) * np.linalg.det(vt)
    others = _prod_of_others(np.where(_noise_level(y, sign, s), 0.0, s), -1)
    sign = np.where(bad, np.nan, sign)
    return np.expand_dims(np.expand_dims(sign, -1), -1) * ((u * np.expand_dims(others, -2)) @ vt)


def _noise_level(y, sign, s):
    """Which singular values ``s`` (of each matrix, ``det`` gave ``y``, ``sign`` is ``det(U)
    det(Vt)``) are rounding noise: those at rounding level (``<= n eps max(s)``) of a matrix
    whose determinant two independent factorisations do not agree on (LU's ``y`` and the SVD's
    signed product, to 1e-3): noise differs between algorithms, information does not."""
    tol = np.max(s, axis=-1, keepdims=True) * s.shape[-1] * np.finfo(float).eps
    with np.errstate(all="ignore"):
        agree = np.abs(sign * np.prod(s, axis=-1) - y) <= 1e-3 * np.abs(y)
    return (s <= tol) & ~np.expand_dims(agree, -1)


def _norm1(x):
    """The 1-norm (largest column sum of magnitudes) of each matrix of ``x``."""
    return np.max(np.sum(np.abs(x), axis=-2), axis=-1)
