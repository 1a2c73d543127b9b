"""jit19: forms jit=False differentiates that numba cannot compile are refused at the user's line
saying what to write instead, and that alternative compiles:

- ``B[np.ix_(r, c)]``: write ``B[r][:, c]``; a list of ints in a tuple index (``[:, [1, 2]]``) is now
  an array for numba (backends.index_lists; was a JitError on getitem of a list);
- a stack of matrices ``@`` a vector: write ``np.einsum``;
- hvp through ``np.linalg.lstsq``: write ``np.linalg.solve(A.T @ A, A.T @ b)``."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

RNG = np.random.default_rng(190)
A33 = RNG.normal(size=(3, 3))
X2 = np.array([1.5, -2.0])


def rows_then_columns(A, x):
    B = A * x[0]
    return np.sum(B[[0, 2]][:, [1, 2]] ** 2) + np.sum(B[:, [2, 0]] * x[1])


@pytest.mark.jit
def test_list_index_inside_a_tuple_index_compiles():
    mine = check_grad(rows_then_columns, A33, X2, wrt=(0, 1), jit=True)
    for m, t in zip(mine, s2sad.grad(rows_then_columns, wrt=(0, 1))(A33, X2)):
        np.testing.assert_allclose(m, t, rtol=1e-12)


def open_mesh(A, x):
    B = A * x[0]
    return np.sum(B[np.ix_([0, 2], [1, 2])] ** 2)


def stack_times_vector(T, v):
    return np.sum((T @ v) ** 2)


def least_squares(A, b):
    return np.sum(np.linalg.lstsq(A, b, rcond=None)[0] ** 2)


def _refusal(make, f, *args):
    with pytest.raises(s2sad.S2sadError) as info:
        make(f, jit=True)(*args)
    return str(info.value)


@pytest.mark.jit
def test_open_mesh_index_refused_saying_what_to_write():
    text = _refusal(s2sad.grad, open_mesh, A33, X2)
    line = open_mesh.__code__.co_firstlineno + 2
    assert f'", line {line}, column' in text and "`B[rows][:, cols]`" in text


@pytest.mark.jit
def test_stack_of_matrices_times_a_vector_compiles():
    """(was refused saying to write np.einsum: numba's `@` has no 3-d @ 1-d; numba_matmul loops now)"""
    check_grad(stack_times_vector, RNG.normal(size=(2, 3, 4)), RNG.normal(size=4), wrt=(0, 1), jit=True)


@pytest.mark.jit
def test_hvp_through_lstsq_refused_saying_what_to_write():
    a, b = RNG.normal(size=(5, 3)), RNG.normal(size=5)
    text = _refusal(s2sad.hvp, least_squares, a, b, np.ones((5, 3)))
    assert "least_squares" in text and "np.linalg.solve(A.T @ A, A.T @ b)" in text


def filtered_energy(b, x):
    from scipy.signal import lfilter
    return np.sum(lfilter(b, [1.0, -0.5], x) ** 2)


@pytest.mark.jit
def test_a_package_function_numba_cannot_compile_is_named_not_its_bytecode():
    """SciPy's ``lfilter`` (no numba version in s2sad) under jit=True: the refusal names the call and
    the package file numba stopped in, not numba's words about that file's f-strings (hunt50)."""
    text = _refusal(s2sad.grad, filtered_energy, np.array([0.2, 0.3]), np.ones(5))
    line = filtered_energy.__code__.co_firstlineno + 2
    assert f'", line {line}, column' in text
    assert "numba cannot compile `lfilter`" in text and "scipy/signal/" in text
    assert "numba says" not in text and "f-string" not in text


def spring_assembly(k):
    K = np.zeros((3, 3))
    for e in range(2):
        idx = np.array([e, e + 1])
        K[np.ix_(idx, idx)] += k[e] * np.array([[1.0, -1.0], [-1.0, 1.0]])
    return np.sum(K ** 2) + K[0, 1]


def spring_assembly_by_rows(k):
    K = np.zeros((3, 3))
    for e in range(2):
        idx = np.array([e, e + 1])
        ke = k[e] * np.array([[1.0, -1.0], [-1.0, 1.0]])
        for a, r in enumerate(idx):
            K[r, idx] += ke[a]
    return np.sum(K ** 2) + K[0, 1]


@pytest.mark.jit
def test_a_write_through_ix_is_advised_a_loop_over_rows_that_compiles():
    """``K[np.ix_(idx, idx)] += ke`` (FEM assembly) under jit=True was advised ``B[rows][:, cols]``,
    which for a write changes a copy; the advice now is the loop over rows, and that compiles and
    gives jit=False's gradient (hunt50)."""
    k = np.array([1.5, 0.7])
    text = _refusal(s2sad.grad, spring_assembly, k)
    assert f'", line {spring_assembly.__code__.co_firstlineno + 4}, column' in text
    assert "B[r, cols] += V[a]" in text and "would write into a copy" in text and "`B[rows][:, cols]`" not in text
    mine = check_grad(spring_assembly_by_rows, k, jit=True)
    np.testing.assert_allclose(mine, s2sad.grad(spring_assembly)(k), rtol=1e-12)
