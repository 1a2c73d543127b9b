"""``g.compiled`` of a gradient whose function reads a module-global list raised numba's raw
TypingError ("reflected list ... in globals"): the drivers read the global as a numba constant,
and numba has no constant form for a list. The drivers now get it frozen as a tuple
(:mod:`s2sad.backends.frozen`), whose items are part of the module's cache key, so a list
changed in place gives the new values at the next ``g.compiled``; a list numba cannot hold as
one tuple type is a JitError naming the global."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import numeric_grad

G = [np.ones(2), 2.0 * np.ones(2)]
W = [0.5, 1.5, -2.0]
MIXED = [np.ones(2), 3.0]


def weighted(x):
    s = 0.0
    for a in G:
        s = s + np.sum(a * x * x)
    return s


def scalars(x):
    s = 0.0
    for i in range(len(W)):
        s = s + W[i] * np.sin(x[i])
    return s


def mixed(x):
    return np.sum(MIXED[0] * x) * MIXED[1]


X = np.array([1.0, 2.0])
X3 = np.array([0.3, -0.7, 1.1])


def test_compiled_reads_a_global_list_of_arrays():
    g = s2sad.grad(weighted, jit=True)
    np.testing.assert_allclose(g.compiled(X), numeric_grad(weighted, (X,), 0), rtol=1e-6)
    np.testing.assert_allclose(g(X), numeric_grad(weighted, (X,), 0), rtol=1e-6)


def test_compiled_reads_a_global_list_of_numbers():
    g = s2sad.grad(scalars, jit=True)
    np.testing.assert_allclose(g.compiled(X3), numeric_grad(scalars, (X3,), 0), rtol=1e-6)


def test_a_list_changed_in_place_is_seen_by_the_next_compiled(monkeypatch):
    monkeypatch.setitem(globals(), "G", [np.ones(2), 2.0 * np.ones(2)])
    g = s2sad.grad(weighted, jit=True)
    before = g.compiled(X)
    G[1] = 5.0 * np.ones(2)
    after = g.compiled(X)
    np.testing.assert_allclose(after, numeric_grad(weighted, (X,), 0), rtol=1e-6)
    assert not np.allclose(before, after)


def test_a_list_of_unlike_items_is_a_jit_error_naming_it():
    g = s2sad.grad(mixed, jit=True)
    with pytest.raises(JitError, match=r"`MIXED` \(a global the function reads\) is a list.*argument"):
        g.compiled(X)
