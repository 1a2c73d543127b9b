"""``itertools.product`` / ``combinations`` over differentiated values were refused with advice to
"Register a rule with @s2sad.adjoint(product)", which cannot help an iterator (stop 57, issue 8):
the advice now names the nested loops they stand for, and those loops are exact."""
import itertools
from itertools import combinations

import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, -0.7, 1.1])


def pairs_by_product(x):
    t = 0.0
    for a, b in itertools.product(x, x):
        t = t + a * np.sin(b)
    return t


def pairs_by_combinations(x):
    t = 0.0
    for a, b in combinations(x, 2):
        t = t + a * b
    return t


def pairs_by_loops(x):
    t = 0.0
    for a in x:
        for b in x:
            t = t + a * np.sin(b)
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            t = t + x[i] * x[j]
    return t


@pytest.mark.parametrize("f", [pairs_by_combinations])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_iterator_refusal_advises_loops(f, mode):
    with pytest.raises(NoDerivativeError, match=r"(?s)line \d+, column \d+.*Write the nested loops.*`for "):
        if mode == "grad":
            s2sad.grad(f)(X)
        else:
            s2sad.jvp(f)(X, np.ones(3))


def test_product_loop_is_exact():
    """`itertools.product` over differentiated values is lowered since stop 58 (frontend/itertools_loops.py)."""
    check_grad(pairs_by_product, X)
    check_jvp(pairs_by_product, X, tangent=np.array([0.2, 0.5, -0.3]))


def test_advised_loops_are_exact():
    check_grad(pairs_by_loops, X)
    check_jvp(pairs_by_loops, X, tangent=np.array([0.2, 0.5, -0.3]))
    check_against_autograd(pairs_by_loops, X)
