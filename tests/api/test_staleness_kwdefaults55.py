"""A helper's keyword-only default changed after the gradient was built (hunt55, issue 8 class 3):
``def scaled(v, *, k=2.0)`` called as ``scaled(w)``, then ``scaled.__kwdefaults__ = {"k": 3.0}`` (or
``scaled.__kwdefaults__["k"] = 3.0``): Python's next call uses 3.0, but on main the gradient kept
2.0, silently, with and without jit ([2.4, -4.0] for [5.4, -9.0]): the build's guard checked a
helper's ``__code__`` and ``__defaults__``, not its ``__kwdefaults__`` (a positional default rebound
was seen). ``scope_guard._same_code`` now checks them too; a function default bound by its path
(``act=np.tanh``, ``transforms/inline._default_value``) is guarded the same way. Likewise a method
of a global object, ``M.energy(w)`` of ``def energy(self, w, s=1.0)``, after
``Model.energy.__defaults__ = (1.5,)``: the guard compared the bound method (equal) and not its
function's defaults (``scope_guard._code_checks``)."""
import numpy as np
import pytest

import s2sad

W = np.array([0.3, -0.5])


def _scaled(v, *, k=2.0):
    return v * k


def uses_kw_default(w):
    return np.sum(_scaled(w) ** 2)


def _act(v, *, f=np.tanh):
    return f(v)


def uses_function_default(w):
    return np.sum(_act(w * 2.0))


class Model:
    k = 2.0

    def energy(self, w, s=1.0):
        return np.sum((w * self.k * s) ** 2)


M = Model()


def uses_method(w):
    return M.energy(w)


@pytest.fixture
def restore():
    saved = dict(_scaled.__kwdefaults__), dict(_act.__kwdefaults__), Model.energy.__defaults__
    yield
    _scaled.__kwdefaults__, _act.__kwdefaults__, Model.energy.__defaults__ = saved


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("in_place", [False, True])
def test_kwdefault_changed_after_the_build(restore, jit, in_place):
    g = s2sad.grad(uses_kw_default, jit=jit)
    assert np.allclose(g(W), 8.0 * W)
    if in_place:
        _scaled.__kwdefaults__["k"] = 3.0
    else:
        _scaled.__kwdefaults__ = {"k": 3.0}
    assert np.allclose(g(W), 18.0 * W)
    assert np.allclose(s2sad.value_and_grad(uses_kw_default, jit=jit)(W)[1], 18.0 * W)


def test_function_kwdefault_changed_after_the_build(restore):
    g = s2sad.grad(uses_function_default)
    assert np.allclose(g(W), 2.0 * (1.0 - np.tanh(2.0 * W) ** 2))
    _act.__kwdefaults__ = {"f": np.sin}
    assert np.allclose(g(W), 2.0 * np.cos(2.0 * W))
    _, t = s2sad.jvp(uses_function_default)(W, np.array([1.0, 0.0]))
    assert np.isclose(t, 2.0 * np.cos(2.0 * W[0]))


@pytest.mark.parametrize("jit", [False, True])
def test_method_default_changed_after_the_build(restore, jit):
    g = s2sad.grad(uses_method, jit=jit)
    assert np.allclose(g(W), 8.0 * W)
    Model.energy.__defaults__ = (1.5,)
    assert np.allclose(g(W), 18.0 * W)
