"""Lists of the user's objects stop 54 still refused (issue 8, objects55).

* A local list built by a comprehension over a constant ``range``
  (``parts = [Spring(k[i], 0.5) for i in range(3)]``), looped over with method calls and a
  ``break`` on the data (``frontend/object_lists.py``): read as the display of its items.
* A global list reached through a module (``for s in objs.SPRINGS``, ``zip(objs.SPRINGS,
  objs.DOSES)``, ``enumerate``, ``objs.SPRINGS[1].k``, ``len(objs.SPRINGS)``;
  ``frontend/global_object_lists.py``), with the guard rebuilding when the module's list is
  rebound, grows or holds another object.
On main each was a located refusal at the method call or attribute read."""
import sys
import types

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp


class Spring:
    def __init__(self, k, rest):
        self.k, self.rest = k, rest

    def energy(self, r):
        return 0.5 * self.k * (r - self.rest) ** 2


objs = types.ModuleType("objs55")
objs.Spring = Spring
objs.SPRINGS = [Spring(1.0, 0.1), Spring(2.0, 0.2), Spring(3.0, 0.3)]
objs.DOSES = [Spring(0.5, 0.0), Spring(1.5, 0.0), Spring(2.5, 0.0)]
sys.modules["objs55"] = objs
X = np.array([0.3, -1.2, 0.8])
T = np.array([0.7, -0.4, 1.1])


def comp_break(x):
    k = np.array([1.0, 2.0, 3.0])
    parts = [Spring(k[i], 0.5) for i in range(3)]
    e = 0.0
    for s in parts:
        e += np.sum(s.energy(x))
        if e > 4.0:
            break
    return e


def comp_of_params(x):
    parts = [Spring(x[i], 0.5) for i in range(1, 3)]
    return sum(s.energy(x[0]) for s in parts)


def module_loop(x):
    e = 0.0
    for s in objs.SPRINGS:
        e += s.energy(x[0])
    return e


def module_zip(x):
    e = 0.0
    for s, d in zip(objs.SPRINGS, objs.DOSES):
        e += s.energy(x[1]) * d.k
    return e + len(objs.SPRINGS) * x[2]


def module_enumerate(x):
    e = 0.0
    for i, s in enumerate(objs.SPRINGS):
        e += s.energy(x[i])
        if e > 0.9:
            break
    return e


def module_comprehension(x):
    return sum(s.energy(x[0]) for s in objs.SPRINGS) + objs.SPRINGS[1].k * x[1]


@pytest.mark.parametrize("fn", [comp_break, comp_of_params, module_loop, module_zip,
                                module_enumerate, module_comprehension])
def test_grad_and_jvp_match_differences(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


def test_break_is_taken_where_python_takes_it():
    # the first spring's energy is 0.5 * (4 + 4 + 0.25) = 4.125 > 4: the loop stops there,
    # and the gradient is that spring's alone, k * (x - 0.5)
    x = np.array([2.5, -1.5, 1.0])
    assert np.allclose(s2sad.grad(comp_break)(x.copy()), [2.0, -2.0, 0.5], rtol=1e-12)
    assert np.allclose(_fd(comp_break, x), [2.0, -2.0, 0.5], rtol=1e-6)


def _fd(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("fn", [comp_break, module_zip])
def test_jit(fn):
    check_grad(fn, X.copy(), jit=True)


@pytest.mark.parametrize("jit", [False, True])
def test_module_list_changes_rebuild(jit, monkeypatch):
    monkeypatch.setattr(objs, "SPRINGS", list(objs.SPRINGS))
    g = s2sad.grad(module_zip, jit=jit)
    assert np.allclose(g(X.copy()), _fd(module_zip, X))
    objs.SPRINGS.append(Spring(7.0, 0.4))          # zip stops at DOSES: same value, len changes
    assert np.allclose(g(X.copy()), _fd(module_zip, X))
    objs.SPRINGS = [Spring(2.0, 1.0)]
    assert np.allclose(g(X.copy()), _fd(module_zip, X))
    objs.SPRINGS[0].k = 5.0                        # attributes are read at each call
    assert np.allclose(g(X.copy()), _fd(module_zip, X))


def module_list_passed_on(x):
    return _first_k(objs.SPRINGS) * x[0]


def _first_k(springs):
    springs.append(Spring(1.0, 1.0))
    return springs[0].k


def test_list_passed_on_keeps_its_refusal():
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(module_list_passed_on)(X.copy())
    assert "in _first_k" in str(err.value) and "springs[0].k" in str(err.value)
