"""frontend/records.py (with namedtuples.py): a plain dataclass built in the function and read by
its fields is the tuple of its fields; one whose construction may do more, or that is written,
indexed or passed on, keeps its refusal."""
from dataclasses import InitVar, dataclass, field

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


@dataclass
class Params:
    a: float
    b: float = 2.0


@dataclass(frozen=True)
class Layer:
    W: np.ndarray
    b: np.ndarray


def scalars(x):
    p = Params(a=x, b=3.0)
    q = Params(x * x)
    r = Params(b=np.sin(x), a=x + 1.0)       # keywords out of order: evaluated as written
    return p.a * p.b + q.a * q.b + r.a / r.b


def arrays(x, W):
    layer = Layer(W, x * 0.5)
    return np.sum(np.tanh(layer.W @ x + layer.b))


X, W = np.array([0.3, -0.2]), np.array([[1.0, 2.0], [0.5, -1.0]])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_dataclass_read_by_its_fields_is_a_record(jit):
    """Refused before ("the attribute `.a` of a local value")."""
    ref = None if jit else "autograd"
    check_grad(scalars, 1.2, jit=jit, reference=ref)
    check_grad(arrays, X, W, wrt=(0, 1), jit=jit, reference=ref)


def test_forward_mode():
    check_jvp(scalars, 1.2, tangent=1.0)
    check_jvp(arrays, X, W, wrt=(0, 1), tangent=(np.ones(2), np.eye(2)))


@dataclass
class OwnInit:
    a: float

    def __init__(self, a):
        self.a = 2.0 * a


@dataclass
class PostInit:
    a: float

    def __post_init__(self):
        self.a = 3.0 * self.a


@dataclass
class Factory:
    a: float
    c: list = field(default_factory=list)


@dataclass
class WithInitVar:
    a: float
    scale: InitVar[float] = 1.0


def own_init(x):
    p = OwnInit(x)
    return p.a * x


def post_init(x):
    p = PostInit(x)
    return p.a


def factory(x):
    p = Factory(x)
    return p.a


def init_var(x):
    p = WithInitVar(x, 2.0)
    return p.a


def written(x):
    p = Params(x)
    p.a = 3.0
    return p.a * x


def passed_on(x):
    p = Params(x)
    return _reads(p)


def _reads(p):
    return p.a * p.b


@pytest.mark.parametrize("f", [post_init, init_var])   # own_init: open46 lifts it
def test_what_may_do_more_than_store_its_fields_stays_refused(f):
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(f)(1.2)


def test_a_record_passed_to_a_helper_is_its_fields():
    """Refused before stop 51; passed as the tuple of its fields (``frontend/record_helpers.py``)."""
    check_grad(passed_on, 1.2)


@pytest.mark.parametrize("f", [factory, written])
def test_a_list_factory_and_a_field_rebound_are_read_as_variables(f):
    """``field(default_factory=list)`` and ``p.a = 3.0`` in the body (refused before): hunt48
    writes the generated ``__init__`` (a fresh ``[]`` for the field) and the rebinding as
    ``p_a = 3.0`` (``frontend/object_dataclass.py``, ``local_objects``)."""
    check_grad(f, 1.2)


def starred(x):
    p = Params(*x[:2])
    return p.a - p.b


def not_a_field(x):
    p = Params(x[0], c=x[1])
    return p.a


@pytest.mark.parametrize("f, what", [(starred, "`*` or `**` arguments"), (not_a_field, "do not bind each field")])
def test_a_record_built_otherwise_than_field_by_field_is_refused_at_the_call(f, what):
    """Refused before at its first field read, `.a`, as "a local value"."""
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(np.array([0.4, 1.3, 2.1]))
    assert what in str(info.value) and "Params(" in str(info.value).splitlines()[1]


def test_an_own_init_that_only_assigns_is_read_as_variables():
    """open46 (frontend/local_objects.py): the class's own ``__init__`` is what Python runs."""
    from s2sad.testing import check_grad
    check_grad(own_init, 0.7)
