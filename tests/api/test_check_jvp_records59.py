"""s2sad.testing.check_jvp of a function of a dataclass or namedtuple argument (stop 59 made
s2sad.jvp take them, a tangent of the same class or a tuple of one per field): the checker's
central difference did np.abs(record) and raised TypeError ('bad operand type for abs(): P') or
NumPy's ValueError for a namedtuple holding an array and a float. It now moves the record field by
field. A deliberately wrong jvp must still fail the check."""

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_jvp


from tests.api.records59 import NT, P, W, X


def loss(p, x):
    return np.sum(np.tanh(p.w * x) + p.b ** 2)


def pair(p, q, x):
    return np.sum(p.w * q.w * x) + p.b * q.b


@pytest.mark.parametrize("kind", [P, NT])
def test_one_record(kind):
    value, tout = check_jvp(loss, kind(W.copy(), 0.7), X.copy(), tangent=kind(np.array([1.0, 2.0, 3.0]), 0.3))
    assert value == pytest.approx(loss(kind(W, 0.7), X))
    assert tout == pytest.approx(np.sum((1 - np.tanh(W * X) ** 2) * X * [1.0, 2.0, 3.0]) + 3 * 2 * 0.7 * 0.3)   # b ** 2 broadcast over 3 items


def test_tuple_tangent_and_mixed_wrt():
    check_jvp(loss, P(W.copy(), 0.7), X.copy(), tangent=(np.ones(3), 0.5))
    check_jvp(pair, P(W.copy(), 0.7), NT(W + 1.0, -0.2), X.copy(), wrt=(0, 1, 2),
              tangent=(P(np.ones(3), 0.1), NT(2 * np.ones(3), 0.4), np.array([0.3, -0.1, 0.2])))


def test_a_wrong_jvp_still_fails():
    def wrong(f, wrt=0, jit=False):
        right = s2sad.jvp(f, wrt=wrt, jit=jit)
        return lambda *a: (lambda v, t: (v, 1.1 * t))(*right(*a))
    with pytest.raises(AssertionError):
        check_jvp(loss, P(W.copy(), 0.7), X.copy(), tangent=P(np.ones(3), 0.3), jvp_fn=wrong)
