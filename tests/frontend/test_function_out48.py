"""``out=`` of a NumPy function that is not a ufunc (``np.cumsum(x, out=y)``, ``np.clip(y, lo, hi,
out=y)``, ``np.dot(A, x, out=o)``, ``np.mean(A, axis=0, out=m)``), called for its effect.

Refused before ("cannot differentiate `out=`"); a ufunc's ``out=`` was already the write it is.
Now ``frontend/inplace.py`` writes it as ``r = f(...)`` then ``y[...] = r`` once NumPy's cast check
and a shape check pass (these functions do not broadcast into ``out`` as ufuncs do): exact in grad,
jvp and jit against finite differences. An ``out`` of another shape than the result is a located
``ShapeError`` (a ValueError, as NumPy raises for most of them); an error raised in the forward
sweep of the generated code now names the user's line (``emit.where_of``).
"""
import numpy as np
import pytest

import s2sad


def cumsum_into(x):
    y = np.empty(5)
    np.cumsum(x, out=y)
    return np.sum(y ** 2)


def clip_in_place(x):
    y = x * 2.0
    np.clip(y, -0.5, 0.5, out=y)
    return np.sum(y * x)


def cumsum_of_itself(x):
    y = x.copy()
    np.cumsum(y, out=y)
    return np.sum(y ** 3)


def dot_into(x):
    A = np.outer(x, x)
    out = np.zeros(5)
    np.dot(A, x, out=out)
    return np.sum(out * x)


def mean_into(x):
    A = np.outer(x, np.sin(x))
    m = np.zeros(5)
    np.mean(A, axis=0, out=m)
    return np.sum(m ** 2)


def into_a_row(x):
    y = np.empty((2, 5))
    np.cumsum(x, out=y[1])
    y[0] = x
    return np.sum(y * y)


FUNCTIONS = [cumsum_into, clip_in_place, cumsum_of_itself, dot_into, mean_into, into_a_row]
X = np.array([0.3, -0.2, 0.45, 0.1, -0.35])


def _fd(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_grad_and_jvp(f):
    x = X.copy()
    fd = _fd(f, x)
    np.testing.assert_allclose(s2sad.grad(f)(x), fd, rtol=1e-6, atol=1e-8)
    v = np.linspace(-1.0, 1.0, 5)
    value, tangent = s2sad.jvp(f)(x, v)
    assert value == f(x)
    np.testing.assert_allclose(tangent, fd @ v, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(x, X)


@pytest.mark.parametrize("f", [cumsum_into, clip_in_place], ids=lambda f: f.__name__)
def test_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X.copy()), _fd(f, X), rtol=1e-6, atol=1e-8)


def another_shape(x):
    y = np.empty((1, 5))
    np.clip(x, -0.5, 0.5, out=y)      # NumPy broadcasts here (np.cumsum would raise)
    return np.sum(y * x)


def test_another_shape_is_refused_at_its_line():
    with pytest.raises(s2sad.ShapeError) as info:
        s2sad.grad(another_shape)(X.copy())
    message = str(info.value)
    assert message.startswith(f'File "{__file__}", line ') and "np.clip(x, -0.5, 0.5, out=y)" in message
    assert isinstance(info.value, ValueError)
