"""The first-try copy keeps the ``else`` of a fused loop reading a ``keepdims=True`` result
(backends/first_try.py, ``size_one_names``; issue 9).

Batch norm's ``(X - mu) / np.sqrt(var + eps)`` with ``mu``, ``var`` from ``keepdims=True``
reductions broadcasts at every call: the copy's ``else`` raised BroadcastNeeded on every first
call, so the adjoint compiled twice (the copy, then the adjoint with its fallbacks: 28 s + 42 s
in the lead's probe). The copy now runs that ``else`` as written, and the first call compiles once."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.backends import first_try
from s2sad.pipeline import build

RNG = np.random.default_rng(54)
X = RNG.normal(size=(5, 3))
GAMMA = np.array([0.5, 1.0, 1.5])


def batch_norm(X, g):
    mu = X.mean(axis=0, keepdims=True)
    var = X.var(axis=0, keepdims=True)
    Y = (X - mu) / np.sqrt(var + 1e-5)
    return np.sum(np.tanh(Y * g))


def plain(X, g):
    Y = X * 2.0 - g
    return np.sum(np.tanh(Y * g))


def _tree(f):
    """The jit stage's adjoint, its fused loops marked (numba compiles nothing yet)."""
    return build(f, ["X", "g"], param_kinds={"X": 2, "g": 1}, compiled=True).tree


def test_the_names_with_a_size_one_axis_are_the_keepdims_results_and_their_functions():
    names = first_try.size_one_names(_tree(batch_norm))
    assert {"mu", "t3"} <= names, names                 # t3 = np.sqrt(np.var(..., keepdims=True) + 1e-05)
    assert not names & {"X", "Y", "g", "b_Y", "b_X"}, names
    assert first_try.size_one_names(_tree(plain)) == set()


def test_the_copy_keeps_only_the_else_of_a_loop_reading_one():
    copy = first_try.optimistic(_tree(batch_norm))
    kept = [n for n in ast.walk(copy) if getattr(n, "_s2sad_fallback", False)
            and first_try.NEED_NAME not in {x.id for s in n.orelse for x in ast.walk(s) if isinstance(x, ast.Name)}]
    assert kept and all({"mu", "t3"} & {x.id for x in ast.walk(n.test) if isinstance(x, ast.Name)}
                        for n in kept)


@pytest.mark.jit
def test_batch_norm_compiles_once_and_is_right():
    pytest.importorskip("numba")
    g = s2sad.grad(batch_norm, wrt=(0, 1), jit=True)
    for x in (X, X[:1]):        # (one row: no axis broadcasts, the loop runs)
        got, want = g(x, GAMMA), s2sad.grad(batch_norm, wrt=(0, 1))(x, GAMMA)
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
        s2sad.testing.check_grad(batch_norm, x, GAMMA, wrt=(0, 1))
    assert g.built.raw.trying       # the copy never failed
    compiled = sorted(n for n, d in g.built.module.dispatchers.items() if d.overloads)
    assert first_try.PREFIX + g.built.module.adj_name in compiled and g.built.module.adj_name not in compiled, \
        compiled
