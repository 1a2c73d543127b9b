"""Regressions found by the fuzz39 campaign (seeds 39xxxxxx), each minimised from a generated
program; every test here failed on main before its fix."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp


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
    # the same with the list an argument: `ps.copy()` was np.copy(ps), an array
    hist = ps.copy()
    hist[1] = k0
    return np.sum(hist[1]) * np.sum(coef) + np.sum(hist[0])


@pytest.mark.xfail(strict=True, reason="open (fuzz39): a parameter's kind is None for a list, a tuple, a 0-d array "
                   "and any object alike, so desugar cannot tell `xs.copy()` of a list (list(xs)) from a 0-d "
                   "array's (np.copy); frontend/methods.py reads it as np.copy, an array (wrong value)")
def test_copy_of_a_list_argument_is_a_list():
    k0, coef = 0.7, np.array([0.3, -0.2])
    ps = [np.array([1.0, 2.0]), np.array([0.5, 0.25])]
    g = check_grad(_copy_of_a_list_argument, k0, coef, ps, wrt=(0, 1))
    assert np.isclose(g[0], np.sum(coef))
    check_jvp(_copy_of_a_list_argument, k0, coef, ps, tangent=(1.0, np.ones(2)), wrt=(0, 1))
