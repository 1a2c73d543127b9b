"""``np.einsum(..., optimize=o)``: ``o`` (False, True, 'greedy', 'optimal') picks only the order of
the contractions, so the rules take it as a keyword-only parameter (a template's ``*``, see
registry.template_params) that carries no derivative; numba's einsum stand-in gets the call without
it (backends/numba_lower.py). Any other ``optimize`` (an explicit path) is refused, located, and a
further positional operand is never read as ``optimize`` (it was: its tangent dropped)."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

R = np.random.default_rng(22)
M, X = R.normal(size=(3, 3)), R.normal(size=3)


def optimized(m, x):
    return np.sum(np.einsum("ij,jk->ik", m, m, optimize=True) ** 2) + np.einsum("ii", m, optimize="greedy") \
        + np.einsum("ij,j,i->", m, x, x, optimize="optimal") + np.sum(np.einsum("i,j", x, x, optimize=False) * m)


def optimized_autograd(m, x):
    return anp.sum(anp.einsum("ij,jk->ik", m, m) ** 2) + anp.trace(m) \
        + anp.einsum("ij,j,i->", m, x, x) + anp.sum(anp.einsum("i,j", x, x) * m)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_einsum_optimize_reverse_and_forward(jit):
    check_grad(optimized, M, X, wrt=(0, 1), jit=jit)
    check_jvp(optimized, M, X, tangent=(M.T, X[::-1]), wrt=(0, 1), jit=jit)
    if not jit:
        check_against_autograd(optimized_autograd, M, X, wrt=(0, 1),
                               analytic=s2sad.grad(optimized, wrt=(0, 1))(M, X))
        check_hvp(optimized, M, X, v=(M.T, X[::-1]), wrt=(0, 1))


def a_path(m):
    return np.sum(np.einsum("ij,jk->ik", m, m, optimize=["einsum_path", (0, 1)]))


def five_operands(x):     # without "...", frontend/numpy_forms_more.py contracts them pairwise
    return np.einsum("...i,i,i,i,i", x, x, x, x, x)


def _run(mode, f, arg):
    return s2sad.grad(f)(arg) if mode == "grad" else s2sad.jvp(f)(arg, arg)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_other_optimize_and_a_fifth_operand_are_refused(mode):
    with pytest.raises(NoDerivativeError, match="optimize"):
        _run(mode, a_path, M)
    with pytest.raises(NoDerivativeError, match="positional argument"):
        _run(mode, five_operands, X)


def scaled(x, *, k=2.0):
    return k * np.sin(x)


def scaled_twice(x):
    return np.sum(scaled(x, k=3.0)) + np.sum(scaled(x))


def test_a_users_rule_may_have_keyword_only_parameters():
    """A template's `*` was refused ("plain parameters"); now a user's function with keyword-only
    parameters has a rule of the same signature, in both modes."""
    @s2sad.adjoint(scaled)
    def scaled_rule(y, x, *, k=2.0):
        d[x] = d[y] * k * np.cos(x)  # noqa: F821

    @s2sad.tangent(scaled)
    def scaled_tangent(y, x, *, k=2.0):
        t[y] = t[x] * k * np.cos(x)  # noqa: F821
    check_grad(scaled_twice, X)
    check_jvp(scaled_twice, X, tangent=X[::-1])
