"""The oracle's check of the module's arrays after a call (``oracle.global_differs``): an array
the function does not write must be left exactly as it was; one it writes, as Python's call
leaves it up to the rounding of the values written (numba's ``@`` sums in another order:
campaign seed 10300055 on 459b525, ``--only tensors,indices,comprehensions,containers,nested,
views,inplace,helpers,globals --jit both --jit-every 5``, was reported as a modified input
for a 4e-16 difference in a scratch buffer the function overwrites)."""
import numpy as np

from .oracle import global_differs, written_globals

WANT = np.array([-10.48252334, -5.03925302, -3.59659103])


def test_a_written_buffer_may_differ_by_rounding():
    assert not global_differs(WANT + np.array([0.0, 0.0, -4.4e-16]), WANT, written=True)


def test_a_written_buffer_must_hold_the_values():
    assert global_differs(WANT * (1.0 + 1e-9), WANT, written=True)
    assert global_differs(np.zeros(3), WANT, written=True)


def test_an_array_not_written_must_not_change_at_all():
    assert global_differs(WANT + np.array([0.0, 0.0, -4.4e-16]), WANT, written=False)
    assert not global_differs(WANT.copy(), WANT, written=False)


def test_the_buffers_a_program_writes():
    source = "BUF = np.zeros(3)\nW0 = np.ones(3)\n\ndef f(x):\n    BUF[:] = 0.0\n    BUF[...] += x * W0\n" \
             "    WORK.fill(0.0)\n    y = x.copy()\n    y[0] = 1.0\n    return np.sum(BUF) + np.sum(W0)\n"
    assert written_globals(source) == {"BUF", "WORK", "y"}
