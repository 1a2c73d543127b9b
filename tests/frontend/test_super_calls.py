"""frontend/super_calls.py: ``super().m(x)`` in a method whose object s2sad holds (a bound method
differentiated, a method inlined) is the parent's method bound to that object, inlined; what
cannot be resolved without running code stays refused."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


class Base:
    def __init__(self):
        self.k = 2.0

    def energy(self, x):
        return self.k * np.sum(x ** 2)


class Middle(Base):
    def energy(self, x):
        return super().energy(x) + np.sum(np.sin(x))


class Child(Middle):
    def __init__(self):
        super().__init__()
        self.c = 0.5

    def energy(self, x):
        return super().energy(x) * self.c + np.prod(x)     # Middle's, which calls Base's

    def loss(self, x):
        return self.energy(x) * 2.0


X = np.array([0.3, -0.2, 0.7])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_super_calls_are_the_parents_methods(jit):
    """Refused before ("... nor `super()`")."""
    m = Child()
    check_grad(m.energy, X, jit=jit)      # the method differentiated
    check_grad(m.loss, X, jit=jit)        # a method it calls, inlined
    check_grad(Middle().energy, X, jit=jit)


def test_forward_mode():
    check_jvp(Child().loss, X, tangent=np.array([1.0, -0.5, 2.0]))


class WithProperty(Base):
    @property
    def scale(self):
        return 3.0


class ReadsAParentProperty(WithProperty):
    def energy(self, x):
        return super().scale * np.sum(x)


class CallsAStatic(Base):
    @staticmethod
    def twice(x):
        return 2.0 * x


class Sub(CallsAStatic):
    def energy(self, x):
        return np.sum(super().twice(x))


@pytest.mark.parametrize("m", [ReadsAParentProperty(), Sub()])
def test_what_is_not_a_parents_plain_method_stays_refused(m):
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(m.energy)(X)
