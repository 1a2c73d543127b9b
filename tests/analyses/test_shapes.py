"""Shape facts (s2sad/analyses/shapes.py, lengths.py, dims.py): what the analysis proves
(a loop's state keeps its shape through np.concatenate of slices, with NumPy's
clipping), what it must not conclude (clipped or variable bounds, strides, shapes that
change), and gradients that stay exact either way, in both modes."""
import itertools

import numpy as np
import pytest

import s2sad
from s2sad import pipeline
from s2sad.analyses import lengths as L
from s2sad.testing import check_grad

import shape_funcs as F


def shapes_of(f, kinds, monkeypatch):
    """The shape terms of ``f``'s names (``Stable.terms``) for arguments of ranks ``kinds``."""
    seen = []
    real = pipeline.stable_shapes

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]
    monkeypatch.setattr(pipeline, "stable_shapes", spy)
    params = list(kinds)
    pipeline.build(f, [params[0]], stop_after="reverse", param_kinds=kinds)
    return seen[0].terms


# ---- lengths: canonical forms agree with NumPy's slicing, equal forms are equal functions ----

BOUNDS = [None, 0, 1, 2, 3, -1, -2, -3]


def _numpy_len(n, ops):
    x = np.arange(n)
    for lower, upper in ops:
        x = x[lower:upper]
    return len(x)


def test_sliced_length_matches_numpy():
    """Every pair of slices in a row, with these bounds, at every size up to 11."""
    n = L.atom("n")
    for ops in itertools.product(itertools.product(BOUNDS, BOUNDS), repeat=2):
        length = n
        for lower, upper in ops:
            length = L.sliced(length, lower, upper)
        for size in range(12):
            assert L.evaluate(length, {"n": size}) == len(np.arange(size)[ops[0][0]:ops[0][1]][ops[1][0]:ops[1][1]])


def test_equal_forms_iff_equal_lengths():
    """Over sums of two slices of one axis: the forms are equal exactly when the lengths
    agree at every size (checked up to 40, past every breakpoint of these bounds)."""
    n = L.atom("n")
    pairs = list(itertools.product(BOUNDS, BOUNDS))
    forms = {}
    for a, b in itertools.combinations_with_replacement(pairs, 2):
        form = L.add(L.sliced(n, *a), L.sliced(n, *b))
        values = tuple(_numpy_len(k, [a]) + _numpy_len(k, [b]) for k in range(40))
        forms.setdefault(values, set()).add(form)
    assert all(len(f) == 1 for f in forms.values())          # one form per function
    assert len({f for fs in forms.values() for f in fs}) == len(forms)   # different functions, different forms
    assert L.add(L.sliced(n, None, 1), L.sliced(n, 1, None)) == n
    assert L.sliced(n, None, 3) != 3          # x[:3] has 3 elements only when len(x) >= 3


def test_lengths_of_several_atoms():
    m, n = L.atom("m"), L.atom("n")
    assert L.add(m, n) == L.add(n, m) != L.add(m, m)
    assert L.add(L.sliced(L.add(m, n), 1, None), 1) != L.add(m, n)   # a clipped sum: no more concluded
    assert L.sliced(L.add(m, n), 1, None) == L.sliced(L.add(n, m), 1, None)


# ---- shape facts on functions --------------------------------------------------------

def test_ode_state_keeps_its_shape(monkeypatch):
    terms = shapes_of(F.rk4, {"x": 1, "steps": 0}, monkeypatch)
    assert terms["y"] == terms["x"] == terms["k1"] == terms["k2"]


@pytest.mark.parametrize("f", [F.split_rejoin, F.reversed_tail])
def test_rejoined_and_reversed_keep_the_shape(f, monkeypatch):
    terms = shapes_of(f, {"x": 1}, monkeypatch)
    assert terms["z"] == terms["x"]


@pytest.mark.parametrize("f, kinds, name", [
    (F.casteljau, {"p": 1, "t": 0}, "p"),
    (F.grows, {"x": 1}, "y"),
    (F.clipped_prefix, {"x": 1}, "z"),
    (F.variable_prefix, {"x": 1, "k": 0}, "z"),
    (F.loop_bound, {"x": 1}, "w"),
    (F.strided, {"x": 1}, "z"),
    (F.sizes_in_loop, {"x": 1}, "a"),
])
def test_no_shape_when_not_provable(f, kinds, name, monkeypatch):
    """Each of these names may hold values of different shapes: it has no term."""
    assert name not in shapes_of(f, kinds, monkeypatch)


def test_list_written_into_is_not_joined_as_displayed(monkeypatch):
    terms = shapes_of(F.list_written, {"x": 1}, monkeypatch)
    assert terms.get("z") != terms["x"] or "z" not in terms


# ---- the gradients: exact in both modes, at the sizes where slices clip --------------

CASES = [(F.rk4, (4,), {"steps": 3}), (F.split_rejoin, (0, 1, 2, 3, 5), {}), (F.reversed_tail, (1, 4), {}),
         (F.casteljau, (4,), {"t": 0.3}), (F.grows, (2,), {}), (F.clipped_prefix, (3, 5), {}),
         (F.variable_prefix, (4,), {"k": 2}), (F.variable_prefix, (4,), {"k": 9}), (F.loop_bound, (3,), {}),
         (F.strided, (5,), {}), (F.sizes_in_loop, (4,), {}), (F.list_written, (3,), {})]


# under numba too, where the shapes proven change the code (each one a compile: a few, to keep
# the suite fast); numba cannot compile the adjoint of a write into a list of arrays at all
JIT = (F.rk4, F.split_rejoin, F.clipped_prefix, F.variable_prefix)
PARAMS = [(*c, False) for c in CASES] + [(*c, True) for c in CASES if c[0] in JIT]


@pytest.mark.parametrize("f, sizes, extra, jit", PARAMS, ids=[f"{p[0].__name__}{i}" for i, p in enumerate(PARAMS)])
def test_gradients(f, sizes, extra, jit):
    for n in sizes:
        x = np.linspace(0.3, 1.1, n)
        if n == 0:   # nothing to differentiate: the gradient is empty, the value the primal's
            value, g = s2sad.value_and_grad(f, jit=jit)(x, **extra)
            assert g.shape == (0,) and value == f(x, **extra)
            continue
        check_grad(f, x, *extra.values(), wrt=0, jit=jit)


# ---- joins whose adjoint slices the gradient piece by piece -------------------------

JOINS = [(F.three_pieces, True), (F.same_piece_twice, True), (F.constant_piece, True),
         (F.joined_in_loop, True), (F.list_used_twice, False), (F.rows_joined, False)]


JOIN_PARAMS = [(*j, False) for j in JOINS] + [(*j, True) for j in JOINS if j[0] in (F.three_pieces, F.list_used_twice)]


@pytest.mark.parametrize("f, sliced, jit", JOIN_PARAMS, ids=[f"{j[0].__name__}-{j[2]}" for j in JOIN_PARAMS])
def test_joins(f, sliced, jit):
    """A join of a list display of vectors that nothing else reads gets slices of its
    gradient (no ``join_grad``); any other join keeps ``join_grad``. Exact either way,
    including for a piece of length 0 and a vector of one element."""
    extra = (3,) if f is F.joined_in_loop else ()
    for n in (1, 4):
        x = np.linspace(0.3, 1.1, n)
        if f is F.list_used_twice and n == 1:
            continue   # its reversal needs the same length on both sides of the sum: n >= 2 (any n here works)
        check_grad(f, x, *extra, wrt=0, jit=jit)
    g = s2sad.grad(f, wrt=0, jit=jit)
    g(x, *extra)
    assert ("join_grad" not in g.source) == sliced


def test_ode_adjoint_saves_values_only():
    """The RK4 step saves the two states its reverse reads, no value kept for a shape only
    (before: eleven such tapes), and needs neither unbroadcast nor join_grad. The same
    gradient with checkpointing, which reverses the loop from snapshots."""
    x = np.linspace(0.5, 1.5, 5)
    g = s2sad.grad(F.rk4)
    expected = g(x, 4)
    assert g.source.count(".append(") == 2
    assert "unbroadcast" not in g.source and "join_grad" not in g.source
    np.testing.assert_allclose(s2sad.grad(F.rk4, checkpoint=2)(x, 4), expected, rtol=1e-12)
    check_grad(F.rk4, x, 4)
