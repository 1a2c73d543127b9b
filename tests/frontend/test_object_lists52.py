"""A list of objects built in the function and looped over (frontend/object_lists.py).

On main ``springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]`` then ``sum(s.energy(x[3]) for s in
springs)`` was refused ("the method call `.energy()` on one of your own objects"), and so was a
list of namedtuples or dataclass records read by their fields in a loop: each object is followed
only when a name of its own holds it. Such a list is now unrolled, each item bound to a name, each
loop over it repeated once per item."""
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

Pair = namedtuple("Pair", "a b")


@dataclass
class Rec:
    a: float
    b: float


class Spring:
    def __init__(self, k, rest):
        self.k = k
        self.rest = rest

    def energy(self, x):
        return 0.5 * self.k * (x - self.rest) ** 2


class Mass:
    def __init__(self, m):
        self.m = m
        self.v = 0.0

    def kick(self, f, dt):
        self.v = self.v + dt * f / self.m


def springs_summed(x):
    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]
    return sum(s.energy(x[3]) for s in springs)


def springs_in_a_for(x):
    springs = (Spring(x[0], x[1]), Spring(x[2], 0.5), Spring(1.0, x[3]))
    e = 0.0
    for s in springs:
        e = e + s.energy(x[3]) * s.k
    return e


def springs_listcomp(x):
    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]
    es = [s.energy(x[3]) for s in springs]
    return es[0] * es[1]


def masses_kicked(x):
    masses = [Mass(x[0] + 1.0), Mass(2.0)]
    for m in masses:
        m.kick(x[1] * x[2], 0.1)
    return sum(m.v * m.m for m in masses) + x[3]


def namedtuples_summed(x):
    ps = [Pair(x[0], x[1]), Pair(x[2], x[3])]
    return sum(p.a * p.b for p in ps)


def dataclasses_in_a_for(x):
    ps = [Rec(x[0], x[1]), Rec(x[2], x[3])]
    t = 0.0
    for p in ps:
        t = t + np.sin(p.a) * p.b
    return t


def loop_name_read_after(x):
    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]
    e = 0.0
    for s in springs:
        e = e + s.energy(x[3])
    return e * s.k


X = np.array([0.3, 0.7, 1.3, 0.9])
LIFTED = [springs_summed, springs_in_a_for, springs_listcomp, masses_kicked, namedtuples_summed,
          dataclasses_in_a_for]


@pytest.mark.parametrize("fn", LIFTED, ids=lambda f: f.__name__)
def test_a_list_of_objects_looped_over(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=np.array([0.5, -1.1, 0.2, 0.8]))
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [springs_summed, masses_kicked], ids=lambda f: f.__name__)
def test_a_list_of_objects_looped_over_jit(fn):
    check_grad(fn, X.copy(), jit=True)


def test_a_loop_name_read_after_the_loop_stays_refused_at_its_line():
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_object_lists52.py.*line \d+"):
        s2sad.grad(loop_name_read_after)(X.copy())
