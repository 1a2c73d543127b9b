"""NumPy 2's spellings of functions that have rules were refused at the user's line
("no derivative rule"): ``np.var/np.std(..., correction=)`` and ``mean=``, ``np.cumulative_sum``
and ``np.cumulative_prod`` (``include_initial=``), ``np.linalg.vector_norm`` and ``matrix_norm``,
``np.vecdot`` and ``np.linalg.vecdot``, ``np.matrix_transpose`` and ``x.mT``
(``frontend/numpy2_forms.py`` writes each as the calls NumPy defines it by). Each is checked in
grad and jvp against central differences and against autograd's gradient of the definition, and
under jit=True; the arguments NumPy rejects are still rejected, with NumPy's exception class."""
import autograd.numpy as anp
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([[0.3, -1.2, 0.7], [1.1, 0.4, 2.3]])
V = np.array([0.3, 1.2, -0.7, 2.9])
T = np.array([[0.5, -0.1, 0.2], [0.3, 0.9, -0.4]])


def std_correction(x):
    return np.std(x, correction=1)


def std_correction_ag(x):
    return anp.std(x, ddof=1)


def var_correction(x):
    return np.sum(np.sin(np.var(x, axis=0, correction=1.5)))


def var_correction_ag(x):
    return anp.sum(anp.sin(anp.var(x, axis=0, ddof=1.5)))


def var_given_mean(x):
    m = np.mean(x, axis=0, keepdims=True)
    return np.sum(np.var(x, axis=0, mean=m) * np.array([1.0, 2.0, 3.0]))


def var_given_mean_ag(x):
    return anp.sum(anp.var(x, axis=0) * anp.array([1.0, 2.0, 3.0]))


def var_fixed_mean(x):   # a mean that is not x's: NumPy's definition, the mean as given
    return np.sum(np.var(x, axis=1, mean=np.array([[0.5], [1.0]]), correction=1))


def var_fixed_mean_ag(x):
    return anp.sum(anp.sum((x - anp.array([[0.5], [1.0]])) ** 2, axis=1) / 2.0)


def std_given_mean(x):
    return np.sum(np.std(x, axis=1, mean=np.mean(x, axis=1, keepdims=True), correction=1, keepdims=True))


def std_given_mean_ag(x):
    return anp.sum(anp.std(x, axis=1, ddof=1, keepdims=True))


def std_axes_mean(x):
    ax = 1
    return np.std(x, axis=(0, 1), mean=np.mean(x), correction=1) + np.sum(np.var(x, axis=ax, mean=np.mean(x), correction=1))


def std_axes_mean_ag(x):
    return anp.std(x, ddof=1) + anp.sum(anp.sum((x - anp.mean(x)) ** 2, axis=1) / 2.0)


def cumulative_sum_initial(v):
    return np.sum(np.sin(np.cumulative_sum(v, include_initial=True)))


def cumulative_sum_initial_ag(v):
    return anp.sum(anp.sin(anp.concatenate([anp.zeros(1), anp.cumsum(v)])))


def cumulative_sum_axis(x):
    return np.sum(np.sin(np.cumulative_sum(x, axis=1)))


def cumulative_sum_axis_ag(x):
    return anp.sum(anp.sin(anp.cumsum(x, axis=1)))


def cumulative_prod_initial(x):
    return np.sum(np.cumulative_prod(x, axis=0, include_initial=True) * np.arange(9.0).reshape(3, 3))


def cumulative_prod_initial_ag(x):
    rows = anp.stack([anp.ones(3), x[0], x[0] * x[1]])     # (autograd has no cumprod)
    return anp.sum(rows * np.arange(9.0).reshape(3, 3))


def vector_norm_p(x):
    return np.sum(np.linalg.vector_norm(x, ord=3, axis=1))


def vector_norm_p_ag(x):
    return anp.sum(anp.sum(anp.abs(x) ** 3, axis=1) ** (1 / 3))


def vector_norm_all(x):
    return np.linalg.vector_norm(x) + np.sum(np.linalg.vector_norm(x, axis=(0, 1), keepdims=True))


def vector_norm_all_ag(x):
    return 2 * anp.sqrt(anp.sum(x ** 2))


def matrix_norm_fro(x):
    return np.linalg.matrix_norm(x) * np.linalg.matrix_norm(x, ord="fro", keepdims=True)[0, 0]


def matrix_norm_fro_ag(x):
    return anp.sum(x ** 2)


def matrix_norms(x):
    return np.linalg.matrix_norm(np.sin(x), ord=2) + np.linalg.matrix_norm(x, ord="nuc") + np.linalg.matrix_norm(x, ord=1)


def matrix_norms_ag(x):   # (autograd's norm: 'fro' and vector norms only) the singular values; the largest column sum
    return anp.linalg.svd(anp.sin(x), compute_uv=False)[0] + anp.sum(anp.linalg.svd(x, compute_uv=False)) \
        + anp.sum(anp.abs(x[:, 2]))


def vecdot(x):
    return np.sum(np.vecdot(x, np.sin(x)) * np.array([1.0, -2.0]))


def vecdot_ag(x):
    return anp.sum(anp.sum(x * anp.sin(x), axis=-1) * anp.array([1.0, -2.0]))


def linalg_vecdot(x):
    return np.sum(np.linalg.vecdot(x, x * np.array([[2.0], [3.0]]), axis=0) ** 2)


def linalg_vecdot_ag(x):
    return anp.sum(anp.sum(x * x * anp.array([[2.0], [3.0]]), axis=0) ** 2)


def matrix_transpose(x):
    return np.sum(np.sin(np.matrix_transpose(x) @ x) + np.cos(x.mT @ x))


def matrix_transpose_ag(x):
    return anp.sum(anp.sin(anp.dot(x.T, x)) + anp.cos(anp.dot(x.T, x)))


def geomspace(v):
    return np.sum(np.geomspace(v[0], v[3], 5) * np.arange(5.0)) + np.sum(np.geomspace(-v[1], -v[3], 4, endpoint=False))


def geomspace_ag(v):
    up = v[0] * (v[3] / v[0]) ** anp.linspace(0.0, 1.0, 5)
    down = -v[1] * (v[3] / v[1]) ** (anp.arange(4.0) / 4)
    return anp.sum(up * anp.arange(5.0)) + anp.sum(down)


def interp_periodic(v):
    return np.sum(np.interp(v * 3.0, np.array([0.5, 1.0, 2.0, 2.5]), v ** 2, period=2.2 + v[0] * 0.1))


def average_returned(x):
    a, n = np.average(x, axis=1, returned=True)
    b, w = np.average(x, weights=x ** 2, returned=True)
    return np.sum(a * n) + b * w


def average_returned_ag(x):
    return anp.sum(x) + anp.sum(x ** 3)


CASES = [(std_correction, X), (var_correction, X), (var_given_mean, X), (var_fixed_mean, X),
         (std_given_mean, X), (std_axes_mean, X), (cumulative_sum_initial, V), (cumulative_sum_axis, X),
         (cumulative_prod_initial, X), (vector_norm_p, X), (vector_norm_all, X), (matrix_norm_fro, X), (matrix_norms, X),
         (vecdot, X), (linalg_vecdot, X), (matrix_transpose, X),
         (geomspace, V), (interp_periodic, V), (average_returned, X)]
REFERENCE = {f: globals().get(f.__name__ + "_ag") for f, _ in CASES}   # (autograd has no np.interp)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_grad_and_jvp(f, x):
    check_grad(f, x, reference=REFERENCE[f])
    forward = None if f is matrix_norms else REFERENCE[f]     # (autograd has no forward mode for svd)
    check_jvp(f, x, tangent=np.resize(T.ravel(), x.shape), reference=forward)


@pytest.mark.parametrize("f, x", [c for c in CASES if c[0] is not matrix_norms], ids=[f.__name__ for f, _ in CASES
                                                                                  if f is not matrix_norms])
def test_hvp(f, x):
    """Second order (forward over reverse) through the forms too ('nuc' and 2 of a matrix: refused as for norm)."""
    check_hvp(f, x, v=np.resize(T.ravel(), x.shape), rtol=1e-4, atol=1e-4)


def combined(x):
    """Every spelling above in one function (one numba compile)."""
    out = np.std(x, correction=1) + np.sum(np.var(x, axis=0, mean=np.mean(x, axis=0, keepdims=True), correction=1))
    out = out + np.sum(np.sin(np.cumulative_sum(x[0], include_initial=True)))
    out = out + np.sum(np.cumulative_prod(x, axis=0, include_initial=True)) + np.sum(np.cumulative_sum(x, axis=1))
    out = out + np.sum(np.linalg.vector_norm(x, ord=3, axis=1)) + np.linalg.vector_norm(x) + np.linalg.matrix_norm(x)
    out = out + np.linalg.matrix_norm(x, ord=2) + np.linalg.matrix_norm(x, ord=1)
    out = out + np.sum(np.vecdot(x, np.sin(x))) + np.sum(np.linalg.vecdot(x, x, axis=0))
    return out + np.sum(np.sin(np.matrix_transpose(x) @ x)) + np.sum(x.mT)


def combined_more(v):
    """The forms of np.geomspace, np.interp(period=) and np.average(returned=True), in one function."""
    a, n = np.average(v, returned=True)
    out = np.sum(np.geomspace(v[0], v[3], 5)) + np.sum(np.geomspace(-v[1], -v[3], 4)) + a * n   # (numba: no endpoint=)
    return out + np.sum(np.interp(v * 3.0, np.array([0.5, 1.0, 2.0, 2.5]), v ** 2, period=2.2 + v[0] * 0.1))


@pytest.mark.parametrize("f, x", [(combined, X), (combined_more, V)], ids=["combined", "combined_more"])
def test_jit(f, x):
    check_grad(f, x, jit=True)
    check_jvp(f, x, tangent=np.resize(T.ravel(), x.shape), jit=True)


def vecdot_of(a, b):
    return np.sum(np.vecdot(a, b))


def stacked_norm(x):
    return np.sum(np.linalg.matrix_norm(x, ord=2))


def cumulative_no_axis(x):
    return np.sum(np.cumulative_sum(x))


@pytest.mark.parametrize("jit", [False, True])
def test_numpy_rejects(jit):
    """A contracted axis of lengths 3 and 1 (np.sum of the product would broadcast it) and a 2-d
    array accumulated without an axis raise NumPy's ValueError, as NumPy does, in both modes; the
    matrix 2-norm of a stack of matrices is refused (s2sad's matrix norms are of one matrix)."""
    import s2sad
    from s2sad.backends.errors import JitError
    from s2sad.errors import RefusedValuesError
    with pytest.raises(ValueError):
        np.vecdot(X, X[:, :1])
    with pytest.raises(ValueError):
        s2sad.grad(vecdot_of, jit=jit)(X, X[:, :1])
    with pytest.raises(ValueError):
        s2sad.jvp(vecdot_of, jit=jit)(X, X[:, :1], T)
    with pytest.raises(RefusedValuesError if not jit else JitError, match="one matrix"):
        s2sad.grad(stacked_norm, jit=jit)(np.stack([X, X]))
    with pytest.raises(ValueError):
        np.cumulative_sum(X)
    with pytest.raises(ValueError):
        s2sad.grad(cumulative_no_axis, jit=jit)(X)


def geomspace_of(a, b):
    return np.sum(np.geomspace(a, b, 4))


def interp_of(x, p):
    return np.sum(np.interp(x, np.array([0.0, 1.0]), np.array([1.0, 3.0]), period=p))


def average_along(x, w):
    a, s = np.average(x, axis=0, weights=w, returned=True)
    return np.sum(a * s)


@pytest.mark.parametrize("jit", [False, True])
def test_numpy_rejects_more(jit):
    """np.geomspace through 0 and np.interp with period 0 raise NumPy's ValueError; np.geomspace
    between opposite signs (NaN inside, NumPy's ends set apart) is refused; np.average with weights
    along an axis and returned=True (the weights may be one row laid along the axis) stays refused."""
    import s2sad
    from s2sad.errors import NoDerivativeError, RefusedValuesError
    for a, b, error in ((0.0, 2.0, ValueError), (1.0, 0.0, ValueError), (-1.0, 2.0, RefusedValuesError)):
        with pytest.raises(error):
            s2sad.grad(geomspace_of, jit=jit)(a, b)
    with pytest.raises(ValueError):
        np.interp(V, np.array([0.0, 1.0]), np.array([1.0, 3.0]), period=0.0)
    with pytest.raises(ValueError):
        s2sad.grad(interp_of, jit=jit)(V, 0.0)
    with pytest.raises(NoDerivativeError, match="returned"):
        s2sad.grad(average_along, jit=jit)(X, np.array([1.0, 2.0]))


def test_values_as_numpy():
    """The value computed (a 0-d argument accumulated: NumPy's one-entry array; an empty one)."""
    import s2sad
    value, _ = s2sad.jvp(cumulative_sum_initial)(V[:0], V[:0])
    assert value == cumulative_sum_initial(V[:0]) == 0.0
    value, tangent = s2sad.jvp(cumulative_sum_initial)(np.float64(0.4), np.float64(1.0))
    assert value == pytest.approx(np.sin(0.4)) and tangent == pytest.approx(np.cos(0.4))
