"""Loop fusion under jit=True never takes a tuple for an array.

``for p in zip(x, w)`` binds ``p = x[k], w[k]``; its adjoint ``b_p = zeros_like(p)`` has rank 1,
so loop fusion took ``p`` as the input of an elementwise run (``fits(b_p, p)``, ``p.shape``),
which numba cannot compile: grad(jit=True) was refused with a JitError."""
import ast

import numpy as np
import pytest

from s2sad.backends import loopfuse
from s2sad.testing import check_grad, check_jvp

X = np.array([0.7, -0.4, 1.3])


def pairs_of_zip(x):
    w = [1.0, -1.0, 2.0]
    s = 0.0
    for p in zip(x, w):
        if p[1] > 0:
            s += p[0] * p[1]
    return s


def pairs_of_filtered_generator(x):
    w = [1.0, -1.0, 2.0]
    return sum(p[0] * p[1] for p in (q for q in zip(x, w) if q[1] > 0))


@pytest.mark.jit
@pytest.mark.parametrize("f", [pairs_of_zip, pairs_of_filtered_generator], ids=lambda f: f.__name__)
def test_tuple_items_under_jit(f):
    check_grad(f, X, jit=True)
    check_jvp(f, X, tangent=np.array([0.3, -0.1, 0.2]), jit=True)


def test_tuple_names_are_never_inputs():
    fdef = ast.parse("def f(x, w):\n    p = x[0], w[0]\n    q = (x, w)\n    g = np.zeros(3)\n").body[0]
    assert loopfuse._lists(fdef) == {"p", "q"}
