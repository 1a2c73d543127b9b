"""A global list of lists (a ragged adjacency list) cannot reach numba's compiled code: the
JitError names the global and says what to write instead (it quoted numba's reflection error
alone); the list of arrays it advises compiles and agrees with jit=False."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError

ADJ = [[1, 2], [0, 2, 3], [0, 1, 3], [1, 2]]
ADJ_ARRAYS = [np.array(r) for r in ADJ]


def smooth(X):
    V = X.copy()
    new = V.copy()
    for i, nb in enumerate(ADJ):
        avg = np.zeros(2)
        for j in nb:
            avg += V[j]
        new[i] = V[i] + 0.5 * (avg / len(nb) - V[i])
    return np.sum(new[:, 0] * new[:, 1])


def smooth_arrays(X):
    V = X.copy()
    new = V.copy()
    for i, nb in enumerate(ADJ_ARRAYS):
        avg = np.zeros(2)
        for j in nb:
            avg += V[j]
        new[i] = V[i] + 0.5 * (avg / len(nb) - V[i])
    return np.sum(new[:, 0] * new[:, 1])


X = np.array([[0.0, 0.0], [1.0, 0.2], [0.1, 1.0], [1.2, 1.1]])


def test_a_global_list_of_lists_is_named_with_advice():
    with pytest.raises(JitError, match=r"`ADJ` \(a global it reads\) is a list of lists.*"
                                       r"\[np\.array\(r\) for r in ADJ\]"):
        s2sad.grad(smooth, jit=True)(X)


def test_the_advised_list_of_arrays_compiles():
    np.testing.assert_allclose(s2sad.grad(smooth_arrays, jit=True)(X), s2sad.grad(smooth)(X), rtol=1e-12)
