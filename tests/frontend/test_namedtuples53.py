"""A local namedtuple looped over, spread or read by ``_asdict()`` (frontend/namedtuples.py), and
the record writes that stay refused.

On main ``s = V(x[0], x[1])`` then ``for f in s``, ``np.hypot(*s)`` or ``s._asdict()["p"]`` was
refused (NoDerivativeError / UnsupportedSyntaxError: the local was left an object), though the
tuple it is was followed in each of those reads. They are now reads of the tuple, as Python's
are (a namedtuple iterates and spreads its fields in order; its own ``_asdict`` is the dict of its
fields). Writing into an array a namedtuple's field holds (``s.p[0] += v``) stays refused at its
line; a helper mutating a dataclass built in the function is followed since stop 54
(frontend/record_mutators.py)."""
from collections import namedtuple
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_jvp

V = namedtuple("V", "p q")
W = namedtuple("W", "p c")


class Typed(NamedTuple):
    p: float
    q: float = 2.0


class OwnAsdict(namedtuple("OwnAsdict", "p q")):
    def _asdict(self):
        return {"p": self.q, "q": self.p}


@dataclass
class St:
    v: float
    p: float


X = np.array([0.3, 1.5, -0.2])
T = np.array([0.4, -1.3, 0.7])


def looped(x):
    s = V(x[0], x[1] * 2.0)
    t = 0.0
    for f in s:
        t += f ** 2 * x[2]
    return t


def comprehension(x):
    s = Typed(x[0] * x[1])
    return sum([f * np.sin(f) for f in s])


def spread(x):
    s = V(x[0], x[1])
    return np.hypot(*s) + np.arctan2(*s)


def spread_in_display(x):
    s = V(x[0], x[2])
    return np.sum(np.array([*s, x[1]]) ** 2)


def as_dict(x):
    s = V(x[0], x[1] ** 2)
    d = s._asdict()
    return d["p"] * d["q"] + x[2] * len(d)


def as_dict_typed(x):
    d = Typed(x[0], q=x[1])._asdict()
    return np.exp(d["p"]) * d["q"]


def own_asdict(x):
    s = OwnAsdict(x[0], x[1])
    return s._asdict()["p"]


def field_write(x):
    s = W(x * 1.0, 2.0)
    s.p[0] += s.c * x[1]
    return np.sum(s.p ** 2)


def step(st, h):
    st.v += h * st.p
    st.p = st.p + 0.1 * st.v


def mutating_helper(x):
    st = St(x[0], x[1])
    for _ in range(3):
        step(st, x[2])
    return st.p * st.v


LIFTED = [looped, comprehension, spread, spread_in_display, as_dict, as_dict_typed]


@pytest.mark.parametrize("fn", LIFTED, ids=lambda f: f.__name__)
def test_a_namedtuple_read_as_the_tuple_it_is(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


@pytest.mark.parametrize("fn", [looped, spread, as_dict], ids=lambda f: f.__name__)
def test_against_autograd(fn):
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [looped, spread_in_display, as_dict], ids=lambda f: f.__name__)
def test_a_namedtuple_read_as_the_tuple_it_is_jit(fn):
    check_grad(fn, X.copy(), jit=True)
    check_jvp(fn, X.copy(), tangent=T, jit=True)


def test_a_class_with_its_own_asdict_is_not_rewritten():
    """``OwnAsdict._asdict`` swaps the fields: reading it as the namedtuple's would give d/dx[0]."""
    with pytest.raises(s2sad.S2sadError, match=r"(?s)test_namedtuples53.py.*line \d+"):
        g = s2sad.grad(own_asdict)(X.copy())
        np.testing.assert_allclose(g, [0.0, 1.0, 0.0])    # if ever followed, it must be right


def test_a_helper_mutating_a_local_dataclass_is_followed():      # refused until stop 54
    check_grad(mutating_helper, X.copy())
    check_jvp(mutating_helper, X.copy(), tangent=X[::-1].copy())


def test_record_field_write_is_followed():
    # refused here until objects55: a namedtuple whose field's array is written into is now its
    # fields as variables (frontend/namedtuples._as_variables)
    x = X.copy()
    check_grad(field_write, x)
    check_jvp(field_write, x, tangent=T)
    np.testing.assert_array_equal(x, X)
