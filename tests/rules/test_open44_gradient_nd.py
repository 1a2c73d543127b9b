"""`np.gradient(u)` of an n-d array without `axis=`: the tuple of its one-axis gradients, each
differentiated as `np.gradient(u, axis=k)` (rules/runtime_decomp.py::_per_axis). On main it was
refused ("np.gradient is differentiated with one scalar spacing along one axis", hunt42 tv_gradient)."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp

NOISY = np.sin(np.arange(12.0)).reshape(3, 4) * 0.3


def total_variation(u):
    gx, gy = np.gradient(u)
    return np.sum((u - NOISY) ** 2) + 0.2 * np.sum(np.sqrt(gx ** 2 + gy ** 2 + 1e-3))


def with_spacing(u, h):
    g = np.gradient(u ** 2, h, edge_order=2)
    return np.sum(g[0] * g[1]) + np.sum(g[1] ** 2)


def of_three_axes(u):
    a, b, c = np.gradient(u)
    return np.sum(a * b + c ** 2)


U = np.cos(np.arange(12.0)).reshape(3, 4)
U3 = np.cos(np.arange(24.0)).reshape(2, 3, 4)


@pytest.mark.parametrize("f, args", [(total_variation, (U,)), (with_spacing, (U, 0.7)), (of_three_axes, (U3,))],
                         ids=["total_variation", "with_spacing", "of_three_axes"])
def test_gradient_of_every_axis(f, args):
    v = np.sin(args[0] + 1.0)
    check_grad(f, *args)
    check_jvp(f, *args, tangent=v)
    check_hvp(f, *args, v=v, rtol=1e-4)


def test_gradient_of_every_axis_wrt_the_spacing():
    check_grad(with_spacing, U, 0.7, wrt=(0, 1))
