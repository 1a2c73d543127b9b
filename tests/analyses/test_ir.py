"""The operations the analyses see (s2sad/analyses/ir.py): every name a call or a display reads
is an operand, however deeply it sits in nested lists, so that a differentiated value reaching
something s2sad cannot follow is refused at its line rather than taken for a constant."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad


def cov_of_blocks(A):     # np.ldexp has no rule (np.block, np.cov, np.corrcoef and np.i0, earlier examples, have one now)
    k = 2
    B = np.ldexp([[A[0, 0] * 2.0, A[0, k]], [A[k, 0], np.sin(A[k, k])]], 1)
    return np.sum(B * np.arange(4.0).reshape(2, 2))


def _corner_product(L):
    return L[0][0] * L[1][1] + L[0][1]


def helper_given_a_nested_list(x):
    return _corner_product([[x[0], x[1]], [x[2], x[0]]])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, line", [(cov_of_blocks, "B = np.ldexp("),
                                     (helper_given_a_nested_list, "return _corner_product(")])
def test_values_inside_nested_lists_are_operands(f, line, jit):
    """`np.ldexp([[a, b], [c, d]], 1)` (no rule; the bug was found with np.block, which has one now)
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


numba = pytest.importorskip("numba")


@numba.njit
def _nb_energy(x, k):
    s = 0.0
    for i in range(x.shape[0] - 1):
        d = x[i + 1] - x[i]
        s += k * d * d
    return s


@numba.njit
def _nb_scaled(x):
    return np.tanh(x) * _nb_energy(x, 0.5)


@numba.njit
def _nb_count(x):
    return (x > 0).sum()


def calls_njit_helpers(x):
    return _nb_energy(x, 2.0) + np.sum(_nb_scaled(x) * x) + _nb_count(x)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_users_njit_helper_is_differentiated_through_its_python_function(jit):
    """`@numba.njit` helpers (also one calling another, and one whose result has no
    derivative) were unknown calls: refused, though numba compiles the very Python function
    s2sad can read."""
    x = np.array([0.3, -1.2, 2.5, 0.7])
    check_grad(calls_njit_helpers, x, jit=jit)


@numba.njit
def _nb_sq(x):
    return x * x


@s2sad.adjoint(_nb_sq)
def _nb_sq_rule(y, x):
    d[x] = 3.0 * x * d[y]  # noqa: F821  (deliberately not 2x: the rule, not the body, must be used)


def calls_njit_with_rule(x):
    return _nb_sq(x)


def test_an_njit_helper_with_a_custom_rule_keeps_its_rule():
    assert s2sad.grad(calls_njit_with_rule)(2.0) == 6.0      # the body would give 4.0


class _Potential:
    def __init__(self, b):
        self.b = b

    def __call__(self, z):
        return np.sum(self.b) * z


def callable_object_of_the_inputs(x):
    layer = _Potential(x)
    return layer(2.0)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_called_local_is_an_operand(mode):
    """`layer = Model(x); layer(2.0)`: the called object depends on x, but only the call's
    arguments were operands, so the call's result was taken for a constant and the gradient was
    silently zero (fuzz24, tests.fuzz --only classes seed 10). The callee's names became operands
    (refused, naming the line building the object); since stop 47 the object is read as its
    variables (open47, frontend/object_model.py) and the gradient is exact: 2 per entry."""
    x = np.array([0.3, -0.2, 0.5])
    if mode == "grad":
        np.testing.assert_allclose(s2sad.grad(callable_object_of_the_inputs)(x), 2.0 * np.ones(3), rtol=1e-12)
    else:
        _, t = s2sad.jvp(callable_object_of_the_inputs)(x, np.ones(3))
        np.testing.assert_allclose(t, 6.0, rtol=1e-12)
