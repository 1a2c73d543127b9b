"""jit19: a list or tuple display holding an array and a number (``[x, 2.0]``, ``(x, s)``), read by
constant index, compiles under jit=True: its adjoint is a tuple of zeros updated item by item
(backends/numba_tuples.py), also where an item's adjoint is read back (``b_t[0]``) and for the
list, which numba holds as a constant ``LiteralList``. Before: JitErrors on getitem of a float /
setitem of a tuple, with no advice."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.3, -1.2, 2.0])


def mixed(x, s):
    items = [x, 2.0 * s]
    pair = (x * s, s)
    return np.sum(items[0] ** 2) * items[1] + np.sum(np.sin(pair[0])) * pair[1]


@pytest.mark.jit
def test_list_and_tuple_of_an_array_and_a_number_compile():
    mine = check_grad(mixed, X, 0.7, wrt=(0, 1), jit=True)
    for m, t in zip(mine, s2sad.grad(mixed, wrt=(0, 1))(X, 0.7)):
        np.testing.assert_allclose(m, t, rtol=1e-12)
