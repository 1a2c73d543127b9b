"""``s2sad.testing.check_grad`` with namedtuple and list arguments.

On main a namedtuple argument anywhere in the call (a differentiated ``Params`` or a plain
``Cfg(k, c)`` of settings) made the checker raise ``TypeError: Q.__new__() missing 1 required
positional argument`` while copying the arguments: it rebuilt every tuple as ``type(t)(generator)``.
It now rebuilds a namedtuple by its fields, and varies each leaf of a differentiated list or
namedtuple argument (``_leaves``) in the caller's kind of sequence."""
from collections import namedtuple

import numpy as np
import pytest

from s2sad.testing import check_grad

Cfg = namedtuple("Cfg", ["k", "c"])
Params = namedtuple("Params", ["W", "b"])


def with_settings(x, cfg):
    return np.sum(cfg.k * x ** 2 + cfg.c * x)


def model(p, x):
    return np.sum(np.tanh(p.W @ x + p.b) ** 2)


def layers(ps, x):
    h = x
    for W, b in ps:
        h = np.tanh(W @ h + b)
    return np.sum(h ** 2)


def test_a_namedtuple_of_settings_beside_the_differentiated_array():
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(check_grad(with_settings, x, Cfg(2.0, 1.0)), 4.0 * x + 1.0, rtol=1e-12)


def test_a_differentiated_namedtuple():
    rng = np.random.default_rng(3)
    g = check_grad(model, Params(rng.normal(size=(2, 3)), rng.normal(size=2)), rng.normal(size=3))
    assert type(g) is Params and g.W.shape == (2, 3)


def test_a_differentiated_list_of_tuples():
    rng = np.random.default_rng(4)
    ps = [(rng.normal(size=(3, 3)), rng.normal(size=3)), (rng.normal(size=(2, 3)), rng.normal(size=2))]
    g = check_grad(layers, ps, rng.normal(size=3))
    assert type(g) is list and [w.shape for w, _ in g] == [(3, 3), (2, 3)]


def test_a_wrong_gradient_is_still_caught():
    import s2sad

    def off(f, wrt, jit):
        g = s2sad.grad(f, wrt=wrt, jit=jit)
        return lambda *args: Params(*(v * 1.01 for v in g(*args)))
    rng = np.random.default_rng(3)
    with pytest.raises(AssertionError):
        check_grad(model, Params(rng.normal(size=(2, 3)), rng.normal(size=2)), rng.normal(size=3), grad_fn=off)
