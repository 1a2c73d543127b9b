"""``getattr(obj, "p")`` with a constant name is ``obj.p`` (frontend/getattr_names.py).

On main ``getattr(s, "p")`` of a namedtuple local was refused (NoDerivativeError: "no derivative
rule for getattr"), and so was ``getattr(np, "sin")(x)`` and ``getattr(s, "k")`` of a global
object; Python evaluates each as the attribute, which s2sad follows."""
from collections import namedtuple

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

V = namedtuple("V", "p q")


class Spring:
    def __init__(self, k):
        self.k = k


SPRINGS = [Spring(1.5), Spring(0.5)]
X = np.array([0.3, 1.5, -0.2])


def of_a_namedtuple(x):
    s = V(x[0], x[1])
    return getattr(s, "p") * getattr(s, "q") ** 2                   # noqa: B009 -- the form tested


def of_a_module(x):
    return getattr(np, "sin")(x[0]) * getattr(V(x[1], 2.0), "q") + x[2]     # noqa: B009


def in_a_loop(x):
    return sum(getattr(s, "k") * x[0] ** 2 for s in SPRINGS) + x[1] * x[2]  # noqa: B009


def with_a_default(x):
    s = V(x[0], x[1])
    return getattr(s, "p", 0.0) * x[2]


def shadowed(x):
    getattr = max           # not the builtin: left as written
    return getattr(x[0], 2.0) * x[1]


@pytest.mark.parametrize("fn", [of_a_namedtuple, of_a_module, in_a_loop, shadowed], ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_getattr_of_a_constant_name(fn, jit):
    if jit and fn is shadowed:
        pytest.skip("the jit case is the same build")
    check_grad(fn, X.copy(), jit=jit)
    check_jvp(fn, X.copy(), tangent=np.array([0.4, -1.3, 0.7]), jit=jit)


def test_a_default_is_left_as_written():
    """The record, read otherwise than by its fields, stays an object: refused where it is built."""
    with pytest.raises(s2sad.errors.NoDerivativeError, match=r"(?s)test_getattr_names53.py.*line \d+.*s = V\(x\[0\]"):
        s2sad.grad(with_a_default)(X.copy())
