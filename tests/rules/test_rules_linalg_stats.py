"""Rules of grads_linalg_stats.py / tangents_linalg_stats.py: np.take, np.maximum/minimum.accumulate, np.rot90, np.quantile/percentile, np.nansum,
np.nanmean, np.average, math.lgamma and scipy.special.gammaln/digamma, np.linalg.cholesky,
eigvalsh, eigh, np.tensordot, np.polyval.

Each is checked against finite differences in reverse mode (both backends where numba has the
function) and forward mode (check_jvp), against autograd where autograd has the derivative
(rot90, gammaln/digamma, cholesky, eigh, tensordot: through a symmetric B B^T + cI for the
symmetric routines, where autograd's symmetric convention and NumPy's one-triangle reading
agree), and at the edges: repeated and negative indices, 1-element arrays, axis/keepdims,
NaN entries, repeated eigenvalues (refused unless the result treats them alike)."""
import math
import subprocess
import sys

import autograd.numpy as anp
import autograd.scipy.special as asp
import numpy as np
import pytest
import scipy.special as sp

import s2sad
from s2sad.testing import check_grad, check_jvp

R = np.random.default_rng(5)
A = R.normal(size=(3, 3))
S = A @ A.T + 3.0 * np.eye(3) + 0.2 * R.normal(size=(3, 3))   # not symmetric: one triangle is read
X = R.normal(size=5)
IDX = np.array([0, 3, 3, -1])
W9 = np.arange(9.0).reshape(3, 3)


def take_repeats(x):
    return np.sum(np.take(x, IDX) ** 2) + np.take(x, 2) * 3.0


def take_axes(m):
    return np.sum(np.take(m, np.array([2, 0, 2]), axis=1) ** 2 * W9) + np.sum(np.take(m, 1, axis=0) ** 3) \
        + np.sum(np.take(m, np.array([1, 1]), axis=-2) * 2.0)


def running_extremes(x, m):
    return np.sum(np.maximum.accumulate(x) ** 2) + np.sum(np.minimum.accumulate(x * 2.0) * x) \
        + np.sum(np.maximum.accumulate(m, axis=1) ** 2 * W9) + np.sum(np.fmin.accumulate(m) ** 3)


def rot(m):
    return np.sum(np.rot90(m) * W9) + np.sum(np.rot90(m, 3, (1, 0))[0] ** 2) + np.sum(np.rot90(m, -1) ** 3)


def rot_turns(m):
    return np.sum(np.rot90(m) * W9) + np.sum(np.rot90(m, 3)[0] ** 2) + np.sum(np.rot90(m, -1) ** 3)


def rot_turns_autograd(m):   # autograd's rot90 takes no axes
    return anp.sum(anp.rot90(m) * W9) + anp.sum(anp.rot90(m, 3)[0] ** 2) + anp.sum(anp.rot90(m, -1) ** 3)


def nan_stats(x):
    y = np.where(x > 0.4, np.nan, x)
    return np.nansum(y ** 2) + np.nanmean(y ** 3) * 2.0


def nan_axes(m):
    y = np.where(m > 1.5, np.nan, m)
    return np.sum(np.nansum(y, axis=0) ** 2) + np.sum(np.nanmean(y ** 2, axis=1, keepdims=True) * m)


def averages(a, w):
    return np.average(a ** 2, weights=w) + np.average(a * 3.0) ** 2


def average_axes(m, w):
    return np.sum(np.average(m ** 2, axis=1, weights=w) ** 2) + np.sum(np.average(m, axis=0, weights=m * m)) \
        + np.sum(np.average(m, axis=0, keepdims=True) * m)


def quantiles(x, q):
    return np.percentile(x, q) ** 2 + np.sum(np.quantile(x, np.array([0.37, 0.9])) * 3.0) + np.quantile(x, 1.0)


def quantile_axes(m, q):
    return np.sum(np.quantile(m, np.array([0.1, 0.55, q]), axis=1) ** 2) \
        + np.sum(np.percentile(m, 40.0, axis=0, keepdims=True) * m) + np.sum(np.quantile(m, [0.2, 0.9], axis=(0, 1)))


def log_gamma(x):
    return np.sum(sp.gammaln(x) * x) + math.lgamma(x[0]) * 2.0 + np.sum(sp.digamma(x) ** 2) + math.lgamma(-2.5 * x[1])


def log_gamma_autograd(x):
    return anp.sum(asp.gammaln(x) * x) + asp.gammaln(x[0]) * 2.0 + anp.sum(asp.digamma(x) ** 2) \
        + asp.gammaln(-2.5 * x[1])


def chol(m):
    return np.sum(np.linalg.cholesky(m) ** 2 * W9) + np.linalg.cholesky(m)[2, 1]


def eigvals(m):
    return np.sum(np.linalg.eigvalsh(m) ** 3 * np.array([1.0, 2.0, -1.0])) + np.sum(np.linalg.eigvalsh(m, "U"))


def eig_pair(m):
    w, v = np.linalg.eigh(m)
    return np.sum(w * np.arange(3.0)) + np.sum(v[:, 0] ** 2 * np.arange(3.0)) + np.sum(v[1] * v[2] * w)


def tdots(a, b):
    return np.sum(np.tensordot(a, b, axes=([0, 1], [1, 0])) ** 2) + np.sum(np.tensordot(a[:, :, 0], b[:, 0, :], 1)) \
        + np.sum(np.tensordot(a, b, 0)[0, 1, 1] ** 2) + np.tensordot(a[0, 0], b[0, 0], axes=1)


def tdots_autograd(a, b):
    return anp.sum(anp.tensordot(a, b, axes=([0, 1], [1, 0])) ** 2) \
        + anp.sum(anp.tensordot(a[:, :, 0], b[:, 0, :], 1)) + anp.sum(anp.tensordot(a, b, 0)[0, 1, 1] ** 2) \
        + anp.tensordot(a[0, 0], b[0, 0], axes=1)


def poly(p, x):
    return np.sum(np.polyval(p, x) ** 2) + np.polyval(p, x[0]) + np.polyval(p[:1], x[1])


def poly_columns(P, x):   # fuzz seed 5057 (ValueError in the gradient): a matrix p is a polynomial per column
    return np.sum(np.polyval(P, x[0]) ** 2) + np.sum(np.polyval(P[:, :1], x[1:3, None]) * P[0]) \
        + np.sum(np.polyval(P[:1], x[3]))


T3 = (R.normal(size=(3, 3, 2)), R.normal(size=(3, 3, 2)))
CASES = [
    (take_repeats, (X,)), (take_axes, (A,)), (running_extremes, (X, A)), (rot, (A,)), (nan_stats, (X,)), (nan_axes, (A,)),
    (averages, (np.abs(X) + 1.0, np.abs(X) + 0.5)), (average_axes, (np.abs(A) + 0.5, np.array([0.5, 1.0, 2.0]))),
    (quantiles, (X, 31.0)), (quantile_axes, (A, 0.83)), (log_gamma, (np.abs(X) + 0.3,)), (chol, (S,)), (eigvals, (S,)), (eig_pair, (S,)), (tdots, T3),
    (poly, (X[:3], X)), (poly_columns, (A, X)),
]
IDS = [c[0].__name__ for c in CASES]


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_reverse_against_finite_differences(f, args):
    check_grad(f, *args, wrt=tuple(range(len(args))))


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_forward_against_finite_differences(f, args):
    tangent = tuple(R.normal(size=np.shape(a)) for a in args)
    check_jvp(f, *args, tangent=tangent, wrt=tuple(range(len(args))))


def chol_sym(b):   # of the symmetric B B^T + 3I, where autograd's convention and NumPy's triangle agree
    return np.sum(np.linalg.cholesky(b @ b.T + 3.0 * np.eye(3)) ** 2 * W9)


def chol_sym_autograd(b):
    return anp.sum(anp.linalg.cholesky(anp.dot(b, b.T) + 3.0 * np.eye(3)) ** 2 * W9)


def eigh_sym(b):
    w, v = np.linalg.eigh(b @ b.T + 3.0 * np.eye(3))
    return np.sum(w ** 2 * np.arange(3.0)) + np.sum(v[:, 2] ** 2 * np.arange(3.0))


def eigh_sym_autograd(b):
    w, v = anp.linalg.eigh(anp.dot(b, b.T) + 3.0 * np.eye(3))
    return anp.sum(w ** 2 * np.arange(3.0)) + anp.sum(v[:, 2] ** 2 * np.arange(3.0))


@pytest.mark.parametrize("f, reference, args", [
    (rot_turns, rot_turns_autograd, (A,)), (log_gamma, log_gamma_autograd, (np.abs(X) + 0.3,)),
    (chol_sym, chol_sym_autograd, (A,)), (eigh_sym, eigh_sym_autograd, (A,)), (tdots, tdots_autograd, T3)],
    ids=["rot90", "gammaln_digamma", "cholesky", "eigh", "tensordot"])
def test_against_autograd(f, reference, args):
    check_grad(f, *args, wrt=tuple(range(len(args))), reference=reference)


# ---- jit=True: one function per family (each costs a numba compile) --------------------------
def gathers_and_stats(x, m, w):
    y = np.where(x > 0.4, np.nan, x)
    return np.sum(np.take(x, IDX) ** 2) + np.sum(np.take(m, np.array([2, 0, 2]), axis=1) ** 2 * W9) \
        + np.sum(np.rot90(m) * W9) + np.nansum(y ** 2) + np.nanmean(y ** 3) + np.average(x ** 2, weights=w)


def special_and_poly(x, p):
    return np.sum(sp.gammaln(x) * x) + math.lgamma(x[0]) + np.sum(sp.digamma(x) ** 2) \
        + np.sum(np.polyval(p, x) ** 2) + np.polyval(p, x[1])


def symmetric(m):
    return np.sum(np.linalg.cholesky(m) ** 2 * W9) + np.sum(np.linalg.eigvalsh(m) ** 3 * np.array([1.0, 2.0, -1.0]))


JIT_CASES = [(gathers_and_stats, (X, A, np.abs(X) + 0.5)), (special_and_poly, (np.abs(X) + 0.3, X[:3])),
             (symmetric, (S,)), (running_extremes, (X, A)),    # accumulate: s2sad's numba version (rules11)
             (average_axes, (np.abs(A) + 0.5, np.ones(3))),     # over an axis: s2sad's numba versions (jit16)
             (eig_pair, (S,)),                                  # the adjoint of the pair (w, V): a tuple (jit17)
             (tdots, T3)]                                       # tensordot's axes lists: s2sad's numba version (jit19)


@pytest.mark.parametrize("f, args", JIT_CASES, ids=[c[0].__name__ for c in JIT_CASES])
def test_jit_against_finite_differences_and_python(f, args):
    wrt = tuple(range(len(args)))
    compiled = check_grad(f, *args, wrt=wrt, jit=True)
    for mine, theirs in zip(compiled, s2sad.grad(f, wrt=wrt)(*args)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)




# ---- edges ---------------------------------------------------------------------------------
def one_element(x):
    return np.take(x, 0) * np.nansum(x) + np.nanmean(x) ** 2 + np.average(x, weights=x) + np.polyval(x, 2.0)


def test_one_element_arrays():
    check_grad(one_element, np.array([0.7]))
    check_jvp(one_element, np.array([0.7]), tangent=np.array([1.0]))


def eig_sum(m):
    return np.sum(np.linalg.eigvalsh(m) ** 3)


def eig_uneven(m):
    return np.linalg.eigvalsh(m)[0]


def eigvec_used(m):
    return np.linalg.eigh(m)[1][0, 0] ** 2


def test_repeated_eigenvalues_symmetric_use_is_differentiated():
    # at 2I the eigenvalues tie; a symmetric function of them is differentiable (3 * 4 * I)
    g = s2sad.grad(eig_sum)(2.0 * np.eye(3))
    np.testing.assert_allclose(g, 12.0 * np.eye(3), atol=1e-12)


@pytest.mark.parametrize("f", [eig_uneven, eigvec_used])
def test_repeated_eigenvalues_uneven_use_is_refused(f):
    with pytest.raises(s2sad.NoDerivativeError) as err:
        s2sad.grad(f)(2.0 * np.eye(3))
    assert "repeated eigenvalues" in str(err.value) and "line" in str(err.value)


def test_jit_quantiles():   # apart: numba's own np.percentile/np.quantile take long to compile
    check_grad(quantiles, X, 31.0, wrt=(0, 1), jit=True)


def test_running_maximum_ties_go_to_the_earlier_element():
    # as np.maximum(a, b)'s rule gives a tie to a: [1, 1, 0.5] holds x[0] throughout
    g = s2sad.grad(lambda x: np.sum(np.maximum.accumulate(x) * np.array([1.0, 2.0, 4.0])))(np.array([1.0, 1.0, 0.5]))
    np.testing.assert_array_equal(g, [7.0, 0.0, 0.0])


def take_clip(x):
    return np.sum(np.take(x, IDX, mode="clip"))


def average_returned(x):    # (weights along an axis: they may be one row NumPy lays along it; without an
    return np.average(x, axis=0, weights=x, returned=True)[0]   # axis: frontend/numpy2_forms.py)


@pytest.mark.parametrize("f", [take_clip, average_returned])
def test_forms_not_covered_are_refused(f):
    with pytest.raises(s2sad.NoDerivativeError):
        s2sad.grad(f)(X)


def test_scipy_rules_are_installed_without_importing_scipy(tmp_path):
    code = ("import sys, numpy as np, s2sad\n"
            "def f(x):\n    return x * x\n"
            "s2sad.grad(f)(1.0); s2sad.jvp(f)(1.0, 1.0)\n"
            "assert 'scipy.special' not in sys.modules, 'the rule table imported scipy.special'\n"
            "import scipy.special as sp\n"
            "def h(x):\n    return sp.gammaln(x) + sp.erf(x)\n"
            "print(s2sad.grad(h)(1.5))\n")
    script = tmp_path / "lazy_scipy.py"     # s2sad reads sources: a file, not python -c
    script.write_text(code)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) == pytest.approx(sp.digamma(1.5) + 2.0 / math.sqrt(math.pi) * math.exp(-2.25), rel=1e-12)


def take_lgamma(x):
    return np.sum(np.take(x, np.array([0, 2, 2])) ** 3) + math.lgamma(x[1]) * x[0]


def test_second_order_through_take_and_lgamma():
    from s2sad.testing import check_hvp
    check_hvp(take_lgamma, np.array([0.3, 1.2, 0.7, 2.0]), v=np.array([1.0, -0.5, 2.0, 0.3]))


def polyval_of_no_coefficients(x):
    # fuzz campaign seed 1704016: np.polyval of an empty coefficient array is 0; its rule
    # stacked an empty list of rows (ValueError from inside s2sad)
    return np.polyval(x[:0], x[1]) + np.sum(x * x)


def test_polyval_of_no_coefficients_is_zero_and_differentiable():
    g = check_grad(polyval_of_no_coefficients, np.array([0.5, -1.5, 2.0]),
                   reference=lambda x: anp.sum(x * x))
    np.testing.assert_allclose(g, [1.0, -3.0, 4.0])


def math_prod_of_a_matrix(w):
    # fuzz campaign seed 1706842: math.prod of a matrix multiplies its rows (a vector, like
    # np.prod(P, axis=0)); its rule took the product of every element (ValueError inside s2sad)
    P = w[:, None] * w
    m2 = P
    m2 *= math.prod(P)
    return np.sum(m2)


def _math_prod_of_a_matrix_autograd(w):
    P = w[:, None] * w
    return anp.sum(P * (P[0] * P[1] * P[2]))


def test_math_prod_of_a_matrix_multiplies_its_rows():
    # (under jit numba has no math.prod of an array: a JitError naming the line)
    w = np.array([-0.4582767285616107, 1.2158293187367022, 1.3855919567261834])
    g = check_grad(math_prod_of_a_matrix, w, reference=_math_prod_of_a_matrix_autograd)
    np.testing.assert_allclose(g, [17.42665750317675, -24.511495328039516, -29.235921826198673], rtol=1e-8)
