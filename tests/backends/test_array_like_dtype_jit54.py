"""``np.array(v, dtype=w.dtype)`` (a cast to another array's dtype, also written ``v.astype(w.dtype)``)
under jit=True was a located JitError ("numba's np.array does not take dtype=", stop 53's note): numba's
np.array takes no array and no dtype object; the overload (backends/numba_helpers/numba_lists.py)
now casts with ``astype`` of that dtype, as NumPy copies. Checked against central differences and
the jit=False gradient, compiled into empty caches of the test's own."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.3, 1.2, -0.7, 2.1])


def cast_like_argument(x):
    v = x * 2.0
    return np.sum(np.array(v, dtype=x.dtype) ** 2)


def cast_matrix(x):
    W = x.reshape(2, 2)
    return np.sum(np.array(W * x[0], dtype=W.dtype) @ W) + np.sum(np.sin(x).astype(x.dtype))


@pytest.mark.parametrize("f", [cast_like_argument, cast_matrix], ids=lambda f: f.__name__)
def test_compiles_and_matches_differences(f, tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    g = check_grad(f, X, jit=True)
    np.testing.assert_allclose(g, s2sad.grad(f)(X), rtol=1e-12)


def test_the_copy_is_a_copy():
    def f(x):
        y = np.array(x, dtype=x.dtype)
        y[0] = 5.0
        return np.sum(y * x)
    x = X.copy()
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(x), s2sad.grad(f)(x))
    np.testing.assert_array_equal(x, X)
