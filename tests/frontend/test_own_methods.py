"""Methods of the user's own objects called inside the differentiated function
(frontend/own_methods.py): ``GLOBAL.m(x)`` of a module-level object and ``self.m(x)`` inside a
bound method differentiated whole are inlined as helpers, ``self`` reading the same object's
attributes at call time; what cannot be proven stays a located refusal."""
import sys

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


class Orbit:
    def __init__(self, e):
        self.e = e

    def anomaly(self, M, n=6):
        E = M
        for _ in range(n):
            E = M + self.e * np.sin(E)
        return E

    def energy(self, M):
        return np.sum(self.anomaly(M) ** 2)      # a method calling another method of self


ORBIT = Orbit(0.3)


def kepler(M):
    return ORBIT.energy(M) + np.sum(ORBIT.anomaly(M, 3))


class Runoff:
    def __init__(self, rain):
        self.rain = rain
        self.k = 0.5

    def simulate(self, theta):
        return theta[0] * np.tanh(self.k * self.rain) + theta[1] * self.rain ** 2

    def loss(self, theta):
        q = self.simulate(theta)
        return np.sum((q - self.rain) ** 2)


M0 = np.array([0.2, 0.7, 1.3])
TH = np.array([0.8, -0.3])


@pytest.mark.parametrize("jit", JIT)
def test_method_of_a_global_object(jit, monkeypatch):
    # refused before (`ORBIT.energy` is a method of an object of class `Orbit`)
    g = check_grad(kepler, M0, jit=jit)
    monkeypatch.setattr(sys.modules[__name__], "np", __import__("autograd.numpy").numpy)
    check_against_autograd(kepler, M0, analytic=g)


@pytest.mark.parametrize("jit", JIT)
def test_method_of_self_in_a_bound_method(jit):
    # refused before (jit=False: "the method call `.simulate()` on one of your own objects")
    model = Runoff(np.linspace(0.0, 1.0, 5))
    check_grad(model.loss, TH, jit=jit)


def test_agrees_with_autograd_on_self(monkeypatch):
    model = Runoff(np.linspace(0.0, 1.0, 5))
    g = s2sad.grad(model.loss)(TH)
    monkeypatch.setattr(sys.modules[__name__], "np", __import__("autograd.numpy").numpy)
    check_against_autograd(model.loss, TH, analytic=g)


def test_jvp_and_hvp():
    model = Runoff(np.linspace(0.0, 1.0, 4))
    check_jvp(model.loss, TH, tangent=np.array([0.3, -1.0]))
    check_jvp(kepler, M0, tangent=np.array([1.0, 0.5, -0.2]))
    check_hvp(kepler, M0, v=np.array([1.0, 0.5, -0.2]))


@pytest.mark.parametrize("jit", JIT)
def test_attributes_and_methods_are_read_at_call_time(jit, monkeypatch):
    model = Runoff(np.linspace(0.0, 1.0, 5))
    g = s2sad.grad(model.loss, jit=jit)
    first = g(TH)
    model.k = 2.0                                   # a changed attribute of self
    np.testing.assert_allclose(g(TH), _fd(model.loss, TH), rtol=1e-5, atol=1e-6)
    assert not np.allclose(g(TH), first)
    monkeypatch.setattr(Runoff, "simulate", lambda self, theta: theta[0] * self.rain + theta[1] ** 3)
    np.testing.assert_allclose(g(TH), _fd(model.loss, TH), rtol=1e-5, atol=1e-6)   # a rebound method
    model.simulate = _other_simulate                   # a function in the instance's dict wins
    np.testing.assert_allclose(g(TH), _fd(model.loss, TH), rtol=1e-5, atol=1e-6)


def _other_simulate(theta):
    return theta[0] ** 3 + np.sin(theta[1])


class Lin:
    scale = 3.0

    def __init__(self, a):
        self.a = a

    def f(self, x):
        return self.a * np.sin(x)

    @classmethod
    def g(cls, x):
        return cls.scale * x ** 2

    @staticmethod
    def h(x):
        return np.exp(x)

    def loss(self, x):
        return np.sum(self.f(x) + self.g(x) + self.h(x))


A, B = Lin(2.0), Lin(-1.0)


def two_objects_of_one_class(x):
    return np.sum(A.f(x) + B.f(x) * A.f(x))      # each `self` its own object


def classmethods(x):
    return np.sum(Lin.g(x) + A.g(x))


def method_of_constants(x):
    c = A.f(np.ones(3))            # not differentiated: under jit, still inlined (numba takes no object)
    return np.sum(c * x)


@pytest.mark.parametrize("jit", JIT)
@pytest.mark.parametrize("f", [two_objects_of_one_class, classmethods, method_of_constants, A.loss],
                         ids=["two_objects", "classmethods", "constants", "self_all_kinds"])
def test_kinds_of_methods(f, jit):
    # before: refused (two_objects, classmethods, A.loss), or numba given a pyobject (constants, jit)
    check_grad(f, M0, jit=jit)


def rk4(rhs, y, h, n):
    for _ in range(n):
        k1 = rhs(y)
        y = y + h * rhs(y + 0.5 * h * k1)
    return y


class Sub:
    def __init__(self, c):
        self.c = c

    def f(self, x):
        return self.c * x ** 2


class System:
    def __init__(self):
        self.k = 0.7
        self.sub = Sub(1.5)

    def rhs(self, y):
        return -self.k * y

    def method_passed_to_a_helper(self, x):
        return np.sum(rk4(self.rhs, x, 0.1, 3))

    def method_of_an_attribute_by_keyword(self, x):
        return np.sum(self.sub.f(x=x))       # refused before (jit=False) as `.f()` of a random generator


@pytest.mark.parametrize("jit", JIT)
def test_method_passed_to_a_helper(jit):
    check_grad(System().method_passed_to_a_helper, M0, jit=jit)


def test_method_of_an_object_held_by_self():
    check_grad(System().method_of_an_attribute_by_keyword, M0)


class Decay:
    def __init__(self):
        self.half_lives = np.array([1.0, 2.0, 4.0])

    def rates(self):
        return np.log(2.0) / self.half_lives

    def inventory(self, n0):
        lam = self.rates()       # not differentiated: hvp's forward pass over the adjoint met its call
        return np.sum(n0 ** 2 * np.exp(-lam))


def test_hvp_of_a_method_calling_an_undifferentiated_method():
    check_hvp(Decay().inventory, M0, v=np.array([1.0, -0.5, 0.25]))


def _fd(f, x, eps=1e-6):
    out = np.zeros_like(x)
    for i in range(x.size):
        d = np.zeros_like(x)
        d[i] = eps
        out[i] = (f(x + d) - f(x - d)) / (2 * eps)
    return out


class Writer:
    def __init__(self):
        self.last = 0.0

    def step(self, x):
        self.last = np.sum(x)
        return self.last * x

    def down(self, x, n):
        if n == 0:
            return x
        return self.down(np.sin(x), n - 1)

    def renamed(self, x):
        self = Orbit(0.1)
        return self.anomaly(x)


class Child(Orbit):
    def anomaly(self, M, n=6):
        return super().anomaly(M, n) * 2.0


WRITER, CHILD = Writer(), Child(0.2)


def writes_attribute(x):
    return np.sum(WRITER.step(x))


def recursion_through_methods(x):
    return np.sum(WRITER.down(x, 3))


def object_built_inside(x):
    return np.sum(Orbit(0.2).anomaly(x))


def calls_super(x):
    return np.sum(CHILD.anomaly(x))


def rebinds_self(x):
    return np.sum(WRITER.renamed(x))


@pytest.mark.parametrize("f, words", [
    (writes_attribute, "last"), (recursion_through_methods, "recursive"),
    (rebinds_self, "self")])
def test_refusals_are_located(f, words):
    with pytest.raises(S2sadError) as err:
        s2sad.grad(f)(M0.copy())
    msg = str(err.value)
    assert "line" in msg and words in msg, msg


def test_a_method_of_an_object_built_at_once_is_inlined():
    """Refused before ("anomaly"); the object gets a name first (local_objects)."""
    check_grad(object_built_inside, M0.copy())


def test_super_in_a_method_of_a_global_object_is_the_parents_method():
    """Refused before ("super"); frontend/super_calls.py binds the parent's method to CHILD."""
    check_grad(calls_super, M0.copy())
