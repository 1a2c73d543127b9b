"""Read-only ``@property`` getters of an object built in the differentiated function (hunt48: the
idiom axis, ``sigma = exp(raw)`` as a property of a distribution or a layer; all refused on main:
"the attribute `.sigma` of a local value" / "the method call `.logpdf()` on one of your own
objects"). ``o.p`` and, in a method, ``self.p`` of a property whose getter is a plain function of
the module are calls of that getter (``object_model.ClassModel``), which Python runs on each read.
Properties with a setter or a deleter, and getters s2sad cannot read, keep their located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


class Gauss:
    def __init__(self, raw):
        self.raw = raw

    @property
    def sigma(self):
        return np.exp(self.raw)

    @property
    def var(self):
        return self.sigma ** 2

    def logpdf(self, y):
        return -0.5 * (y / self.sigma) ** 2 - np.log(self.sigma)


class Layer:
    def __init__(self, W):
        self.W = W
        self.calls = 0.0

    @property
    def norm(self):
        return np.sqrt(np.sum(self.W ** 2))

    @property
    def counted(self):
        self.calls = self.calls + 1.0
        return self.calls

    def __call__(self, x):
        return np.tanh(self.W * x / self.norm)


def read_in_body(x):
    g = Gauss(x)
    return np.sum(g.sigma * x + g.var)


def read_in_method(x):
    g = Gauss(x)
    return np.sum(g.logpdf(0.3) + g.logpdf(-0.2))


def in_a_loop(x):
    g = Gauss(x * 0.5)
    tot = 0.0
    for y in [0.1, -0.4, 0.7]:
        tot = tot - g.logpdf(y) + g.sigma
    return np.sum(tot)


def called_layer(x):
    f = Layer(x)
    return np.sum(f(x) * f.norm)


def getter_rebinds(x):
    f = Layer(x)
    a = f.counted
    b = f.counted
    return np.sum(x * a + x ** 2 * b + f.calls)


X = np.array([0.3, -0.7, 1.1])
V = np.array([0.7, -0.2, 0.4])
CASES = [read_in_body, read_in_method, in_a_loop, called_layer, getter_rebinds]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V, autograd=False)


@pytest.mark.parametrize("fn", [in_a_loop], ids=["in_a_loop"])
def test_checkpointed_loops(fn):
    check_checkpointed(fn, X)


def test_value_and_python_run():
    for fn in CASES:
        assert s2sad.value_and_grad(fn)(X.copy())[0] == fn(X.copy())


@pytest.mark.jit
def test_jit():
    check_grad(read_in_method, X, jit=True)


# a property with a setter, a property written: refused, located

class WithSetter:
    def __init__(self, w):
        self._w = w

    @property
    def w(self):
        return self._w

    @w.setter
    def w(self, v):
        self._w = v


def has_setter(x):
    o = WithSetter(x)
    return np.sum(o.w ** 2)


def written(x):
    g = Gauss(x)
    g.sigma = 2.0
    return np.sum(x)


@pytest.mark.parametrize("fn", [has_setter, written])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value)
