"""A write into an array a tuple holds, where no one binding of the tuple reaches the write (fuzz56,
issue 8): the tuple rebound round a loop (a namedtuple stepped by ``_replace`` or its constructor,
as ODE code does), rebound in a branch, or an item of a list of tuples read by a ``for``. The alias
stage's write-back ``s[0] = t`` went into the tuple and the derivative code raised TypeError
('tuple' object does not support item assignment, reported as "s2sad has a bug"); it is now refused
at the user's line, as the straight-line form already was, in grad, jvp and hvp. Writes into a
namedtuple bound once (``test_namedtuple_field_writes55``) and loops that only rebind stay exact."""
import collections

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

State = collections.namedtuple("State", ["p", "v"])
X = np.array([0.3, 1.2, -0.7, 0.45])
T = np.array([0.5, -1.0, 0.25, 2.0])


def replace_in_loop(x):
    s = State(x * 1.0, x * 2.0)
    for k in range(3):
        s.p[k] += 0.1 * s.v[k]
        s = s._replace(v=s.v * 0.5 + s.p)
    return np.sum(s.p * s.v)


def constructor_in_loop(x):
    s = State(x * 1.0, x * 2.0)
    for k in range(3):
        s.p[k] += 0.1 * s.v[k]
        s = State(s.p, s.v * 0.5)
    return np.sum(s.p * s.v)


def plain_tuple_in_loop(x):
    s = (x * 1.0, x * 2.0)
    for k in range(3):
        s[0][k] += 0.1 * s[1][k]
        s = (s[0], s[1] * 0.5)
    return np.sum(s[0] * s[1])


def tuple_rebound_in_branch(x):
    s = (x * 1.0, x * 2.0)
    if x[0] > 0:
        s = (x * 3.0, x)
    s[0][1] += 1.0
    return np.sum(s[0] * s[1])


def loop_over_list_of_tuples(x):
    pairs = [(x * 1.0, x * 2.0), (x * 3.0, x * 4.0)]
    t = 0.0
    for s in pairs:
        s[0][1] += s[1][2]
        t += np.sum(s[0] ** 2)
    return t


REFUSED = [(replace_in_loop, "s.p[k] += 0.1 * s.v[k]"), (constructor_in_loop, "s.p[k] += 0.1 * s.v[k]"),
           (plain_tuple_in_loop, "s[0][k] += 0.1 * s[1][k]"), (tuple_rebound_in_branch, "s[0][1] += 1.0"),
           (loop_over_list_of_tuples, "s[0][1] += s[1][2]")]


@pytest.mark.parametrize("f, line", REFUSED, ids=[f.__name__ for f, _ in REFUSED])
def test_a_write_into_a_tuples_array_is_refused_at_its_line(f, line):
    modes = ((s2sad.grad, ()), (s2sad.jvp, (T,))) + (((s2sad.hvp, (T,)),) if f is replace_in_loop else ())
    for make, extra in modes:
        with pytest.raises(UnsupportedSyntaxError) as err:
            make(f)(X.copy(), *extra)
        assert line in str(err.value) and "held by the tuple `s`" in str(err.value), str(err.value)


def rebind_only_in_loop(x):
    s = State(x * 1.0, x * 2.0)
    for _ in range(3):
        s = s._replace(v=s.v * 0.5 + s.p)
    return np.sum(s.p * s.v)


def write_without_rebinding(x):
    s = State(x * 1.0, x * 2.0)
    for k in range(3):
        s.p[k] += 0.1 * s.v[k] * s.p[k]
    return np.sum(s.p * s.v)


def list_of_copies(x):
    rows = [x * 1.0, x * 2.0]
    t = 0.0
    for r in rows:
        r[1] += r[2]
        t += np.sum(r ** 2)
    return t


@pytest.mark.parametrize("f", [rebind_only_in_loop, write_without_rebinding, list_of_copies], ids=lambda f: f.__name__)
def test_neighbours_stay_exact(f):
    check_grad(f, X.copy())
    check_jvp(f, X.copy(), tangent=T)
