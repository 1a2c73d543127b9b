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


def relu_of_a_list(x):
    hs = []
    for v in x:
        hs.append(v * 2 - 1)
    return np.sum(np.maximum(hs, 0.0) ** 2) + np.sum(np.add(hs, x))


def relu_of_a_comprehension(x):
    hs = [v * 2 - 1 for v in x]
    return np.sum(np.maximum(hs, 0.0) ** 2)


def ewma_volatility(lam, r):
    v = r[0] ** 2
    vs = [v]
    for x in r[1:]:
        v = lam * v + (1 - lam) * x * x
        vs.append(v)
    return np.sum(np.sqrt(vs))


def log_of_a_list_display(a, b):
    xs = [a * b, a + 2.0, b * b + 1.0]
    return np.sum(np.log(xs) * np.arange(3))


def _minimum(a, b):
    return np.minimum(a, b)


def minimum_of_lists_in_a_helper(x):
    a = [x[0], x[1], x[2]]
    b = [x[3], x[4], x[5]]
    return np.sum(_minimum(a, b) ** 2)


def _squared_relu(v):
    return np.maximum(v, 0.0) ** 2


def relu_of_a_list_display_in_a_helper(x):
    return np.sum(_squared_relu([x[0] * 2, x[1] - 1.0]))


def maximum_of_a_tuple(x):
    t = (x[0] * 2, x[1] + 1.0)
    return np.sum(np.maximum(t, 0.5)) + np.sum(np.exp(t))


def minimum_of_neighbours_of_a_list(x):
    a = [x[0], x[1], x[2], x[3]]
    return np.sum(np.minimum(a[1:], a[:-1]) ** 2)


def _pair(x):
    return [x[0] * 2, x[1] - 1.0]


def relu_of_a_list_a_helper_returns(x):
    return np.sum(np.maximum(_pair(x), 0.0) ** 2)


def test_minimum_of_slices_of_a_list_is_elementwise():
    """a[1:] of a list is a list: np.minimum(a[1:], a[:-1]) compared them as Python does, a
    silently wrong gradient (analytic [0, 0.2, -1.4, -1.4], numeric [0, 0.2, -2.8, 0]; also on
    main). list_names follows slices of a list name. Failed before the fix."""
    check_grad(minimum_of_neighbours_of_a_list, np.array([0.3, 0.1, -0.7, 0.5]))


def test_minimum_of_two_lists_in_a_helper_is_elementwise():
    """np.minimum(a, b) of two lists: the rule's mask `a <= b` compared the lists as Python does
    (lexicographically: one bool), so the whole gradient went to one side: silently wrong
    (analytic [0, 0, 0, -1.2, 0.6, -0.4], numeric [0, 0, -0.4, -1.2, 0.6, 0]; also on main
    without the helper). A NumPy function's list argument is now the array NumPy makes of it
    (transforms/list_args.py, after inlining). Failed before the fix."""
    x = np.array([0.1, 0.5, -0.2, -0.6, 0.3, 0.05])
    check_grad(minimum_of_lists_in_a_helper, x)
    check_jvp(minimum_of_lists_in_a_helper, x, tangent=np.linspace(0.3, 1.0, 6))


@pytest.mark.parametrize("f", [relu_of_a_list, relu_of_a_comprehension, relu_of_a_list_display_in_a_helper,
                               relu_of_a_list_a_helper_returns, maximum_of_a_tuple], ids=lambda f: f.__name__)
def test_numpy_function_of_a_list_computes_on_the_array_numpy_makes(f):
    """np.maximum(hs, 0.0) of a list (appended to, a comprehension, a display passed to a helper)
    or a tuple: the rule's mask `hs >= 0.0` compared the list itself (AdjointFailedError: '>='
    not supported between 'list' and 'float'). Failed before the fix."""
    x = np.array([0.1, 0.8, -0.3, 0.9])
    check_grad(f, x)
    check_hvp(f, x, v=np.array([1.0, 0.5, -0.2, 0.3]))


@pytest.mark.parametrize("f, args, wrt", [
    (ewma_volatility, (0.9, np.array([0.1, -0.2, 0.3, 0.05])), (0, 1)),
    (log_of_a_list_display, (0.7, 1.3), (0, 1)),
    (relu_of_a_list, (np.array([0.1, 0.8, -0.3, 0.9]),), 0),
], ids=["ewma_volatility", "log_of_a_list_display", "relu_of_a_list"])
def test_numpy_ufunc_of_a_list_under_jit(f, args, wrt):
    """np.sqrt(vs) of a list of numbers was a JitError (numba's ufuncs take arrays only):
    the list is converted as NumPy converts it, before differentiation. Failed before the fix."""
    check_grad(f, *args, wrt=wrt, jit=True)
    check_grad(f, *args, wrt=wrt)


def float_power_moments(x, p):
    return np.sum(np.float_power(np.abs(x) + 1, 1.5)) + np.sum(np.float_power(x ** 2 + 1, p))


def test_float_power_has_the_rule_of_power():
    """np.float_power (np.power computed in float64) had no rule: refused, located. Refused
    before the change."""
    x = np.array([0.3, -0.7, 1.2])
    check_grad(float_power_moments, x, 0.7, wrt=(0, 1))
    check_jvp(float_power_moments, x, 0.7, tangent=np.ones(3))
