"""A differentiated namedtuple parameter (JAX users' ``class Params(NamedTuple)``).

On main its fields were unreadable: the primal check ran the user's function on a plain tuple
(``AttributeError: 'tuple' object has no attribute 'a'``, from s2sad's own conversion), and the
adjoint refused ``p.a``. The namedtuple's class is now part of the build's kind
(``analyses/expr_ranks.structure``), ``p.W`` reads position 0 (``frontend/tuple_params.py``),
and the gradient comes back as the same namedtuple class."""
from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError

Q = namedtuple("Q", ["a", "b"])


class Layer(NamedTuple):
    W: np.ndarray
    b: np.ndarray


class Net(NamedTuple):
    first: Layer
    scale: float


def gamma_like(p, x):
    return np.sum((p.a - 1.0) * np.log(x) - x / p.b)


def net_loss(p, x):
    h = np.tanh(p.first.W @ x + p.first.b)
    return p.scale * np.sum(h ** 2)


def fd_tuple(f, p, x, h=1e-6):
    """Central differences of f in each leaf of namedtuple p (nested, arrays or floats)."""
    def leaves(t):
        return [v for f_ in t for v in (leaves(f_) if isinstance(f_, tuple) else [np.asarray(f_, float)])]

    def rebuilt(t, flat):
        return type(t)(*[rebuilt(f_, flat) if isinstance(f_, tuple) else
                         (flat.pop(0) if np.ndim(f_) else float(flat.pop(0))) for f_ in t])
    base = leaves(p)
    out = []
    for k, leaf in enumerate(base):
        g = np.zeros_like(leaf)
        for i in np.ndindex(leaf.shape):
            up, down = [v.copy() for v in base], [v.copy() for v in base]
            up[k][i] += h
            down[k][i] -= h
            g[i] = (f(rebuilt(p, up), x) - f(rebuilt(p, down), x)) / (2 * h)
        out.append(g)
    return out


def flat(t):
    return [np.asarray(v, float) for f_ in t for v in (flat(f_) if isinstance(f_, tuple) else [f_])]


@pytest.mark.parametrize("p", [Q(2.5, 1.5), Q(np.array([2.5, 1.0, 0.5]), 1.5)])
def test_fields_of_a_namedtuple(p):
    x = np.array([0.5, 1.0, 2.0])
    g = s2sad.grad(gamma_like)(p, x)
    assert type(g) is Q
    for got, want in zip(flat(g), fd_tuple(gamma_like, p, x)):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


def test_nested_typing_namedtuples_in_grad_and_value_and_grad():
    rng = np.random.default_rng(0)
    p = Net(Layer(rng.normal(size=(2, 3)), rng.normal(size=2)), 0.7)
    x = rng.normal(size=3)
    value, g = s2sad.value_and_grad(net_loss)(p, x)
    assert value == pytest.approx(net_loss(p, x), rel=1e-12)
    assert type(g) is Net and type(g.first) is Layer
    for got, want in zip(flat(g), fd_tuple(net_loss, p, x)):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


def test_the_callers_namedtuple_is_left_alone_and_other_uses_are_refused():
    p = Q(np.array([2.5, 1.0, 0.5]), 1.5)
    before = p.a.copy()
    s2sad.grad(gamma_like)(p, np.array([0.5, 1.0, 2.0]))
    np.testing.assert_array_equal(p.a, before)

    def replaced(p, x):
        q = p._replace(b=2.0)
        return np.sum(q.a * x)
    with pytest.raises(S2sadError):
        s2sad.grad(replaced)(p, np.ones(3))
