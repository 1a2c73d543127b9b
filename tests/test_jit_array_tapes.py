"""The ``jit`` stage's array tapes (s2sad/backends/array_tapes.py): list tapes of arrays
become arrays written row by row. Each case checks the compiled gradient against the
pure-Python one and finite differences, and that the form it was meant to exercise is the
one generated: rows for a shape the analysis proves stable, rows with the list as
fallback for one it cannot, the list from the first push of another shape on."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit


def stable_rows(x, w):
    s = 0.0
    for i in range(40):              # more pushes than the first 16 rows: the tape grows
        h = np.tanh(x * w[i])        # h has x's shape every iteration
        s = s + np.sum(h * h)
    return s


def runtime_equal_rows(a, b):
    acc = np.zeros(a.shape[0])
    for r in range(a.shape[1]):
        acc = acc * np.cos(a[:, r]) + b[:, r]   # one shape at run time, not one the analysis proves
    return np.sum(acc * acc)


def growing(x):
    s = 0.0
    for i in range(1, x.shape[0] + 1):
        v = x[:i] * 2.0              # a new shape every iteration: the list takes over
        s = s + np.sum(np.sin(v * v))
    return s


def _both(f, args, wrt):
    jitted = check_grad(f, *args, wrt=wrt, jit=True)
    g = s2sad.grad(f, wrt=wrt, jit=True)
    plain = s2sad.grad(f, wrt=wrt)(*args)
    got = g(*args)
    for a, b in zip(got if isinstance(got, tuple) else (got,), plain if isinstance(plain, tuple) else (plain,)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    return g.source, jitted


def test_stable_shape_tape_is_an_array():
    rng = np.random.default_rng(0)
    source, _ = _both(stable_rows, (rng.normal(size=5), rng.normal(size=40)), (0, 1))
    assert "np.empty((16,) + h.shape, h.dtype)" in source
    assert "tape_h = []" not in source


def test_runtime_equal_shapes_use_rows_with_the_list_as_fallback():
    rng = np.random.default_rng(1)
    source, _ = _both(runtime_equal_rows, (rng.normal(size=(4, 30)), rng.normal(size=(4, 30))), (0, 1))
    assert "tape_acc_rows" in source and "tape_acc.append(acc)" in source


def test_shape_changing_values_fall_back_to_the_list():
    x = np.random.default_rng(2).normal(size=25)
    source, _ = _both(growing, (x,), 0)
    assert "tape_v_rows" in source and "tape_v.append(v)" in source
