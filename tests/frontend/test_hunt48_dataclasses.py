"""Objects of a ``@dataclass`` built in the differentiated function whose methods rebind fields or
append to a list field (hunt48: ``field(default_factory=list)``, an optimiser or accumulator as a
dataclass; refused on main: "the attribute `.total` of a local value"). The decorator's
``__init__`` has no source; ``frontend/object_dataclass.py`` writes the one it generates (a
parameter per field, its constant default or a fresh ``[]``/``{}``), and the object is then read
as variables like any other (``local_objects``). Dataclasses with ``__post_init__``, keyword-only
fields, frozen ones, or factories other than ``list``/``dict`` keep their located refusal."""
from dataclasses import dataclass, field

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


@dataclass
class Acc:
    total: float = 0.0
    items: list = field(default_factory=list)

    def add(self, v):
        self.total += v
        self.items.append(v)


@dataclass
class Sgd:
    w: np.ndarray
    lr: float = 0.1
    hist: list = field(default_factory=list)

    def step(self, g):
        self.w = self.w - self.lr * g
        self.hist.append(np.sum(self.w))


@dataclass
class Spring:
    k: float
    rest: float = 1.0

    def energy(self, d):
        return 0.5 * self.k * (d - self.rest) ** 2


def accumulator(x):
    a = Acc()
    for v in x:
        a.add(v * v)
    return a.total + a.items[0] * a.items[2]


def optimiser(x):
    opt = Sgd(x, lr=0.2)
    for _ in range(3):
        opt.step(2 * opt.w + np.sin(opt.w))
    return np.sum(opt.w ** 2) + opt.hist[1]


def springs(x):
    s1 = Spring(2.0)
    s2 = Spring(3.0, 0.5)
    return s1.energy(x[0]) + s2.energy(x[1]) * s1.k


def factory_fresh_each_time(x):
    a = Acc()
    b = Acc()
    a.add(x[0])
    b.add(x[1])
    return a.items[0] * len(a.items) + b.total * len(b.items)


X = np.array([0.3, -0.7, 1.1])
V = np.array([0.7, -0.2, 0.4])
CASES = [accumulator, optimiser, springs, factory_fresh_each_time]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V, autograd=False)


@pytest.mark.parametrize("fn", [accumulator, optimiser], ids=["accumulator", "optimiser"])
def test_checkpointed_loops(fn):
    check_checkpointed(fn, X)


def test_value():
    for fn in CASES:
        assert s2sad.value_and_grad(fn)(X.copy())[0] == fn(X.copy())


@pytest.mark.jit
def test_jit():
    check_grad(springs, X, jit=True)


@dataclass
class Post:
    w: float
    w2: float = 0.0

    def __post_init__(self):
        self.w2 = self.w * self.w


@dataclass(frozen=True)
class Frozen:
    w: float


@dataclass
class KwOnly:
    w: float = field(kw_only=True, default=1.0)


@dataclass
class ArrayFactory:
    v: np.ndarray = field(default_factory=lambda: np.zeros(3))


def post_init(x):
    p = Post(x[0])
    return p.w2


def frozen(x):
    f = Frozen(x[0])
    return f.w * 2


def kw_only(x):
    k = KwOnly(w=x[0])
    return k.w * 2


def array_factory(x):
    a = ArrayFactory()
    return np.sum(a.v + x)


@pytest.mark.parametrize("fn", [post_init, frozen, kw_only, array_factory])
def test_others_stay_right_or_refused_located(fn):
    """Outside the plain case: an earlier stage's reading (a dataclass only read by its fields) or
    a located refusal, never a wrong gradient."""
    try:
        g = s2sad.grad(fn)(X.copy())
    except s2sad.S2sadError as e:
        assert __file__ in str(e)
        return
    check_grad(fn, X.copy())
    assert g.shape == X.shape
