"""Lists written item by item and lists joined in a loop, refused on main (open46, issue 8's
false refusals of ordinary code).

* ``row = [0.0] * 3; row[0] = y`` (an array into a list of numbers): ``list_names.sure_lists``
  did not follow ``[v] * n``, so ``row`` was not surely a list, its rank stayed the display's and
  ``sequences.check_items`` refused the write ("the list becomes ragged"). A repetition or join of
  a surely-list is one now: the item joins the list's rank (unknown: read when the adjoint runs).
* ``tab = [[0.0] * 3 for _ in range(n)]; tab[i][0] = y``: a row of a list every item of which is
  surely a list is surely a list too (``sure_lists``); the slot's zero in the adjoint of a list of
  lists (``b_tab[i] = 0.0``) adds to a row's gradient list (``GradList``), and forward mode's zero
  tangent of a list of lists is a list of lists (``zeros_list``).
* ``L = L + [v]`` in a loop (a local list no other name, container or call holds) is
  ``L.append(v)`` (``frontend/list_extend.py``); with another name of the old list it is the
  new list ``[*L, v]`` (stop 47, ``frontend/list_joins.py``).
Lists keeping one kind of item (numbers into a table of numbers) stay exact.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp
from test_ragged_lists44 import one_row   # (refused there on stop 44: row = [0.0] * 3; row[0] = y)

Y = np.array([0.3, -0.7])
V = np.array([0.4, 1.1])


def table_rows(y):
    n = 3
    tab = [[0.0] * 3 for _ in range(n)]
    for i in range(n):
        tab[i][0] = y * (i + 1.0)
    return np.sum(tab[2][0] * tab[1][0]) + tab[0][1]


def table_of_numbers(y):
    tab = [[0.0] * 3 for _ in range(2)]
    for i in range(2):
        for j in range(3):
            tab[i][j] = y[i] * (j + 1.0) + tab[i - 1][j]
    return tab[1][2] * tab[0][1] + np.sin(tab[1][0])


def concat_loop(y):
    L = []
    h = y
    for k in range(3):
        h = np.sin(h) + k
        L = L + [h]
    return np.sum(L[0] * L[2]) + np.sum(L[1])


def concat_reads(y):
    L = [y]
    for i in range(4):
        L = L + [np.sin(L[-1]) * y, L[0] * 0.5]
    return np.sum(L[-1] * L[1]) + np.sum(L[-2])


def insert_front(y):
    bw = []
    h = y
    for k in range(3):
        h = np.tanh(h * 0.5 + k)
        bw.insert(0, h)
    return np.sum(bw[0] * bw[2])


def concat_shared(y):
    L = [y]
    M = L
    L = L + [np.sin(y)]
    M.append(y * 2.0)
    return np.sum(L[-1] * M[-1])


# all but table_of_numbers and insert_front (exact on main too) refused on main
FORMS = [one_row, table_rows, table_of_numbers, concat_loop, concat_reads, insert_front]


@pytest.mark.parametrize("fn", FORMS)
def test_grad(fn):
    check_grad(fn, Y)


@pytest.mark.parametrize("fn", FORMS)
def test_against_autograd(fn):
    check_against_autograd(fn, Y, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn", FORMS)
def test_jvp(fn):
    check_jvp(fn, Y, tangent=V)


@pytest.mark.parametrize("fn", FORMS)
def test_hvp(fn):
    check_hvp(fn, Y, v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("fn", [table_rows, concat_loop, concat_reads])
def test_checkpointed_loops(fn):
    def grad2(f, wrt, jit):
        return s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2)
    check_grad(fn, Y, grad_fn=grad2)


def test_a_join_another_name_holds_makes_a_new_list():
    """Refused until stop 47: ``L = L + [v]`` with ``M`` holding the old list is ``[*L, v]``
    (frontend/list_joins.py), a new list as in Python; ``M.append`` grows the old one only."""
    check_grad(concat_shared, Y)
    check_jvp(concat_shared, Y, tangent=V)
    check_hvp(concat_shared, Y, v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.jit
def test_jit_concat_loop():
    """(a row of numbers given an array, one_row/table_rows, is a located JitError under jit: numba
    keeps a list of one item type)."""
    check_grad(concat_loop, Y, jit=True)
