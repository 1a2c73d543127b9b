"""A module-global list or tuple of the user's objects (frontend/global_object_lists.py).

On main ``SPRINGS = [Spring(1.0, 2.0), Spring(3.0, 0.5)]`` (a module's list) then
``sum(s.energy(x[0]) for s in SPRINGS)`` was refused ("the method call `.energy()` on one of
your own objects"), and so were a global list of dataclass records read by attribute, a list
mixing two namedtuple classes, and ``SPRINGS[0].energy(x)``: only a global object a name of its
own holds was followed. Each item is now such an object, held by a cell of the function's; the
guard checks, at each call, that the list holds the very same objects (by identity), and their
attributes are read afresh at each call."""
import sys
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.scopes import Origin, same_items
from s2sad.testing import check_against_autograd, check_grad, check_jvp, numeric_grad


class Spring:
    """A Morse bond: depth ``k``, equilibrium length ``rest``, width 1.5."""

    def __init__(self, k, rest):
        self.k, self.rest = k, rest
        self.width = 1.5

    def energy(self, r):
        return self.k * (1.0 - np.exp(-self.width * (r - self.rest))) ** 2


@dataclass
class Dose:
    time: float
    amount: float


P = namedtuple("P", "a b")
Q = namedtuple("Q", "b a c")         # the same fields, in another order, and one more

SPRINGS = [Spring(1.0, 2.0), Spring(3.0, 0.5)]
DOSES = [Dose(0.0, 1.0), Dose(2.0, 0.5)]
TERMS = (Dose(2.0, 2.0), Dose(-1.0, 3.0), Dose(0.5, 1.0))
MIXED = [P(1.0, 2.0), Q(3.0, 0.5, 1.0)]
MANY = [Spring(1.0, 0.1 * i) for i in range(40)]
X = np.array([0.3, 1.5, -0.2])
T = np.array([0.4, -1.3, 0.7])
HERE = sys.modules[__name__]


def springs_summed(x):
    return sum(s.energy(x[0]) for s in SPRINGS) * x[1]


def springs_loop(x):
    e = 0.0
    for s in SPRINGS:
        e += s.k * (x[0] - s.rest) ** 2 * x[1]
    return e


def doses(x):
    c = 0.0
    for d in DOSES:
        c = c + d.amount * np.exp(-x[0] * (6.0 - d.time))
    return c * x[1]


def terms_max_and_list(x):
    return max(t.time * x[0] ** 2 + t.amount for t in TERMS) + sum([t.time * x[1] for t in TERMS])


def mixed(x):
    c = 0.0
    for m in MIXED:
        c = c + m.a * x[0] ** 2 + m.b * x[1]
    return c


def by_index(x):
    return SPRINGS[0].energy(x[0]) + SPRINGS[-1].k * x[1] ** 2 * len(SPRINGS) + sum(d.time * x[2] for d in TERMS)


def enumerated(x):
    e = 0.0
    for i, s in enumerate(SPRINGS):
        e += (i + 1.0) * s.energy(x[i])
    return e + sum([j * t.amount * x[2] for j, t in enumerate(TERMS)])


def enumerated_local(x):
    """A local list (frontend/object_lists.py) over ``enumerate``: the same unrolling."""
    bonds = [Spring(x[0], 1.0), Spring(2.0, x[1])]
    e = 0.0
    for i, b in enumerate(bonds):
        e += b.energy(x[i + 1]) * (i + 0.5)
    return e


def index_read_after(x):
    e = 0.0
    for i, s in enumerate(SPRINGS):
        e += s.k * x[i]
    return e * i


def too_many(x):
    return sum(s.energy(x[0]) for s in MANY)


def _push():
    SPRINGS.append(Spring(5.0, 1.0))


def a_helper_changes_it(x):
    _push()
    return sum(s.energy(x[0]) for s in SPRINGS)


def pairwise(x):
    e = 0.0
    for a in TERMS:
        for b in TERMS:
            e += a.time * b.amount * x[0]
    return e


LIFTED = [springs_summed, springs_loop, doses, terms_max_and_list, mixed, by_index, enumerated, enumerated_local,
          pairwise]      # pairwise: nested loops over one list, lifted by lists54 (frontend/item_loops.py)


@pytest.mark.parametrize("fn", LIFTED, ids=lambda f: f.__name__)
def test_a_global_list_of_objects(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [springs_summed, mixed, by_index, enumerated], ids=lambda f: f.__name__)
def test_a_global_list_of_objects_jit(fn):
    check_grad(fn, X.copy(), jit=True)
    check_jvp(fn, X.copy(), tangent=T, jit=True)


def _right(g, fn):
    value, grad = g(X.copy())
    assert value == pytest.approx(fn(X.copy()), rel=1e-12)
    np.testing.assert_allclose(grad, numeric_grad(fn, [X.copy()], 0), rtol=1e-6, atol=1e-9)


CHANGES = {
    "attribute": lambda: setattr(SPRINGS[0], "k", 7.0),
    "item": lambda: SPRINGS.__setitem__(1, Spring(2.0, 9.0)),
    "append": lambda: SPRINGS.append(Spring(4.0, 1.0)),
    "pop": lambda: SPRINGS.pop(),
    "rebound": lambda: setattr(HERE, "SPRINGS", [Spring(0.5, 0.5)]),
}


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_gradient_sees_the_list_as_it_is_at_each_call(change, jit, monkeypatch):
    monkeypatch.setattr(HERE, "SPRINGS", [Spring(1.0, 2.0), Spring(3.0, 0.5)])
    g = s2sad.value_and_grad(springs_summed, jit=jit)
    _right(g, springs_summed)
    CHANGES[change]()
    _right(g, springs_summed)


@pytest.mark.parametrize("jit", [False, True])
def test_an_equal_dataclass_put_in_its_place_is_another_object(jit, monkeypatch):
    """``Dose(0.0, 1.0) == DOSES[0]``, but it is another object: the adjoint must read the new
    one's fields, changed after (a guard comparing items by ``==`` would keep the old cell)."""
    monkeypatch.setattr(HERE, "DOSES", [Dose(0.0, 1.0), Dose(2.0, 0.5)])
    g = s2sad.value_and_grad(doses, jit=jit)
    _right(g, doses)
    DOSES[0] = Dose(0.0, 1.0)
    DOSES[0].amount = 4.0
    _right(g, doses)


def test_mixed_classes_reordered_in_place(monkeypatch):
    monkeypatch.setattr(HERE, "MIXED", [P(1.0, 2.0), Q(3.0, 0.5, 1.0)])
    g = s2sad.value_and_grad(mixed)
    _right(g, mixed)
    MIXED.reverse()
    _right(g, mixed)


def test_same_items_by_identity():
    a, b = Dose(1.0, 2.0), Dose(1.0, 2.0)
    origin = Origin("global", {"L": [a]}, "L")
    assert same_items(origin, (list, (a,), "is"))
    assert not same_items(origin, (list, (b,), "is"))       # equal, not the same object
    assert same_items(origin, (list, (b,)))                 # constants compare by ==


@pytest.mark.parametrize("fn, line", [(too_many, "for s in MANY"), (a_helper_changes_it, "for s in SPRINGS"),
                                      (index_read_after, r"s\.k \* x\[i\]")],
                         ids=["too_many", "helper_changes", "index_read_after"])
def test_still_refused_at_its_line(fn, line, monkeypatch):
    monkeypatch.setattr(HERE, "SPRINGS", [Spring(1.0, 2.0)])
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_global_object_lists53.py.*line \d+.*" + line):
        s2sad.grad(fn)(X.copy())


GAMES = [(0, 1, 1.0), (1, 2, 0.0), (0, 2, 0.5)]


def elo(x):
    r = x * 1.0
    for a, b, s in GAMES:
        e = 1.0 / (1.0 + np.exp(r[b] - r[a]))
        r[a] += 0.1 * (s - e)
        r[b] -= 0.1 * (s - e)
    return np.sum(r ** 2)


@pytest.mark.parametrize("jit", [False, True])
def test_a_global_list_of_index_tuples_changed_between_calls(jit, monkeypatch):
    """Already exact on main (an Elo update over ``GAMES``); kept with the lifted forms."""
    monkeypatch.setattr(HERE, "GAMES", [(0, 1, 1.0), (1, 2, 0.0)])
    g = s2sad.value_and_grad(elo, jit=jit)
    _right(g, elo)
    GAMES.append((2, 0, 1.0))
    GAMES[0] = (1, 0, 0.25)
    _right(g, elo)
