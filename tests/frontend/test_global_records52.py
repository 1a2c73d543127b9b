"""A module-global list or tuple of namedtuples read by attribute in a loop
(frontend/global_records.py; the guard's kind of such a list, scopes.kind_of).

On main ``for d in SCHEDULE: c += d.amount * np.exp(-k * (t - d.time))`` (a dosing schedule)
was refused as "the attribute `.amount` of a local value", though ``d[1]`` was followed: the
guard did not look into a list's items (``kind_of([A(...)]) == kind_of([B(...)])``), so rewriting
``d.amount`` to ``d[1]`` would have left a stale gradient after rebinding the list to records of
another class with the fields in another order. The items' classes and fields are now part of
the list's kind, checked at each call for a list (it changes in place)."""
import sys
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.scopes import kind_of
from s2sad.testing import check_against_autograd, check_grad, check_jvp

Dose = namedtuple("Dose", ["time", "amount"])
Bolus = namedtuple("Bolus", ["amount", "time"])     # the same fields, in the other order


@dataclass
class DoseD:
    time: float
    amount: float


SCHEDULE = [Dose(1.0, 0.5), Dose(3.0, 0.2)]
RATES = (Dose(0.5, 2.0), Dose(1.5, 0.7), Dose(2.5, 1.1))
WEIGHTS = [0.3, 1.7, 0.9]
SCHED_D = [DoseD(1.0, 0.5), DoseD(3.0, 0.2)]
X = np.array([0.3, 0.7])
HERE = sys.modules[__name__]


def conc(x):
    k, t = x[0], x[1]
    c = 0.0
    for d in SCHEDULE:
        c += d.amount * np.exp(-k * (t - d.time))
    return c


def conc_generator(x):
    return sum(d.amount * np.exp(-x[0] * (x[1] - d.time)) for d in SCHEDULE)


def conc_enumerate(x):
    c = 0.0
    for i, d in enumerate(SCHEDULE):
        c = c + (i + 1) * d.amount * np.sin(x[0] * d.time + x[1])
    return c


def rates_zip(x):
    c = 0.0
    for w, r in zip(WEIGHTS, RATES):
        c = c + w * r.amount * x[0] ** 2 + r.time * x[1] * x[0]
    return c


def rates_listcomp(x):
    terms = [r.amount * np.tanh(x[0] - r.time * x[1]) for r in RATES]
    return terms[0] + terms[1] * terms[2]


def rates_indexed_too(x):
    c = 0.0
    for r in RATES:
        c = c + r[1] * x[0] + r.time * x[1] ** 2
    return c


def conc_dataclass(x):
    c = 0.0
    for d in SCHED_D:
        c += d.amount * np.exp(-x[0] * (x[1] - d.time))
    return c


def appends_then_loops(x):
    SCHEDULE.append(Bolus(0.3, 2.0))           # another class, in the list, before the loop
    c = 0.0
    for d in SCHEDULE:
        c += d.amount * x[0]
    return c


def _push_a_bolus():
    SCHEDULE.append(Bolus(0.3, 2.0))


def a_helper_appends(x):
    _push_a_bolus()
    c = 0.0
    for d in SCHEDULE:
        c += d.amount * x[0]
    return c


def counted_and_indexed(x):
    c = 0.0
    for d in SCHEDULE:
        c += d.amount * x[0] * len(SCHEDULE) + SCHEDULE[0].time * x[1]
    return c


LIFTED = [conc, counted_and_indexed, conc_generator, conc_enumerate, rates_zip, rates_listcomp, rates_indexed_too]


@pytest.mark.parametrize("fn", LIFTED, ids=lambda f: f.__name__)
def test_global_records_read_by_attribute(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=np.array([0.4, -1.3]))
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [conc, rates_zip], ids=lambda f: f.__name__)
def test_global_records_read_by_attribute_jit(fn):
    check_grad(fn, X.copy(), jit=True)


def _right(g, fn):
    value, grad = g(X.copy())
    assert value == pytest.approx(fn(X.copy()), rel=1e-12)
    np.testing.assert_allclose(grad, s2sad.testing.numeric_grad(fn, [X.copy()], 0), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("jit", [False, True])
def test_rebound_to_records_of_another_field_order(jit, monkeypatch):
    g = s2sad.value_and_grad(conc, jit=jit)
    _right(g, conc)
    monkeypatch.setattr(HERE, "SCHEDULE", [Bolus(0.5, 1.0), Bolus(0.2, 3.0), Bolus(0.1, -1.0)])
    _right(g, conc)           # d.amount is item 0 now: the gradient is rebuilt
    monkeypatch.setattr(HERE, "SCHEDULE", (Dose(1.5, 0.4),))
    _right(g, conc)


@pytest.mark.parametrize("jit", [False, True])
def test_list_changed_in_place(jit, monkeypatch):
    monkeypatch.setattr(HERE, "SCHEDULE", [Dose(1.0, 0.5), Dose(3.0, 0.2)])
    g = s2sad.value_and_grad(conc, jit=jit)
    _right(g, conc)
    SCHEDULE.append(Dose(0.25, 0.7))
    _right(g, conc)
    SCHEDULE[0] = Dose(2.0, 0.9)
    _right(g, conc)
    SCHEDULE[:] = [Bolus(0.9, 2.0), Bolus(0.3, 0.1)]     # every item of another class, in place
    _right(g, conc)


def test_list_changed_to_two_classes_is_rebuilt_right(monkeypatch):
    """Refused before stop 53; a list mixing two classes is now unrolled item by item
    (``frontend/global_object_lists.py``): ``d.amount`` is item 0 of one, item 1 of the other."""
    monkeypatch.setattr(HERE, "SCHEDULE", [Dose(1.0, 0.5), Dose(3.0, 0.2)])
    g = s2sad.value_and_grad(conc)
    _right(g, conc)
    SCHEDULE[0] = Bolus(0.5, 1.0)
    _right(g, conc)


def test_a_dataclass_list_is_followed():
    """Refused before stop 53 (the attribute `.amount` of a local value); now each item is a
    global object of its own (``frontend/global_object_lists.py``)."""
    check_grad(conc_dataclass, X.copy())
    check_jvp(conc_dataclass, X.copy(), tangent=np.array([0.4, -1.3]))


def test_kind_of_a_list_names_its_records_classes_and_fields():
    assert kind_of([Dose(1.0, 2.0)]) != kind_of([Bolus(1.0, 2.0)])
    assert kind_of([Dose(1.0, 2.0)]) == kind_of([Dose(3.0, 4.0), Dose(5.0, 6.0)])
    assert kind_of([Dose(1.0, 2.0)]) != kind_of([Dose(1.0, 2.0), 3.0])
    assert kind_of([DoseD(1.0, 2.0)])[2] == ((DoseD, ("time", "amount")),)
    assert kind_of([1.0, 2.0]) == (list, None)


def test_compiled_gradient_sees_a_tuple_rebound_to_another_class(monkeypatch):
    """``g.compiled`` freezes the tuple into its numba module: the module's key describes the
    tuple's items (class, fields, values), not the tuple's id (jit_module._describe)."""
    monkeypatch.setattr(HERE, "SCHEDULE", (Dose(1.0, 0.5), Dose(3.0, 0.2)))
    g = s2sad.grad(conc, jit=True)
    want = s2sad.testing.numeric_grad(conc, [X.copy()], 0)
    np.testing.assert_allclose(g.compiled(X.copy()), want, rtol=1e-6, atol=1e-9)
    monkeypatch.setattr(HERE, "SCHEDULE", (Bolus(0.5, 1.0), Bolus(0.2, 3.0), Bolus(0.1, -1.0)))
    g(X.copy())
    want = s2sad.testing.numeric_grad(conc, [X.copy()], 0)
    np.testing.assert_allclose(g.compiled(X.copy()), want, rtol=1e-6, atol=1e-9)


def test_a_frozen_tuple_is_described_by_its_items():
    from s2sad.backends.jit_module import _describe
    assert _describe((Dose(1.0, 0.5),)) == _describe((Dose(1.0, 0.5),))
    assert _describe((Dose(1.0, 0.5),)) != _describe((Bolus(1.0, 0.5),))
    assert _describe((Dose(1.0, 0.5),)) != _describe((Dose(1.0, 0.25),))


@pytest.mark.parametrize("fn", [appends_then_loops, a_helper_appends], ids=lambda f: f.__name__)
def test_a_list_the_function_may_change_stays_refused_at_its_line(fn, monkeypatch):
    """Read at build time, the list held Doses only; the function itself puts a Bolus in it before
    the loop: ``d[1]`` would have read its time (2.5 for the right 0.8)."""
    monkeypatch.setattr(HERE, "SCHEDULE", [Dose(1.0, 0.5)])
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_global_records52.py.*line \d+.*d\.amount"):
        s2sad.grad(fn)(X.copy())
