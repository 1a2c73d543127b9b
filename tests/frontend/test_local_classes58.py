"""A class defined inside the differentiated function (``frontend/local_classes.py``). On the
base (16df0a4) every ``class`` statement in the function was refused ("a class definition");
a holder class that reads only the module's names is now made once, as the module would make
it, and followed as a class of the module (its objects as variables, a dataclass as a tuple).
Each form: gradient against central differences and autograd, jvp, jit; the forms it does not
take keep a located refusal, whose advice now names what to write."""
import autograd.numpy as anp
import numpy as np
import pytest
from dataclasses import dataclass

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 1.2, -0.7, 2.0])
T = np.array([0.4, -0.2, 0.5, 0.1])
SCALE = 2.0


def holder(x):
    class Holder:
        def __init__(self, v):
            self.v = v
    h = Holder(x * 2)
    return np.sum(h.v ** 2)


def with_methods(x):
    class Spring:
        """A spring."""
        unit: str = "N"

        def __init__(self, k, x0):
            self.k = k
            self.x0 = x0

        def energy(self, v):
            return 0.5 * self.k * np.sum((v - self.x0) ** 2) * SCALE
    s = Spring(x[0], 0.5)
    return s.energy(x)


def a_dataclass(x):
    @dataclass
    class Pair:
        a: float
        b: float
    p = Pair(x[0], x[1] * 2)
    return p.a * p.b + x[2]


def two_instances_called(x):
    class Lin:
        def __init__(self, w, b):
            self.w = w
            self.b = b

        def __call__(self, v):
            return self.w * np.sin(v) + self.b
    a = Lin(x[0], 1.0)
    b = Lin(2.0, x[1])
    return a(x[2]) * b(x[3])


def same_name_as_a_global(x):
    class Holder:      # shadows the module's `Holder` below: the local one is used
        def __init__(self, v):
            self.v = -v
    return np.sum(Holder(x).v * x)


class Holder:
    def __init__(self, v):
        self.v = v


class Base:
    def __init__(self, w):
        self.w = w

    def value(self, v):
        return self.w * v


def property_super_and_private(x):
    class H:
        def __init__(self, v):
            self.__v = v

        @property
        def total(self):
            return np.sum(self.__v ** 2)

    class Child(Base):
        def __init__(self, w, b):
            super().__init__(w)
            self.b = b

        def value(self, v):
            return super().value(v) + self.b
    c = Child(x[0], x[1])
    return c.value(x[2]) * x[3] + H(x).total


REFERENCES = {
    holder: lambda x: anp.sum((x * 2) ** 2),
    with_methods: lambda x: 0.5 * x[0] * anp.sum((x - 0.5) ** 2) * SCALE,
    a_dataclass: lambda x: x[0] * x[1] * 2 + x[2],
    two_instances_called: lambda x: (x[0] * anp.sin(x[2]) + 1.0) * (2.0 * anp.sin(x[3]) + x[1]),
    same_name_as_a_global: lambda x: -anp.sum(x * x),
    property_super_and_private: lambda x: (x[0] * x[2] + x[1]) * x[3] + anp.sum(x ** 2),
}


@pytest.mark.parametrize("f", list(REFERENCES), ids=lambda f: f.__name__)
def test_against_differences_autograd_and_jvp(f):
    check_grad(f, X, reference=REFERENCES[f])
    check_jvp(f, X, tangent=T)


@pytest.mark.jit
@pytest.mark.parametrize("f", [with_methods, two_instances_called], ids=lambda f: f.__name__)
def test_jit_equals_python(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)


def reads_a_local(x):
    c = 3.0
    class H:
        def __init__(self, v):
            self.v = v * c
    return np.sum(H(x).v)


def used_as_a_value(x):
    class H:
        def __init__(self, v):
            self.v = v
    k = H
    return np.sum(k(x).v)


def runs_code_in_its_body(x):
    class H:
        table = [1.0, 2.0]

        def __init__(self, v):
            self.v = v
    return np.sum(H(x).v)


def called_before_defined(x):
    if x[0] > 5.0:
        return np.sum(H(x).v)      # noqa: F821 (Python: UnboundLocalError)
    class H:
        def __init__(self, v):
            self.v = v
    return np.sum(x)


@pytest.mark.parametrize("f", [reads_a_local, used_as_a_value, runs_code_in_its_body, called_before_defined],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_other_classes_stay_refused_located(f, mode):
    with pytest.raises(s2sad.UnsupportedSyntaxError,
                       match=r"(?s)test_local_classes58.py\", line \d+.*class definition.*Define the class at module"):
        s2sad.grad(f)(X) if mode == "grad" else s2sad.jvp(f)(X, T)


def returned(x):
    class H:
        def __init__(self, v):
            self.v = v
    return H(x)


def test_an_object_not_followed_is_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"test_local_classes58.py\", line \d+"):
        s2sad.grad(returned)(X)
