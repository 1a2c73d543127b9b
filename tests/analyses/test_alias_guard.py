"""Writes through a view taken in another loop iteration or another branch than the write
(s2sad/analyses/alias_guard.py): whether the two names still share memory at the write is
decided when the program runs, by a flag the alias stage sets at the view and clears at every
rebinding. Each form is exact (value and gradient against central differences, and against
autograd on a copy-based equivalent, since autograd has no in-place writes), in both modes,
the caller's arrays untouched; a rebinding that may itself be a view keeps the write refused,
at its line.

Before this module each of these was refused ("shares memory with ... in a way s2sad cannot
follow"); in the 3,000-program fuzz campaign of stop 24 they were 19 of the 49 `writeback`
refusals (the hidden sequence of ``for a, b in zip(y, y)`` while the body rebinds ``y`` was the
most common)."""
import inspect
import re

import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

K4 = np.arange(1.0, 5.0)


def _unit(n, i):
    e = np.zeros(n)
    e[i] = 1.0
    return e


# ---- forms made exact: each with a copy-based autograd twin -------------------------------------
def zip_over_a_name_the_body_rebinds(x):
    """``zip(y, y)`` holds ``y``'s first array; the body writes it (through ``p = y``) until a
    branch rebinds ``y``: later elements read come from the written array (fuzz seed 3100619)."""
    y = x * 1.0
    acc = 0.0
    for a, b in zip(y, y):
        if a > 1.5:
            y = np.tanh(y + b)
        else:
            p = y
            p[3] = p[1] * 2.0
        acc = acc + a * b
    return acc + np.sum(y ** 2 * K4)


def zip_over_a_name_the_body_rebinds_ag(x):
    y, first, acc = x * 1.0, x * 1.0, 0.0
    same = True
    for i in range(4):
        a = b = first[i]
        if a > 1.5:
            y, same = anp.tanh(y + b), False
        else:
            y = y + (y[1] * 2.0 - y[3]) * _unit(4, 3)
            if same:
                first = y
        acc = acc + a * b
    return acc + anp.sum(y ** 2 * K4)


def view_before_the_loop_base_rebound(x):
    """``s = w`` before the loop; ``p = w[1:]`` is written inside it, then ``w`` is rebound to a
    new array: the write reaches ``s`` on the first iteration only (fuzz seed 3100223)."""
    w = x * 1.0
    s = w
    acc = 0.0
    for i in range(3):
        p = w[1:]
        p[0] *= 2.0
        acc = acc + np.sum(s * K4)
        w = np.tanh(w)
    return acc + np.sum(w)


def view_before_the_loop_base_rebound_ag(x):
    mask = 1.0 + _unit(4, 1)
    w = x * mask
    s, acc = w, 0.0
    for i in range(3):
        if i:
            w = w * mask
        acc = acc + anp.sum(s * K4)
        w = anp.tanh(w)
    return acc + anp.sum(w)


def view_taken_after_the_write_in_the_loop(x):
    """``m = v`` comes after the write in the loop body: from the second iteration ``m`` is the
    last iteration's view, still ``v``'s array until the branch rebinds ``v`` (fuzz seed 3101236)."""
    v = x * 1.0
    m = np.zeros(4)
    acc = 0.0
    for i in range(3):
        w = v[1:]
        w[0] += x[0] * x[1]
        acc = acc + np.sum(m ** 2 * K4)
        m = v
        if i == 1:
            v = v * 2.0
    return acc + np.sum(v * K4)


def view_taken_after_the_write_in_the_loop_ag(x):
    v, m, acc = x * 1.0, anp.zeros(4), 0.0
    bump = x[0] * x[1] * _unit(4, 1)
    same = False
    for i in range(3):
        v = v + bump
        if same:
            m = v
        acc = acc + anp.sum(m ** 2 * K4)
        m, same = v, True
        if i == 1:
            v, same = v * 2.0, False
    return acc + anp.sum(v * K4)


def view_taken_in_one_branch(x, c):
    """``s = y[1:]`` on one branch, a new array on the other: the write reaches ``s`` only on
    the first."""
    y = x * 1.0
    if c > 0.0:
        s = y[1:]
    else:
        s = np.ones(3) * c
    y[1] = 3.0 * x[0]
    return np.sum(s ** 2 * K4[1:]) + np.sum(y)


def view_taken_in_one_branch_ag(x, c):
    y = x + (3.0 * x[0] - x[1]) * _unit(4, 1)
    s = y[1:] if c > 0.0 else anp.ones(3) * c
    return anp.sum(s ** 2 * K4[1:]) + anp.sum(y)


EXACT = [
    (zip_over_a_name_the_body_rebinds, (np.array([0.3, -0.7, 1.2, 0.5]),)),
    (zip_over_a_name_the_body_rebinds, (np.array([0.3, 2.0, 1.2, 0.5]),)),   # rebound on the 2nd element
    (view_before_the_loop_base_rebound, (np.array([0.3, -0.7, 1.2, 0.5]),)),
    (view_taken_after_the_write_in_the_loop, (np.array([0.3, -0.7, 1.2, 0.5]),)),
    (view_taken_in_one_branch, (np.array([0.3, -0.7, 1.2, 0.5]), 0.8)),
    (view_taken_in_one_branch, (np.array([0.3, -0.7, 1.2, 0.5]), -0.8)),
]
REFERENCES = {f: globals()[f.__name__ + "_ag"] for f, _ in EXACT}


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, args", EXACT, ids=[f"{f.__name__}{i}" for i, (f, _) in enumerate(EXACT)])
def test_a_write_through_a_view_of_another_iteration_or_branch_is_exact(f, args, jit):
    before = [np.copy(a) for a in args]
    wrt = tuple(range(len(args)))
    reference = REFERENCES[f]
    assert f(*[np.copy(a) for a in args]) == pytest.approx(reference(*args))   # (the twin is the program)
    check_grad(f, *args, wrt=wrt, jit=jit, reference=reference if not jit else None)
    value, _ = s2sad.value_and_grad(f, wrt=wrt, jit=jit)(*args)
    assert value == pytest.approx(f(*[np.copy(a) for a in args]))
    for a, b in zip(args, before):
        np.testing.assert_array_equal(a, b)   # the caller's arrays are not modified


@pytest.mark.parametrize("f, args", EXACT, ids=[f"{f.__name__}{i}" for i, (f, _) in enumerate(EXACT)])
def test_the_flag_holds_in_forward_mode_hessians_and_checkpointed_loops(f, args):
    """The flag is program state like any other: forward mode (``jvp``, against differences of
    ``f``), ``hvp`` (against differences of the gradient) and a loop reversed from snapshots
    (``checkpoint=1``, which must restore it) agree."""
    from s2sad.testing import check_hvp, check_jvp
    t = np.array([0.4, -0.2, 0.7, 0.1])
    check_jvp(f, *args, wrt=0, tangent=t)
    check_hvp(f, *args, wrt=0, v=t)
    np.testing.assert_allclose(s2sad.grad(f, checkpoint=1)(*args), s2sad.grad(f)(*args), rtol=1e-12)


def test_the_guarded_write_back_is_in_the_adjoint():
    """The flag and the view taken again under it are in the generated code, where one can read them."""
    g = s2sad.grad(view_before_the_loop_base_rebound)
    g(np.array([0.3, -0.7, 1.2, 0.5]))
    assert re.search(r"if shares\d*:", g.source) and re.search(r"\bs = w\b", g.source), g.source


# ---- forms still refused, at their line ------------------------------------------------------------
def base_rebound_to_a_view_of_itself(x):
    y = x * 1.0
    s = y
    for i in range(2):
        y[0] = y[1] * 2.0
        y = y[::-1]      # a view: `s` may still share the array written next
    return np.sum(s * K4)


def two_views_of_one_base_rebinding_the_name(x):
    y = x * 1.0
    s = y[1:]
    for i in range(2):
        y[1] = 2.0 * y[0]
        s = s + 1.0
        if i == 0:
            s = y[:3]
    return np.sum(s ** 2)


def base_and_view_rebound_to_one_new_array(x):
    y = x * 1.0
    s = y
    acc = 0.0
    for i in range(2):
        y[0] = y[1] * 2.0
        acc = acc + np.sum(s * K4)
        t = np.tanh(y)
        y = t
        s = t            # a new array, but `y`'s too: a flag cleared here would lose the next write
    return acc + np.sum(s)


REFUSED = [
    (base_and_view_rebound_to_one_new_array, "y[0] = y[1] * 2.0", "shares memory with `s`"),
    (base_rebound_to_a_view_of_itself, "y[0] = y[1] * 2.0", "shares memory with `s`"),
    (two_views_of_one_base_rebinding_the_name, "y[1] = 2.0 * y[0]", "shares memory with `s`"),
]


def _line_of(f, text):
    lines, start = inspect.getsourcelines(f)
    return start + next(k for k, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, line, why", REFUSED, ids=[c[0].__name__ for c in REFUSED])
def test_a_rebinding_that_may_be_a_view_keeps_the_write_refused_at_its_line(f, line, why, jit):
    """Where a rebinding of the view or of its base may itself share memory (``y = y[::-1]``,
    or ``s = t`` and ``y = t`` of one new array), or the name takes two different views, no
    flag tells whether the write reaches it."""
    x = np.array([0.3, -0.7, 1.2, 0.5])
    before = x.copy()
    pattern = rf"(?s)line {_line_of(f, line)}, column \d+.*{re.escape(line)}.*{re.escape(why)}"
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=pattern):
        s2sad.grad(f, jit=jit)(x)
    np.testing.assert_array_equal(x, before)
