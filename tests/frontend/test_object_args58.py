"""A params namedtuple or dataclass passed to a helper that reads its fields.

On the base, ``def layer(p, x): return np.tanh(p.W @ x + p.b)`` called as ``layer(p, x)`` from
the function differentiated was refused ("the attribute `.W` of a local value") both when ``p``
is differentiated (a namedtuple argument, read by position: ``frontend/tuple_params.py``) and when
it is a constant object (a namedtuple or dataclass of arrays, differentiating with respect to
``x``). Now a differentiated namedtuple parameter passed whole to a helper that reads its fields
crosses the call as the tuple of its fields (``frontend/record_helpers.param_records``), and an
object parameter passed whole is an object in the helper too, its attributes read from the
caller's object (``frontend/object_args.py``). Helpers that write a field, rebind the parameter
or use a differentiated record otherwise stay refused at their line."""
from collections import namedtuple
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

P = namedtuple("P", "W b")


class Typed(NamedTuple):
    W: np.ndarray
    b: np.ndarray


@dataclass
class D:
    W: np.ndarray
    b: np.ndarray


TField = namedtuple("TField", "T b")


def layer(p, x):
    return np.tanh(p.W @ x + p.b)


def twice(p, x):                 # passes its parameter on, reads no field itself
    return 2.0 * layer(p, x)


def loss(p, x):
    return np.sum(layer(p, x) ** 2)


def loss_nested(p, x):
    return np.sum(twice(p, layer(p, x)) ** 2) + np.sum(p.W)


def loss_keyword(p, x):
    return np.sum(layer(x=x, p=p) ** 3)


def inline_loss(p, x):           # the same function, the fields read where they are used
    return np.sum(np.tanh(p.W @ x + p.b) ** 2)


def t_layer(p, x):
    return np.tanh(p.T @ x + p.b)


def t_loss(p, x):
    return np.sum(t_layer(p, x) ** 2)


def len_layer(p, x):
    return np.tanh(p.W @ x + p.b) * len(p)


def len_loss(p, x):
    return np.sum(len_layer(p, x) ** 2)


def write_layer(p, x):
    p.b[0] = 0.0
    return np.tanh(p.W @ x + p.b)


def write_loss(p, x):
    return np.sum(write_layer(p, x) ** 2)


def setattr_layer(p, x):
    p.b = p.b * 2.0
    return np.tanh(p.W @ x + p.b)


def setattr_loss(p, x):
    return np.sum(setattr_layer(p, x) ** 2)


def rebind_layer(p, x):
    p = P(p.W * 2.0, p.b)
    return np.tanh(p.W @ x + p.b)


def rebind_loss(p, x):
    return np.sum(rebind_layer(p, x) ** 2)


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((3, 3)), rng.standard_normal(3), rng.standard_normal(3)


def _fd(f, p, x, h=1e-6):
    """Central differences of f in each field of the namedtuple p."""
    out = []
    for k, leaf in enumerate(p):
        g = np.zeros_like(leaf)
        for i in np.ndindex(leaf.shape):
            up, down = [v.copy() for v in p], [v.copy() for v in p]
            up[k][i] += h
            down[k][i] -= h
            g[i] = (f(type(p)(*up), x) - f(type(p)(*down), x)) / (2 * h)
        out.append(g)
    return out


@pytest.mark.parametrize("cls", [P, Typed])
@pytest.mark.parametrize("f", [loss, loss_nested, loss_keyword])
def test_differentiated_namedtuple_read_in_a_helper(cls, f):
    W, b, x = _data()
    p = cls(W, b)
    g = s2sad.grad(f)(p, x)
    assert type(g) is cls
    for got, want in zip(g, _fd(f, p, x)):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(p.W, W)


def test_helper_read_is_the_inline_read():
    W, b, x = _data(1)
    got, want = s2sad.grad(loss)(P(W, b), x), s2sad.grad(inline_loss)(P(W, b), x)
    for a, c in zip(got, want):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("f", [t_loss, len_loss, write_loss, rebind_loss])
def test_differentiated_namedtuple_used_otherwise_is_refused(f):
    W, b, x = _data(2)
    p = TField(W, b) if f is t_loss else P(W, b)
    with pytest.raises(S2sadError) as err:
        s2sad.grad(f)(p, x)
    assert "forms" not in str(err.value) and "line" in str(err.value)
    np.testing.assert_array_equal(p[1], b)


@pytest.mark.parametrize("make", [P, Typed, D])
@pytest.mark.parametrize("f", [loss, loss_nested, loss_keyword, len_loss])
def test_constant_object_read_in_a_helper(make, f):
    if f is len_loss and make is D:
        pytest.skip("a dataclass has no len()")
    W, b, x = _data(3)
    p = make(W, b)
    check_grad(f, p, x, wrt=1)
    check_against_autograd(f, p, x, wrt=1)
    check_jvp(f, p, x, wrt=1, tangent=np.array([0.3, -1.0, 0.5]), reference="autograd")
    np.testing.assert_array_equal(p.W, W)
    np.testing.assert_array_equal(p.b, b)


@pytest.mark.parametrize("make", [P, Typed])
def test_constant_namedtuple_read_in_a_helper_under_jit(make):
    W, b, x = _data(4)
    check_grad(loss_nested, make(W, b), x, wrt=1, jit=True)
    check_jvp(loss_nested, make(W, b), x, wrt=1, tangent=np.array([0.3, -1.0, 0.5]), jit=True)


@pytest.mark.parametrize("f", [write_loss, setattr_loss])
def test_constant_object_written_in_a_helper_is_refused(f):
    W, b, x = _data(5)
    p = D(W.copy(), b.copy())
    with pytest.raises(S2sadError) as err:
        s2sad.grad(f, wrt=1)(p, x)
    assert "line" in str(err.value)
    np.testing.assert_array_equal(p.b, b)


def net(layers, x):
    h = x
    for p in layers:
        h = layer(p, h)
    return np.sum(h ** 2)


def net_inline(layers, x):
    h = x
    for p in layers:
        h = np.tanh(p.W @ h + p.b)
    return np.sum(h ** 2) + np.sum(layers[0].b)


def net_indexed(layers, x):
    h = x
    for i in range(len(layers)):
        h = layer(layers[i], h)
    return np.sum(layer(layers[1], h) ** 2)


def _layers(seq, make=P):
    W, b, _ = _data(6)
    return seq([make(W, b), make(0.5 * W.T, 2.0 * b)])


@pytest.mark.parametrize("seq", [list, tuple])
@pytest.mark.parametrize("f", [net, net_inline, net_indexed])
def test_differentiated_list_of_namedtuples_looped_over(seq, f):
    layers, x = _layers(seq), _data(7)[2]
    g = s2sad.grad(f)(layers, x)
    assert type(g) is seq and all(type(q) is P for q in g)
    for k in range(2):
        def fk(q, x, k=k):
            ls = list(layers)
            ls[k] = q
            return f(seq(ls), x)
        for got, want in zip(g[k], _fd(fk, layers[k], x)):
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seq", [list, tuple])
@pytest.mark.parametrize("make", [P, D])
@pytest.mark.parametrize("f", [net, net_inline, net_indexed])
def test_constant_list_of_objects_looped_over(seq, make, f):
    layers, x = _layers(seq, make), _data(8)[2]
    check_grad(f, layers, x, wrt=1)
    check_against_autograd(f, layers, x, wrt=1)
    check_jvp(f, layers, x, wrt=1, tangent=np.array([0.3, -1.0, 0.5]), reference="autograd")


def test_constant_namedtuple_field_named_T_read_in_a_helper():
    """Not differentiated, the object's own ``T`` is read (Python's), not an array's transpose."""
    W, b, x = _data(9)
    p = TField(W, b)
    check_grad(t_loss, p, x, wrt=1)
    check_against_autograd(t_loss, p, x, wrt=1)
    check_jvp(t_loss, p, x, wrt=1, tangent=b, reference="autograd")
