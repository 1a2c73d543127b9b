"""Rules of grads_decomp.py / tangents_decomp.py: np.linalg.svd (singular values, and the factors),
svdvals, qr, pinv, lstsq (solution, residuals, singular values), np.take_along_axis, np.pad in modes
edge/reflect/symmetric/wrap, np.gradient (scalar spacing, axis, edge_order 1 and 2), math.fsum,
math.prod, math.dist and math.hypot of more than two numbers.

Each is checked against finite differences in reverse mode and forward mode (check_jvp), against
autograd where autograd has the derivative (svd, pinv), under jit=True where numba has the
function (one compiled function per family), and at the points where no derivative exists
(repeated or zero singular values, rank deficiency, a wide QR), which are refused with the line."""
import math

import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

R = np.random.default_rng(11)
A = R.normal(size=(4, 3))
SQ = R.normal(size=(3, 3))
B = R.normal(size=4)
B2 = R.normal(size=(4, 2))
W43, W33, W34 = R.normal(size=(4, 3)), R.normal(size=(3, 3)), R.normal(size=(3, 4))
IDX = np.array([[0, 2], [1, 1], [2, 0], [0, 0]])


def singular_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2 * np.array([1.0, 2.0, 3.0])) + np.sum(np.linalg.svdvals(a))


def svd_thin(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(u[:, 0] * u[:, 1] * np.arange(4.0)) + np.sum(s * np.arange(3.0)) + np.sum(vt[1] ** 3) \
        + np.sum((u * s) @ vt * W43)


def svd_square(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(u[:, 0] * u[:, 1] * np.arange(3.0)) + np.sum(vt[1] ** 3 * s)


def qr_tall(a):
    q, r = np.linalg.qr(a)
    return np.sum(q * W43) + np.sum(r ** 2 * W33)


def qr_square(a):
    q, r = np.linalg.qr(a)
    return np.sum(q * W33) + np.sum(r ** 3 * W33)


def pinvs(a):
    return np.sum(np.linalg.pinv(a) * W34) + np.sum(np.linalg.pinv(a.T) ** 2 * W43)


def least_squares(a, b):
    x, res, _rank, s = np.linalg.lstsq(a, b)
    return np.sum(x * np.arange(3.0)) + 2.0 * res[0] + np.sum(s ** 2)


def least_squares_columns(a, b):
    x, res, _rank, _s = np.linalg.lstsq(a, b)
    return np.sum(x ** 2) + np.sum(res * np.array([1.0, 3.0]))


def least_squares_wide(a, b):    # underdetermined: the minimum-norm solution
    return np.sum(np.linalg.lstsq(a, b)[0] ** 2 * np.arange(4.0))


def gathers(a):
    return np.sum(np.take_along_axis(a, IDX, axis=1) ** 2 * np.arange(8.0).reshape(4, 2)) \
        + np.sum(np.take_along_axis(a, np.array([[1, 0, 3]]), 0) ** 3) \
        + np.sum(np.take_along_axis(a[0], np.array([2, 2, -1]), 0) ** 2) \
        + np.sum(np.take_along_axis(a, np.argsort(a, axis=0), axis=0) * W43)


def pads(x):
    return np.sum(np.pad(x, (2, 3), mode="edge") ** 2 * np.arange(9.0)) + np.sum(np.pad(x, 2, "reflect") ** 3) \
        + np.sum(np.pad(x, (1, 3), mode="wrap") * np.arange(8.0) ** 2) \
        + np.sum(np.pad(x, 1, mode="symmetric") ** 2 * np.arange(6.0))


def pads_2d(m):
    return np.sum(np.pad(m, ((1, 0), (2, 1)), mode="reflect") ** 2 * np.arange(30.0).reshape(5, 6)) \
        + np.sum(np.pad(m, 1, mode="wrap") ** 3) + np.sum(np.pad(m, 1) ** 2)


def differences(f, h):
    return np.sum(np.gradient(f, h) ** 2 * np.arange(5.0)) + np.sum(np.gradient(f, edge_order=2) ** 3) \
        + np.sum(np.gradient(f * f, 0.3))


def differences_axis(m, h):
    return np.sum(np.gradient(m, h, axis=0) ** 2 * W43) + np.sum(np.gradient(m, axis=1, edge_order=2) ** 3) \
        + np.sum(np.gradient(m, h, axis=-1) * W43)


def math_sequences(x, y):
    return math.fsum([x, y * y, x * y]) + math.prod([x, y, 3.0]) + math.dist((x, y), (1.0, y * y)) \
        + math.hypot(x, y, 2.0) + math.hypot(x) + math.prod([x, y], start=y) + math.hypot(y, x, x * y, 0.5)


def math_of_arrays(v):
    return math.fsum(v * v) + math.dist(v, 2.0 * v ** 2) + math.prod(v)


CASES = [
    (singular_values, (A,)), (svd_thin, (A,)), (svd_square, (SQ,)), (qr_tall, (A,)), (qr_square, (SQ,)),
    (pinvs, (A,)), (least_squares, (A, B)), (least_squares_columns, (A, B2)), (least_squares_wide, (A.T, B[:3])),
    (gathers, (A,)), (pads, (R.normal(size=4),)), (pads_2d, (A,)), (differences, (R.normal(size=5), 0.7)),
    (differences_axis, (A, 0.4)), (math_sequences, (0.7, 1.3)), (math_of_arrays, (R.normal(size=3),)),
]
IDS = [c[0].__name__ for c in CASES]


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_reverse_against_finite_differences(f, args):
    check_grad(f, *args, wrt=tuple(range(len(args))))


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_forward_against_finite_differences(f, args):
    tangent = tuple(R.normal(size=np.shape(a)) if np.ndim(a) else 0.37 for a in args)
    check_jvp(f, *args, tangent=tangent, wrt=tuple(range(len(args))))


def svd_autograd(a):
    u, s, vt = anp.linalg.svd(a, full_matrices=False)
    return anp.sum(u[:, 0] * u[:, 1] * np.arange(4.0)) + anp.sum(s * np.arange(3.0)) + anp.sum(vt[1] ** 3) \
        + anp.sum(anp.dot(u * s, vt) * W43)


def singular_values_autograd(a):
    s = anp.linalg.svd(a, full_matrices=False)[1]
    return anp.sum(s ** 2 * np.array([1.0, 2.0, 3.0])) + anp.sum(s)


def pinvs_autograd(a):
    return anp.sum(anp.linalg.pinv(a) * W34) + anp.sum(anp.linalg.pinv(a.T) ** 2 * W43)


@pytest.mark.parametrize("f, reference", [(svd_thin, svd_autograd), (singular_values, singular_values_autograd),
                                          (pinvs, pinvs_autograd)], ids=["svd", "singular_values", "pinv"])
def test_against_autograd(f, reference):
    check_grad(f, A, reference=reference)


# ---- jit=True: one function per family (each costs a numba compile) --------------------------
def compiled_linalg(a, b):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2 * np.array([1.0, 2.0, 3.0])) \
        + np.sum(np.linalg.pinv(a) * W34) + np.sum(np.take_along_axis(a, IDX, axis=1) ** 2) \
        + np.sum(np.take_along_axis(b, np.array([3, 0, 0]), 0) * b[:3])


def compiled_differences(f, h, v):
    return np.sum(np.gradient(f, h) ** 2 * np.arange(5.0)) + np.sum(np.gradient(f * f, 0.3, edge_order=2) ** 3) \
        + math.fsum(v * v) + math.dist(v, 2.0 * v ** 2) + math.prod(v) + math.hypot(v[0], h, v[1]) + math.hypot(h)


JIT_CASES = [(compiled_linalg, (A, B)), (compiled_differences, (R.normal(size=5), 0.7, R.normal(size=3))),
             (qr_tall, (A,))]     # qr's (Q, R) of different shapes: a tuple adjoint (backends/numba_tuples.py)


@pytest.mark.jit
@pytest.mark.parametrize("f, args", JIT_CASES, ids=[c[0].__name__ for c in JIT_CASES])
def test_jit_against_finite_differences_and_python(f, args):
    wrt = tuple(range(len(args)))
    compiled = check_grad(f, *args, wrt=wrt, jit=True)
    for mine, theirs in zip(compiled, s2sad.grad(f, wrt=wrt)(*args)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.jit
def test_jit_svd_factors_compile():
    """svd's vectors under jit (were refused: jit18 made the vector rule compile)."""
    check_grad(svd_thin, A, jit=True)
    np.testing.assert_allclose(s2sad.grad(svd_thin, jit=True)(A), s2sad.grad(svd_thin)(A), rtol=1e-10, atol=1e-12)


@pytest.mark.jit
def test_jit_pads_in_the_modes_that_copy_compile():
    """np.pad in modes 'edge', 'reflect', 'wrap', 'symmetric' under jit (a located JitError until
    jitrules25: backends/numba_helpers/numba_numpy_keywords.py, numba_rules_gathers.py)."""
    x = np.array([0.3, -1.2, 0.8, 2.1])
    compiled = check_grad(pads, x, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(pads)(x), rtol=1e-10, atol=1e-12)


# ---- where no derivative exists, and forms not covered ----------------------------------------
def top_singular_vector(a):
    return np.sum(np.linalg.svd(a)[0][:, 0] * np.array([1.0, 2.0, 3.0]))


def smallest_singular_value(a):
    return np.linalg.svd(a, compute_uv=False)[-1]


def first_singular_value(a):
    return np.linalg.svd(a, compute_uv=False)[0]


def sum_of_singular_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2)


def qr_wide(a):
    return np.sum(np.linalg.qr(a)[1])


def pinv_sum(a):
    return np.sum(np.linalg.pinv(a))


def lstsq_sum(a, b):
    return np.sum(np.linalg.lstsq(a, b)[0])


def svd_full_rectangular(a):
    return np.sum(np.linalg.svd(a)[0])


def svd_full_values_only(a):     # full_matrices=True (the default) of a 4x3 matrix: s alone is fine
    _u, s, _vt = np.linalg.svd(a)
    return np.sum(s ** 3)


def gradient_coordinates(f):
    return np.sum(np.gradient(f, np.array([0.0, 0.5, 1.5, 2.0, 3.0])))


def pad_empty(x):     # ('mean' and 'median' were the examples before stops 53 and 54 covered them: test_pad_stats53.py)
    return np.sum(np.pad(x, 2, mode="empty"))


RANK1 = np.outer([1.0, 2.0, 3.0], [1.0, -1.0, 0.5])
RANK2 = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.3, 1.0, 2.5]])   # the third row: the sum of the others


@pytest.mark.parametrize("f, args, what", [
    (top_singular_vector, (np.diag([2.0, 2.0, 1.0]),), "repeated singular values"),
    (first_singular_value, (np.diag([2.0, 2.0, 1.0]),), "repeated singular values"),
    (smallest_singular_value, (RANK2,), "zero singular value"), (qr_wide, (A.T,), "wide"),
    (qr_square, (RANK1,), "rank-deficient"), (pinv_sum, (RANK1,), "rank-deficient"),
    (lstsq_sum, (RANK1, B[:3]), "rank-deficient"), (svd_full_rectangular, (A,), "full_matrices"),
    (gradient_coordinates, (R.normal(size=5),), "spacing"),
], ids=lambda v: getattr(v, "__name__", None) if callable(v) else None)
def test_no_derivative_is_refused_with_the_line(f, args, what):
    with pytest.raises(s2sad.NoDerivativeError, match=what) as err:
        s2sad.grad(f, wrt=tuple(range(len(args))))(*args)
    assert "line" in str(err.value)


def test_full_factors_of_a_rectangular_matrix_through_the_values_alone():
    check_grad(svd_full_values_only, A)


def test_tied_singular_values_used_alike_are_differentiated():
    # at 2I the singular values tie; the sum of their squares is |A|_F^2, gradient 2A
    np.testing.assert_allclose(s2sad.grad(sum_of_singular_values)(2.0 * np.eye(3)), 4.0 * np.eye(3), atol=1e-12)


def test_a_padding_mode_not_covered_is_refused():
    with pytest.raises(s2sad.NoDerivativeError, match="mode"):
        s2sad.grad(pad_empty)(R.normal(size=4))


def gradient_of_coordinates(f, c):
    return np.sum(np.gradient(f, c) ** 2)


def test_gradient_with_coordinates_is_refused_in_forward_mode_too():
    # the stencil with coordinates is linear in f, but not in the coordinates as the scalar rule says
    with pytest.raises(s2sad.NoDerivativeError, match="spacing"):
        s2sad.jvp(gradient_of_coordinates, wrt=(0, 1))(X5, np.arange(5.0) ** 1.5, (np.ones(5), np.ones(5)))


X5 = np.array([0.3, 1.2, -0.4, 0.8, 2.0])
