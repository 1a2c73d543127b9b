"""Copy propagation never moves a read of an array past a write into it through another name
(s2sad/transforms/propagate.py): fuzz seed 1500683 returned a wrong value."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def copy_then_write_through_an_alias(params, S):
    """``P = +C`` is a copy read once, after ``Q[-1, 0] += 2.0`` writes into ``C`` through ``Q``: moved
    there, ``np.mean(+C)`` read the written array (the value was 4.7 instead of 4.2)."""
    C = np.ones((2, 2)) * 0.5
    P = +C
    Q = C
    Q[-1, 0] += 2.0
    return np.sum(params * S[1]) + np.mean(P)


def sum_then_write_through_an_alias(params, S):
    C = params * 0.5
    P = np.sum(C * C)
    Q = C
    Q[-1] += 2.0 * S[0, 0]
    return P + np.sum(Q)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", [copy_then_write_through_an_alias, sum_then_write_through_an_alias])
def test_value_and_gradient_as_written(f, jit):
    p, S = np.array([0.3, 0.7]), np.array([[1.0, 2.0], [3.0, 4.0]])
    value, _ = s2sad.value_and_grad(f, jit=jit)(p, S)
    assert value == pytest.approx(f(p.copy(), S.copy()), rel=1e-14)
    check_grad(f, p, S, jit=jit)
