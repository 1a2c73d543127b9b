"""Lists of arrays of different shapes under jit=True (fuzz seed 7107800).

``np.array_split``'s pieces of different lengths: their adjoint is a list of arrays, one per piece
(``numba_tuples.zeros_of_items``), where numba's ``zeros_like`` made one array with a row per
piece and refused at run time; checked against finite differences and the Python adjoint.
A list display of matrices of different shapes (``for W in [W1, W2]``) is still held as one array
by numba, and refused; the refusal names the user's statement that made the list
(``jit_replay``), where it named only the compiled file."""
import re

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.linspace(0.1, 1.0, 5)
R = np.random.default_rng(0)


def uneven_pieces(x):
    parts = np.array_split(x * 2.0, 2)
    return np.sum(parts[0] ** 2) + np.sum(np.sin(parts[1]))


@pytest.mark.jit
def test_array_split_into_pieces_of_different_lengths_compiles_and_matches():
    compiled = check_grad(uneven_pieces, X, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(uneven_pieces)(X), rtol=1e-12, atol=1e-14)


def two_layers(W1, W2, x):
    h = x
    for W in [W1, W2]:
        h = np.tanh(W @ h)
    return np.sum(h)


@pytest.mark.jit
def test_list_of_matrices_of_different_shapes_is_refused_at_the_users_line():
    with pytest.raises(s2sad.S2sadError, match="different shapes") as info:
        s2sad.grad(two_layers, wrt=(0, 1), jit=True)(R.normal(size=(3, 2)), R.normal(size=(2, 3)),
                                                     R.normal(size=2))
    message = str(info.value)
    line = two_layers.__code__.co_firstlineno + 2
    assert re.search(rf'File ".*test_ragged_lists_jit.py", line {line}, column 5, in two_layers:', message)
    assert "for W in [W1, W2]:" in message


def pascal_triangle(x):
    T = [[x]]
    for i in range(1, 4):
        prev = T[i - 1]
        row = [prev[0]]
        for j in range(1, i):
            row.append(prev[j - 1] * np.sin(prev[j]))
        row.append(prev[i - 1])
        T.append(row)
    return sum(T[3])


@pytest.mark.jit
def test_rows_of_growing_length_are_refused_at_the_users_line():
    """Pascal's triangle: numba holds the adjoint of a list of lists as one array. The refusal said
    the Python run "raises AttributeError" (of the jit stage's code, not the user's function,
    whose jit=False gradient is right); it now says what numba cannot do, at the statement
    that made the list."""
    check_grad(pascal_triangle, 0.7)
    with pytest.raises(s2sad.S2sadError, match="lists of different lengths") as info:
        s2sad.grad(pascal_triangle, jit=True)(0.7)
    message = str(info.value)
    line = pascal_triangle.__code__.co_firstlineno + 1
    assert re.search(rf'File ".*test_ragged_lists_jit.py", line {line}, column 5, in pascal_triangle:', message)
    assert "AttributeError" not in message and "Use jit=False" in message
