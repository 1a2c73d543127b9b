"""A closure made inside the differentiated function by a factory of another module (stop 59):
written out as a factory of the function's own module is (``frontend/factory_calls.py``) when the
factory's code reads from its module only modules and builtins this module names the same (``np``,
``abs``); otherwise refused at the call with advice that names the factory (before: "a function
chosen while the code runs"). Checked against differences and autograd, both modes. A method of
another module's class that reads its module's own values is refused naming the value it reads."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError, UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp
from tests import factories59
from tests.classes56 import Scaled
from tests.factories59 import make_other_np, make_pure, make_scaled


def pure_constant(x):
    f = make_pure(1.5)
    return f(x) * 2.0


def pure_differentiated_argument(x):
    f = factories59.make_pure(x[0])
    return f(x[1:])


def scaled(x):
    f = make_scaled(2.0)
    return f(x)


def other_np(x):
    f = make_other_np(2.0)
    return f(x)


def bound_twice(x):
    f = make_pure(1.5)
    f = make_pure(2.5)
    return f(x)


X = np.array([0.3, -0.7, 1.1])
T = np.array([0.5, 0.2, -1.0])


@pytest.mark.parametrize("f", [pure_constant, pure_differentiated_argument])
def test_closure_of_another_modules_factory(f):
    check_grad(f, X, reference="autograd")
    check_jvp(f, X, tangent=T)


@pytest.mark.parametrize("f, factory", [(scaled, "make_scaled"), (other_np, "make_other_np")])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_factory_reading_its_own_module_is_refused_naming_it(f, factory, mode):
    with pytest.raises(NoDerivativeError, match=rf"`f` is the closure `tests\.factories59\.{factory}` returns") as e:
        s2sad.grad(f)(X) if mode == "grad" else s2sad.jvp(f)(X, T)
    assert "test_foreign_factories59.py" in str(e.value) and "chosen while the code runs" not in str(e.value)


def test_closure_bound_twice_keeps_its_refusal():
    with pytest.raises(NoDerivativeError, match="chosen while the code runs"):
        s2sad.grad(bound_twice)(X)


def method_reading_its_module(x):
    s = Scaled(x[0])
    return s.energy(x)


def test_method_of_another_modules_class_reading_its_module_names_what_it_reads():
    """``Scaled.energy`` (tests/classes56.py) reads ``SCALE`` and ``_square`` of its module: refused
    at the call naming the first, and what to write (before: the general advice on methods)."""
    with pytest.raises(UnsupportedSyntaxError, match=r"`\.energy\(\)` of a `Scaled` built in the function.*"
                       r"reads `SCALE` from its module") as e:
        s2sad.grad(method_reading_its_module)(X)
    assert "s.energy(x)" in str(e.value)


def test_the_advice_for_it_works():
    check_grad(global_object_method, X)


SCALED = Scaled(1.5)


def global_object_method(x):
    return SCALED.energy(x) * x[0]
