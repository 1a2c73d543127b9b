"""``numba_tapes.write_row`` compiled: a row gets the value's entries for vectors and matrices
(loops), any layout (F-ordered, strided, a transpose); another shape goes through numba's
assignment (broadcasts a length-1 value, raises ValueError on a mismatch), as ``rows[n] = v``
written in the adjoint did (stop 58: the row writes of counted tapes are this call)."""
import numba
import numpy as np
import pytest

from s2sad.backends.numba_helpers import numba_tapes as T


@numba.njit
def _write(rows, n, v):
    T.write_row(rows, n, v)


CASES = [
    (np.zeros((3, 4)), np.arange(4.0)),
    (np.zeros((3, 4)), np.arange(8.0)[::2]),                       # strided
    (np.zeros((3, 2, 3)), np.asfortranarray(np.arange(6.0).reshape(2, 3))),
    (np.zeros((3, 2, 3)), np.arange(6.0).reshape(3, 2).T),         # a transpose
    (np.zeros((3, 4)), np.ones(1) * 7.0),                          # broadcast, numba's assignment
    (np.zeros((2, 2, 2, 2)), np.arange(8.0).reshape(2, 2, 2)),     # rank 3: numba's assignment
]


@pytest.mark.jit
@pytest.mark.parametrize("rows, v", CASES)
def test_write_row_gives_the_assignments_values(rows, v):
    want = rows.copy()
    want[1] = v
    before = v.copy()
    _write(rows, 1, v)
    np.testing.assert_array_equal(rows, want)
    np.testing.assert_array_equal(v, before)


@pytest.mark.jit
def test_write_row_of_another_length_raises_as_the_assignment():
    with pytest.raises(ValueError):
        _write(np.zeros((3, 4)), 1, np.ones(3))
