"""The operations the analyses see (s2sad/analyses/ir.py): every name a call or a display reads
is an operand, however deeply it sits in nested lists, so that a differentiated value reaching
something s2sad cannot follow is refused at its line rather than taken for a constant."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad


def cov_of_blocks(A):     # np.i0 has no rule (np.block, np.cov and np.corrcoef, earlier examples, have one now)
    k = 2
    B = np.i0([[A[0, 0] * 2.0, A[0, k]], [A[k, 0], np.sin(A[k, k])]])
    return np.sum(B * np.arange(4.0).reshape(2, 2))


def _corner_product(L):
    return L[0][0] * L[1][1] + L[0][1]


def helper_given_a_nested_list(x):
    return _corner_product([[x[0], x[1]], [x[2], x[0]]])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, line", [(cov_of_blocks, "B = np.i0("),
                                     (helper_given_a_nested_list, "return _corner_product(")])
def test_values_inside_nested_lists_are_operands(f, line, jit):
    """`np.i0([[a, b], [c, d]])` (no rule; the bug was found with np.block, which has one now)
    and a helper whose parameter is bound to `[[a, b], [c, d]]`: the names one list deeper were not operands, the result was taken for
    a constant and the gradient was silently zero (hunt7, /work/scratch/user/fns57.py
    block_inverse). Now refused, naming the line."""
    x = np.random.default_rng(0).normal(size=(4, 4)) if f is cov_of_blocks else np.array([0.3, -0.7, 1.1])
    with pytest.raises(NoDerivativeError, match=r'line \d+, column \d+') as e:
        s2sad.grad(f, jit=jit)(x)
    assert line in str(e.value)


def nested_rows_kept(x):
    rows = [[x[0], x[1]], [x[2], x[0] * x[1]]]
    s = 0.0
    for r in rows:
        for v in r:
            s += v * v
    return s + np.linalg.det(np.array([[x[0], x[1]], [x[2], 1.0]]))


@pytest.mark.parametrize("jit", [False])    # jit=True: a JitError for the list of lists (numba's typing)
def test_nested_lists_written_in_the_function_are_still_differentiated(jit):
    import autograd
    import autograd.numpy as anp

    def ref(x):
        s = sum(v * v for v in (x[0], x[1], x[2], x[0] * x[1]))
        return s + anp.linalg.det(anp.array([[x[0], x[1]], [x[2], 1.0]]))
    x = np.array([0.3, -0.7, 1.1])
    np.testing.assert_allclose(check_grad(nested_rows_kept, x, jit=jit), autograd.grad(ref)(x), rtol=1e-10)
