"""One view for the same constant slice of an unchanged array under jit=True
(s2sad/backends/view_reuse.py): in a statement list, a later ``w = a[1:]`` becomes ``w = v`` of an
earlier ``v = a[1:]`` when nothing between rebinds ``a`` or ``v``. The rewrite on written-out
adjoints (what is rewritten and what is left alone: a rebound base or view, an index that is not
constant, a step of 0, a list, another block), and the ODE's right-hand side inlined twice in a
loop, differentiated with jit=True against finite differences and the pure-Python adjoint."""
import ast

import numpy as np
import pytest

from s2sad.backends import view_reuse
from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one


def _rewritten(src, ranks):
    fdef = ast.parse(src).body[0]
    return ast.unparse(view_reuse.rewrite(fdef, None, ranks, {}))


def _lines(text):
    return [ln.strip() for ln in text.splitlines()]


def test_the_same_slice_of_an_unchanged_array_is_the_first_view():
    text = _rewritten("def f(x, y):\n"
                      "    for k in range(3):\n"
                      "        a = x[1:]\n        b = x[:1]\n        y[0] += a[0]\n"
                      "        c = x[1:]\n        d = x[:1]\n        e = x[1:, None]\n        g = x[1:]\n"
                      "    h = x[1:]\n    return y\n", {"x": 1, "y": 1, "a": 1, "b": 1, "c": 1, "d": 1})
    lines = _lines(text)
    assert {"c = a", "d = b", "g = a"} <= set(lines)
    assert "e = x[1:, None]" in lines                # another index: its own view
    assert "h = x[1:]" in lines                       # another block: the loop may not have run


@pytest.mark.parametrize("between", ["x = x * 2.0", "a = y[1:]", "for x in y: pass", "del a", "a += 1.0"])
def test_a_rebound_base_or_view_keeps_the_later_view(between):
    text = _rewritten(f"def f(x, y):\n    a = x[1:]\n    {between}\n    c = x[1:]\n    return c\n",
                      {"x": 1, "y": 1, "a": 1})
    assert "c = x[1:]" in _lines(text)


@pytest.mark.parametrize("index", ["k:", "1:n", "::0", "1.0", "k"])
def test_an_index_not_made_of_int_constants_keeps_its_view(index):
    text = _rewritten(f"def f(x, k, n):\n    a = x[{index}]\n    c = x[{index}]\n    return c\n", {"x": 1})
    assert f"c = x[{index}]" in _lines(text)


def test_a_list_or_a_name_of_no_rank_keeps_its_slice():
    """A list's slice is a copy: two of them are two lists."""
    src = "def f(q, z):\n    xs = [q, q]\n    a = xs[1:]\n    c = xs[1:]\n    u = z[1:]\n    w = z[1:]\n    return c\n"
    lines = _lines(_rewritten(src, {"q": 1, "xs": 1}))
    assert "c = xs[1:]" in lines and "w = z[1:]" in lines


def rhs(x, y):
    return np.concatenate((x[:1], x[1:] * y[:-1]))


def twice(x, y):
    """The ODE's right-hand side inlined twice in a loop: ``x[:1]``, ``x[1:]``, ``b_x[1:]``..."""
    for _ in range(3):
        k1 = rhs(x, y)
        k2 = rhs(x, y + 0.5 * k1)
        y = y + 0.1 * (k1 + k2)
    return np.sum(y * y)


@pytest.mark.jit
def test_the_odes_repeated_slices_are_one_view_each_and_the_gradient_is_right():
    pytest.importorskip("numba")
    text = build(twice, ["x", "y"], stop_after="jit", param_kinds={"x": 1, "y": 1})
    lines = _lines(text)
    assert lines.count("rhs_t1 = x[:1]") == 1 and "rhs_t1_2 = rhs_t1" in lines       # forward sweep
    assert sum(ln.endswith("= b_x[1:]") for ln in lines) == 1                            # reverse sweep
    rng = np.random.default_rng(7)
    _same_as_python(twice, rng.uniform(0.5, 1.5, 5), rng.uniform(0.5, 1.5, 5), wrt=(0, 1))
