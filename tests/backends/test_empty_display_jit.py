"""``np.array([])`` written in the user's function, under jit=True: the jit stage lowers it to
``np.empty(0)`` (backends/stand_ins.py). On main a second ``_empty_array(ndim, layout)`` defined
later in numba_lower.py shadowed the one-argument ``_empty_array(node)`` the rewrite called, so
the build raised a TypeError (AdjointFailedError); repro: /work/scratch/split46/repro/empty_array_jit.py."""
import numpy as np

import s2sad
from s2sad.testing import check_grad


def with_empty_display(x):
    e = np.array([])
    return np.sum(x * x) + np.sum(e)


def with_empty_typed_display(x):
    e = np.array((), dtype=np.float64)
    return np.sum(np.sin(x)) + e.shape[0] * np.sum(x)


def test_empty_list_display_compiles_and_matches_python():
    x = np.array([0.5, -1.0, 2.0])
    got = s2sad.grad(with_empty_display, jit=True)(x)
    np.testing.assert_allclose(got, s2sad.grad(with_empty_display)(x), rtol=1e-14)
    np.testing.assert_allclose(got, 2 * x, rtol=1e-14)
    check_grad(with_empty_display, x)


def test_empty_tuple_display_with_dtype_compiles_and_matches_python():
    x = np.array([0.5, -1.0, 2.0])
    got = s2sad.grad(with_empty_typed_display, jit=True)(x)
    np.testing.assert_allclose(got, np.cos(x), rtol=1e-14)
    check_grad(with_empty_typed_display, x)
