"""frontend/functional.py: ``np.fromiter(it, float)`` is ``np.array(list(it), dtype=float)``, so
``np.fromiter(map(f, xs), float)`` (``f`` nested, a lambda or global) and a generator are followed
as ``np.array(list(map(f, xs)))`` is; ``count=`` keeps its refusal."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def _cube(v):
    return v ** 3


def mapped(x):
    def f(v):
        return np.sin(v) * v

    a = np.fromiter(map(f, x), float)
    b = np.fromiter(map(_cube, x), dtype=np.float64)
    c = np.fromiter(map(lambda u, w: u * w, x, x[::-1]), "float64")
    return np.sum(a * b) + np.sum(c ** 2)


def generated(x):
    w = np.fromiter(range(len(x)), float)            # numbers without a derivative, made floats
    y = np.fromiter((v * v + k for k, v in enumerate(x)), np.float64)
    return np.sum(w * y) + np.sum(np.array(list(map(math.sin, x))))


X = np.array([0.7, -1.3, 0.4])
CASES = [mapped, generated]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert s2sad.value_and_grad(f)(X)[0] == pytest.approx(f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (no rule for `fromiter`; the nested `f` or the lambda used as a value)."""
    check_grad(f, X, jit=jit)           # (autograd cannot run np.fromiter: differences only)


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def counted(x):
    return np.sum(np.fromiter(map(math.sin, x), float, count=2))


def test_count_keeps_its_refusal():
    counted(X)
    with pytest.raises(s2sad.S2sadError, match="map"):
        s2sad.grad(counted)(X)
