"""A list of numbers given an array item (``sequences.check_items``), found by the stop-44 campaign
(``python -m tests.fuzz --n 10000 --seed 44000000 --modes grad --jit off``, seed 44001651).

``tab = [[0.0] * 3 ...]; tab[i][0] = y`` made the rows ragged (an array beside numbers). Kinds
count a list's length as an axis, so the rows' items were taken for numbers, and the reverse
sweep's copies and zeros of the list (``np.copy(tab)``) failed on it: an internal error (an
``AdjointFailedError`` saying "s2sad has a bug") escaped. The other way round (seed 44002136), a
number written into a list of arrays (``vals = items[:]; vals[0] = t``) was a silently wrong
gradient: ``vals[0] - items[1]`` was taken for two arrays of one shape, and its adjoint was not
summed back to the number (16.0 for 6.4). An item stored into a list that surely is one now joins
the list's rank (``kinds._assigned_ranks``, like an append), so the items' rank is unknown there and
read again when the adjoint runs: exact. An array written into a list of numbers that may not be a
list (a row of a list of lists) is refused where it is written, with the line; the same lists filled with numbers, placeholders of unknown rank
(``[None] * n``) filled with arrays, and lists of arrays given arrays stay exact.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp


def loop_built(y):
    tab = []
    for _ in range(5):
        tab.append([0.0] * 3)
    for i in range(1, 5):
        tab[i][0] = y
    t = tab[4][2]
    return y.dot(np.diff(t * np.ones((3, 4)), axis=0))


def one_row(y):
    row = [0.0] * 3
    row[0] = y
    z = row[0]
    return np.sum(z * z) + row[1]


def filled_in_loop(y):
    row = [0.0, 0.0]
    for k in range(2):
        row[k] = y * (k + 1.0)
    return np.sum(row[0] * row[1])


def number_into_arrays(t, th):
    items = [th * 2.0, th + t]
    vals = items[:]
    vals[0] = t
    items[0] = vals[0] - items[1]
    return np.sum(sum(vals) * np.array([1.0, 0.5, -0.3, 2.0]))


def test_a_number_written_into_a_list_of_arrays_is_exact():
    check_grad(number_into_arrays, 0.7, np.array([0.3, -0.5, 1.2, 0.4]), wrt=(0, 1))


def test_rows_that_surely_are_lists_take_an_array_exactly():
    """open46: ``[0.0] * 3`` is surely a list, and so is a row of a list every item of which is
    one (``list_names.sure_lists``): the item joins the row's rank (refused here on stop 44)."""
    y = np.array([0.3, -0.7])
    check_vjp(loop_built, y, dout=np.ones(4))
    check_grad(one_row, y)


def mixed_rows(y):
    tab = [[0.0] * 3, [1.0, 2.0, 3.0]]
    tab.append(np.zeros(3))     # an item that is no list: a row read from tab may be an array
    for i in range(2):
        tab[i][0] = y
    return np.sum(tab[1][0] * tab[0][0]) + np.sum(tab[2])


@pytest.mark.parametrize("fn, line", [(mixed_rows, "tab[i][0] = y")])
def test_an_array_written_into_a_list_of_numbers_is_refused_where_it_is_written(fn, line):
    y = np.array([0.3, -0.7])
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(fn)(y)
    msg = str(e.value)
    assert __file__ in msg and line in msg and "ragged" in msg and "np.zeros" in msg


def numbers_into_numbers(y):
    row = [0.0] * 3
    for k in range(3):
        row[k] = y[k % 2] * (k + 1.0)
    return row[0] * row[1] + np.sin(row[2])


def arrays_into_placeholders(y):
    hs = [None] * 3
    for k in range(3):
        hs[k] = np.tanh(y * k)
    return np.sum(hs[2] * hs[1])


def arrays_into_arrays(y):
    W = [np.zeros(2) for _ in range(3)]
    for k in range(3):
        W[k] = y * (k - 1.0)
    return np.sum(W[0] * W[2]) + np.sum(np.cos(W[1]))


@pytest.mark.parametrize("fn", [numbers_into_numbers, arrays_into_placeholders, arrays_into_arrays, filled_in_loop])
def test_lists_whose_items_keep_one_rank_stay_exact(fn):
    check_grad(fn, np.array([0.3, -0.7]))
