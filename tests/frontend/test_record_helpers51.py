"""A namedtuple or dataclass state passed to a helper that returns a new one
(frontend/record_helpers.py).

On main the state of a loop written ``s = step(s, dt)``, with ``def step(s, dt): return
State(...)``, was refused as "the attribute `.pos` of a local value" (the commonest refusal of
loop-heavy code): a record was followed only when built in the function and read by its fields.
The class a local holds is now found through the helpers, and the record crosses the call as the
tuple of its fields. A helper that reads its record otherwise, or returns something else where
the caller expects a record, is refused at its line."""
import dataclasses
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp
from tests.exact_modes import check_checkpointed, check_modes

State = namedtuple("State", "pos vel")


@dataclass(frozen=True)
class Frozen:
    pos: float
    vel: float


@dataclass
class Plain:
    pos: float
    vel: float


def step_nt(s, dt):
    return State(s.pos + dt * s.vel, s.vel - dt * s.pos)


def step_frozen(s, dt):
    return Frozen(s.pos + dt * s.vel, s.vel - dt * s.pos)


def step_plain(s, dt):
    return Plain(pos=s.pos + dt * s.vel, vel=s.vel - dt * s.pos)


def leapfrog_nt(x):
    s = State(x[0], x[1])
    for _ in range(5):
        s = step_nt(s, 0.1)
    return s.pos ** 2 + s.vel


def leapfrog_frozen(x):
    s = Frozen(x[0], x[1])
    for _ in range(5):
        s = step_frozen(s, 0.1)
    return s.pos ** 2 + s.vel


def leapfrog_plain(x):
    s = Plain(x[0], x[1])
    for _ in range(5):
        s = step_plain(s, 0.1)
    return s.pos ** 2 + s.vel


def drift(s, dt):
    return s._replace(pos=s.pos + dt * s.vel)


def kick(s, dt):
    return dataclasses.replace(s, vel=s.vel - dt * np.sin(s.pos))


def replaced_nt(x):
    s = State(x[0], x[1])
    for _ in range(4):
        s = drift(s, 0.2)
        s = s._replace(vel=s.vel * 0.9)
    return s.pos * s.vel


def replaced_dataclass(x):
    s = Frozen(x[0], x[1])
    for _ in range(4):
        s = kick(s, 0.2)
        s = step_frozen(s, 0.1)
    return s.pos * s.vel


def step_arrays(s, dt):
    return State(s.pos + dt * s.vel, s.vel - dt * np.tanh(s.pos))


def array_fields(x):
    s = State(x[:2] * 1.0, x[2:] * 0.5)
    for _ in range(3):
        s = step_arrays(s, 0.1)
    return np.sum(s.pos ** 2) + np.sum(s.vel * s.pos)


def on_one_branch(x):
    s = State(x[0], x[1])
    if x[3] > 0.0:
        s = step_nt(s, 0.3)
    return s.pos * s.vel + x[2]


def make(a, b):
    return Frozen(a * 2.0, b)


def energy(s):
    return 0.5 * s.vel ** 2 + 0.5 * s.pos ** 2


def built_and_read_by_helpers(x):
    s = make(x[0], x[1])
    for _ in range(3):
        s = step_frozen(s, 0.05)
    return energy(s) * x[2]


PROGRAMS = [leapfrog_nt, leapfrog_frozen, leapfrog_plain, replaced_nt, replaced_dataclass, array_fields,
            on_one_branch, built_and_read_by_helpers]
X = np.array([0.3, -0.7, 0.5, 1.1])
V = np.array([0.2, 0.5, -0.4, 0.3])


@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("f", PROGRAMS)
def test_a_record_through_helpers(f, sign):
    x = X * np.array([1.0, 1.0, 1.0, sign])
    assert s2sad.value_and_grad(f)(x)[0] == pytest.approx(f(x), rel=1e-14)
    check_modes(f, x, V, autograd=False)
    check_checkpointed(f, x)


@pytest.mark.parametrize("f", [leapfrog_nt, leapfrog_frozen, array_fields, replaced_dataclass])
def test_under_jit(f):
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def peek(s):
    return s.pos * len(s)


def read_whole(x):
    s = Frozen(x[0], x[1])
    return peek(s)


def maybe(s, c):
    if c > 0.0:
        return Frozen(s.pos * 2.0, s.vel)
    return (s.pos, s.vel)


def returns_another_value(x):
    s = Frozen(x[0], x[1])
    s = maybe(s, x[2])
    return s.pos * s.vel


@pytest.mark.parametrize("f, where, what", [
    (read_whole, "in peek", "parameter `s` of `peek` used otherwise than by reading its fields"),
    (returns_another_value, "in returns_another_value", "attribute `.pos` of a local value"),
])
def test_refused_at_the_line(f, where, what):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(f)(X.copy())
    assert where in str(e.value) and what in str(e.value)
