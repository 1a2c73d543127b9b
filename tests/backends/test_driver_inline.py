"""The drivers' argument checks and conversions (``plain``, ``contig``, ``real``, ``own``) are lowered inline
in the driver (intrinsics), not compiled as a function of their own per argument type and
message: what the drivers do with every kind of argument is unchanged."""
import numba
import numpy as np
import pytest
from numba.core import event

import s2sad
from s2sad.backends import drivers
from s2sad.errors import ArgumentError


def mse(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def _expected(w, b, x, y):
    r = w * x + b - y
    return 2.0 * np.mean(r * x), 2.0 * np.mean(r)


@pytest.fixture(scope="module")
def compiled():
    g = s2sad.grad(mse, wrt=(0, 1), jit=True)
    x = np.linspace(0.0, 1.0, 7)
    g(0.5, -0.2, x, 3.0 * x + 1.0)
    c = g.compiled

    @numba.njit
    def call(w, b, x, y):
        return c(w, b, x, y)
    return g, call


def _driver_helpers_compiled(record):
    """Names of the drivers' helper implementations numba compiled as functions of their own."""
    names = []
    for ev in record.buffer:
        disp = ev[1].data.get("dispatcher") if ev[1].data else None
        fn = getattr(disp, "py_func", None)
        if fn is not None and fn.__module__ == drivers.__name__ and fn.__name__ in ("check", "<lambda>", "own"):
            names.append(fn.__qualname__)
    return names


def test_the_checks_and_conversions_compile_no_function_of_their_own(compiled):
    g, call = compiled
    x = np.linspace(0.0, 1.0, 7)
    with event.install_recorder("numba:compile") as record:
        out = call(0.5, -0.2, x, 3.0 * x + 1.0)
    assert _driver_helpers_compiled(record) == []
    assert np.allclose(out, _expected(0.5, -0.2, x, 3.0 * x + 1.0))


@pytest.mark.parametrize("kind", ["float", "int", "float32", "strided", "float32 array", "int array"])
def test_g_compiled_converts_each_kind_of_argument_as_before(compiled, kind):
    g, call = compiled
    x = np.linspace(0.0, 1.0, 9)
    y = 3.0 * x + 1.0
    w, b = 0.5, -0.2
    if kind == "int":
        w, b = 2, 1
    elif kind == "float32":
        w = np.float32(0.5)
    elif kind == "strided":
        x, y = x[::2], y[::-2]
    elif kind == "float32 array":
        x = x.astype(np.float32)
    elif kind == "int array":
        x = np.arange(9)
    got = call(w, b, x, y)
    want = _expected(float(w), float(b), np.asarray(x, dtype=np.float64), y)
    assert np.allclose(got, want, rtol=1e-6)
    assert np.allclose(got, g(w, b, x, y), rtol=1e-6)


def test_g_compiled_still_refuses_an_ndarray_subclass_at_the_argument(compiled):
    _, call = compiled
    x = np.linspace(0.0, 1.0, 7)
    m = np.ma.array(x, mask=[0, 1, 0, 0, 0, 0, 0])
    with pytest.raises(ArgumentError, match="mse\\(\\): argument `x` is an instance of a subclass of np.ndarray"):
        call(0.5, -0.2, m, 3.0 * x + 1.0)
    with pytest.raises(ArgumentError, match="argument `y` is an instance of a subclass"):
        call(0.5, -0.2, x, m)


def sin_sum(x):
    return np.sum(np.sin(x) * x)


def test_an_array_gradient_goes_through_own_as_before():
    """A gradient of an array argument is not passed on inline: ``own`` shapes and copies it."""
    g = s2sad.grad(sin_sum, jit=True)
    a = np.array([[1.0, 2.0], [0.5, -1.0]])
    g(a)
    c = g.compiled

    @numba.njit
    def call(x):
        return c(x)
    got = call(a)
    assert got.shape == a.shape and not np.shares_memory(got, a)
    assert np.allclose(got, np.sin(a) + a * np.cos(a))
    assert np.allclose(call(np.asfortranarray(a)), np.sin(a) + a * np.cos(a))
