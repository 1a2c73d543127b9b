"""frontend/namedtuples.py: a local namedtuple (``collections.namedtuple``, ``typing.NamedTuple``)
read by its fields is the tuple it is; anything else done with it keeps its refusal."""
import typing
from collections import namedtuple

import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from s2sad.testing import check_grad, check_hvp, check_jvp

Camera = namedtuple("Camera", ["f", "cx", "cy"])


class Pair(typing.NamedTuple):
    a: float
    b: float = 2.0


def projected(x):
    cam = Camera(f=x[0], cx=x[1], cy=x[2])
    P = np.array([[0.1, 0.2, 2.0], [0.3, -0.1, 3.0]])
    u = cam.f * P[:, 0] / P[:, 2] + cam.cx
    v = cam.f * P[:, 1] / P[:, 2] + cam.cy
    return np.sum(u * v)


def keywords_out_of_order(x):
    p = Pair(b=x[1] * 2.0, a=np.sin(x[0]))
    return p.a * p.b + p[1]


def a_default_and_unpacking(x):
    p = Pair(x[0])
    q, r = p
    return p.a * p.b * q * r + x[2]


def in_a_loop(x):
    total = 0.0
    for k in range(3):
        p = Pair(x[k], b=x[k] ** 2)
        total = total + p.a * p.b
    return total


X = np.array([0.5, 1.5, -0.7])


@pytest.mark.parametrize("f", [projected, keywords_out_of_order, a_default_and_unpacking, in_a_loop])
def test_a_namedtuple_local_read_by_its_fields(f):
    """Each was refused before ("the attribute `.f` of a local value"; hunt23
    set_idiom.namedtuple_camera)."""
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([1.0, -0.5, 2.0]))


@pytest.mark.jit
def test_a_namedtuple_local_under_jit_and_second_order():
    check_grad(projected, X, jit=True)
    check_hvp(keywords_out_of_order, X, v=np.array([1.0, -0.5, 2.0]))


def test_arguments_out_of_field_order_are_evaluated_in_the_order_written():
    text = build(keywords_out_of_order, ["x"], stop_after="parse")
    lowered = build(keywords_out_of_order, ["x"], stop_after="anf")
    assert "Pair(" in text and "Pair" not in lowered
    assert lowered.index("x[1]") < lowered.index("np.sin("), lowered


def checked_with_isinstance(x):
    p = Pair(x[0], x[1])
    return p.a * 2.0 if isinstance(p, Pair) else 0.0


def _first(p):
    return p.a


def passed_to_a_helper(x):
    p = Pair(x[0], x[1])
    return _first(p) * x[2]


def two_classes(x, k):
    p = Pair(x[0], x[1])
    if k > 0:
        p = Camera(x[0], x[1], x[2])
    return p.a * 2.0


@pytest.mark.parametrize("f, args", [(checked_with_isinstance, (X,)), (two_classes, (X, 1.0))])
def test_other_uses_of_a_namedtuple_stay_refused(f, args):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"attribute `\.a` of a local"):
        s2sad.grad(f)(*args)


def test_a_namedtuple_passed_to_a_helper_is_its_fields():
    """Refused before stop 51; passed as the tuple of its fields (``frontend/record_helpers.py``)."""
    check_grad(passed_to_a_helper, X)
