"""Rows of a list of lists written through (s2sad/analyses/alias_chain.py, ``_row_of_distinct_rows``):
``row = D[i]; prev = D[i - 1]; row[j] = f(prev[j])`` where every row of ``D`` is a fresh list or
array (appended as a display, ``D.append([0.0] * m)``, or ``[[0.0] * m for _ in range(n)]``). The
write is carried back into ``D`` and ``prev`` read again, which is exact whether or not ``prev``
is the row written (checked with an index that is sometimes the same). One row held at several
positions (``[r] * n``, ``r`` appended n times) stays refused at its line. Before this, the first
three were refused as a write through ``row``, "which shares memory with `prev`"."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad

X = np.array([0.3, 0.5, -0.2])


def rows_appended(x):
    n, m = 4, x.shape[0]
    D = []
    D.append([x[j] for j in range(m)])
    for i in range(1, n):
        D.append([0.0] * m)
    for i in range(1, n):
        row = D[i]
        prev = D[i - 1]
        for j in range(m):
            row[j] = np.sin(prev[j]) * x[j]
    return sum(D[n - 1])


def rows_functional(x):      # autograd's twin of rows_appended (autograd has no item assignment)
    prev = [x[j] for j in range(x.shape[0])]
    for i in range(1, 4):
        prev = [anp.sin(prev[j]) * x[j] for j in range(x.shape[0])]
    return sum(prev)


def the_same_row_sometimes(x):
    n, m = 3, x.shape[0]
    D = []
    for i in range(n):
        D.append([0.5] * m)
    for i in range(n):
        row = D[i]
        prev = D[max(i - 1, 0)]      # the row written itself when i == 0: its later reads see the writes
        for j in range(m):
            row[j] = prev[m - 1 - j] * x[j] + row[j]
    return sum(D[n - 1]) + sum(D[0])


def array_rows(x):
    n, m = 3, x.shape[0]
    D = [x * 1.0]
    for i in range(1, n):
        D.append(np.zeros(m))
    for i in range(1, n):
        row = D[i]
        prev = D[i - 1]
        for j in range(m):
            row[j] = np.cos(prev[j]) * x[j]
    return np.sum(D[n - 1])


def one_row_appended_n_times(x):
    n, m = 3, x.shape[0]
    r = [0.0] * m
    D = []
    for i in range(n):
        D.append(r)
    for i in range(1, n):
        row = D[i]
        prev = D[i - 1]
        for j in range(m):
            row[j] = np.sin(prev[j]) * x[j]
    return sum(D[n - 1])


def one_row_n_times(x):
    n, m = 3, x.shape[0]
    r = [0.5] * m
    D = [r] * n
    for i in range(1, n):
        row = D[i]
        prev = D[i - 1]
        for j in range(m):
            row[j] = np.sin(prev[j]) * x[j]
    return sum(D[n - 1])


def test_fresh_rows_are_written_through():
    check_grad(rows_appended, X, reference=rows_functional)
    check_grad(the_same_row_sometimes, X)


def test_fresh_array_rows_are_written_through():
    check_grad(array_rows, X)      # (jit=True is right too, but numba takes ~25 s on a list of arrays)


@pytest.mark.parametrize("f", [one_row_appended_n_times, one_row_n_times])
def test_one_row_at_several_positions_stays_refused(f):
    with pytest.raises(UnsupportedSyntaxError, match="row"):
        s2sad.grad(f)(X)
