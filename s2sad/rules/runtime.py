"""Helpers the generated adjoints call at run time (plain NumPy).

Each one does a single job that an adjoint needs and NumPy does not offer in
one call: sum a broadcast gradient back to an argument's shape, spread a
reduction's gradient back over the reduced axes, and so on. The numba backend
provides compiled versions with the same names and behaviour.
"""
import numpy as np

from ..errors import NoDerivativeError
from .grad_list import GradList  # noqa: F401  (the adjoints and runtime_sequences find it here)
from .registry import shape_only


def _shape(x):
    return x.shape if isinstance(x, np.ndarray) else np.shape(x)


@shape_only(0)
def zeros_like(x):
    """A float zero gradient shaped like ``x`` (0.0 for a scalar)."""
    if isinstance(x, np.ndarray):
        return np.zeros(x.shape)
    if isinstance(x, (list, tuple)):  # a list: one gradient per element
        shape = _nest_shape(x)
        if shape is not None and len(x):   # as np.array(x)'s: the adjoint of np.array(x) may be added in place
            return np.zeros(shape)
        # (an empty list's: an empty GradList, which adds to the empty slice of a list of arrays of
        # any shape, `b_xs[i:i] += b_part`; np.zeros((0,)) would not broadcast against (0, n))
        return GradList(zeros_like(e) for e in x)  # different shapes (for W in [W1, W2]), tuples (W, b)
    return 0.0


def _nest_shape(x):
    """The shape of np.array(x) for a rectangular nest of lists and tuples of numbers and arrays
    (``[[a, b], [c, d]]``, ``[v1, v2]``), else None (np.shape of ``(W, 0.5)`` raises: shapes are
    asked of arrays and numbers only)."""
    if isinstance(x, np.ndarray):
        return x.shape
    if isinstance(x, (float, int, np.number)):
        return ()
    if not isinstance(x, (list, tuple)):
        return None
    shapes = {_nest_shape(e) for e in x}
    if len(shapes) > 1 or None in shapes:
        return None
    return (len(x),) + (shapes.pop() if shapes else ())


@shape_only(1)
def unbroadcast(g, x):
    """Sum ``g`` over the axes along which ``x`` was broadcast, to ``x``'s shape."""
    if not isinstance(g, np.ndarray):
        return g
    shape = _shape(x)
    if shape == ():   # a number, never a 0-d array: the adjoint of a number is immutable
        return float(np.sum(g))
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    if lead < 0:   # x has leading size-1 axes the result dropped (np.full((3, 3), x) with x of shape (1, 1, 1))
        g, lead = np.reshape(g, (1,) * -lead + g.shape), 0
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    return np.sum(g, axis=axes).reshape(shape) if axes else g.reshape(shape)


def own(x):
    """A copy of an adjoint read through a view, for the sweep to update in place; a number
    (also a 0-d array) comes back as an immutable number, as every number's adjoint is."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return x[()]
    if isinstance(x, (float, int, np.number)):
        return x
    if isinstance(x, GradList):   # the adjoint of a tuple (W, b) in a list: element by element
        return GradList(own(e) for e in x)
    return np.copy(x)


def item(x):
    """``x.item()``: the one element of ``x`` as a Python number."""
    return x.item() if isinstance(x, np.ndarray) else x


def conj_method(x):
    """``x.conj()`` / ``x.conjugate()``: of a real array the array itself (NumPy's method returns
    ``self``, where ``np.conjugate`` makes a copy), of a real number the number."""
    return x.conjugate()


def add_at(b, idx, g):
    """``b[idx] += g`` that also counts repeated indices of fancy indexing; ``b`` may be the
    gradient of a list of arrays of different shapes (a ``GradList``), indexed by one int."""
    if isinstance(b, GradList) and isinstance(idx, (int, np.integer)):
        b[idx] += g
        return
    np.add.at(b, idx, g)


def safe_log(x):
    """log(x) for the derivative of x**y wrt y; 0 where x <= 0 (there y is an integer)."""
    return np.log(np.where(x > 0, x, 1.0)) if isinstance(x, np.ndarray) else (np.log(x) if x > 0 else 0.0)


def _expand(g, shape, axis, keepdims):
    """Reinsert the reduced axes of ``g`` (result of a reduction over ``axis``) as size-1 axes."""
    if axis is None or keepdims or not shape:      # NumPy reduces a number over axis 0 or -1 to itself
        return g if axis is not None else np.reshape(g, (1,) * len(shape)) if np.ndim(g) else g
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    axes = sorted(a % len(shape) for a in axes)
    return np.expand_dims(g, tuple(axes))


@shape_only(1)
def sum_grad(g, x, axis=None, keepdims=False):
    """Gradient of ``np.sum(x, axis)``: ``g`` spread back over the summed axes."""
    shape = _shape(x)
    return np.zeros(shape) + _expand(g, shape, axis, keepdims)


@shape_only(1)
def mean_grad(g, x, axis=None, keepdims=False):
    shape = _shape(x)
    count = np.prod(shape) / max(np.size(np.sum(np.zeros(shape), axis=axis)), 1)
    return sum_grad(g, x, axis, keepdims) / count


def prod_grad(g, y, x, axis=None, keepdims=False):
    """Gradient of np.prod: g times the product of the *other* elements (exact with zeros)."""
    shape = _shape(x)
    if shape == ():
        return g
    if axis is not None and np.ndim(axis) != 0:
        return _expand(g * y, shape, axis, keepdims) / x
    return _expand(g, shape, axis, keepdims) * _prod_of_others(np.asarray(x, dtype=float), axis)


def _prod_of_others(x, axis):
    """For each element, the product of all others along ``axis`` (all elements if None); none
    along an empty axis (``np.prod(f[k:])`` past the end: the prefix and suffix products below
    would have one entry each)."""
    if axis is None:
        return _prod_of_others(np.ravel(x), 0).reshape(x.shape)
    if np.shape(x)[axis] == 0:
        return np.zeros(np.shape(x))
    moved = np.moveaxis(x, axis, -1)
    ones = np.ones(moved.shape[:-1] + (1,))
    before = np.concatenate((ones, np.cumprod(moved[..., :-1], axis=-1)), axis=-1)
    after = np.flip(np.concatenate((ones, np.cumprod(np.flip(moved[..., 1:], -1), axis=-1)), axis=-1), -1)
    return np.moveaxis(before * after, -1, axis)


def extreme_grad(g, y, x, axis=None, keepdims=False):
    """Gradient of max/min: ``g`` split evenly between the elements that attain it."""
    shape = _shape(x)
    hit = (x == _expand(y, shape, axis, keepdims)).astype(float)
    count = np.sum(hit, axis=axis, keepdims=True) if axis is not None else np.sum(hit)
    return hit * _expand(g, shape, axis, keepdims) / count


def var_grad(g, x, axis=None, ddof=0, keepdims=False):
    shape = _shape(x)
    n = np.prod(shape) / max(np.size(np.sum(np.zeros(shape), axis=axis)), 1)
    centered = x - np.mean(x, axis=axis, keepdims=True)
    return _expand(g, shape, axis, keepdims) * 2.0 * centered / (n - ddof)


def norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
    """Gradient of ``np.linalg.norm(x, ord, axis)``: vector p-norms (ord None, 2, 1, inf, -inf,
    any p != 0) along ``axis`` or over a 1-d ``x``; matrix norms (None/'fro', 1, -1, inf, -inf,
    2, -2, 'nuc') of a 2-d ``x`` with ``axis=None``. Where the norm is not differentiable
    (a tie, x = 0) it returns one subgradient."""
    shape = _shape(x)
    x = np.asarray(x, dtype=float)
    gg, yy = _expand(g, shape, axis, keepdims), _expand(y, shape, axis, keepdims)
    if ord is None or ord == "fro":
        return gg * np.where(yy == 0, 0.0, x / np.where(yy == 0, 1.0, yy))
    if axis is None and x.ndim == 2:
        return gg * _matrix_norm_grad(x, y, ord)
    if isinstance(ord, str) or np.ndim(axis) == 1 and len(axis) == 2:
        raise NoDerivativeError(f"s2sad has no rule for np.linalg.norm(x, ord={ord!r}, axis={axis!r}).")
    return gg * _vector_norm_grad(x, yy, ord, axis)


def _vector_norm_grad(x, yy, p, axis):
    a = np.abs(x)
    if p == 2:
        return np.where(yy == 0, 0.0, x / np.where(yy == 0, 1.0, yy))
    if p == 1:
        return np.sign(x)
    if p in (np.inf, -np.inf):
        hit = (a == yy).astype(float)
        return np.sign(x) * hit / np.sum(hit, axis=axis, keepdims=axis is not None)
    if p == 0:
        return np.zeros(x.shape)  # a count of non-zeros: piecewise constant
    safe = np.where(yy == 0, 1.0, yy)
    return np.where(yy == 0, 0.0, np.sign(x) * (a / safe) ** (p - 1))


def _matrix_norm_grad(x, y, ord):
    if ord in (1, -1, np.inf, -np.inf):
        axis = 0 if ord in (1, -1) else 1
        sums = np.sum(np.abs(x), axis=axis)
        hit = (sums == y).astype(float)
        hit = hit / np.sum(hit)
        return np.sign(x) * (hit[None, :] if axis == 0 else hit[:, None])
    if ord in (2, -2, "nuc"):
        u, s, vt = np.linalg.svd(x, full_matrices=False)
        if ord == "nuc":
            return u @ vt
        k = 0 if ord == 2 else len(s) - 1
        return np.outer(u[:, k], vt[k])
    raise NoDerivativeError(f"np.linalg.norm(x, ord={ord!r}) of a matrix: s2sad has no rule for it.")


def sort_grad(g, x, axis=-1):
    """Gradient of ``np.sort(x, axis)``: each element of ``g`` goes back where its value came from."""
    x = np.asarray(x)
    if axis is None:
        out = np.zeros(x.size)
        out[np.argsort(x, axis=None)] = np.ravel(g)
        return out.reshape(x.shape)
    out = np.zeros(x.shape)
    np.put_along_axis(out, np.argsort(x, axis=axis), g, axis=axis)
    return out


def safe_reciprocal(y):
    """1 / y, and 0 where y == 0: at the non-differentiable point of a norm-like function
    (std, hypot of zeros) the gradient is the zero subgradient, as for np.linalg.norm."""
    if isinstance(y, np.ndarray):
        return np.where(y == 0, 0.0, 1.0 / np.where(y == 0, 1.0, y))
    return 0.0 if y == 0 else 1.0 / y


def logaddexp_share(x, y):
    """The share of ``x`` in ``z = np.logaddexp(x, y)``, ``exp(x - z)``, written ``1 / (1 + exp(y - x))``
    and ½ where ``x == y``. ``exp(x - z)`` is NaN where both are -inf (log-space dynamic programming
    starts from -inf), and a NaN share times a zero gradient spread NaN into every result."""
    with np.errstate(over="ignore", invalid="ignore"):
        w = np.where(np.equal(x, y), 0.5, 1.0 / (1.0 + np.exp(np.subtract(y, x))))
    return w if w.ndim else float(w)


def linspace_weights(y, endpoint=True):
    """The weight of ``stop`` in each point of ``y = np.linspace(start, stop, n, endpoint)``
    (that of ``start`` is one minus it), shaped to broadcast against ``y``."""
    n = np.shape(y)[0]
    return np.reshape(np.linspace(0.0, 1.0, n, endpoint=endpoint), (n,) + (1,) * (np.ndim(y) - 1))


def clip_bound_mask(x, lo, hi, upper):
    """1 where ``np.clip(x, lo, hi)`` returns the bound (``hi`` if upper else ``lo``), else 0."""
    m = x if lo is None else np.maximum(x, lo)
    if upper:
        hit = m > hi
    else:
        hit = (x < lo) if hi is None else (x < lo) & (m <= hi)
    return hit.astype(float) if isinstance(hit, np.ndarray) else float(hit)


def _stacks(a, b, stacks):
    """True for a product of stacks of matrices (more than 2 dimensions): ``a @ b`` broadcasts
    them; ``np.dot`` does something else, which has no rule."""
    if np.ndim(a) <= 2 and np.ndim(b) <= 2:
        return False
    if not stacks:
        raise NoDerivativeError("s2sad differentiates np.dot of arrays with at most 2 dimensions; for "
                                "stacks of matrices use `a @ b` (np.matmul) or np.einsum.")
    return True


@shape_only(1)
def dot_grad_left(g, a, b, stacks=True):
    """Gradient wrt ``a`` of ``a @ b`` (``stacks``: broadcast stacks of matrices) or ``np.dot(a, b)``."""
    na, nb = np.ndim(a), np.ndim(b)
    if _stacks(a, b, stacks):
        if nb == 1:
            return unbroadcast(g[..., None] * b, a)
        if na == 1:
            return unbroadcast((b @ g[..., None])[..., 0], a)
        return unbroadcast(g @ np.swapaxes(b, -1, -2), a)
    if na == 0 or nb == 0:
        return unbroadcast(g * b, a)
    if nb == 1:
        return np.outer(g, b) if na == 2 else g * b
    return g @ np.transpose(b) if na == 2 else np.dot(b, g)


@shape_only(2)
def dot_grad_right(g, a, b, stacks=True):
    """Gradient wrt ``b`` of ``a @ b`` or ``np.dot(a, b)``."""
    na, nb = np.ndim(a), np.ndim(b)
    if _stacks(a, b, stacks):
        if na == 1:
            return unbroadcast(a[:, None] * g[..., None, :], b)
        if nb == 1:
            return unbroadcast((np.swapaxes(a, -1, -2) @ g[..., None])[..., 0], b)
        return unbroadcast(np.swapaxes(a, -1, -2) @ g, b)
    if na == 0 or nb == 0:
        return unbroadcast(g * a, b)
    if na == 1:
        return np.outer(a, g) if nb == 2 else g * a
    return np.transpose(a) @ g if nb == 2 else np.dot(g, a)


@shape_only(1)
def outer_grad_left(g, a, b):
    return np.reshape(g @ np.ravel(b), _shape(a))


@shape_only(2)
def outer_grad_right(g, a, b):
    return np.reshape(np.ravel(a) @ g, _shape(b))


@shape_only(1)
def sum_list_grad(g, x):
    """Gradient of the builtin ``sum`` over a list or the first axis: ``g`` for every element
    (summed over the axes it was broadcast along, for a list of values of different shapes)."""
    if isinstance(x, (list, tuple)) and any(isinstance(e, (list, tuple)) for e in x):
        raise NoDerivativeError("s2sad cannot differentiate the builtin sum of lists or tuples (with a list "
                                "start, `sum(xss, [])`, it joins them): write the joined list as a "
                                "comprehension, `[v for xs in xss for v in xs]`, or sum arrays.")
    if isinstance(x, (list, tuple)) and len({np.shape(e) for e in x}) > 1:
        return GradList(unbroadcast(g, e) for e in x)
    element = np.shape(x)[1:]
    if np.shape(g) != element and len(x):   # sum(xs, start) with a start of more axes than the elements
        g = unbroadcast(g, np.zeros(element) if element else 0.0)
    return np.zeros(np.shape(x)) + g


def stack_grad(g, axis=0):
    """Gradient of ``np.stack(xs, axis)`` wrt the sequence xs: the stacked axis first."""
    return np.moveaxis(g, axis, 0)


def transpose_grad(g, axes=None):
    """The inverse permutation of ``axes``, each read modulo the rank (NumPy takes ``(-1, 0, 1)``)."""
    return np.transpose(g) if axes is None else np.transpose(g, np.argsort(np.mod(axes, np.ndim(g))))


@shape_only(1)
def reshape_grad(g, x):
    return np.reshape(g, _shape(x))


def clip_mask(x, lo, hi):
    """1 where np.clip(x, lo, hi) passes x through, else 0, of the broadcast shape of the three
    (a number when all are numbers; an array when array bounds clip a number)."""
    mask = np.ones(_shape(x))
    if lo is not None:
        mask = mask * (x >= lo)
    if hi is not None:
        mask = mask * (x <= hi)
    return mask if np.ndim(mask) else float(mask)


@shape_only(1)
def cumsum_grad(g, x, axis=None):
    if axis is None:
        return np.reshape(np.cumsum(np.ravel(g)[::-1])[::-1], _shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis)


@shape_only(1)
def trace_grad(g, x, offset=0, axis1=0, axis2=1):
    """Gradient of ``np.trace(x, offset, axis1, axis2)``: ``g`` (one value per matrix, the other
    axes in order) on the diagonal ``offset`` of the ``axis1``/``axis2`` planes, 0 elsewhere."""
    shape = _shape(x)
    a1, a2 = axis1 % len(shape), axis2 % len(shape)
    eye = np.eye(shape[a1], shape[a2], offset)
    plane = [1] * len(shape)
    plane[a1], plane[a2] = shape[a1], shape[a2]
    eye = np.reshape(eye if a1 < a2 else eye.T, plane)
    return np.expand_dims(np.asarray(g, dtype=float), tuple(sorted((a1, a2)))) * eye


def _public(fn):
    """Add ``fn`` (a helper of runtime_arrays / runtime_numeric) to this module, where the
    backends look the helpers up."""
    fn.__module__ = __name__
    globals()[fn.__name__] = fn
    return fn


def _out(a):
    """A scalar as a float, an array as itself."""
    return float(a) if np.ndim(a) == 0 else a


# The helpers of the array rules live in their own modules and add themselves to this one.
from . import runtime_arrays, runtime_numeric, runtime_linalg, runtime_stats, runtime_decomp, runtime_pieces  # noqa: E402,F401,I001
from . import runtime_index_writes, runtime_ufunc_at  # noqa: E402,F401,I001  (y[idx] = v, np.add.at, np.put; np.maximum.at... as values)
from . import runtime_sequences  # noqa: E402,F401,I001  (max/min/sorted of one sequence)
from . import runtime_checks  # noqa: E402,F401,I001  (argument checks of frontend/numpy_forms.py)
from . import runtime_special, runtime_triangular, runtime_scipy_solve, runtime_expm, runtime_filter, runtime_windows  # noqa: E402,F401,I001  (rules40; numba_helpers reads them here)
from . import runtime_ieee  # noqa: F401  (a derivative's quotients and powers: NumPy's inf where Python raises)
from . import runtime_special_more, runtime_pad  # noqa: E402,F401,I001  (stop 53: Bessel, np.i0, convolutions; np.pad statistics)
from . import runtime_lu  # noqa: E402,F401,I001  (stop 57: scipy.linalg.lu_factor / lu_solve)
from . import runtime_selections  # noqa: E402,F401,I001  (stop 54: np.resize, np.choose, np.nanmedian, np.histogram's weights)
from . import runtime_series  # noqa: F401  (stop 55: np.polynomial's polyval, chebval, legval, hermval, hermeval)
from . import runtime_special_gamma  # noqa: F401  (stop 58: polygamma, expn, multigammaln, boxcox slopes)
from . import runtime_special_ellip  # noqa: F401  (stop 59: ellipk, ellipe, zeta in q, binom slopes)
from . import runtime_scipy_matrices  # noqa: F401  (stop 59: scipy.linalg.toeplitz)
from . import runtime_signal_more  # noqa: F401  (stop 59: scipy.signal.sosfilt)
from . import runtime_linalg_more  # noqa: F401  (stop 59: scipy.linalg.sqrtm, np.linalg.tensorsolve)
from . import runtime_nanquantile  # noqa: F401  (stop 59: np.nanquantile, np.nanpercentile)
