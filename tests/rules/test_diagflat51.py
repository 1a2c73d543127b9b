"""``np.diagflat(v, k)`` has a reverse and a forward rule (rules/grads_arrays.py,
tangents_arrays.py) and a declared rank; before stop 51 it was refused ("no derivative rule for
`diagflat`"). Checked against central differences and autograd, in both modes, and under jit."""
import ast

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.rules import registry
from s2sad.testing import check_grad, check_jvp

X = np.array([0.7, -0.4, 1.3])
M = np.array([[0.5, -1.0], [2.0, 0.3]])


def diagflat_forms(x, m):
    A = np.outer(x, x)
    return np.sum(np.diagflat(x) @ A) + np.sum(np.diagflat(x[:2], 1) ** 2) \
        + np.sum(np.diagflat(m * x[0], -1) * 1.5)       # a matrix is flattened onto the diagonal


def diagflat_forms_ag(x, m):
    A = anp.outer(x, x)
    return anp.sum(anp.diag(x) @ A) + anp.sum(anp.diag(x[:2], 1) ** 2) + anp.sum(anp.diag(anp.ravel(m * x[0]), -1) * 1.5)


def test_grad_against_differences_and_autograd():
    check_grad(diagflat_forms, X, M, wrt=(0, 1))
    want = autograd.grad(diagflat_forms_ag, (0, 1))(X, M)
    for got, ref in zip(s2sad.grad(diagflat_forms, wrt=(0, 1))(X, M), want):
        np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_jvp():
    check_jvp(diagflat_forms, X, M, tangent=(np.array([0.3, -0.1, 0.2]), np.ones((2, 2))), wrt=(0, 1))


@pytest.mark.jit
def test_jit():
    check_grad(diagflat_forms, X, M, wrt=(0, 1), jit=True)
    check_jvp(diagflat_forms, X, M, tangent=(np.array([0.3, -0.1, 0.2]), np.ones((2, 2))), wrt=(0, 1), jit=True)


def test_rank_is_declared():
    assert registry.rank_of_call(np.diagflat, [1], ast.parse("np.diagflat(x)", mode="eval").body) == 2
