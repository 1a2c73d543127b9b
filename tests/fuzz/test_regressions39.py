"""Regressions found by the fuzz39 campaign (seeds 39xxxxxx), each minimised from a generated
program; every test here failed on main before its fix."""
import numpy as np

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
