"""``ys = list(S)`` makes a new list (of views of S's rows): rebinding one of its slots
(``ys[2] = ys[2] * x``) writes into no array. It was refused as 'a write through `ys`, which
shares memory with `S`', advising a copy that would not help (fuzz21's seed 10500032); the call
now meets its own refusal, advising the comprehension s2sad follows; since stop 51 ``list(S)`` of
an array argument is that comprehension, and the gradient is exact. A write into a row the list
holds is still a write into S."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp


def slot_rebound(S, x):
    ys = list(S)
    ys[2] = ys[2] * x
    return sum(np.sum(y ** 2) for y in ys) + np.sum(S)


def row_written(x):
    S = np.outer(x, x)
    ys = list(S)
    ys[0][1] = 5.0
    return np.sum(S)


def test_a_slot_of_a_list_call_is_no_shared_array():
    """Since stop 51 ``list(S)`` of an array argument is the comprehension over its rows (hunt51,
    frontend/param_copies.py): the slot rebound writes into no array, and the gradient is exact."""
    S, x = np.eye(3) + 0.1, np.array([0.5, 1.5, -1.0])
    check_grad(slot_rebound, S, x, wrt=(0, 1))
    check_jvp(slot_rebound, S, x, tangent=(np.ones((3, 3)), np.ones(3)), wrt=(0, 1))


def test_a_row_the_list_holds_is_still_the_arrays():
    with pytest.raises(UnsupportedSyntaxError, match="shares memory with `S`"):
        s2sad.grad(row_written)(np.array([0.5, 1.5, -1.0]))
