"""np.partition (rules in grads_reductions.py / tangents_reductions.py): y = x[p] for the permutation
NumPy's selection chose, so d[y] read in y's sorted order goes where x's sorted order came from.
Checked against finite differences and autograd (the k smallest values through np.sort), reverse,
forward and second order, jit=False and jit=True (one compiled function). Before the rule every
call was refused (NoDerivativeError)."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(2323)
X = R.normal(size=(3, 7))
T = R.normal(size=(3, 7))


def smallest(x):      # the 2 smallest of each row, the 3 largest of each column, the median row by row
    w = np.arange(7.0)
    return np.sum(np.partition(x, 1, axis=1)[:, :2] ** 2) + np.sum(np.partition(x, -3, axis=0)[-3:] * x[0]) \
        + np.sum(np.partition(x, (2, 3))[:, 3] ** 3) + np.sum(np.partition(x[0] * 2.0, 3) * w) \
        + np.sum(np.partition(x, 4, axis=None)[:5])


def smallest_autograd(x):      # autograd sorts 1-d arrays only: row by row, column by column
    w = np.arange(7.0)
    row = x[0] * 2.0
    order = np.argpartition(row, 3)      # the same selection: the positions are NumPy's own
    rows = [anp.sort(x[i]) for i in range(3)]
    cols = [anp.sort(x[:, j]) for j in range(7)]
    return sum(anp.sum(r[:2] ** 2) for r in rows) + sum(anp.sum(c[-3:] * x[0, j]) for j, c in enumerate(cols)) \
        + sum(r[3] ** 3 for r in rows) + anp.sum(row[order] * w) + anp.sum(anp.sort(anp.ravel(x))[:5])


def test_partition_value_is_numpys():
    value, _ = s2sad.value_and_grad(smallest)(X)
    assert value == smallest(X)


def test_reverse():
    check_grad(smallest, X, reference=smallest_autograd)


def test_forward_and_second_order():
    check_jvp(smallest, X, tangent=T)
    check_hvp(smallest, X, v=T)


def compiled(x):      # numba's np.partition takes no axis: the last one
    return np.sum(np.partition(x, 1)[:, :2] ** 2) + np.sum(np.partition(x[0], 3) * np.arange(7.0))


@pytest.mark.jit
def test_reverse_jit():      # forward mode compiles the same numba helpers (sort_grad, sort_tangent)
    check_grad(compiled, X, jit=True)
