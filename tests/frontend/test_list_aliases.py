"""``M = L`` of a list read as one name (frontend/list_aliases.py), issue 8 / fuzz40.

Before (lead e28f68b) each ``check_*`` here raised an internal AdjointFailedError (a list adjoint
3 items long added to one 2 long, or an IndexError in the tangent pass of hvp reading an item
appended through the other name), or refused a pop/insert/del/while through an alias. Each case
is checked against finite differences in grad, jvp and hvp, with jit off and on; the cases the
pass leaves (the alias read after a branch it is made in) keep their located refusal in every mode."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.frontend.list_aliases import aliases_as_one_name
from s2sad.testing import check_grad, check_hvp, check_jvp


def slot_rebound_then_appended(k0):
    parts = [k0 * 2.0, k0]
    rows = parts
    parts[0] += k0
    rows[-1] = rows[0]
    rows.append(k0)
    r = sum(parts)
    rows = [k0]      # the alias's name rebound: the region ends here
    return r + rows[0]


def slot_rebound_in_a_branch(k0):
    parts = [k0 * 2.0, k0]
    if k0 > 0:
        rows = parts
        parts[0] += k0
        rows[-1] = rows[0]
        rows.append(k0)
    return sum(parts)


def _grow_through_both(parts, k0):
    rows = parts
    parts[0] += k0
    rows[-1] = rows[0]
    rows.append(k0)
    return rows[1]


def helper_grows_a_parameter_through_both(k0):
    parts = [k0 * 2.0, k0]
    r = _grow_through_both(parts, k0)
    return sum(parts) * r


def source_rebound_first(k0):
    parts = [k0 * 2.0, k0]
    rows = parts
    parts[0] += k0
    rows[-1] = rows[0]
    parts = [k0 * 3.0]      # the list is `rows`'s alone from here
    rows.append(k0)
    return sum(rows) + parts[0]


def arrays_appended_through_both(tau):
    xs = [tau * np.ones(2), np.ones(2)]
    ps = xs
    xs[0] += ps[1] * tau
    ps.append(xs[0] * tau)
    xs[2] += np.sin(tau)
    return np.sum(np.array(ps) ** 2)


def _append_both(xs, tau):
    ps = xs
    ps.append(np.ones(2) * 2.0)
    xs.append(np.sin(tau) * np.ones(2))
    return np.sum(ps[3]) * tau


def helper_appends_through_both(tau):
    xs = [tau * np.ones(2), np.ones(2)]
    return _append_both(xs, tau) + np.sum(xs[2])


def pop_through_the_other_name(t):
    xs = [t, t * t, 3.0]
    ys = xs
    ys.append(np.sin(t))
    v = xs.pop(0)
    ys[0] *= v
    return sum(xs) * t + v


def insert_and_del_through_both(t):
    xs = [t, t * 2.0]
    ys = xs
    xs[1] = ys[0] * t
    ys[0] = xs[1] + 1.0
    ys.insert(1, t * 4.0)
    del xs[0]
    return xs[0] * ys[1]


def extend_through_both(t):
    xs = [t, 2.0 * t]
    ys = xs
    ys.extend([t * t, np.cos(t)])
    xs += [t]
    return xs[3] * ys[4] + len(ys)


def grown_in_a_while_loop(t):
    xs = [t]
    ys = xs
    while len(xs) < 4:
        ys.append(xs[-1] * t)
    return sum(xs) * ys[-1]


EXACT = [slot_rebound_then_appended, slot_rebound_in_a_branch, helper_grows_a_parameter_through_both,
         source_rebound_first, arrays_appended_through_both, helper_appends_through_both,
         pop_through_the_other_name, insert_and_del_through_both, extend_through_both, grown_in_a_while_loop]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", EXACT, ids=lambda f: f.__name__)
def test_mutations_through_an_alias_and_its_list_are_exact(f, jit):
    check_grad(f, 0.7, jit=jit)
    check_jvp(f, 0.7, tangent=1.0, jit=jit)
    check_hvp(f, 0.7, v=1.0, jit=jit)


def alias_read_after_its_branch(tau):
    xs = [tau * np.ones(2), np.ones(2)]
    ps = [np.ones(2)]
    if tau > 0:
        ps = xs
    ps.append(np.ones(2) * 2.0)
    xs.append(np.sin(tau) * np.ones(2))
    return np.sum(xs[-1]) * tau + np.sum(ps[-1])


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_an_alias_made_in_a_branch_and_read_after_it_is_refused_at_its_line(mode, jit):
    make = {"grad": lambda f: s2sad.grad(f, jit=jit), "jvp": lambda f: lambda x: s2sad.jvp(f, jit=jit)(x, 1.0),
            "hvp": lambda f: lambda x: s2sad.hvp(f, jit=jit)(x, 1.0)}[mode]
    with pytest.raises(s2sad.S2sadError, match=r"(?s)line \d+.*ps\.append.*Append through `xs` itself"):
        make(alias_read_after_its_branch)(0.7)


def _rewritten(src):
    fdef = ast.parse(src).body[0]
    aliases_as_one_name(fdef)
    return ast.unparse(fdef)


def test_the_alias_is_dropped_and_its_mentions_read_the_list():
    out = _rewritten("def f(a):\n    xs = [a]\n    ys = xs\n    ys.append(a)\n    ys = [a]\n    return xs[1] + ys[0]")
    assert out == "def f(a):\n    xs = [a]\n    xs.append(a)\n    ys = [a]\n    return xs[1] + ys[0]"


def test_the_alias_moves_before_the_lists_rebinding():
    out = _rewritten("def f(a):\n    xs = [a]\n    ys = xs\n    ys.append(a)\n    xs = [a]\n    return ys[1]")
    assert out == "def f(a):\n    xs = [a]\n    xs.append(a)\n    ys = xs\n    xs = [a]\n    return ys[1]"


@pytest.mark.parametrize("src", [
    "def f(a):\n    xs = [a]\n    if a:\n        ys = xs\n    ys.append(a)\n    return xs[0]",     # read after its branch
    "def f(a):\n    xs = [a]\n    ys = xs\n    g = lambda: ys\n    ys.append(a)\n    return g()",  # a closure sees it
    "def f(a, ys):\n    xs = ys\n    return xs[0]",        # a parameter no list method is called on
    "def f(a):\n    xs = (a,)\n    ys = xs\n    ys += (a,)\n    return xs",   # not a list: += rebinds ys alone
])
def test_aliases_it_cannot_prove_are_left_as_written(src):
    assert _rewritten(src) == ast.unparse(ast.parse(src).body[0])
