"""Array methods called on a value the frontend leaves whole (an inactive `np.arange(6).astype(float)`):
the alias stage reads them as the NumPy functions they are (analyses/alias_views.py::_array_method).

On main `x.astype(T)` left whole was read as an unknown call that may return a view of any
argument: of the dtype `T`, so a later write was refused as a write through "the global `float`"
(intw42 astype_float_global.py), or "the global `np`" for `astype(np.float64)`. Its receiver,
not its dtype, is what a method's result may share: `a[:3].reshape(3, 1)` is still a view of `a`.
"""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.7, 1.1, 0.5, -1.3, 0.9])


def astype_float(x):
    a = np.arange(6).astype(float)
    a[0] = x[0]
    return np.sum(a * x)


def astype_numpy_dtype(x):
    a = np.ones(6).astype(np.float64)
    a[1] = x[1] ** 2
    return np.sum(a * x)


def astype_then_reshape(x):
    a = np.arange(6).astype(float).reshape(2, 3)
    a[1, 2] = x[0] * x[5]
    return np.sum(a.ravel() * x)


def view_of_a_slice_through_a_method(x):
    a = np.zeros(6)
    b = a[:3].reshape(3, 1)          # a view of a: the write below changes a
    b[1, 0] = x[2] * x[3]
    return np.sum(a * x)


@pytest.mark.parametrize("f", [astype_float, astype_numpy_dtype, astype_then_reshape,
                               view_of_a_slice_through_a_method])
def test_method_of_a_value_left_whole(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 6))
    check_hvp(f, X, v=np.linspace(1.0, -0.5, 6), rtol=1e-4)
