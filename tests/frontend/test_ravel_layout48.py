"""``np.ravel(x, order='K')`` / ``order='A'`` (and ``x.ravel(order=...)``, ``x.flatten(order=...)``):
refused on main ("s2sad's rule for `ravel` does not take the keyword `order=`"; hunt47's API axis,
16 probes). The order they read is that of ``x``'s memory layout, which the build key does not
hold: ``frontend/numpy_forms_more.py`` writes ``np.ravel(x)[layout_index(x, 'K')]``, a gather whose
index ``rules/runtime_index_writes.layout_index`` reads from ``x`` itself when the function runs. Under
``jit=True`` (whose compiled call makes its arguments C-contiguous) it is refused at the line.

The finite differences here perturb copies that keep the argument's layout
(``s2sad.testing``'s copies are C-ordered, which would change the function).
"""
import numpy as np
import pytest

import s2sad
from tests.exact_modes import layout_differences, layout_numeric_grad

A = np.arange(6.0).reshape(2, 3) * 0.3 - 0.5
LAYOUTS = {"C": A, "F": np.asfortranarray(A), "T": A.T, "strided": np.arange(24.0).reshape(4, 6)[::2, ::-2] * 0.1}


def ravel_k(x):
    return np.sum(np.ravel(x, order="K") * np.arange(x.size) ** 1.5)


def method_ravel_a(x):
    return np.sum(x.ravel(order="A") * np.arange(x.size) ** 1.5)


def flatten_k(x):
    return np.sum(np.sin(x.flatten(order="K")) * np.arange(x.size) * x.flatten(order="K"))


def fortran_inside(x):
    y = np.asfortranarray(x * 2.0)
    return np.sum(y.ravel(order="K") * np.arange(x.size))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("fn", [ravel_k, method_ravel_a, flatten_k, fortran_inside], ids=lambda f: f.__name__)
def test_the_order_of_the_layout_in_every_mode(fn, layout):
    x = LAYOUTS[layout]
    value, g = s2sad.value_and_grad(fn)(x)
    assert value == fn(x)
    np.testing.assert_allclose(g, layout_numeric_grad(fn, x), rtol=1e-6, atol=1e-8)
    v = np.linspace(-1.0, 1.0, x.size).reshape(x.shape)
    _, t = s2sad.jvp(fn)(x, v)
    np.testing.assert_allclose(t, layout_differences(fn, x, v), rtol=1e-6, atol=1e-8)
    hv = s2sad.hvp(fn)(x, v)
    np.testing.assert_allclose(hv, layout_differences(lambda y: s2sad.grad(fn)(y), x, v), rtol=1e-5, atol=1e-7)


def test_a_fortran_argument_is_not_read_in_c_order():
    """The order changes the gradient: F's is C's gradient transposed in its reading order."""
    x = LAYOUTS["F"]
    assert not np.allclose(s2sad.grad(ravel_k)(x), s2sad.grad(ravel_k)(np.ascontiguousarray(x)))


def test_refused_under_jit_at_the_line():
    with pytest.raises(s2sad.S2sadError, match=r"order=\"K\""):
        s2sad.grad(ravel_k, jit=True)(LAYOUTS["T"])
