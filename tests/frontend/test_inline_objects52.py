"""An object of the user's class built and read at once (``Poly().n``, ``Lin(2.0).apply(x)``) is
written as the variables ``local_objects`` makes of ``o = Poly(); o.n`` (``_name_inline_objects``:
the object bound to a name first, Python's order kept). ``Poly().n`` was right without jit but a
JitError under jit (numba cannot build the object), while the bound form compiled. Records and
library classes are left as written (a namedtuple read at once, ``Pair(a, b).p``, stays refused)."""
from collections import namedtuple

import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp
from tests.exact_modes import check_value_and_modes


class Poly:
    def __init__(self, degree=3):
        self.c = degree

    @property
    def n(self):
        return self.c + 1


class Lin:
    def __init__(self, a):
        self.a = a

    def apply(self, v):
        return self.a * v + 1.0


Pair = namedtuple("Pair", "p q")


def property_of_a_new_object(x):
    return x[0] ** 2 * Poly().n + x[1]


def method_of_a_new_object(x):
    return np.sum(np.sin(Lin(x[2]).apply(x)) ** 2) + Poly(x.size).n * x[3]


def beside_a_record(x):
    p = Pair(x[0] * x[1], x[2])          # (a record read at once, `Pair(a, b).p`, stays refused)
    return p.p * Lin(3.0).apply(p.q) + Poly().n


PROGRAMS = [property_of_a_new_object, method_of_a_new_object, beside_a_record]
X = np.array([0.3, -0.7, 0.5, 1.1])
V = np.array([0.2, 0.5, -0.4, 0.3])


@pytest.mark.parametrize("f", PROGRAMS)
def test_an_object_read_at_once(f):
    check_value_and_modes(f, X.copy(), V)


@pytest.mark.parametrize("f", PROGRAMS)
def test_an_object_read_at_once_under_jit(f):
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)
