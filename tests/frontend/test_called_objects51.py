"""A global object of the user's class called as a function (``LIN(x)``, ``self(x)`` inside its
own method) is its ``__call__`` method, inlined as a method of a global object is
(frontend/resolve.py, frontend/own_methods.py). Before stop 51 it was refused: "`LIN` is an object
of class `Lin`, called through its `__call__` method".

Checked: gradient, jvp and jit against central differences; the object's attributes and the
global rebound between calls are read afresh; replacing the class's ``__call__`` rebuilds the
gradient; repeated calls do not."""
import numpy as np
import pytest

import s2sad
import s2sad.pipeline
from s2sad.testing import check_grad, check_jvp


class Lin:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def __call__(self, x):
        return self.w * x + self.b

    def energy(self, x):
        return np.sum(self(x) ** 2)


LIN = Lin(np.array([1.0, 2.0, -1.0]), 0.5)
X = np.array([0.7, -0.4, 1.3])


def through_call_and_self_call(x):
    return LIN.energy(x) + np.sum(LIN(x))


def _fd(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_against_differences(jit):
    check_grad(through_call_and_self_call, X, jit=jit)
    check_jvp(through_call_and_self_call, X, tangent=np.array([0.3, -0.1, 0.2]), jit=jit)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_changes_between_calls_are_seen(jit, monkeypatch):
    global LIN
    builds = []
    real = s2sad.pipeline.build
    monkeypatch.setattr(s2sad.pipeline, "build", lambda *a, **k: builds.append(1) or real(*a, **k))
    saved = LIN
    try:
        g = s2sad.grad(through_call_and_self_call, jit=jit)
        np.testing.assert_allclose(g(X), _fd(through_call_and_self_call, X), rtol=1e-6)
        builds.clear()
        for _ in range(2):
            np.testing.assert_allclose(g(X), _fd(through_call_and_self_call, X), rtol=1e-6)
        assert not builds                       # the guard holds: no rebuild on repeated calls
        LIN.w, LIN.b = np.array([3.0, -1.0, 0.5]), 2.0
        np.testing.assert_allclose(g(X), _fd(through_call_and_self_call, X), rtol=1e-6)

        class Squared(Lin):
            def __call__(self, x):
                return self.w * x ** 2

        LIN = Squared(np.array([1.0, 2.0, -1.0]), 0.5)
        np.testing.assert_allclose(g(X), _fd(through_call_and_self_call, X), rtol=1e-6)
        builds.clear()
        Squared.__call__ = lambda self, x: self.w * np.sin(x)      # the class's method replaced
        np.testing.assert_allclose(g(X), _fd(through_call_and_self_call, X), rtol=1e-6)
        assert builds                           # ... rebuilds the gradient
    finally:
        LIN = saved
