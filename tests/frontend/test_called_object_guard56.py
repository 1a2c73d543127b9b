"""frontend/resolve.py: a call of an object of the user's class (``MODEL(x)``, ``layer(h)`` over a
global list, ``self.l(x)``) is its class's ``__call__``, and the build's guard must rebuild when
that ``__call__`` is replaced (hunt56b, issue 8 class 3). The path was noted for the guard only when
the function was named ``__call__``: after ``En.__call__ = lambda self, v: v ** 2`` the rebuilt
adjoint read a lambda, was left unguarded, and kept it after ``En.__call__`` was restored, also for
a fresh ``s2sad.grad(f)``: [1.4, -0.8, 2.6] (the lambda's 2x) where Python's ``sum(sin(x))`` gives
[0.76, 0.92, 0.27], silently, with and without jit. The bound ``__call__`` of the object is now
noted whatever its name."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.7, -0.4, 1.3])


class Layer:
    def __init__(self, k):
        self.k = k

    def __call__(self, v):
        return np.sin(v) * self.k


MODEL = Layer(1.0)
LAYERS = [Layer(1.0), Layer(2.0)]


class Net:
    def __init__(self):
        self.layer = Layer(2.0)

    def loss(self, x):
        return np.sum(self.layer(x))


NET = Net()


def global_object(x):
    return np.sum(MODEL(x))


def list_of_objects(x):
    h = x
    for layer in LAYERS:
        h = layer(h)
    return np.sum(h)


def attribute_object(x):
    return NET.loss(x)


def _squared(self, v):
    return v ** 2 * self.k


def _central(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", [global_object, list_of_objects, attribute_object], ids=lambda f: f.__name__)
@pytest.mark.parametrize("replacement", [lambda self, v: v ** 2 * self.k, _squared], ids=["lambda", "def"])
def test_call_replaced_then_restored(f, replacement, monkeypatch):
    g = s2sad.grad(f)
    np.testing.assert_allclose(g(X), _central(f, X), rtol=1e-6)
    monkeypatch.setattr(Layer, "__call__", replacement)
    np.testing.assert_allclose(g(X), _central(f, X), rtol=1e-6)
    monkeypatch.undo()
    np.testing.assert_allclose(g(X), _central(f, X), rtol=1e-6)
    check_grad(f, X)                       # a fresh gradient too: the build cache is shared


def test_restored_under_jit(monkeypatch):
    g = s2sad.grad(global_object, jit=True)
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
    monkeypatch.setattr(Layer, "__call__", lambda self, v: v ** 2 * self.k)
    np.testing.assert_allclose(g(X), 2 * X, rtol=1e-12)
    monkeypatch.undo()
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
