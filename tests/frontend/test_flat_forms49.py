"""forms48's open items on ``.flat`` and layouts (``frontend/anf_values.py``, ``desugar.py``,
``numpy_forms_more.py``, ``analyses/alias_chain.py``):

* ``y.flat[i] = v`` into a ``y`` not provably C-contiguous was refused talking of ``np.ravel(y)``,
  which the user never wrote: the message now names ``y.flat``;
* ``list(x.T.flat)`` was refused (no rule for ``list``): it is ``[v for v in x.T.flat]``;
* ``xs.flat`` of a Python list became ``np.ravel(xs)`` (a value where Python raises): now Python's
  own ``AttributeError``;
* ``np.reshape(x, shape, order='A')`` was refused: the gather ``np.ravel(x)[layout_index(x, 'A',
  shape)]`` reshaped, its index read from ``x``'s layout when the function runs (refused under
  jit, whose compiled call makes its arguments C-contiguous).

Differences of layout-dependent functions perturb copies that keep the argument's layout.
"""
import inspect

import numpy as np
import pytest

import s2sad
from tests.exact_modes import layout_differences, layout_numeric_grad
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.linspace(0.1, 1.3, 6).reshape(2, 3)
V = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
W = np.arange(6.0).reshape(3, 2) ** 1.5


def flat_write_any_layout(x):
    y = x * 2.0
    y.flat[1] = x[0, 0] ** 2
    return np.sum(y * y)


def test_flat_write_refusal_names_y_flat():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(flat_write_any_layout)(X.copy())
    msg = str(e.value)
    line = inspect.getsourcelines(flat_write_any_layout)[1] + 2
    assert __file__ in msg and f"line {line}," in msg and "in flat_write_any_layout" in msg
    assert "`y.flat`" in msg and "np.ravel(y)" not in msg and "np.ascontiguousarray(y)" in msg


def made_contiguous_then_flat(x):
    y = np.ascontiguousarray(x * 2.0)
    y.flat[1] = x[0, 0] ** 2
    return np.sum(y * y)


def list_of_flat(x):
    return np.sum(np.arange(6.0) * np.array(list(x.T.flat)) ** 2)


@pytest.mark.parametrize("f", [made_contiguous_then_flat, list_of_flat], ids=lambda f: f.__name__)
def test_flat_forms_every_mode(f):
    check_grad(f, X.copy())     # (autograd's arrays have no `.flat`)
    check_jvp(f, X.copy(), tangent=V)
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)


def test_list_of_flat_under_jit():
    check_grad(list_of_flat, X.copy(), jit=True)


def flat_of_a_list(x):
    xs = [x[0, 0], x[1, 1]]
    return xs.flat[0] * 2.0


def test_flat_of_a_list_is_pythons_attribute_error():
    with pytest.raises(AttributeError, match="'list' object has no attribute 'flat'"):
        flat_of_a_list(X.copy())
    with pytest.raises(AttributeError, match="'list' object has no attribute 'flat'"):
        s2sad.grad(flat_of_a_list)(X.copy())


def flat_of_either(x):
    xs = [x[0, 0], x[1, 1]] if x[0, 0] > 0 else x
    return np.sum(np.array(xs.flat))


def test_flat_of_a_list_or_an_array_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(flat_of_either)(X.copy())
    msg = str(e.value)
    assert __file__ in msg and "in flat_of_either" in msg and "`xs.flat`" in msg and "np.ravel(xs)" in msg


def reshape_a(x):
    return np.sum(np.reshape(x, (3, 2), order="A") * W)


def method_reshape_a(x):
    return np.sum(np.sin(x.reshape((3, -1), order="A")) * W)


LAYOUTS = {"C": X, "F": np.asfortranarray(X), "strided": np.arange(24.0).reshape(4, 6)[::2, ::-2] * 0.1}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("f", [reshape_a, method_reshape_a], ids=lambda f: f.__name__)
def test_reshape_order_a_every_mode(f, layout):
    x = LAYOUTS[layout]
    value, g = s2sad.value_and_grad(f)(x)
    assert value == f(x)
    np.testing.assert_allclose(g, layout_numeric_grad(f, x), rtol=1e-6, atol=1e-8)
    _, t = s2sad.jvp(f)(x, V)
    np.testing.assert_allclose(t, layout_differences(f, x, V), rtol=1e-6, atol=1e-8)
    hv = s2sad.hvp(f)(x, V)
    np.testing.assert_allclose(hv, layout_differences(lambda y: s2sad.grad(f)(y), x, V), rtol=1e-5, atol=1e-7)


def test_reshape_order_a_of_fortran_differs_from_c():
    x = LAYOUTS["F"]
    assert not np.allclose(s2sad.grad(reshape_a)(x), s2sad.grad(reshape_a)(np.ascontiguousarray(x)))


def test_reshape_order_a_refused_under_jit_at_the_line():
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(reshape_a, jit=True)(X.copy())
    msg = str(e.value)
    assert __file__ in msg and "in reshape_a" in msg and "order='A'" in msg and "jit=False" in msg


def flat_of_a_list_parameter(x, xs):
    return x[0, 0] * xs.flat[0]


def test_flat_of_a_list_parameter_is_pythons_attribute_error():
    """The build key says ``xs`` is given a list (``pipeline_frontend._mark_sequence_flats``)."""
    with pytest.raises(AttributeError, match="'list' object has no attribute 'flat'"):
        s2sad.grad(flat_of_a_list_parameter)(X.copy(), [1.0, 2.0])
    g = s2sad.grad(flat_of_a_list_parameter)(X.copy(), np.array([2.0, 3.0]))   # an array's: np.ravel
    assert g[0, 0] == 2.0 and np.count_nonzero(g) == 1
