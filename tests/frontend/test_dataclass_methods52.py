"""A dataclass built in the function whose method rebinds its fields (frontend/record_reads.py
leaves it to frontend/local_objects.py).

On main ``b = Body(x[0], x[1]); b.step(-b.x, 0.1)`` with ``def step(self, a, dt): self.v =
self.v + dt * a; ...`` was refused ("a method or property not inlined"): a dataclass built in the
function was taken for a record (the tuple of its fields), whose methods are inlined only when
they are one ``return <expression>``. Such an object is now left to the stage that follows the
objects of the user's classes as sets of variables, whose methods may rebind attributes; what
that stage cannot follow stays refused there, located."""
from dataclasses import dataclass, field

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_against_autograd, check_grad, check_jvp


@dataclass
class Body:
    x: float
    v: float

    def step(self, a, dt):
        self.v = self.v + dt * a
        self.x = self.x + dt * self.v

    def energy(self):
        return 0.5 * self.v ** 2 + 0.5 * self.x ** 2


@dataclass
class Acc:
    total: float = 0.0

    def add(self, v):
        self.total = self.total + v
        return self.total


@dataclass
class Hist:
    xs: list = field(default_factory=list)

    def push(self, v):
        self.xs.append(v)


@dataclass(frozen=True)
class Spring:
    k: float
    length: float

    def energy(self, x):
        d = x - self.length
        return 0.5 * self.k * d * d


def symplectic(x):
    b = Body(x[0], x[1])
    for _ in range(3):
        b.step(-b.x * x[2], 0.1)
    return b.x * b.v + b.energy()


def accumulated(x):
    a = Acc()
    s = 0.0
    for i in range(3):
        s = s + a.add(x[i] ** 2)
    return s * a.total


def pushed(x):
    h = Hist()
    for i in range(3):
        h.push(x[i] * x[3])
    return h.xs[0] * h.xs[2] + h.xs[1]


def energy_of(b):
    return b.x * b.v


def mutated_then_passed(x):
    b = Body(x[0], x[1])
    b.step(x[2], 0.1)
    return energy_of(b)


def frozen_statements(x):
    s = Spring(x[0], x[1])
    return s.energy(x[2]) + s.k


X = np.array([0.3, 0.7, 1.3, 0.9])


@pytest.mark.parametrize("fn", [symplectic, accumulated, pushed], ids=lambda f: f.__name__)
def test_a_dataclass_method_rebinding_its_fields(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=np.array([0.5, -1.1, 0.2, 0.8]))
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [symplectic, accumulated], ids=lambda f: f.__name__)
def test_a_dataclass_method_rebinding_its_fields_jit(fn):
    check_grad(fn, X.copy(), jit=True)


@pytest.mark.parametrize("fn", [mutated_then_passed, frozen_statements], ids=lambda f: f.__name__)
def test_what_neither_stage_follows_stays_refused_at_its_line(fn):
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_dataclass_methods52.py.*line \d+"):
        s2sad.grad(fn)(X.copy())
