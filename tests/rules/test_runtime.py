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


def test_zeros_like_of_a_rectangular_nest_is_shaped_like_its_array():
    """``accumulate.route`` adds the adjoint of ``np.array(D)`` into ``D``'s own (``b_D[1:, 1:] += e``):
    ``zeros_like`` of a list of lists of numbers must be ``np.array(D)``'s zeros, not a list of rows;
    ragged nests and tuples of arrays of different shapes keep one gradient per item."""
    assert rt.zeros_like([[1.0, 2.0], [3.0, 4.0]]).shape == (2, 2)
    assert rt.zeros_like(([1.0, 2.0], (3, np.float64(4.0)))).shape == (2, 2)
    assert rt.zeros_like([[np.ones(3)], [np.ones(3)]]).shape == (2, 1, 3)
    assert isinstance(rt.zeros_like([[1.0, 2.0], [3.0]]), rt.GradList)
    assert isinstance(rt.zeros_like((np.ones(2), 0.5)), rt.GradList)


def _table_sliced(x, y):
    D = [[0.0] * 3 for _ in range(3)]
    for i in range(1, 3):
        for j in range(1, 3):
            D[i][j] = x[i] * y[j] + 0.5 * D[i - 1][j]
    A = np.array(D)
    return np.sum(A[1:, 1:] ** 2) + np.sum(np.array([[x[0], y[0]], [y[1], x[1]]])[1:, :1] ** 3)


def test_np_array_of_a_list_of_lists_sliced():
    """fuzz23 (seed 5001, --only tables): the adjoint raised TypeError (``list indices must be
    integers or slices, not tuple``): a slice of ``np.array(D)`` was added into ``zeros_like(D)``,
    a list of rows. Fails before the fix in zeros_like."""
    from s2sad.testing import check_grad
    rng = np.random.default_rng(3)
    check_grad(_table_sliced, rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3), wrt=(0, 1))
