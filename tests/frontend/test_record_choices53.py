"""A record bound by a conditional expression (frontend/record_choices.py):
`s = Pair(x, y) if c else Pair(y, x)` was refused on main ("the attribute `.p` of a local value")
where the same choice written as `if c: s = ... else: s = ...` was followed. It is now written as
that `if`. Two record classes, or a branch that is no record, are still refused at their line."""
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

Pair = namedtuple("Pair", "p q")
Other = namedtuple("Other", "q p")


@dataclass
class DPair:
    p: float
    q: float


def make(a, b):
    return Pair(a * b, b)


def namedtuple_choice(v):
    s = Pair(v[0], v[1]) if v[2] > 0 else Pair(v[1], v[0])
    return s.p * s.q ** 2


def indexed_choice(v):
    s = Pair(v[0], np.sin(v[1])) if v[2] > 0 else Pair(v[1], v[0])
    return s[0] * s.q ** 2 + s[1]


def dataclass_choice(v):
    s = DPair(v[0], v[1]) if v[2] > 0 else DPair(v[1] * 2.0, v[0])
    return s.p * s.q ** 2


def nested_choice(v):
    s = Pair(v[0], v[1]) if v[2] > 1.0 else make(v[1], v[0]) if v[2] > 0 else Pair(v[2], v[2])
    return s.p * s.q


def in_a_loop(v):
    acc = 0.0
    for i in range(3):
        s = Pair(v[i], v[0]) if v[i] > 0.5 else Pair(v[0], v[i] ** 2)
        acc = acc + s.p * s.q
    return acc


def inline_read(v):
    return Pair(v[0] * 2.0, v[1]).p * v[2] + Pair(q=v[0], p=v[1]).q     # followed since stop 52


PROGRAMS = [namedtuple_choice, indexed_choice, dataclass_choice, nested_choice, in_a_loop, inline_read]
POINTS = [np.array([0.3, 0.7, 1.1]), np.array([0.8, 0.2, -0.4]), np.array([0.6, 0.9, 1.7])]


@pytest.mark.parametrize("f", PROGRAMS)
@pytest.mark.parametrize("k", range(3))
def test_records_chosen_by_a_condition(f, k):
    x = POINTS[k]
    value, _ = s2sad.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-14)
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([0.4, -1.0, 0.25]))


@pytest.mark.parametrize("f", [namedtuple_choice, dataclass_choice])
def test_under_jit(f):
    for x in POINTS[:2]:
        check_grad(f, x, jit=True)


def two_classes(v):
    s = Pair(v[0], v[1]) if v[2] > 0 else Other(v[1], v[0])
    return s.p * s.q


def not_a_record(v):
    s = Pair(v[0], v[1]) if v[2] > 0 else (v[1], v[0])
    return s.p * s[1]


@pytest.mark.parametrize("f", [two_classes, not_a_record])
def test_still_refused_at_the_line(f):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(f)(POINTS[0])
    assert "test_record_choices53.py" in str(err.value)
    assert f"line {f.__code__.co_firstlineno + 2}, column 12" in str(err.value)
