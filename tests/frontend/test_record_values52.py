"""Records no name holds (frontend/record_values.py) and namedtuple classes made in the function
(frontend/local_namedtuples.py).

On main a record built inline as a helper's argument, ``rebind(State(x[0], x[1]))``, was refused
in the helper ("the attribute `.p` of a local value"), a helper's returned record only indexed,
``step(s)[0]``, got "no derivative rule for `State`", and ``P = namedtuple("P", ...)`` inside the
function was refused at ``p.a``. Each record now gets a name before its statement (what Python
evaluates before it named first, in order), and a local namedtuple class is the class it makes."""
import collections
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

State = namedtuple("State", ["p", "v"])


@dataclass
class Body:
    p: float
    v: float


def energy(s):
    return s.p * s.v + s.p ** 2


def body_energy(b):
    return b.p * np.sin(b.v)


def step(s):
    return State(s.p + 0.1 * s.v, s.v - 0.1 * s.p)


def body_step(b, dt):
    return Body(b.p + dt * b.v, b.v - dt * np.tanh(b.p))


def push(c, a):
    c.append(a)
    return 2.0 * a


def inline_argument(x):
    return energy(State(x[0], x[1])) + x[2] * energy(State(v=x[3], p=x[0] * x[2]))


def inline_dataclass_argument(x):
    return body_energy(Body(x[0], x[1] * x[2])) * x[3]


def helper_result_indexed(x):
    s = State(x[0], x[1])
    return step(s)[0] * step(step(s))[1] + x[2] * step(s)[-1]


def helper_result_field(x):
    b = Body(x[0], x[1])
    return x[2] * body_step(b, 0.1).p + body_step(body_step(b, 0.2), 0.1).v * x[3]


def inline_then_indexed(x):
    return energy(step(State(x[0] * x[2], x[1]))) + step(State(x[3], x[0]))[1]


def indexed_in_a_loop(x):
    s = State(x[0], x[1])
    acc = 0.0
    for _ in range(3):
        acc = acc + x[2] * step(s)[1]
        s = step(s)
    return acc + s.p


def evaluated_in_order(x):
    L = [x[0], x[1]]
    v = push(L, x[2] * x[1]) + energy(State(L[-1], x[3]))      # L[-1] read after the push
    w = L[-1] * energy(State(x[0], x[3])) + push(L, x[2]) * L[-1]
    return v + w


def local_class(x):
    P = namedtuple("P", ["a", "b"])
    p = P(x[0], x[1])
    return p.a * p.b + np.cos(p.a) * x[2]


def local_class_from_a_string(x):
    P = collections.namedtuple("P", "a b c")
    p = P(x[0], c=x[2], b=x[1])
    q = P(p.c * p.a, p.b, 2.0)
    return p.a * q.b + q.a ** 2 + q.c * x[3]


def local_class_passed_out(x):
    P = namedtuple("P", ["a", "b"])
    p = P(x[0], x[1])
    return p.a * len(p)


X = np.array([0.3, 0.7, 1.3, 0.9])
T = np.array([0.5, -1.1, 0.2, 0.8])
LIFTED = [inline_argument, inline_dataclass_argument, helper_result_indexed, helper_result_field,
          inline_then_indexed, indexed_in_a_loop, evaluated_in_order, local_class, local_class_from_a_string]


@pytest.mark.parametrize("fn", LIFTED, ids=lambda f: f.__name__)
def test_unnamed_records_are_followed(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


@pytest.mark.parametrize("fn", [inline_argument, helper_result_indexed, local_class],
                         ids=lambda f: f.__name__)
def test_unnamed_records_against_autograd(fn):
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [inline_then_indexed, evaluated_in_order, local_class_from_a_string],
                         ids=lambda f: f.__name__)
def test_unnamed_records_jit(fn):
    check_grad(fn, X.copy(), jit=True)


def test_a_local_class_used_otherwise_stays_refused_at_its_line():
    with pytest.raises(s2sad.S2sadError, match=r"(?s)test_record_values52.py.*line \d+"):
        s2sad.grad(local_class_passed_out)(X.copy())


def test_a_conditional_argument_is_not_named():
    def chosen(x):
        return energy(State(x[0], x[1])) if x[2] > 0 else 0.0
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)line \d+.*attribute `\.p`"):
        s2sad.grad(chosen)(X.copy())
