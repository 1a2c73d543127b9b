"""A bound method (or a function given an object) that writes into its array argument, called
with an array the object holds (``m.loss(m.w)``, ``f(model, model.w)``): s2sad writes into a
copy of the argument, so ``self.w`` keeps its old values where Python's own run sees the write.
``shared_memory.check_apart`` compared the written argument with the other arguments' arrays and
with the globals, but not with the arrays inside an object argument (its own attributes, and its
class's: ``self.W``, a classmethod's ``cls.W``), so the call ran silently.

Before (hunt56, on main 4d5f35d): ``m.loss(m.w)`` with ``def loss(self, b): b *= 2; return
np.sum(self.w * b)`` gave the value 10.0 where Python gives 20.0, and the gradient [2, 4] of
that other function, in grad, value_and_grad, vjp, jvp and hvp. Now refused at the call."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError


class Model:
    def __init__(self):
        self.base = np.array([1.0, 2.0, 3.0])
        self.w = self.base[:2]
        self.rate = 0.5

    def loss(self, b):
        b *= 2
        return np.sum(self.w * b)


class Slotted:
    __slots__ = ("w",)

    def __init__(self):
        self.w = np.array([1.0, 2.0])

    def loss(self, b):
        b *= 2
        return np.sum(self.w * b)


def free(model, b):
    b *= 2
    return np.sum(model.w * b)


def fd(f, x, h=1e-6):
    return np.array([(f(x + e) - f(x - e)) / (2 * h) for e in np.eye(len(x)) * h])


CALLS = {
    "grad": lambda f, b: s2sad.grad(f)(b),
    "value_and_grad": lambda f, b: s2sad.value_and_grad(f)(b),
    "vjp": lambda f, b: s2sad.vjp(f)(b, 1.0),
    "jvp": lambda f, b: s2sad.jvp(f)(b, np.ones(2)),
    "hvp": lambda f, b: s2sad.hvp(f)(b, np.ones(2)),
}


@pytest.mark.parametrize("mode", sorted(CALLS))
@pytest.mark.parametrize("view", [lambda m: m.w, lambda m: m.base[1:]])
def test_a_bound_method_given_an_array_its_object_holds_is_refused(mode, view):
    m = Model()
    b = view(m)
    with pytest.raises(ArgumentError, match=r"`self\.(base|w)`.*an attribute of argument `self`.*argument `b`"):
        CALLS[mode](m.loss, b)
    assert np.array_equal(m.base, [1.0, 2.0, 3.0])


def test_an_object_argument_holding_the_written_array_is_refused():
    m = Model()
    with pytest.raises(ArgumentError, match=r"`model\.(base|w)`, an attribute of argument `model`"):
        s2sad.grad(free, wrt=1)(m, m.w)


def test_slots_are_looked_at_too():
    m = Slotted()
    with pytest.raises(ArgumentError, match="shares memory with argument `b`"):
        s2sad.grad(m.loss)(m.w)


def test_an_array_apart_from_the_object_is_differentiated():
    m = Model()
    b = np.array([0.3, -1.2])
    want = fd(lambda v: Model().loss(v.copy()), b)
    np.testing.assert_allclose(s2sad.grad(m.loss)(b), want, rtol=1e-6)
    np.testing.assert_allclose(s2sad.grad(free, wrt=1)(m, b), want, rtol=1e-6)
    np.testing.assert_allclose(s2sad.grad(m.loss)(m.w.copy()), [2.0, 4.0])
    assert np.array_equal(b, [0.3, -1.2]) and np.array_equal(m.base, [1.0, 2.0, 3.0])


def test_an_object_that_refers_to_itself_is_walked_once():
    m = Model()
    m.me = m
    m.items = [m, {"again": m}]
    with pytest.raises(ArgumentError, match="shares memory with argument `b`"):
        s2sad.grad(m.loss)(m.w)
    np.testing.assert_allclose(s2sad.grad(m.loss)(np.ones(2)), [2.0, 4.0])


class WithClassArray:
    W = np.array([1.0, 2.0])

    def loss(self, b):
        b *= 2
        return np.sum(self.W * b)

    @classmethod
    def class_loss(cls, b):
        b *= 2
        return np.sum(cls.W * b)


class Inherits(WithClassArray):
    pass


@pytest.mark.parametrize("method", [lambda: WithClassArray().loss, lambda: Inherits().loss,
                                    lambda: WithClassArray.class_loss])
def test_a_class_attribute_read_through_self_or_cls_counts_too(method):
    f = method()
    with pytest.raises(ArgumentError, match=r"`(self|cls)\.W`, an attribute of argument `(self|cls)`"):
        s2sad.grad(f)(WithClassArray.W)
    assert np.array_equal(WithClassArray.W, [1.0, 2.0])
    np.testing.assert_allclose(s2sad.grad(f)(WithClassArray.W.copy()), [2.0, 4.0])


P = {"w": np.array([1.0, 2.0])}


def reads_a_dict_entry(b):
    b *= 2
    return np.sum(P["w"] * b)


def closure_over(model):
    def loss(b):
        b *= 2
        return np.sum(model.w * b)
    return loss


def test_globals_and_closure_data_are_named_as_the_user_reads_them():
    # the refusal named the adjoint's own parameters: "the global `P_w`", "the global `w`"
    with pytest.raises(ArgumentError, match=r"the global `P\['w'\]` shares memory with argument `b`"):
        s2sad.grad(reads_a_dict_entry)(P["w"])
    m = Model()
    with pytest.raises(ArgumentError, match=r"the variable `model\.w` shares memory with argument `b`"):
        s2sad.grad(closure_over(m))(m.w)
    np.testing.assert_allclose(s2sad.grad(closure_over(m))(np.ones(2)), [2.0, 4.0])


@pytest.mark.parametrize("make", ["argparse", "SimpleNamespace"])
def test_the_standard_librarys_plain_namespaces_are_looked_into(make):
    import argparse
    import types
    ns = (argparse.Namespace if make == "argparse" else types.SimpleNamespace)(w=np.array([1.0, 2.0]), kind=int)
    with pytest.raises(ArgumentError, match=r"`model\.w`, an attribute of argument `model`"):
        s2sad.grad(free, wrt=1)(ns, ns.w)
    np.testing.assert_allclose(s2sad.grad(free, wrt=1)(ns, ns.w.copy()), [2.0, 4.0])
