"""pipeline_assemble._placeholders: a name only written into (`BUF[:] = v`, a global's data
parameter) is never given an empty placeholder, since an element write binds nothing.

Before: a function with an early return that writes a module scratch buffer on its other path got
`BUF = np.empty((0,))` at the top of its adjoint, shadowing the global: AdjointFailedError
("could not broadcast input array from shape (3,) into shape (0,)") in both modes, and the
global never received the write (fuzz campaign seed 9900009)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

BUF = np.zeros(3)


def early_return_then_scratch(x, flag):
    if flag > 0:
        return np.sum(x)
    BUF[:] = x * 2.0
    return np.sum(BUF * x)


X = np.array([0.5, -1.0, 2.0])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_global_written_after_an_early_return_is_the_global(jit):
    BUF[:] = 0.0
    np.testing.assert_allclose(s2sad.grad(early_return_then_scratch, jit=jit)(X, -1.0), 4 * X)
    np.testing.assert_allclose(BUF, 2 * X)          # the write reached the module's array, as in Python
    np.testing.assert_allclose(s2sad.grad(early_return_then_scratch, jit=jit)(X, 1.0), np.ones(3))
    check_grad(early_return_then_scratch, X, -1.0)
