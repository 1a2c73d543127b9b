"""np.i0 and np.unwrap keep their argument's rank (fuzz58's campaign
``python -m tests.fuzz --n 2000 --seed 5810000 --only ntwrite,...,tolerance --jit off``, seed 5810136):
``L = np.zeros((3, 4)) + np.i0(x * M); for row in L: row -= np.mean(row)`` was refused ("cannot tell
whether `row` is an array or a number"): the rank analysis knew no rank for these NumPy functions, so
``L`` had none and its rows neither. Now ``rules/ranks.py`` gives them their argument's."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_modes

M = np.array([[0.3, -0.5, 0.8, 1.1], [0.2, 0.9, -0.4, 0.6], [1.2, -0.7, 0.1, 0.5]])


def centred_i0(x, M):
    L = np.zeros((3, 4)) + np.i0(x * M)
    for row in L:
        row -= np.mean(row)
    return np.sum(L ** 2)


def centred_unwrap(x, M):
    L = np.zeros((3, 4)) + np.unwrap(4.0 * x * M)
    for row in L:
        row -= np.mean(row)
    return np.sum(L ** 2)


@pytest.mark.parametrize("f", [centred_i0, centred_unwrap])
def test_rows_of_an_elementwise_result_update_it(f):
    x = np.array([0.7, -0.4, 1.3])
    check_modes(lambda x: f(x[0], M) + f(x[1], M) * x[2], x, v=np.array([0.3, -1.0, 0.6]))


def test_values_agree_with_numpy():
    for f in (centred_i0, centred_unwrap):
        value, _ = s2sad.value_and_grad(f)(0.9, M)
        assert value == pytest.approx(f(0.9, M.copy()), rel=1e-12)


def test_a_0d_array_of_i0_updated_in_place_is_not_taken_for_a_number():
    """np.i0 of a number is a 0-d array: ``b = a; a += 1`` changes ``b`` too. Right or refused."""
    def f(t):
        a = np.i0(t)
        b = a
        a += 1.0
        return b * t
    try:
        g = s2sad.grad(f)(0.5)
    except s2sad.S2sadError:
        return
    i0, i1 = np.i0(0.5), 0.2578943053908963      # I1(0.5)
    assert g == pytest.approx(i0 + 1.0 + 0.5 * i1, rel=1e-9)
