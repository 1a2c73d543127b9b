"""``match`` forms lifted in stop 59: nested sequence patterns on a display, a subject held in a
name bound once to a tuple display (``match_displays.py``), class patterns on a name bound once to
a dataclass object (``match_classes.py``), mapping patterns on a name bound once to a dict display
of constant keys (``match_mappings.py``). Each checked against central differences and autograd
in reverse and forward mode, and under jit for one; their neighbours (a name bound twice, a list
through a name, an element of unknown length, a class that is not a dataclass, ``**rest``, a dict
stored into or passed in) stay refused at the ``match``."""
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Point3(Point):
    z: float


class Plain:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


def nested_display(x):
    match ((x[0], x[1]), x[2]):
        case ((a, b), c):
            return a * b * c
    return 0.0


def held_in_name(x, k):
    pair = ((x[0] * 2.0, x[1]), (x[2],))
    match pair:
        case ((a, 0.0), _):
            return a
        case ((a, b), (c, d)):
            return a + b + c + d
        case ((a, b), (c,)) if k > 1:
            return a * b * c
        case ((a, b) as ab, rest):
            return np.sin(a) + b * rest[0] + ab[0]
    return 0.0


def star_nested(x):
    t = (x[0], (x[1], x[2], x[0]))
    match t:
        case (a, (b, *rest)):
            return a * b + sum(rest) * b
    return 0.0


def class_pattern(x):
    p = Point(x[0], x[1])
    match p:
        case Point(x=0.0, y=y):
            return y
        case Point(u, v) if u > 10.0:
            return u
        case Point(x=u, y=v):
            return u * v * 3.0 + np.exp(v)
    return 0.0


def class_pattern_base(x):
    p = Point3(x[0], x[1], x[2])
    match p:
        case Plain(x=u):
            return u
        case Point(x=u, y=v):
            return u * p.z + v ** 2
    return 0.0


def record_captured_whole(x):
    p = Point(x[0], x[1])
    match p:
        case Point(x=u) as q:       # `q` is `p` again: an alias of the record, not followed
            return u * q.y
    return 0.0


def bound_twice(x):
    pair = (x[0], x[1])
    pair = (x[1],)
    match pair:
        case (a, (b, _)):
            return a * b
    return 0.0


def list_through_name(x):
    pair = [(x[0], x[1]), x[2]]
    match pair:
        case ((a, b), c):
            return a * b * c
    return 0.0


def unknown_length(x):
    match (x[0], x[1:]):
        case (a, (b, c)):
            return a * b * c
    return 0.0


def not_a_dataclass(x):
    p = Plain(x[0], x[1])
    match p:
        case Plain(x=u, y=v):
            return u * v
    return 0.0


def mapping_pattern(x, kind):
    cfg = {"kind": kind, "k": x[0] * 2.0, "b": x[1]}
    match cfg:
        case {"kind": "sq", "missing": _}:
            return 0.0
        case {"kind": "sq"}:
            return np.sum(x ** 2) * cfg["k"]
        case {"kind": "sin", "k": k, "b": b} if k > 0.0:
            return np.sum(np.sin(k * x)) + b
        case {"k": k} as whole:
            return k * whole["b"]
    return 0.0


def mapping_rest(x):
    cfg = {"k": x[0], "b": x[1]}
    match cfg:
        case {"k": k, **rest}:
            return k * rest["b"]
    return 0.0


def mapping_stored_into(x):
    cfg = {"k": x[0]}
    cfg["b"] = x[1]
    match cfg:
        case {"k": k, "b": b}:
            return k * b
    return 0.0


def mapping_argument(x, cfg):
    match cfg:
        case {"k": k}:
            return k * x[0]
    return 0.0


X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("f, args", [(nested_display, ()), (held_in_name, (2,)), (held_in_name, (0,)),
                                     (star_nested, ()), (class_pattern, ()), (class_pattern_base, ()),
                                     (mapping_pattern, ("sq",)), (mapping_pattern, ("sin",)),
                                     (mapping_pattern, ("other",))])
def test_lifted_match_forms_reverse_and_forward(f, args):
    check_grad(f, X, *args, reference="autograd")
    check_jvp(f, X, *args, tangent=np.array([0.4, -1.0, 0.7]))


def test_the_cases_python_picks():
    assert held_in_name(np.array([0.5, 0.0, 1.0]), 2) == 1.0                  # `(a, 0.0)` matches first
    g = s2sad.grad(held_in_name)(np.array([0.5, 0.0, 1.0]), 2)
    np.testing.assert_allclose(g, [2.0, 0.0, 0.0])
    g = s2sad.grad(class_pattern)(np.array([0.0, 0.8, 1.0]))                   # `x=0.0`: y alone
    np.testing.assert_allclose(g, [0.0, 1.0, 0.0])
    g = s2sad.grad(class_pattern)(np.array([11.0, 0.8, 1.0]))                  # the guard
    np.testing.assert_allclose(g, [1.0, 0.0, 0.0])


def test_nested_display_under_jit():
    check_grad(nested_display, X, jit=True)


@pytest.mark.parametrize("f, args", [(bound_twice, ()), (list_through_name, ()), (unknown_length, ()),
                                     (not_a_dataclass, ()), (mapping_rest, ()), (mapping_stored_into, ()),
                                     (mapping_argument, ({"k": 2.0},))])
def test_neighbours_stay_refused_at_the_match(f, args):
    with pytest.raises(UnsupportedSyntaxError, match="`match` statement") as e:
        s2sad.grad(f)(X, *args)
    assert "match" in str(e.value).splitlines()[1]


def test_record_captured_whole_is_refused_at_the_case():
    with pytest.raises(UnsupportedSyntaxError, match="case Point"):
        s2sad.grad(record_captured_whole)(X)
