"""Regressions found by the fuzz39 campaign (seeds 39xxxxxx), each minimised from a generated
program; every test here failed on main before its fix."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp


def _copy_then_rebind(z, tau):
    # fuzz 39000018: a shallow copy of a list of vectors whose slot is rebound to a number; the
    # copy's gradient is one per element (shapes differ), the original's one array
    items = [np.sin(z), z]
    xs = items[:]
    xs[1] = tau * 1.0
    return np.sum(items[1]) * xs[1] + np.sum(xs[0] ** 2)


def test_list_copy_whose_slot_changes_shape_adds_its_gradient_element_by_element():
    z, tau = np.array([0.3, 0.5, 0.7]), 0.4
    check_grad(_copy_then_rebind, z, tau, wrt=(0, 1))
    check_jvp(_copy_then_rebind, z, tau, tangent=(np.ones(3), 1.0), wrt=(0, 1))


def _copy_of_a_list_written_by_item(k0, coef):
    # fuzz 39200003: `ps[0] = ...` made `ps` not a proven list, so `ps.copy()` was read as
    # np.copy(ps), an array: `hist[1] = k0` then filled a row with k0 (value 2 * k0 * sum(coef))
    ps = [coef, coef]
    hist = ps.copy()
    hist[1] = k0
    ps[0] = hist[0] - ps[0]
    return np.sum(ps[1]) * np.sum(hist[1]) + np.sum(ps[0])


def test_copy_of_a_list_whose_items_are_rebound_is_a_list():
    k0, coef = 0.7, np.array([0.3, -0.2])
    g = check_grad(_copy_of_a_list_written_by_item, k0, coef, wrt=(0, 1))
    assert np.isclose(g[0], np.sum(coef))
    check_jvp(_copy_of_a_list_written_by_item, k0, coef, tangent=(1.0, np.ones(2)), wrt=(0, 1))


def _copy_of_a_list_argument(k0, coef, ps):
    # the same with the list an argument: `ps.copy()` was np.copy(ps), an array (1.6 for 1.5)
    hist = ps.copy()
    hist[1] = k0
    return np.sum(hist[1]) * np.sum(coef) + np.sum(hist[0])


def _list_of_a_list_argument(k0, coef, ps):
    hist = list(ps)
    hist[1] = k0
    return np.sum(hist[1]) * np.sum(coef) + np.sum(hist[0])


@pytest.mark.parametrize("f", [_copy_of_a_list_argument, _list_of_a_list_argument])
def test_copy_of_a_list_argument_is_a_list(f):
    """The build key tells a list argument from a 0-d array (both rank None): `ps.copy()` of a
    list is the list's copy (`api.key_of`, `kinds.Kinds.lists`)."""
    k0, coef = 0.7, np.array([0.3, -0.2])
    ps = [np.array([1.0, 2.0]), np.array([0.5, 0.25])]
    g = check_grad(f, k0, coef, ps, wrt=(0, 1))
    assert np.isclose(g[0], np.sum(coef))


def _copy_of_a_0d_array_argument(x, y):
    z = x.copy()            # a 0-d array's copy: np.copy (its key is not a list's)
    z += 1.0
    return z * y


def test_copy_of_a_0d_array_argument_is_an_array_copy():
    g = check_grad(_copy_of_a_0d_array_argument, np.array(0.5), 2.0, wrt=(0, 1))
    assert np.allclose([g[0], g[1]], [2.0, 1.5])


def _slice_of_a_list_argument(k0, coef, ps):
    hist = ps[:]
    hist[1] = k0
    return np.sum(hist[1]) * np.sum(coef) + np.sum(hist[0])


def _slot_of_a_list_argument_rebound(k0, coef, ps):
    ps[1] = k0
    return np.sum(ps[1]) * np.sum(coef) + np.sum(ps[0])


@pytest.mark.parametrize("f", [_list_of_a_list_argument, _copy_of_a_list_argument, _slice_of_a_list_argument,
                               _slot_of_a_list_argument_rebound])
def test_jvp_of_a_list_copy_whose_slot_is_rebound_to_another_shape(f):
    """(open at stop 39) jvp's zero tangent of a list of equal-shaped arrays was one array
    (``zeros_like``), so ``t_hist[1] = t_k0`` filled a row: 1.6 for 1.5. A list whose slot is rebound
    gets a list of zeros (``pipeline_forward._list_tangents``)."""
    k0, coef = 0.7, np.array([0.3, -0.2])
    ps = [np.array([1.0, 2.0]), np.array([0.5, 0.25])]
    _, t = check_jvp(f, k0, coef, list(ps), tangent=(1.0, np.ones(2)), wrt=(0, 1))
    assert np.isclose(t, np.sum(coef) + 2 * k0)
    check_hvp(lambda k0, coef, ps: f(k0, coef, ps) * k0, k0, coef, list(ps), v=(1.0, np.ones(2)), wrt=(0, 1))


def _copy_of_a_0d_array_argument(x, y):
    z = np.copy(x)          # (x.copy() of a 0-d array is refused as a list's would be)
    z += 1.0
    return z * y


def test_np_copy_of_a_0d_array_argument_is_an_array_copy():
    g = check_grad(_copy_of_a_0d_array_argument, np.array(0.5), 2.0, wrt=(0, 1))
    assert np.allclose([g[0], g[1]], [2.0, 1.5])
