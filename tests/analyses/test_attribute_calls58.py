"""``x.T`` / ``x.real`` / ``x.imag`` / ``x.mT`` are read as NumPy calls (``np.transpose(x)``...)
only where ``x`` is an array (``analyses/attribute_calls.py``, ``frontend/anf_values.py``).

On the base, any ``.T`` was ``np.transpose``: a namedtuple field named ``T`` (``p.T``) of a
parameter not differentiated gave a silently wrong gradient (``np.transpose`` stacked the fields:
``[3, 13]`` for ``[6, 8]``), also in a helper and with ``jvp`` (value 29 for 22); a module's
global ``consts.T`` or an object parameter's ``self.T`` raised AdjointFailedError ("s2sad has a
bug"). Now a module's, class's or object parameter's own attribute is read as Python reads it, and
what cannot be told from an array (a namedtuple passed to a helper, an alias of one) is refused
at the line."""
import sys
import types
from collections import namedtuple

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

P = namedtuple("P", "W T")
consts = types.ModuleType("consts58")
consts.T = (1.0, 5.0)
consts.real = 3.0
sys.modules["consts58"] = consts


class Obj:
    def __init__(self):
        self.T = np.array([[1.0, 2.0], [3.0, 4.0]])
        self.real = 2.0

    def m(self, x):
        return np.sum(self.T @ x) * self.real


class K:
    T = np.array([[1.0, 2.0], [3.0, 4.0]])
    real = 3.0


def module_attr(x):
    return consts.T[1] * np.sum(x) + consts.real * np.sum(x ** 2)


def class_attr(x):
    return np.sum(K.T @ x) * K.real


def object_param(x, o):
    return np.sum(o.T @ x ** 2)


def field_T(p, x):
    return np.sum(p.W * x) + np.sum(p.T * x ** 2)


def helper_T(p, x):
    return np.sum(p.T * x)


def via_helper(p, x):
    return helper_T(p, x) + np.sum(p.W * x)


def via_alias(p, x):
    q = p
    return np.sum(q.T * x)


def array_T(x):
    L = [x, x * 2]
    L = np.array(L)
    return np.sum(L.T @ np.array([1.0, 3.0])) + np.sum(np.array((x, x ** 2)).T ** 2)


X = np.array([1.0, 2.0])
PV = P(np.ones(2), np.array([5.0, 7.0]))


def test_module_attribute_T_is_the_global():
    np.testing.assert_allclose(s2sad.grad(module_attr)(X), 5.0 + 6.0 * X)
    check_grad(module_attr, X)


def test_class_attribute_T_is_the_class_attribute():
    np.testing.assert_allclose(s2sad.grad(class_attr)(X), K.T.sum(0) * 3.0)
    check_grad(class_attr, X)


def test_object_parameter_T_and_real():
    o = Obj()
    np.testing.assert_allclose(s2sad.grad(o.m)(X), o.T.sum(0) * 2.0)
    np.testing.assert_allclose(s2sad.grad(object_param)(X, o), o.T.sum(0) * 2 * X)


def test_namedtuple_field_T_not_differentiated():
    g = s2sad.grad(field_T, wrt=1)(PV, X)
    np.testing.assert_allclose(g, PV.W + 2 * PV.T * X)
    check_grad(field_T, PV, X, wrt=1)
    check_jvp(field_T, PV, X, wrt=1, tangent=np.array([0.3, -1.0]))


def test_namedtuple_field_T_differentiated():
    g = s2sad.grad(field_T, wrt=0)(PV, X)
    np.testing.assert_allclose(g.W, X)
    np.testing.assert_allclose(g.T, X ** 2)


@pytest.mark.parametrize("f, wrt", [(via_helper, 0), (via_alias, 0), (via_alias, 1)])
def test_field_T_through_helper_or_alias_refused(f, wrt):
    with pytest.raises(UnsupportedSyntaxError, match=r"\.T` of a tuple"):
        s2sad.grad(f, wrt=wrt)(PV, X)


def test_field_T_through_alias_refused_jvp():
    with pytest.raises(UnsupportedSyntaxError, match=r"\.T` of a tuple"):
        s2sad.jvp(via_alias, wrt=1)(PV, X, X)


def test_field_T_of_a_constant_namedtuple_read_in_a_helper():
    """A namedtuple not differentiated passed to a helper is read there as in the function
    (frontend/object_args.py, stop 58): its field `T` is the field, not a transpose."""
    np.testing.assert_allclose(s2sad.grad(via_helper, wrt=1)(PV, X), PV.T + PV.W)
    check_grad(via_helper, PV, X, wrt=1)
    check_jvp(via_helper, PV, X, wrt=1, tangent=np.array([0.3, -1.0]))


def test_array_T_still_a_transpose():
    check_grad(array_T, X)
    check_jvp(array_T, X, tangent=np.array([0.5, 2.0]))


def test_module_and_object_attributes_under_jit():
    np.testing.assert_allclose(s2sad.grad(module_attr, jit=True)(X), 5.0 + 6.0 * X)
    np.testing.assert_allclose(s2sad.grad(field_T, wrt=1, jit=True)(PV, X), PV.W + 2 * PV.T * X)
