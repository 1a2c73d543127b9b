"""jitrules25: NumPy forms that ran with jit=False only now compile under jit=True (located JitErrors
before): the keyword arguments of backends/numba_helpers/numba_numpy_keywords.py (np.linspace endpoint=,
np.pad mode=, eigvalsh UPLO=, median keepdims=, norm axis=(0, 1), hstack/vstack dtype=, partition
axis=), np.gradient along an axis (numba_rules_gathers), `@` of stacks of matrices and its gradient
(numba_lists, numba_grads), norm/squeeze/reshape of a number (numba_numpy, numba_lists), a tuple of
arrays read by item (views) and a list display of integers as an index (index_lists: np.bincount's
adjoint). One function holds the forms, so that the gradient costs one compile."""
import numba
import numpy as np
import pytest

import s2sad
from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (registers the overloads)
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(2525)
M = RNG.uniform(0.2, 0.9, size=(3, 4))
V = RNG.uniform(0.2, 0.9, size=5)
S = RNG.uniform(0.2, 0.9, size=(2, 3, 3))


def forms(m, v, s):
    r = np.sum(np.sin(np.pad(m, ((1, 0), (0, 2)), mode='edge'))) + np.sum(np.sin(np.gradient(m, axis=0)))
    r += np.sum(np.sin(np.linspace(v[0], v[1], 4, endpoint=False))) + np.linalg.norm(m, axis=(0, 1))
    r += np.sum(np.sin(np.matmul(s, m[:, :3]))) + np.sum(np.cos(s @ s))
    t = (v[:2], v[2:4])
    r += np.sum(t[0] * t[1]) + np.sum(np.sin(np.bincount([0, 1, 1, 3, 2], weights=v, minlength=6)))
    r += np.linalg.norm(v[0] * 2.0 - 1.5) + np.squeeze(v[3]) * v[1] + np.sum(np.reshape(v[2], (1,)) * v)
    return r


@pytest.mark.jit
def test_forms_compile_with_the_gradient_of_jit_false():
    g = s2sad.value_and_grad(forms, wrt=(0, 1, 2), jit=True)
    value, mine = g(M, V, S)
    np.testing.assert_allclose(value, forms(M, V, S), rtol=1e-12)
    check_grad(forms, M, V, S, wrt=(0, 1, 2), rtol=1e-5, grad_fn=lambda f, wrt, jit: lambda *a: g(*a)[1])
    for a, b in zip(mine, s2sad.grad(forms, wrt=(0, 1, 2))(M, V, S)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def padded_slopes(m):
    return np.sum(np.sin(np.gradient(np.pad(m, ((2, 1), (0, 3)), mode='reflect'), axis=1)) * m[0, 0])


@pytest.mark.jit
def test_tangents_and_hvp_through_pad_and_gradient_compile():
    check_jvp(padded_slopes, M, tangent=RNG.normal(size=M.shape), jit=True, rtol=1e-5)
    check_hvp(padded_slopes, M, v=RNG.normal(size=M.shape), jit=True, rtol=1e-4, atol=1e-6)


def stacks(s, m):
    t = (s[0], s[1])
    return np.sum(np.sin(np.matmul(s, m[:, :3]))) + np.sum(np.matmul(m[None, :, :3], s) ** 2) + np.sum(t[0] * t[1])


def test_stacks_against_autograd():
    check_grad(stacks, S, M, wrt=(0, 1), reference="autograd", rtol=1e-6)


@numba.njit
def _primal(m, v, a, b, n, endpoint, mode):
    return (np.linspace(a, b, n, endpoint=endpoint), np.pad(v, 7, mode='reflect'), np.pad(m, 6, mode=mode),
            np.gradient(m, axis=0), np.gradient(m, 0.5, axis=1, edge_order=2), np.median(m, keepdims=True),
            np.linalg.norm(m, axis=(1, 0), keepdims=True), np.hstack((m, m), dtype=np.float64),
            np.sort(np.partition(m, 1, axis=0), axis=0)[1], np.linalg.eigvalsh(m.T @ m, UPLO='U'))


def _numpy(m, v, a, b, n, endpoint, mode):
    return (np.linspace(a, b, n, endpoint=endpoint), np.pad(v, 7, mode='reflect'), np.pad(m, 6, mode=mode),
            np.gradient(m, axis=0), np.gradient(m, 0.5, axis=1, edge_order=2), np.median(m, keepdims=True),
            np.linalg.norm(m, axis=(1, 0), keepdims=True), np.hstack((m, m), dtype=np.float64),
            np.sort(np.partition(m, 1, axis=0), axis=0)[1], np.linalg.eigvalsh(m.T @ m, UPLO='U'))


@pytest.mark.jit
def test_primal_forms_are_numpys():
    """NumPy's numbers exactly: pads wider than the array (repeated reflections), a mode known at run
    time only, linspace's ends (0, 1 or equal points); the keyword forms whose gradient helpers
    compiled already (median, norm, hstack, partition, eigvalsh) are checked here only, where a
    compile is cheaper than the adjoint's."""
    for mode in ("edge", "reflect", "symmetric", "wrap", "constant"):
        for a, b, n, endpoint in [(0.3, 1.7, 4, False), (1.0, 1.0, 3, False), (0.2, 5.0, 1, True), (0.2, 5.0, 0, False)]:
            args = (M[:2, :3], V[:2], a, b, n, endpoint, mode)
            got, want = _primal(*args), _numpy(*args)
            for x, y in zip(got[:-1], want[:-1]):
                np.testing.assert_array_equal(x, y)
            np.testing.assert_allclose(got[-1], want[-1], rtol=1e-12, atol=1e-12)   # LAPACK, the other triangle
