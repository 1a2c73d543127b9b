"""Adjoints of tuples of values of different types or shapes under jit=True: ``np.linalg.eigh``'s
``(w, V)``, ``np.linalg.lstsq``'s ``(x, residuals, rank, sv)`` (fuzz seed 7105300, where the refusal
named only a generated line), ``np.linalg.qr``'s ``(Q, R)`` of a tall matrix. numba holds no list of
mixed items, so the adjoint is a tuple of zeros updated item by item (``numba_tuples``); these
were refused before. Each is checked against finite differences and the Python adjoint."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

A = np.array([[1.0, 0.2], [0.3, 2.0], [0.5, -1.0]])
B = np.array([0.5, 1.0, -0.3])
TALL = np.array([[2.0, 0.2, 0.1], [0.3, 2.0, 0.4], [0.5, -1.0, 1.5], [0.1, 0.2, 0.3]])


def eigh_and_lstsq(a, b):
    x = np.linalg.lstsq(a, b)[0]
    w, V = np.linalg.eigh(a.T @ a)
    return np.sum(x ** 2) + np.sum(w) + np.sum(V[:, 0] ** 2 * w)


def qr_of_a_tall_matrix(a):
    Q, R = np.linalg.qr(a)
    return np.sum(Q[:, 0] * np.arange(1.0, 5.0)) + np.sum(np.diag(R) ** 2)


def _same(compiled, python):
    for mine, theirs in zip(compiled if isinstance(compiled, tuple) else (compiled,),
                            python if isinstance(python, tuple) else (python,)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.jit
def test_eigh_and_lstsq_compile_and_match():
    compiled = check_grad(eigh_and_lstsq, A, B, wrt=(0, 1), jit=True)
    _same(compiled, s2sad.grad(eigh_and_lstsq, wrt=(0, 1))(A, B))


@pytest.mark.jit
def test_qr_of_a_tall_matrix_compiles_and_matches():
    compiled = check_grad(qr_of_a_tall_matrix, TALL, jit=True)
    _same(compiled, s2sad.grad(qr_of_a_tall_matrix)(TALL))
