"""Loop fusion under jit=True never loops over a Python list (hunt16).

``out.append(sum(x[i + j] * k[m - 1 - j] for j in range(m)))`` keeps the generator's items in
a list ``comp``; its adjoint ``b_comp = zeros_like(comp)`` has rank 1, so loop fusion took
``comp`` as the input of an elementwise loop (``for i in range(comp.shape[0])``,
``reused(b_comp, comp)``), which numba cannot compile: grad(jit=True) was refused."""
import ast

import numpy as np
import pytest

from s2sad.backends import loopfuse
from s2sad.testing import check_grad, check_jvp


def conv_by_generator_sums(x, k):
    m = len(k)
    out = []
    for i in range(len(x) - m + 1):
        out.append(sum(x[i + j] * k[m - 1 - j] for j in range(m)))
    return np.mean(np.array(out) ** 2)


X = np.array([0.3, -1.2, 0.8, 2.0, -0.5, 0.1, 1.4])
K = np.array([0.5, -0.25, 0.75])


@pytest.mark.parametrize("jit", [False, True])
def test_conv_by_generator_sums(jit):
    check_grad(conv_by_generator_sums, X, K, wrt=(0, 1), jit=jit)
    check_jvp(conv_by_generator_sums, X, K, tangent=np.ones(7), jit=jit)


def test_list_names_are_found():
    fdef = ast.parse("def f(x):\n    c = []\n    c.append(x)\n    d = [x, x]\n    e = [v for v in x]\n"
                     "    g = np.zeros(3)\n").body[0]
    assert loopfuse._lists(fdef) == {"c", "d", "e"}
