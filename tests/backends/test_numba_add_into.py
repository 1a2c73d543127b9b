"""``add_into`` / ``store_into`` (s2sad/backends/numba_helpers/numba_add_into.py): ``b[index] += v`` and
``b[index] = v`` by loops in numba. Each case compares the compiled helper with NumPy's own
statement on copies: broadcasting operands, views, memory shared with the target, negative
and out-of-range indices, shapes that do not broadcast, and dtypes the loops do not take."""
import numpy as np
import pytest

numba = pytest.importorskip("numba")
from s2sad.backends.numba_helpers.numba_add_into import add_into, store_into, sub_into

pytestmark = pytest.mark.jit


@numba.njit
def _add_cols(b, d, v):
    add_into(b, (slice(None), slice(None, d)), v)


@numba.njit
def _sub_cols(b, d, v):
    sub_into(b, (slice(None), slice(None, d)), v)


@numba.njit
def _store_col(b, j, v):
    store_into(b, (slice(None), j), v)


@numba.njit
def _add_tail(b, v):
    add_into(b, slice(1, None), v)


@numba.njit
def _store_rows(b, v):
    store_into(b, slice(None, None, 2), v)


RNG = np.random.default_rng(7)


@pytest.mark.parametrize("shape", [(3, 2), (3, 1), (1, 2), (2,), (1,), ()], ids=str)
def test_add_into_a_slice_broadcasts_as_numpy(shape):
    b = RNG.normal(size=(3, 4))
    v = RNG.normal(size=shape) if shape else 1.5
    want = b.copy()
    want[:, :2] += v
    _add_cols(b, 2, v)
    assert np.array_equal(b, want)
    want[:, :2] -= v
    _sub_cols(b, 2, v)
    assert np.array_equal(b, want)


@pytest.mark.parametrize("j", [1, -1])
def test_store_into_a_column_with_an_integer_index(j):
    b, v = RNG.normal(size=(3, 4)), RNG.normal(size=3)
    want = b.copy()
    want[:, j] = v
    _store_col(b, j, v)
    assert np.array_equal(b, want)


def test_store_into_strided_rows_broadcasts_a_row():
    b, v = RNG.normal(size=(5, 3)), RNG.normal(size=3)
    want = b.copy()
    want[::2] = v
    _store_rows(b, v)
    assert np.array_equal(b, want)


def test_an_operand_sharing_memory_with_the_target_is_read_before_writing():
    b = np.arange(6.0)
    want = b.copy()
    want[1:] += want[:-1]
    _add_tail(b, b[:-1])
    assert np.array_equal(b, want)


@pytest.mark.parametrize("shape", [(3, 3), (2, 2), (4,)], ids=str)
def test_shapes_that_do_not_broadcast_raise_value_error(shape):
    b = np.zeros((3, 4))
    with pytest.raises(ValueError):
        b.copy()[:, :2] += np.ones(shape)
    with pytest.raises(ValueError):
        _add_cols(b, 2, np.ones(shape))
    assert not b.any()


def test_an_integer_index_out_of_range_raises_index_error():
    with pytest.raises(IndexError):
        _store_col(np.zeros((2, 3)), 3, np.ones(2))


def test_other_dtypes_take_numbas_own_statement():
    b = np.arange(12).reshape(3, 4)
    want = b.copy()
    want[:, 1] = np.array([7, 8, 9])
    _store_col(b, 1, np.array([7, 8, 9]))
    assert np.array_equal(b, want)
    c = np.zeros((3, 4))
    _add_cols(c, 2, np.ones(2, dtype=np.int64))
    assert np.array_equal(c[:, :2], np.ones((3, 2))) and not c[:, 2:].any()


def test_python_versions_are_the_statements():
    b = np.zeros((2, 3))
    add_into(b, (slice(None), slice(1, None)), 3.0)
    sub_into(b, (slice(None), slice(1, None)), 1.0)
    store_into(b, (0, slice(None)), np.array([1.0, 2.0, 3.0]))
    assert np.array_equal(b, [[1.0, 2.0, 3.0], [0.0, 2.0, 2.0]])
