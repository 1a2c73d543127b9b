"""jit19: np.tensordot with constant axes lists (``axes=([1, 0], [0, 1])``, a pair ``(2, -3)``)
compiles under jit=True: the jit stage passes the axes as text to a stand-in
(stand_ins._axes_as_text), whose numba version reads them as a constant. Before: a JitError
("np.tensordot's axes must be a constant"). A variable's axes stay refused, with the line."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (first: the rule modules import it)
from s2sad.backends.numba_helpers.numba_rules_tensordot import tensordot_axes, tensordot_grad_axes
from s2sad.rules import runtime as rt
from s2sad.testing import check_grad, check_hvp

RNG = np.random.default_rng(19)
A = RNG.normal(size=(3, 2, 2))
B = RNG.normal(size=(2, 3, 4))


def lists(A, B):
    return np.sum(np.tensordot(A, B, axes=([1, 0], [0, 1])) ** 2)


def lists_ag(A, B):
    return anp.sum(anp.tensordot(A, B, axes=([1, 0], [0, 1])) ** 2)


def pair(A, B):
    return np.sum(np.sin(np.tensordot(A, B, (2, -3))))


@pytest.mark.jit
def test_axes_lists_compile():
    mine = check_grad(lists, A, B, wrt=(0, 1), jit=True)
    for m, t in zip(mine, s2sad.grad(lists, wrt=(0, 1))(A, B)):
        np.testing.assert_allclose(m, t, rtol=1e-12)
    check_grad(lists, A, B, wrt=0, reference=lists_ag, grad_fn=lambda f, wrt, jit: lambda *a: mine[0])


@pytest.mark.jit
def test_hvp_through_a_pair_of_axes_compiles():
    v = RNG.normal(size=A.shape)
    mine = check_hvp(pair, A, B, v=v, jit=True)
    np.testing.assert_allclose(mine, s2sad.hvp(pair)(A, B, v), rtol=1e-10)


def test_stand_ins_are_numpys_tensordot():
    g = RNG.normal(size=(2, 4))
    np.testing.assert_array_equal(tensordot_axes(A, B, "[[1, 0], [0, 1]]"),
                                  np.tensordot(A, B, axes=([1, 0], [0, 1])))
    np.testing.assert_array_equal(tensordot_grad_axes(g, A, B, "[[1, 0], [0, 1]]", True),
                                  rt.tensordot_grad(g, A, B, ([1, 0], [0, 1]), True))


def variable_axes(A, B, ax):
    return np.sum(np.tensordot(A, B, axes=ax))


@pytest.mark.jit
def test_axes_in_a_variable_refused_at_the_line():
    with pytest.raises(s2sad.S2sadError, match=r"(?s)line \d+.*tensordot\(A, B, axes=ax\).*axes must be a constant"):
        s2sad.grad(variable_axes, jit=True)(A, B, 1)
