"""s2sad.testing.check_vjp of a function of a dataclass, namedtuple, tuple or dict argument: vjp
gives the gradient as an object of the argument's kind, but the checker compared it whole as if
the argument were a number ('gradient of a scalar argument should be a float, got P'), so no such
vjp could be checked (check_grad reads them leaf by leaf). check_vjp now does the same; a wrong
vjp still fails."""

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_vjp


from tests.api.records59 import NT, P, W, X
DOUT = np.array([1.0, -2.0, 0.5])


def by_field(p, x):
    return np.sin(p.w * x) + p.b


def by_position(t, x):
    return np.sin(t[0] * x) + t[1]


def by_key(d, x):
    return np.sin(d["w"] * x) + d["b"]


CASES = [(by_field, P(W, 0.7)), (by_field, NT(W, 0.7)), (by_position, (W, 0.7)), (by_key, {"w": W, "b": 0.7})]


@pytest.mark.parametrize("f,arg", CASES, ids=["dataclass", "namedtuple", "tuple", "dict"])
def test_check_vjp_reads_the_fields(f, arg):
    check_vjp(f, arg, X.copy(), dout=DOUT.copy())
    check_vjp(f, arg, X.copy(), dout=DOUT.copy(), wrt=(0, 1))


def test_a_wrong_vjp_still_fails():
    def wrong(f, wrt=0, jit=False):
        right = s2sad.vjp(f, wrt=wrt, jit=jit)
        return lambda *a: (lambda g: P(g.w, 1.1 * g.b))(right(*a))
    with pytest.raises(AssertionError, match=r"arg 0\[1\]"):
        check_vjp(by_field, P(W.copy(), 0.7), X.copy(), dout=DOUT.copy(), vjp_fn=wrong)
