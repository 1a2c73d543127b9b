"""Functions written as people in other fields write them (hunt19: signal processing,
econometrics, physics, robotics, graphics, ML losses and layers, HMMs, queueing and inventory
simulations, inner solvers, Python idioms, unusual inputs). The whole hunt lives in
/work/scratch/hunt19 (harness.py, set_*.py); these are the cases where s2sad was wrong, crashed
or refused what a user would expect to work."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp


def cube_of_the_element(x):
    return x[()] ** 3 + np.sin(x)


def newaxis_of_a_scalar(x):
    return np.sum(x[None] * np.arange(3)) + np.cos(x)


def true_index_of_a_scalar(x):
    return np.sum(x[True] ** 2) + np.sin(x)


def two_whole_reads(a, b):
    return a[()] * b[...] + np.sin(a * b)


def copy_overwritten_whole(x):
    y = x.copy()
    y[...] = np.sin(x) * 2
    return y * x


def array_overwritten_by_empty_index(x):
    y = np.array(x)
    y[()] = x ** 2
    return y + np.exp(x)


def whole_write_in_a_loop(x):
    y = np.zeros_like(x)
    for k in range(3):
        y[...] = y * 0.5 + x * k
    return np.sum(y ** 2)


def number_spread_by_whole_write(a, x):
    y = x.copy()
    y[...] = a * 2
    return np.sum(y * x)


def new_axis_write(x):
    y = np.zeros_like(x)
    y[None] = x[None] ** 2
    return np.sum(y * x)


ZERO_D = [cube_of_the_element, newaxis_of_a_scalar, true_index_of_a_scalar, copy_overwritten_whole,
          array_overwritten_by_empty_index, whole_write_in_a_loop, new_axis_write]


@pytest.mark.parametrize("f", ZERO_D, ids=lambda f: f.__name__)
def test_whole_index_of_a_0d_array_argument(f):
    """x[()], x[...], x[None], x[True] read or written where x is a 0-d array: the adjoint of a
    0-d value is a number, and the sweep wrote `b_x[()] += ...` / `b_y[...] = 0.0` into it
    (AdjointFailedError: 'numpy.float64' object does not support item assignment). Such an
    index takes all of the array (with new leading axes), so its adjoint is the whole adjoint,
    unbroadcast, and a whole write resets it as an assignment does. Failed before the fix."""
    check_grad(f, np.array(0.4))
    check_jvp(f, np.array(0.4), tangent=np.array(0.7))


@pytest.mark.parametrize("f", [whole_write_in_a_loop, new_axis_write], ids=lambda f: f.__name__)
def test_whole_index_of_a_1d_array_is_unchanged(f):
    x = np.array([0.3, -0.7, 1.1, 0.5])
    check_grad(f, x)
    check_hvp(f, x, v=np.array([1.0, 0.5, -0.2, 0.3]))


def test_whole_reads_of_two_0d_arguments():
    check_grad(two_whole_reads, np.array(0.4), np.array(-1.2), wrt=(0, 1))


def test_number_spread_into_a_0d_array_by_a_whole_write():
    check_grad(number_spread_by_whole_write, 0.7, np.array(0.4), wrt=(0, 1))
    check_grad(number_spread_by_whole_write, 0.7, np.array([0.3, -0.7, 1.1]), wrt=(0, 1))

