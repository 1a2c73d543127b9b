"""`return helper(...)` where the helper returns a tuple: anf names the call (`t1 = helper(w, b)`;
`return t1`), inlining keeps the helper's tuple as its items (t1_0, t1_1), and the return, outside
the body those reads are rewritten in, still read `t1`: vjp and jvp raised AdjointFailedError
"NameError: name 't1' is not defined" (also grad with has_aux=True of `return loss_and_aux(x)`),
and jvp of a namedtuple or dataclass argument with a tuple output (its wrapper is
`return f(P(w=p__w, b=p__b), x)`) failed the same way. The tuple is now rebuilt before the return
(pipeline_inline._returned_wholes), in both pipelines."""

import numpy as np
import pytest

from s2sad.testing import check_jvp, check_vjp


from tests.api.records59 import NT, P, W, X


def pair(w, b, x):
    return np.sum(np.sin(w) * x), b * np.sum(x ** 2)


def returns_pair(w, b, x):
    return pair(w, b, x)


def of_record(p, x):
    return np.sum(np.sin(p.w) * x), p.b * np.sum(x ** 2)


@pytest.mark.parametrize("jit", [False, True])
def test_vjp_and_jvp(jit):
    check_vjp(returns_pair, W.copy(), 0.7, X.copy(), wrt=(0, 1, 2), dout=(1.0, -2.0), jit=jit)
    check_jvp(returns_pair, W.copy(), 0.7, X.copy(), wrt=(0, 1, 2), jit=jit,
              tangent=(np.array([1.0, 2.0, 3.0]), 0.5, np.array([-1.0, 0.5, 0.25])))


@pytest.mark.parametrize("kind", [P, NT], ids=["dataclass", "namedtuple"])
def test_jvp_of_a_record_with_a_tuple_output(kind):
    value, tout = check_jvp(of_record, kind(W.copy(), 0.7), X.copy(), tangent=kind(np.array([1.0, 2.0, 3.0]), 0.5))
    assert tout[1] == pytest.approx(0.5 * np.sum(X ** 2))
