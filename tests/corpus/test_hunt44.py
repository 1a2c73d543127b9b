"""Functions written as people in other fields write them (hunt44: signal processing, ray marching,
neuron models, gene networks, climate and economics models, inner solvers written in the function
(CG, power iteration, Gauss-Seidel, ADMM, L-BFGS, Newton with line search), quadrature and series,
Newmark, Burgers, lattice Boltzmann, circuits, robust regression, word2vec, OOP and vectorised
styles). The whole hunt lives in /work/scratch/hunt44 (harness.py, sets/*.py, table.md); these are
the cases where s2sad was wrong or raised an internal error."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp


def newest_only(x):
    """A memory of the last value (L-BFGS keeps the last m pairs), tested for emptiness."""
    S = [x * 0.0]
    q = x
    for k in range(4):
        if S:
            q = q * 2.0 + S[-1]
        S.append(q * 0.0)
        if len(S) > 1:
            S.pop(0)
    return q


def test_a_list_kept_for_the_reverse_stays_a_list():
    # the tape kept np.copy(S): the list [0.0] became array([0.]), falsy, and the reverse skipped
    # the adjoint of `q = q * 2.0 + S[-1]`: grad 1.0 instead of 16.0
    assert s2sad.grad(newest_only)(0.7) == pytest.approx(16.0)
    check_grad(newest_only, 0.7)


def lbfgs_memory(x0):
    """The two-loop recursion's memory: pairs appended, the oldest dropped, all read by a loop."""
    x = x0.copy()
    S = []
    for k in range(6):
        q = x.copy()
        for s in S:
            q = q - 0.1 * s
        xn = x * 0.9 + 0.1 * np.tanh(q)
        S.append(xn - x)
        if len(S) > 3:
            S.pop(0)
        x = xn
    return np.sum(x ** 2)


def lbfgs_last(x0):
    x = x0.copy()
    S = []
    for k in range(6):
        q = x.copy()
        if S:
            q = q * S[-1]
        xn = x * 0.9 + 0.1 * q
        S.append(xn - x)
        if len(S) > 3:
            S.pop(0)
        x = xn
    return np.sum(x)


@pytest.mark.parametrize("f", [lbfgs_memory, lbfgs_last])
def test_a_memory_of_arrays_in_a_loop(f):
    # internal errors: `if S:` of the taped copy (an array of two rows), and the adjoint of the
    # empty slice `S[0:0]` the first step loops on (np.zeros((0,)) added to a (0, 2) slice)
    x = np.array([0.3, 0.5])
    check_grad(f, x)
    check_hvp(f, x, v=np.array([0.7, -0.4]))


@pytest.mark.jit
def test_a_memory_of_arrays_in_a_loop_jit():
    # numba: the adjoint of an empty list of arrays is (0, 0), added into a (0, 2) slice
    check_grad(lbfgs_memory, np.array([0.3, 0.5]), jit=True)


def pairs_memory(x0):
    """L-BFGS's two memories made by one statement, trimmed together."""
    x = x0.copy()
    S, Y = [], []
    for k in range(6):
        xn = x * 0.9 + 0.1 * np.sin(x)
        S.append(xn - x)
        Y.append(xn * x)
        if len(S) > 3:
            S.pop(0)
            Y.pop(0)
        x = xn
    return np.sum(S[0] * Y[-1])


def test_lists_made_by_one_unpacking_take_pops():
    # refused before ("its result is discarded ... like list.append"): `S, Y = [], []` did not
    # count as making local lists, as `S = []` and `Y = []` do
    check_grad(pairs_memory, np.array([0.3, 0.5]))


def swapped_displays(x):
    a, b = [x], [x * 2.0]
    a, b = [b[0]], [a[0] * 3.0]     # reads the targets: not split (Python builds both first)
    a.append(b[0])
    a.pop(0)
    return a[0] * b[0]


def test_an_unpacking_that_reads_its_targets_is_not_split():
    # split, `b = [a[0] * 3.0]` would read the new `a`: 18 x ** 2, not 9 x ** 2; left as written,
    # its pop is refused (located) as before
    with pytest.raises(UnsupportedSyntaxError, match="in swapped_displays"):
        s2sad.grad(swapped_displays)(0.7)
