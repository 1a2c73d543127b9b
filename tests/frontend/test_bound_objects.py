"""Bound methods, classmethods, callable objects and partials of an object under jit=True
(frontend/bound_objects.py): the attributes the function reads from the fixed object are read
at call time, as a closure variable's are; what cannot be proven stays a located refusal."""
import functools

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_vjp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


class Model:
    scale = 2.0

    def __init__(self, w):
        self.w = w
        self.cfg = {"lr": 0.5}
        self.b = 0.25
        self.steps = 2

    def loss(self, x):
        total = 0.0
        for _ in range(self.steps):
            total = total + np.sum(np.tanh(self.w * x) + self.b)
        return total * self.cfg["lr"]

    def out(self, x):
        return np.tanh(self.w * x) * self.cfg["lr"]

    @classmethod
    def scaled(cls, x):
        return cls.scale * np.sum(x ** 3)

    def __call__(self, x):
        return np.sum(self.w * x * x) + self.b

    def inner(self, x):
        return np.sum(self.w * x)

    def calls_a_method(self, x):
        return self.inner(x) * 2.0

    def writes_an_attribute(self, x):
        self.last = x
        return np.sum(x * self.w)

    def passes_itself(self, x):
        return _weighted(self, x)

    def rebinds_self(self, x):
        self = Model(self.w * 2.0)
        return np.sum(self.w * x)


def _weighted(obj, x):
    return np.sum(obj.w * x)


def _with_config(cfg, x):
    return np.sum(cfg.w * x) ** 2


X = np.array([0.3, -0.2, 0.5])


def _expected(m, x):
    """The gradient of m.loss at x, by hand."""
    return 2 * m.cfg["lr"] * m.w / np.cosh(m.w * x) ** 2


@pytest.mark.parametrize("jit", JIT)
def test_bound_method_reads_its_objects_attributes_at_call_time(jit):
    """jit=True: a JitError before (numba cannot take `self`)."""
    m = Model(np.array([1.0, 2.0, -1.5]))
    g = s2sad.grad(m.loss, jit=jit)
    assert np.allclose(g(X), _expected(m, X))
    check_grad(m.loss, X, jit=jit)
    m.w = np.array([0.5, -1.0, 3.0])        # rebound
    assert np.allclose(g(X), _expected(m, X))
    m.w[0] = 4.0                             # changed in place
    m.cfg["lr"] = 3.0
    assert np.allclose(g(X), _expected(m, X))
    m.w = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]])    # another rank: built again
    assert np.allclose(g(X), _expected(m, X).sum(axis=0))
    assert m.cfg == {"lr": 3.0} and m.w.shape == (2, 3)


@pytest.mark.jit
def test_two_objects_of_one_class_are_never_mixed_up():
    m1, m2 = Model(np.array([1.0, 2.0, -1.5])), Model(np.array([-0.5, 0.75, 2.0]))
    g1, g2 = s2sad.grad(m1.loss, jit=True), s2sad.grad(m2.loss, jit=True)
    for _ in range(2):
        assert np.allclose(g1(X), _expected(m1, X))
        assert np.allclose(g2(X), _expected(m2, X))
    m2.steps = 3       # a loop bound read through the object
    assert np.allclose(g2(X), 1.5 * _expected(m2, X))
    assert np.allclose(g1(X), _expected(m1, X))


@pytest.mark.jit
def test_value_and_grad_and_vjp_of_a_bound_method_under_jit():
    m = Model(np.array([1.0, 2.0, -1.5]))
    value, g = s2sad.value_and_grad(m.loss, jit=True)(X)
    assert value == pytest.approx(m.loss(X)) and np.allclose(g, _expected(m, X))
    check_vjp(m.out, X, dout=np.array([1.0, -2.0, 0.5]), jit=True)


@pytest.mark.jit
def test_classmethod_callable_object_and_partial_under_jit():
    m = Model(np.array([1.0, 2.0, -1.5]))
    check_grad(Model.scaled, X, jit=True)
    Model.scale = 5.0
    try:
        assert np.allclose(s2sad.grad(Model.scaled, jit=True)(X), 15.0 * X ** 2)
    finally:
        Model.scale = 2.0
    check_grad(m, X, jit=True)
    check_grad(functools.partial(_with_config, m), X, jit=True)


@pytest.mark.parametrize("jit", JIT)
def test_a_method_of_self_is_inlined(jit):
    """`self.inner(x)` was refused (it is now inlined, frontend/own_methods.py, meth25)."""
    check_grad(Model(np.array([1.0, 2.0, -1.5])).calls_a_method, X, jit=jit)


@pytest.mark.parametrize("method, match", [
    ("writes_an_attribute", r"line \d+.*\n.*self\.last = x"),
    ("passes_itself", r"line \d+.*\n.*obj\.w"),
    ("rebinds_self", r"line \d+.*\n.*self = Model"),     # not the bound object everywhere: not read through it
])
def test_what_cannot_be_proven_stays_a_located_refusal(method, match):
    m = Model(np.array([1.0, 2.0, -1.5]))
    with pytest.raises(S2sadError, match=match):
        s2sad.grad(getattr(m, method), jit=True)(X)


@pytest.mark.jit
def test_forward_modes_of_a_bound_method_under_jit():
    """jvp, hvp and grad(grad(.)) read the object's attributes at call time too (JitError before)."""
    from s2sad.testing import check_hvp, check_jvp
    m = Model(np.array([1.0, 2.0, -1.5]))
    check_jvp(m.out, X, tangent=np.array([0.5, -1.0, 2.0]), jit=True)
    check_hvp(m.loss, X, v=np.array([1.0, 0.0, -1.0]), jit=True)
    hvp = s2sad.hvp(m.loss, jit=True)
    m.w = np.array([2.0, -1.0, 0.5])
    w, lr = m.w, m.cfg["lr"]
    expected = -4 * lr * w ** 2 * np.tanh(w * X) / np.cosh(w * X) ** 2
    assert np.allclose(hvp(X, np.ones(3)), expected)
    second = s2sad.grad(s2sad.grad(Model(2.0).loss), jit=True)
    assert second(0.3) == pytest.approx(-4 * 0.5 * 4.0 * np.tanh(0.6) / np.cosh(0.6) ** 2)
