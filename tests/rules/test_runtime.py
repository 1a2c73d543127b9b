"""The run-time helpers' invariants that the accumulate stage relies on."""
import numpy as np

from s2sad.rules import runtime as rt


def test_adjoints_of_numbers_are_immutable_numbers():
    """``accumulate`` updates a number's adjoint with ``+=`` wherever it likes: that is safe only
    if the adjoint is never a (mutable, shareable) 0-d array (fuzz seed 906459)."""
    zero_d = np.array(2.5)
    for value in (rt.unbroadcast(zero_d, 1.0), rt.unbroadcast(zero_d, np.float64(1.0)),
                  rt.own(zero_d), rt.own(np.float64(2.5)), rt.own(2.5)):
        assert not isinstance(value, np.ndarray) and value == 2.5
    total = rt.unbroadcast(np.ones((2, 3)), 0.0)
    assert not isinstance(total, np.ndarray) and total == 6.0


def test_own_copies_arrays():
    a = np.arange(3.0)
    b = rt.own(a[1:])
    b += 1.0
    assert np.array_equal(a, [0.0, 1.0, 2.0]) and np.array_equal(b, [2.0, 3.0])
