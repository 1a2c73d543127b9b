"""Writing into a module-level array through a helper's parameter bound to it (hunt40's
``helper_param_is_global``, stop 42): ``fill(BUF, x)`` with ``buf[:] = v * 2.0`` in the helper was
refused ("shares memory with the global `BUF`") while the direct ``BUF[:] = ...`` is exact. The
parameter, never rebound, is the global's name in the inlined body (``transforms/inline``), so
the write is the caller's own: exact in grad, jvp, hvp, jit and checkpointing. A helper that
rebinds the parameter keeps its refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

BUF = np.zeros(3)
GRID = np.zeros((3, 3))
X = np.array([0.3, -0.7, 1.2])
T = np.array([1.0, 0.5, -2.0])


def _fill(buf, v):
    buf[:] = v * 2.0


def helper_param_is_global(x):
    _fill(BUF, x)
    return np.sum(BUF ** 2)


def _smooth_rows(g, v):
    for i in range(g.shape[0]):
        g[i, :] = np.sin(v * (i + 1.0))
    g[1] = 0.5 * (g[0] + g[2])
    return np.sum(g * g[0])


def written_then_read_in_a_loop(x):
    s = 0.0
    for k in range(2):
        s = s + _smooth_rows(GRID, x * (k + 1.0))
    return s + np.sum(GRID[2] * x)


def _scaled_copy(buf, v):
    buf = buf * 0.0        # rebinds the parameter: a new array, the global untouched
    buf[:] = v
    return buf


def rebinding_helper(x):
    return np.sum(_scaled_copy(BUF, x) ** 2)


def _write_through(buf, v):
    buf[0] = v[0]
    buf[1:] *= 2.0


def slices_inside_the_helper(x):
    BUF[:] = x
    _write_through(BUF, x ** 2)
    return np.sum(BUF * x)


EXACT = [helper_param_is_global, written_then_read_in_a_loop, slices_inside_the_helper]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", EXACT, ids=lambda f: f.__name__)
def test_a_write_through_a_parameter_bound_to_a_global_is_exact(f, jit):
    check_grad(f, X, jit=jit)
    check_jvp(f, X, tangent=T, jit=jit)
    if not jit:
        check_hvp(f, X, v=T)


def test_checkpointed_loop_writing_the_global_through_a_helper():
    g = s2sad.grad(written_then_read_in_a_loop, checkpoint=2)(X)
    assert np.allclose(g, s2sad.grad(written_then_read_in_a_loop)(X), rtol=1e-12, atol=1e-14)
    check_grad(written_then_read_in_a_loop, X)


def test_the_global_holds_what_python_leaves_in_it():
    s2sad.grad(helper_param_is_global)(X)
    assert np.allclose(BUF, 2.0 * X)


def test_a_rebound_parameter_is_not_the_global():
    BUF[:] = 5.0
    check_grad(rebinding_helper, X)
    assert np.allclose(BUF, 5.0)      # (the helper's writes went to its own new array)
