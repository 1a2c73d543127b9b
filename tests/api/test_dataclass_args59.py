"""A dataclass as the differentiated argument (JAX users' pytree ``@dataclass class Params``):
its fields are read by position as a namedtuple's are, its gradient is an object of the same
class holding the adjoints (``s2sad/record_args.py``). Checked against central differences
(``check_grad`` takes dataclass arguments field by field) and autograd; what cannot be proven
right (a field rebound, a class whose ``__init__`` does more than store, a nested record in jvp
or under jit) is refused. ``jvp`` and ``jit=True`` of a flat record go through ``record_flat.py``."""
from dataclasses import dataclass, field
from typing import NamedTuple

import autograd
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError, UnsupportedSyntaxError
from s2sad.testing import check_grad


@dataclass
class Params:
    W: np.ndarray
    b: np.ndarray

    def energy(self, x):
        return np.sum((self.W @ x + self.b) ** 2)


@dataclass(frozen=True, slots=True, kw_only=True)
class Frozen:
    W: np.ndarray
    b: np.ndarray


@dataclass
class Net:
    layer: Params
    scale: float


class Tup(NamedTuple):
    W: np.ndarray
    b: np.ndarray


@dataclass
class Doubled:
    W: np.ndarray
    b: np.ndarray

    def __post_init__(self):
        self.W = self.W * 2.0


@dataclass
class Late:
    W: np.ndarray
    b: np.ndarray
    n: float = field(init=False, default=1.0)


@dataclass
class Own:
    W: np.ndarray
    b: np.ndarray

    def __init__(self, W):
        self.W, self.b = W, np.zeros(W.shape[0])


@dataclass
class Labelled:
    W: np.ndarray
    b: np.ndarray
    name: str = "layer"


def loss(p, x):
    return np.sum(np.tanh(p.W @ x + p.b) ** 2)


def nested(n, x):
    return n.scale * np.sum(np.tanh(n.layer.W @ x + n.layer.b) ** 2)


def layers(ps, x):
    h = x
    for p in ps:
        h = np.tanh(p.W @ h + p.b)
    return np.sum(h ** 2)


def via_helper(p, x):
    return 2.0 * loss(p, x) + np.sum(p.b ** 3)


def writes_into_field(p, x):
    p.W[0, 0] += 1.0        # the caller's array must not change; d/dW[0, 0] is still 1 * ...
    return np.sum(np.tanh(p.W @ x + p.b) ** 2)


def rebinds_field(p, x):
    p.W = p.W * 2.0
    return np.sum(p.W @ x + p.b)


def sets_new_attribute(p, x):
    p.c = 3.0
    return p.c * np.sum(p.W @ x)


def read_by_index(p, x):
    return np.sum(p[0] @ x)


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=4)


def _autograd(f, cls, W, b, x):
    return autograd.grad(lambda W, b: f(cls(W=W, b=b), x), (0, 1))(W, b)


def test_dataclass_gradient_is_the_same_class():
    W, b, x = _data()
    g = check_grad(loss, Params(W, b), x)
    assert type(g) is Params
    want = _autograd(loss, Params, W, b, x)
    np.testing.assert_allclose(g.W, want[0], rtol=1e-10)
    np.testing.assert_allclose(g.b, want[1], rtol=1e-10)
    t = s2sad.grad(loss)(Tup(W, b), x)      # the namedtuple's gradient, the same numbers
    np.testing.assert_allclose(g.W, t.W, rtol=1e-12)


def test_frozen_slots_kw_only_dataclass():
    W, b, x = _data(1)
    g = check_grad(loss, Frozen(W=W, b=b), x)
    assert type(g) is Frozen
    np.testing.assert_allclose(g.b, _autograd(loss, Frozen, W, b, x)[1], rtol=1e-10)


def test_nested_dataclass_and_float_field():
    W, b, x = _data(2)
    g = check_grad(nested, Net(Params(W, b), 1.5), x)
    assert type(g) is Net and type(g.layer) is Params
    np.testing.assert_allclose(g.scale, loss(Params(W, b), x), rtol=1e-10)


def test_list_of_dataclasses_and_wrt_both():
    W, b, x = _data(3)
    ps = [Params(W[:, :3], b), Params(0.5 * W[:, 1:], -b)]
    g = check_grad(layers, ps, x[:3], wrt=(0, 1))
    assert type(g[0]) is list and all(type(q) is Params for q in g[0])


def test_dataclass_passed_to_a_helper():
    W, b, x = _data(4)
    g = check_grad(via_helper, Params(W, b), x)
    want = autograd.grad(lambda W, b: via_helper(Params(W, b), x), (0, 1))(W, b)
    np.testing.assert_allclose(g.W, want[0], rtol=1e-10)


def test_field_written_in_place_leaves_the_caller_unchanged():
    W, b, x = _data(5)
    kept = W.copy()
    check_grad(writes_into_field, Params(W, b), x)     # also asserts the arguments are unchanged
    np.testing.assert_array_equal(W, kept)


def test_aliased_fields_are_separate_leaves():
    W, b, x = _data(6)
    g = check_grad(loss, Params(W, W[:, 0]), x)       # two fields, one memory: one adjoint each
    want = _autograd(loss, Params, W, W[:, 0].copy(), x)
    np.testing.assert_allclose(g.b, want[1], rtol=1e-10)


def test_value_and_grad_of_a_dataclass():
    W, b, x = _data(7)
    v, g = s2sad.value_and_grad(loss)(Params(W, b), x)
    assert v == pytest.approx(loss(Params(W, b), x)) and type(g) is Params


@pytest.mark.parametrize("f, line", [(rebinds_field, "p.W = p.W * 2.0"), (sets_new_attribute, "p.c = 3.0")])
def test_field_rebound_is_refused_at_its_line(f, line):
    W, b, x = _data()
    with pytest.raises(UnsupportedSyntaxError, match="field") as e:
        s2sad.grad(f)(Params(W.copy(), b), x)
    assert line in str(e.value) and "test_dataclass_args59.py" in str(e.value)


@pytest.mark.parametrize("cls, why", [(Doubled, "__post_init__"), (Late, "init=False"), (Own, "__init__ of its own")])
def test_dataclass_whose_init_does_more_is_refused(cls, why):
    W, b, x = _data()
    p = cls(W) if cls is Own else cls(W, b)
    with pytest.raises(ArgumentError, match=why):
        s2sad.grad(loss)(p, x)


def test_non_numeric_field_is_refused_by_name():
    W, b, x = _data()
    with pytest.raises(ArgumentError, match=r"`p\.name` is a `str`"):
        s2sad.grad(loss)(Labelled(W, b), x)


def test_read_by_index_raises_pythons_own_error():
    W, b, x = _data()
    with pytest.raises(TypeError, match="not subscriptable"):
        s2sad.grad(read_by_index)(Params(W, b), x)


def _along(f, cls, W, b, x, tW, tb, tx, h=1e-6):
    return (f(cls(W + h * tW, b + h * tb), x + h * tx) - f(cls(W - h * tW, b - h * tb), x - h * tx)) / (2 * h)


@pytest.mark.parametrize("cls", [Params, Tup])
@pytest.mark.parametrize("jit", [False, True])
def test_jvp_of_a_record_argument(cls, jit):
    """jvp with respect to a dataclass or namedtuple: its tangent is an object of the same class
    (record_flat.py: the jvp of a wrapper taking the fields); also with another argument, either order."""
    W, b, x = _data(8)
    rng = np.random.default_rng(9)
    tW, tb, tx = rng.normal(size=W.shape), rng.normal(size=b.shape), rng.normal(size=x.shape)
    value, t = s2sad.jvp(loss, jit=jit)(cls(W=W, b=b), x, cls(W=tW, b=tb))
    assert value == pytest.approx(loss(cls(W=W, b=b), x), rel=1e-12)
    assert t == pytest.approx(_along(loss, cls, W, b, x, tW, tb, 0 * x), rel=1e-6)
    want = autograd.make_jvp(lambda s: loss(cls(W=W + s * tW, b=b + s * tb), x + s * tx))(0.0)(1.0)[1]
    _, t2 = s2sad.jvp(loss, wrt=(1, 0), jit=jit)(cls(W=W, b=b), x, (tx, cls(W=tW, b=tb)))
    assert t2 == pytest.approx(want, rel=1e-10)
    assert t2 == pytest.approx(_along(loss, cls, W, b, x, tW, tb, tx), rel=1e-6)


def test_jvp_of_a_frozen_slots_kw_only_dataclass_is_refused_located():
    """Its wrapper builds a Frozen(W=..., b=...) in the function, which the front end does not follow
    (frozen, slots, keyword-only): refused at the field's read, not a wrong tangent."""
    W, b, x = _data()
    with pytest.raises(UnsupportedSyntaxError, match=r"test_dataclass_args59.py\", line \d+"):
        s2sad.jvp(loss)(Frozen(W=W, b=b), x, Frozen(W=W, b=b))


def test_jvp_tangent_of_another_class_is_refused():
    W, b, x = _data()
    with pytest.raises(ArgumentError, match="pass a `Params` of tangents"):
        s2sad.jvp(loss)(Params(W, b), x, [np.ones_like(W), np.ones_like(b)])


def test_jvp_of_a_nested_record_keeps_its_refusal():
    W, b, x = _data()
    with pytest.raises(ArgumentError, match="`n` is a Net; forward mode"):
        s2sad.jvp(nested)(Net(Params(W, b), 1.5), x, Net(Params(W, b), 1.0))


@pytest.mark.parametrize("cls", [Params, Tup])
def test_grad_of_a_record_argument_under_jit(cls):
    """grad and value_and_grad with jit=True of a dataclass or namedtuple argument (refused before:
    numba cannot take the object): the compiled gradient of the wrapper taking its fields, made once."""
    W, b, x = _data(10)
    g = check_grad(loss, cls(W, b), x, jit=True)
    assert type(g) is cls
    want = _autograd(loss, cls, W, b, x)
    np.testing.assert_allclose(g.W, want[0], rtol=1e-10)
    f = s2sad.value_and_grad(loss, wrt=(1, 0), jit=True)
    for scale in (1.0, 0.5):
        v, (gx, gp) = f(cls(scale * W, b), x)
        assert v == pytest.approx(loss(cls(scale * W, b), x), rel=1e-12) and type(gp) is cls
        np.testing.assert_allclose(gx, s2sad.grad(loss, wrt=1)(cls(scale * W, b), x), rtol=1e-10)
    assert len(f._s2sad_record_inner) == 1        # one compiled wrapper for both calls


def test_nested_record_under_jit_keeps_its_refusal():
    W, b, x = _data()
    with pytest.raises(ArgumentError, match="`n` is a Net; with jit=True"):
        s2sad.grad(nested, jit=True)(Net(Params(W, b), 1.5), x)


def test_method_of_the_differentiated_dataclass_is_refused_at_its_line():
    W, b, x = _data()

    def uses_method(p, x):
        return p.energy(x)
    with pytest.raises(UnsupportedSyntaxError, match="energy"):
        s2sad.grad(uses_method)(Params(W, b), x)


def two_records(p, q, s=2.0):
    return s * np.sum(p.W @ q.b) + np.sum(q.W * p.W)


@pytest.mark.parametrize("jit", [False, True])
def test_a_record_beside_the_differentiated_one(jit):
    """Under jit the record not differentiated is passed by its fields too (numba takes no object)."""
    W, b, x = _data(11)
    p, q, tq = Params(W, b), Params(2.0 * W, x), Params(0.5 + 0 * W, np.arange(4.0))
    _, t = s2sad.jvp(two_records, wrt=1, jit=jit)(p, q, tq)
    assert t == pytest.approx(2.0 * np.sum(W @ tq.b) + np.sum(tq.W * W), rel=1e-12)
    g = s2sad.grad(two_records, wrt=1, jit=jit)(p, q)
    np.testing.assert_allclose(g.W, W, rtol=1e-12)
    np.testing.assert_allclose(g.b, 2.0 * W.sum(axis=0), rtol=1e-12)
