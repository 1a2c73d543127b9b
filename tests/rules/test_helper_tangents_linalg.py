"""hvp (forward over reverse) through the gradient helpers of np.linalg's matrix_power, pinv,
lstsq, qr, cholesky, eigvalsh, eigh, svd and svdvals (s2sad/rules/tangents_adjoint_linalg.py):
checked against central differences of the gradient on several shapes and seeds, against
autograd's hessian-vector product where autograd differentiates the same function twice (a
hand-written equivalent where it lacks the call), and compiled (jit=True) where numba holds the
adjoint (a located refusal where it does not); at repeated eigenvalues / singular values the
second derivative is refused. The statistics helpers are in test_helper_tangents_stats.py."""
import numpy as np
import pytest

import s2sad
from s2sad.rules import (  # noqa: F401
    forward_registry,
    registry,
    runtime,
    tangents_adjoint,
    tangents_adjoint_linalg,
)
from s2sad.testing import check_hvp

HELPERS = ["matrix_power_grad", "pinv_grad", "lstsq_grad", "qr_grad", "cholesky_grad", "eigvalsh_grad", "eigh_grad",
           "svdvals_grad", "svd_grad"]
SEEDS = [0, 1]
TOL = {"rtol": 1e-5, "atol": 1e-7}


@pytest.mark.parametrize("name", HELPERS)
def test_the_helpers_have_forward_rules_and_no_reason_left(name):
    assert registry._key(getattr(runtime, name)) in forward_registry._RULES
    assert name not in tangents_adjoint.NO_FORWARD_RULE


def _anp():
    return pytest.importorskip("autograd.numpy")


def _rng(seed):
    return np.random.default_rng(100 + seed)


# ---- np.linalg.matrix_power, pinv -------------------------------------------------------------
W3 = np.arange(9.0).reshape(3, 3)
W34 = np.arange(12.0).reshape(3, 4)


def cubed(a):
    return np.sum(np.linalg.matrix_power(a, 3) ** 2)


def cubed_ref(a):
    anp = _anp()
    return anp.sum(anp.dot(anp.dot(a, a), a) ** 2)


def inverse_squared(a):
    return np.sum(np.linalg.matrix_power(a, -2) * W3)


def inverse_squared_ref(a):
    anp = _anp()
    b = anp.linalg.inv(a)
    return anp.sum(anp.dot(b, b) * W3)


def pinv_of_tall(a):
    return np.sum(np.linalg.pinv(a) ** 2 * W34)


def pinv_of_tall_ref(a):
    anp = _anp()
    return anp.sum(anp.linalg.pinv(a) ** 2 * W34)


def pinv_of_wide(a):
    return np.sum(np.sin(np.linalg.pinv(a)))


def pinv_of_wide_ref(a):
    anp = _anp()
    return anp.sum(anp.sin(anp.linalg.pinv(a)))


def _well_conditioned(r, shape):
    a = r.normal(size=shape)
    return a + 2.0 * np.eye(*shape) if shape[0] == shape[1] else a


MATRICES = [(cubed, cubed_ref, (3, 3)), (inverse_squared, inverse_squared_ref, (3, 3)),
            (pinv_of_tall, pinv_of_tall_ref, (4, 3)), (pinv_of_wide, pinv_of_wide_ref, (3, 5))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("f, ref, shape", MATRICES, ids=[c[0].__name__ for c in MATRICES])
def test_matrix_powers_and_pseudo_inverses(f, ref, shape, seed):
    r = _rng(seed)
    a = _well_conditioned(r, shape)
    check_hvp(f, a, v=r.normal(size=shape), reference=ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f, shape", [(inverse_squared, (3, 3)), (pinv_of_tall, (4, 3))], ids=["power", "pinv"])
def test_matrix_powers_and_pseudo_inverses_compiled(f, shape):
    r = _rng(6)
    check_hvp(f, _well_conditioned(r, shape), v=r.normal(size=shape), jit=True, rtol=1e-5, atol=1e-6)


def stacked_powers(a):
    return np.sum(np.linalg.matrix_power(a, 2) ** 2) + np.sum(np.linalg.matrix_power(a, -1) ** 2)


def test_matrix_power_of_a_stack():
    r = _rng(7)
    a = r.normal(size=(2, 3, 3)) + 2.0 * np.eye(3)
    check_hvp(stacked_powers, a, v=r.normal(size=a.shape), rtol=1e-5, atol=1e-6)


def least_squares_everything(a, b):
    x, res, _, s = np.linalg.lstsq(a, b)
    return np.sum(x ** 3) + np.sum(res) ** 2 + np.sum(s ** 3)


def least_squares_sines(a, b):
    return np.sum(np.sin(np.linalg.lstsq(a, b)[0]))


def least_squares_sines_ref(a, b):
    anp = _anp()
    return anp.sum(anp.sin(anp.dot(anp.linalg.pinv(a), b)))


LSTSQ = [(6, 3, None), (5, 3, 2), (3, 3, None)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m, n, k", LSTSQ, ids=["tall_vector", "tall_matrix", "square"])
def test_least_squares(m, n, k, seed):
    """x, the residuals and the singular values, in a and b together; x alone against autograd."""
    r = _rng(seed)
    a, b = r.normal(size=(m, n)), r.normal(size=(m,) if k is None else (m, k))
    va, vb = r.normal(size=a.shape), r.normal(size=b.shape)
    check_hvp(least_squares_everything, a, b, v=(va, vb), wrt=(0, 1), rtol=1e-5, atol=1e-6)
    check_hvp(least_squares_sines, a, b, v=va, wrt=0, reference=least_squares_sines_ref, rtol=1e-5, atol=1e-6)
    check_hvp(least_squares_sines, a, b, v=vb, wrt=1, reference=least_squares_sines_ref, rtol=1e-5, atol=1e-6)


def test_least_squares_compiled_is_refused_with_the_line():
    """numba cannot hold lstsq's tuple (already for its tangent and gradient): a located refusal."""
    from s2sad.backends.errors import JitError
    r = _rng(4)
    a, b = r.normal(size=(5, 3)), r.normal(size=5)
    with pytest.raises(JitError, match="line"):
        s2sad.hvp(least_squares_sines, jit=True)(a, b, a)


# ---- np.linalg.qr: autograd has no rule for it; Gram-Schmidt is the same factorisation (R's diagonal
# made positive, so NumPy's signs are put back as constants)
def qr_mix(a):
    q, r = np.linalg.qr(a)
    return np.sum(q ** 3 * np.arange(1.0, 1.0 + q.shape[1])) + np.sum(np.sin(r))


def _gram_schmidt(a, sign):
    anp = _anp()
    cols, rcols = [], []
    for j in range(a.shape[1]):
        v, above = a[:, j], []
        for qi in cols:
            above.append(anp.dot(qi, a[:, j]))
            v = v - above[-1] * qi
        norm = anp.sqrt(anp.dot(v, v))
        cols.append(v / norm)
        rcols.append(anp.concatenate([anp.array(above + [norm]), anp.zeros(a.shape[1] - j - 1)]))
    return anp.stack(cols, axis=1) * sign, anp.stack(rcols, axis=1) * sign[:, None]


def qr_mix_ref_at(a0):
    sign = np.sign(np.diag(np.linalg.qr(a0)[1]))

    def qr_mix_ref(a):
        anp = _anp()
        q, r = _gram_schmidt(a, sign)
        return anp.sum(q ** 3 * np.arange(1.0, 1.0 + q.shape[1])) + anp.sum(anp.sin(r))
    return qr_mix_ref


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(3, 3), (5, 3)], ids=["square", "tall"])
def test_qr(shape, seed):
    r = _rng(seed)
    a = r.normal(size=shape)
    check_hvp(qr_mix, a, v=r.normal(size=shape), reference=qr_mix_ref_at(a), rtol=1e-5, atol=1e-6)


def test_qr_compiled():
    """hvp through qr under jit (was refused; jit18 compiled qr's tangent of the adjoint):
    against differences of the gradient and against jit=False."""
    r = _rng(4)
    a, v = r.normal(size=(4, 3)), r.normal(size=(4, 3))
    got = check_hvp(qr_mix, a, v=v, jit=True, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got, s2sad.hvp(qr_mix)(a, v), rtol=1e-9, atol=1e-11)


# ---- np.linalg.cholesky, eigvalsh, the singular values ---------------------------------------------
def cholesky_weights(a):
    return np.sum(np.linalg.cholesky(a) ** 3 * W3)


def cholesky_weights_ref(a):    # the lower triangle read, as NumPy's solver does
    anp = _anp()
    return anp.sum(anp.linalg.cholesky(anp.tril(a) + anp.tril(a, -1).T) ** 3 * W3)


def eigen_sines(a):
    return np.sum(np.sin(np.linalg.eigvalsh(a)) * np.arange(1.0, 4.0))


def eigen_sines_ref(a):
    anp = _anp()
    return anp.sum(anp.sin(anp.linalg.eigh(anp.tril(a) + anp.tril(a, -1).T)[0]) * np.arange(1.0, 4.0))


def upper_eigen_cubes(a):
    return np.sum(np.linalg.eigvalsh(a, UPLO="U") ** 3)


def upper_eigen_cubes_ref(a):
    anp = _anp()
    return anp.sum(anp.linalg.eigh(anp.triu(a) + anp.triu(a, 1).T)[0] ** 3)


def singular_cubes(a):
    return np.sum(np.linalg.svdvals(a) ** 3 * np.arange(1.0, 4.0))


def singular_cubes_ref(a):
    anp = _anp()
    return anp.sum(anp.linalg.svd(a, full_matrices=False)[1] ** 3 * np.arange(1.0, 4.0))


def _spd(r):
    b = r.normal(size=(3, 3))
    return b @ b.T + 3.0 * np.eye(3)


FACTORS = [(cholesky_weights, cholesky_weights_ref, _spd), (eigen_sines, eigen_sines_ref, _spd),
           (upper_eigen_cubes, upper_eigen_cubes_ref, lambda r: r.normal(size=(3, 3))),
           (singular_cubes, singular_cubes_ref, lambda r: r.normal(size=(3, 3))),
           (singular_cubes, singular_cubes_ref, lambda r: r.normal(size=(5, 3))),
           (singular_cubes, singular_cubes_ref, lambda r: r.normal(size=(3, 4)))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("f, ref, make", FACTORS, ids=["cholesky", "eigvalsh", "eigvalsh_U", "svdvals_square",
                                                       "svdvals_tall", "svdvals_wide"])
def test_factorisations(f, ref, make, seed):
    r = _rng(seed)
    a = make(r)
    check_hvp(f, a, v=r.normal(size=a.shape), reference=ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f, make", [(cholesky_weights, _spd), (eigen_sines, _spd),
                                     (singular_cubes, lambda r: r.normal(size=(5, 3)))],
                         ids=["cholesky", "eigvalsh", "svdvals"])
def test_factorisations_compiled(f, make):
    r = _rng(8)
    a = make(r)
    check_hvp(f, a, v=r.normal(size=a.shape), jit=True, rtol=1e-5, atol=1e-6)


def eigen_pair(a):
    w, V = np.linalg.eigh(a)
    return np.sum(w ** 3) + np.sum(V[:, 0] * np.arange(1.0, 4.0)) ** 2 + np.sum(V ** 4)


def eigen_pair_ref(a):
    anp = _anp()
    w, V = anp.linalg.eigh(anp.tril(a) + anp.tril(a, -1).T)
    return anp.sum(w ** 3) + anp.sum(V[:, 0] * np.arange(1.0, 4.0)) ** 2 + anp.sum(V ** 4)


def singular_values_by_svd(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 3)


def singular_values_by_svd_ref(a):
    return _anp().sum(_anp().linalg.svd(a, full_matrices=False)[1] ** 3)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("f, ref, shape", [(eigen_pair, eigen_pair_ref, (3, 3)),
                                           (singular_values_by_svd, singular_values_by_svd_ref, (3, 3)),
                                           (singular_values_by_svd, singular_values_by_svd_ref, (5, 3))],
                         ids=["eigh", "svd_square", "svd_tall"])
def test_eigh_and_svd(f, ref, shape, seed):
    r = _rng(seed)
    a = r.normal(size=shape)
    a = a + a.T if f is eigen_pair else a
    check_hvp(f, a, v=r.normal(size=shape), reference=ref, rtol=1e-5, atol=1e-6)


def test_svd_values_compiled():
    r = _rng(9)
    check_hvp(singular_values_by_svd, r.normal(size=(4, 3)), v=r.normal(size=(4, 3)), jit=True, rtol=1e-5, atol=1e-6)


def test_eigh_compiled():
    """hvp through eigh's pair under jit (was refused: numba could not hold the pair's adjoint;
    jit18 made tuple adjoints compile under hvp): against differences and jit=False."""
    r = _rng(5)
    a, v = r.normal(size=(3, 3)), r.normal(size=(3, 3))
    a = a + a.T
    got = check_hvp(eigen_pair, a, v=v, jit=True, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got, s2sad.hvp(eigen_pair)(a, v), rtol=1e-9, atol=1e-11)


def singular_vectors(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(u[:, 0] ** 4) + np.sum(s ** 2) + np.sum(vt[0] ** 4) \
        + np.sum(u * u[:, ::-1] * np.arange(1.0, 1.0 + u.shape[1]))


def singular_vectors_ref(a):
    anp = _anp()
    u, s, vt = anp.linalg.svd(a, full_matrices=False)
    return anp.sum(u[:, 0] ** 4) + anp.sum(s ** 2) + anp.sum(vt[0] ** 4) \
        + anp.sum(u * u[:, ::-1] * np.arange(1.0, 1.0 + u.shape[1]))


def full_square_svd(a):       # full_matrices=True of a square matrix (autograd refuses it)
    u, s, vt = np.linalg.svd(a)
    return np.sum(np.sin(u)) + np.sum(vt[:, 0] ** 3) + np.sum(s ** 3)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5)], ids=["square", "tall", "wide"])
def test_through_the_singular_vectors(shape, seed):
    r = _rng(seed)
    a = r.normal(size=shape)
    check_hvp(singular_vectors, a, v=r.normal(size=shape), reference=singular_vectors_ref, rtol=1e-5, atol=1e-6)
    if shape[0] == shape[1]:
        check_hvp(full_square_svd, a, v=r.normal(size=shape), rtol=1e-5, atol=1e-6)


def test_the_singular_vectors_compiled_are_refused_with_the_line():
    """numba compiles svd's gradient of the values only (compute_uv=False): a located refusal."""
    from s2sad.backends.errors import JitError
    a = _rng(3).normal(size=(4, 3))
    with pytest.raises(JitError, match="line"):
        s2sad.hvp(singular_vectors, jit=True)(a, np.ones((4, 3)))


def eigen_squares(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def singular_squares(a):
    return np.sum(np.linalg.svdvals(a) ** 2)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", [eigen_squares, singular_squares], ids=lambda f: f.__name__)
def test_a_repeated_value_is_refused(f, jit):
    """The gradient of a symmetric function of tied values exists; its derivative through the
    eigen/singular vectors is not determined there: refused, never a guess."""
    a = np.diag([1.0, 1.0, 3.0])
    assert np.allclose(s2sad.grad(f)(a), 2.0 * a)
    with pytest.raises(s2sad.NoDerivativeError, match="repeated|tie"):
        s2sad.hvp(f, jit=jit)(a, np.ones((3, 3)))
