"""Loops over a module-global list of the user's objects, the forms stop 53 still refused
(frontend/item_loops.py, frontend/global_object_lists.py).

On main each of these was a located refusal: ``zip(SPRINGS, DOSES)`` and ``zip(SPRINGS, x)``,
a loop that ``break``s or ``continue``s on a test of the data, ``SPRINGS[i].k`` with ``i`` from
``range(len(SPRINGS))`` or ``enumerate(SPRINGS)``, two loops over one list nested, and a global
list of callables (objects with ``__call__``, functions, lambdas, NumPy's functions). Each loop
is now its body once per item, in order; a ``break`` leaves a one-trip loop around the copies,
and a zipped row shorter than the list stops the copies where ``zip`` stops. A method writing
``self.n`` stays refused, saying why."""
import sys

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_against_autograd, check_grad, check_jvp


class Spring:
    def __init__(self, k, rest):
        self.k, self.rest = k, rest

    def energy(self, r):
        return self.k * (r - self.rest) ** 2


class Dose:
    def __init__(self, time, amount):
        self.time, self.amount = time, amount


class Layer:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def __call__(self, h):
        return np.tanh(self.w * h + self.b)


class Counter:
    def __init__(self):
        self.n, self.k = 0, 2.0

    def term(self, v):
        self.n += 1
        return self.k * v


def _cube(v):
    return 0.5 * v ** 3


SPRINGS = [Spring(1.0, 2.0), Spring(3.0, 0.5), Spring(0.7, -1.0)]
DOSES = [Dose(0.0, 1.0), Dose(2.0, 0.5), Dose(1.0, 2.0)]
LAYERS = [Layer(0.5, 0.1), Layer(-1.2, 0.3)]
FNS = [np.sin, lambda v: v * v + 1.0, _cube]
COUNTER = Counter()
X = np.array([0.3, 1.5, -0.2])
T = np.array([0.4, -1.3, 0.7])
ROWS = np.array([[0.3, 1.5, -0.2], [0.5, 0.1, 0.9]])
HERE = sys.modules[__name__]


def zipped(x):
    e = 0.0
    for s, d in zip(SPRINGS, DOSES):
        e += s.energy(x[0]) * d.amount + d.time * x[1]
    return e


def zipped_comprehension(x):
    return sum(s.k * d.amount * x[0] ** 2 for s, d in zip(SPRINGS, DOSES)) * x[2]


def zipped_with_x(x):
    e = 0.0
    for s, v in zip(SPRINGS, x):
        e += s.k * (v - s.rest) ** 2
    return e


def zipped_with_a_row(x):
    e = 0.0
    for v, s in zip(x[1], SPRINGS):
        e += s.energy(v) * x[0, 0]
    return e


def breaks(x):
    e = 0.0
    for s in SPRINGS:
        e += s.energy(x[0])
        if e > 3.0:
            break
    return e * x[1]


def continues(x):
    e = x[2]
    for s in SPRINGS:
        term = s.energy(x[1])       # computed, then skipped on a test of the data: no adjoint of it
        if term < 2.0 * x[0]:
            continue
        e += term
    return e


def breaks_continues_else(x):
    e = 0.0
    for s in SPRINGS:
        if s.k * x[0] < 0.5:
            continue
        e += s.energy(x[1])
        if e > 2.0:
            break
    else:
        e = e * x[2]
    return e


def by_range_index(x):
    e = 0.0
    for i in range(len(SPRINGS)):
        e += SPRINGS[i].k * x[i] ** 2
    return e


def by_enumerate_index(x):
    e = 0.0
    for i, s in enumerate(SPRINGS):
        e += SPRINGS[i].k * s.rest * x[i] ** 2      # noqa: PLR1736 (the index read is the form tested)
    return e


def nested(x):
    e = 0.0
    for a in SPRINGS:
        for b in SPRINGS:
            e += (a.rest - b.rest) ** 2 * x[0] * a.k + b.k * x[1] ** 2
    return e


def layers(x):
    h = x[0]
    for layer in LAYERS:
        h = layer(h)
    return h * x[1]


def functions(x):
    h = x[0]
    for f in FNS:
        h = f(h)
    return h + x[1]


LIFTED = [zipped, zipped_comprehension, zipped_with_x, breaks, continues, breaks_continues_else, by_range_index,
          by_enumerate_index, nested, layers, functions]


@pytest.mark.parametrize("fn", LIFTED, ids=lambda f: f.__name__)
def test_lifted(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


@pytest.mark.parametrize("fn", [zipped, breaks, nested], ids=lambda f: f.__name__)
def test_lifted_against_autograd(fn):
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("x", [ROWS, ROWS[:, :2]], ids=["rows_as_long", "rows_shorter"])
def test_zipped_with_a_row(x):
    """``zip`` stops at the row's end when it is shorter than the list: fewer copies run."""
    check_grad(zipped_with_a_row, x.copy())
    check_jvp(zipped_with_a_row, x.copy(), tangent=np.ones_like(x))


def test_zipped_with_x_shorter_than_the_list():
    x = np.array([0.3, 1.5])
    check_grad(zipped_with_x, x.copy())
    check_grad(zipped_with_x, x.copy(), jit=True)


@pytest.mark.parametrize("fn", [zipped_with_x, breaks_continues_else, nested, layers, functions],
                         ids=lambda f: f.__name__)
def test_lifted_jit(fn):
    """(``zipped`` and ``by_range_index`` run under jit in the staleness test below.)"""
    check_grad(fn, X.copy(), jit=True)
    check_jvp(fn, X.copy(), tangent=T, jit=True)


CHANGES = {
    "zipped partner pops": (zipped, lambda: DOSES.pop()),
    "zipped partner item": (zipped, lambda: DOSES.__setitem__(0, Dose(1.0, 4.0))),
    "indexed list grows": (by_range_index, lambda: SPRINGS.__setitem__(slice(None), SPRINGS[:2])),
    "callable replaced": (layers, lambda: LAYERS.__setitem__(1, Layer(2.0, -0.5))),
    "function replaced": (functions, lambda: FNS.__setitem__(1, np.cos)),
    "breaking list rebound": (breaks, lambda: setattr(HERE, "SPRINGS", [Spring(9.0, 0.0)] + SPRINGS)),
}


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_gradient_sees_the_lists_as_they_are_at_each_call(change, jit, monkeypatch):
    for name in ("SPRINGS", "DOSES", "LAYERS", "FNS"):
        monkeypatch.setattr(HERE, name, list(getattr(HERE, name)))
    fn, change_it = CHANGES[change]
    g = s2sad.grad(fn, jit=jit)

    def the_same_gradient(f, wrt, jit):       # one gradient object, called before and after
        return g
    check_grad(fn, X.copy(), grad_fn=the_same_gradient)
    change_it()
    check_grad(fn, X.copy(), grad_fn=the_same_gradient)


def a_counter(x):
    return COUNTER.term(x[0]) + x[1]


def same_loop_name(x):
    e = 0.0
    for s in SPRINGS:
        for s in SPRINGS:
            e += s.k * x[0]
        e += s.rest * x[1]
    return e


def read_after_break(x):
    for s in SPRINGS:
        if s.k * x[0] > 0.5:
            break
    return s.k * x[1]


def returns_inside(x):
    for s in SPRINGS:
        if s.k * x[0] > 0.5:
            return s.k * x[1]
    return x[0]


def test_a_method_counting_its_calls_is_refused_saying_why():
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_global_lists54.py.*self\.n \+= 1.*"
                                                     r"assignment to an attribute \(`self\.n`\).*state"):
        s2sad.grad(a_counter)(X.copy())


@pytest.mark.parametrize("fn, line", [(same_loop_name, r"e \+= s\.k \* x\[0\]"),
                                      (read_after_break, r"return s\.k \* x\[1\]"),
                                      (returns_inside, r"return s\.k \* x\[1\]")],
                         ids=["same_loop_name", "read_after_break", "returns_inside"])
def test_still_refused_at_its_line(fn, line):
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_global_lists54.py.*line \d+.*" + line):
        s2sad.grad(fn)(X.copy())
