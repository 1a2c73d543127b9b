"""jit=True compiles np.argsort with an axis (and axis=None), np.lexsort of a tuple of arrays and
np.meshgrid of two arrays ('xy' and 'ij') with their adjoint and tangent helpers
(backends/numba_helpers/numba_rules_orders.py), and np.stack of 2-d arrays along another axis than
the first (numba_lists.stack); each was a JitError before (numba has none of these forms, or
s2sad's stand-in for np.stack took axis 0 only). Gradients and tangents equal the Python adjoint's and finite differences."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_jvp

R = np.random.default_rng(2426)
X, Y = R.uniform(0.5, 1.5, size=4), R.uniform(0.5, 1.5, size=3)
W = R.normal(size=(3, 4))


def ordered(x, y):
    a, b = np.meshgrid(x, y)
    c, d = np.meshgrid(y, x, indexing="ij")
    m = x[None, :] * y[:, None] + W
    i = np.argsort(m, axis=0)
    j = np.lexsort((x * 2.0, np.floor(x * 2.0)))
    k = np.argsort(m, axis=None)
    return np.sum(a * b * a * W) + np.sum(c * d ** 2 * W) + np.sum(np.take_along_axis(m, i, axis=0) * W) \
        + np.sum(x[j] * np.arange(4.0)) + np.sum(np.ravel(m)[k][:5] ** 2) \
        + np.sum(np.stack((m, m * m), axis=1) * np.arange(4.0)) + np.sum(np.stack((m, W), axis=-1)[..., 0] * W)


@pytest.mark.jit
def test_jit_equals_python_and_differences():
    compiled = check_grad(ordered, X, Y, wrt=(0, 1), jit=True)
    for a, b in zip(compiled, s2sad.grad(ordered, wrt=(0, 1))(X, Y)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    tangent = (np.linspace(0.1, 0.4, 4), np.linspace(-0.2, 0.3, 3))
    check_jvp(ordered, X, Y, wrt=(0, 1), tangent=tangent, jit=True)
    np.testing.assert_allclose(s2sad.jvp(ordered, wrt=(0, 1), jit=True)(X, Y, tangent)[1],
                               s2sad.jvp(ordered, wrt=(0, 1))(X, Y, tangent)[1], rtol=1e-10, atol=1e-12)


def lexsort_of_mixed_keys(x):
    return np.sum(x[np.lexsort((np.arange(4), x))])


@pytest.mark.jit
def test_lexsort_of_keys_of_two_types_is_a_located_refusal():
    with pytest.raises(JitError, match="test_orders_jit.py"):
        s2sad.grad(lexsort_of_mixed_keys, jit=True)(X)
