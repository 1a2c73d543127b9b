"""Live drivers (s2sad.backends.live): the guard of an adjoint that inlined the user's helpers,
checked by the compiled driver the fast call path runs; when it fails, the checking path's
result in the adjoint's numba types."""
import importlib

import numpy as np
import pytest
from numba import types

import s2sad
from s2sad.backends.live import as_raw
from s2sad.errors import StaleAdjointError
from s2sad.testing import check_grad

HELPERS = '''
import numpy as np
def act(z):
    return np.tanh(z)
def cube(z):
    return z ** 3
def f(x):
    return np.sum(act(x) * x)
'''

ARRAY1 = types.Array(types.float64, 1, "C")


def test_value_and_grad_from_a_live_driver_follows_a_changed_helper(tmp_path, monkeypatch):
    (tmp_path / "live_mod.py").write_text(HELPERS)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("live_mod")
    g = s2sad.value_and_grad(mod.f, jit=True)
    x = np.array([0.3, -1.2, 2.0])
    for _ in range(3):
        value, grad = g(x)
    assert g.fast_signatures and g._built_now().checked_live
    np.testing.assert_allclose(grad, np.tanh(x) + x / np.cosh(x) ** 2, rtol=1e-12)
    monkeypatch.setattr(mod, "act", mod.cube)     # the live driver's guard fails: the new function's
    value, grad = g(x)                            # value and gradient, through the checking path
    assert not g.fast_signatures
    assert value == pytest.approx(np.sum(x ** 4), rel=1e-12)
    np.testing.assert_allclose(grad, 4.0 * x ** 3, rtol=1e-12)
    check_grad(mod.f, x, jit=True)      # and finite differences agree with the rebuilt gradient


def test_as_raw_gives_the_adjoints_value_and_gradients():
    raw = types.Tuple((types.float64, ARRAY1, types.float64))
    grads = (np.arange(3.0), 2.5)
    value, g1, g2 = as_raw("vjp_tuple", grads, raw)      # vjp: a placeholder value the driver drops
    assert value == 0.0 and g1 is grads[0] and g2 == 2.5
    assert as_raw("value_and_grad", (1.5, grads[0]), types.Tuple((types.float64, ARRAY1)))[0] == 1.5
    strided = np.arange(6.0)[::2]
    out = as_raw("grad", strided, types.Tuple((types.float64, ARRAY1)))[1]
    assert out.flags.c_contiguous and np.array_equal(out, strided)    # numba reads a 'C' array densely


@pytest.mark.parametrize("result", [np.zeros((2, 2)), np.zeros(3, dtype=np.int64), 1.0, (np.zeros(3),)])
def test_as_raw_refuses_what_the_adjoints_types_cannot_hold(result):
    with pytest.raises(StaleAdjointError, match="call the gradient function again"):
        as_raw("grad", result, types.Tuple((types.float64, ARRAY1)))
