"""``ys = list(S)`` makes a new list (of views of S's rows): rebinding one of its slots
(``ys[2] = ys[2] * x``) writes into no array. It was refused as 'a write through `ys`, which
shares memory with `S`', advising a copy that would not help (fuzz21's seed 10500032); the call
now meets its own refusal, advising the comprehension s2sad follows. A write into a row the list
holds is still a write into S."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError, UnsupportedSyntaxError


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
    with pytest.raises(NoDerivativeError, match=r"(?s)line 14.*\[v for v in xs\]"):
        s2sad.grad(slot_rebound, wrt=(0, 1))(np.eye(3), np.ones(3))


def test_a_row_the_list_holds_is_still_the_arrays():
    with pytest.raises(UnsupportedSyntaxError, match="shares memory with `S`"):
        s2sad.grad(row_written)(np.array([0.5, 1.5, -1.0]))
