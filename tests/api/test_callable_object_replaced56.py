"""targets.py: the gradient of a callable object differentiates its class's ``__call__`` as it was
when the gradient was made, but Python looks ``__call__`` up on the object's class at each call
(hunt56b, issue 8 class 3). On main, after ``C.__call__ = lambda self, x: np.sum(x ** 2)`` (or
``c.__class__ = D``), ``grad(c)`` still differentiated ``sum(sin(x))``, silently, in every mode and
with jit: [0.76, 0.92, 0.27] where the object now computes [1.4, -0.8, 2.6]. A target now records
each callable object with its class and raw ``__call__`` and refuses a call after either changed
(``ArgumentError``: make the gradient again); a partial of such an object too. Restoring the class
makes the gradient callable again."""
import functools

import numpy as np
import pytest

import s2sad

X = np.array([0.7, -0.4, 1.3])


class Energy:
    def __call__(self, x, k=1.0):
        return np.sum(np.sin(x)) * k


class Quadratic(Energy):
    def __call__(self, x, k=1.0):
        return np.sum(x ** 2) * k


def _maker(api, obj, jit):
    """A function of x giving the derivative ``api`` computes (a gradient or a product)."""
    if api == "grad":
        return s2sad.grad(obj, jit=jit)
    if api == "partial":
        return s2sad.grad(functools.partial(obj, k=2.0), jit=jit)
    h = getattr(s2sad, api)(obj, jit=jit)
    if api == "value_and_grad":
        return lambda x: h(x)[1]
    if api == "jvp":
        return lambda x: h(x, np.ones(3))[1]
    return lambda x: h(x, 1.0 if api == "vjp" else np.ones(3))


APIS = ["grad", "value_and_grad", "jvp", "vjp", "hvp", "partial"]


@pytest.mark.parametrize("api", APIS)
def test_class_call_replaced_is_refused(api, monkeypatch):
    obj = Energy()
    g = _maker(api, obj, False)
    before = g(X)
    monkeypatch.setattr(Energy, "__call__", lambda self, x, k=1.0: np.sum(x ** 2) * k)
    with pytest.raises(s2sad.ArgumentError, match="replaced since"):
        g(X)
    monkeypatch.undo()
    np.testing.assert_allclose(g(X), before)


@pytest.mark.parametrize("api", ["grad", "hvp"])
def test_object_class_changed_is_refused(api):
    obj = Energy()
    g = _maker(api, obj, False)
    before = g(X)
    obj.__class__ = Quadratic
    try:
        with pytest.raises(s2sad.ArgumentError, match="replaced since"):
            g(X)
    finally:
        obj.__class__ = Energy
    np.testing.assert_allclose(g(X), before)


def test_unchanged_object_keeps_its_gradient_under_jit():
    obj = Energy()
    g = s2sad.grad(obj, jit=True)
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
    obj.extra = 3.0                     # an attribute of the object is not its class's __call__
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(s2sad.grad(Quadratic())(X), 2 * X, rtol=1e-12)
