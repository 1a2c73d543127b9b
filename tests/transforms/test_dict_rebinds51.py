"""A dict from a helper bound to a name again on another path (transforms/dict_rebinds.py).

On main ``d = mk(a, b); if c: d = mk(b, a)`` was refused as "its dict is also held by another
name": the name the helper's inlined body returned the first dict in still shared its variables,
though nothing reads it after ``d = ...`` (a statement of the function's body runs once). Such a
name, bound once and read only before the statement holding the new binding, no longer counts;
a name the user keeps and reads later still does, and the refusal now names it."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp
from tests.exact_modes import check_checkpointed, check_modes


def mk(a, b):
    return {"u": a * 2.0, "v": a + b}


def on_two_paths(x):
    d = mk(x[0], x[1])
    if x[2] > 0:
        d = mk(x[1], x[0])
    return d["u"] * d["v"]


def in_a_loop(x):
    d = mk(x[0], x[1])
    for _ in range(3):
        d = mk(d["v"], d["u"] * 0.5)
    return d["u"] * d["v"]


def on_three_paths_then_a_loop(x):
    d = mk(x[0], x[1])
    if x[2] > 0:
        d = mk(x[1], x[0])
    elif x[3] > 0:
        d = mk(x[0], np.sin(x[0]))
    for _ in range(2):
        if x[1] < 0:
            d = mk(d["u"], d["v"])
    return d["u"] * d["v"]


def a_copy_kept(x):
    d = mk(x[0], x[1])
    e = dict(d)
    if x[2] > 0:
        d = mk(x[1], x[0])
    return e["u"] * d["v"]


PROGRAMS = [on_two_paths, in_a_loop, on_three_paths_then_a_loop, a_copy_kept]
X = np.array([0.3, -0.7, 0.5, 1.1])
V = np.array([0.2, 0.5, -0.4, 0.3])


@pytest.mark.parametrize("signs", [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)])
@pytest.mark.parametrize("f", PROGRAMS)
def test_a_helpers_dict_bound_again(f, signs):
    x = X * np.array([1.0, 1.0, *signs])
    value, _ = s2sad.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-14)
    check_modes(f, x, V, autograd=False)
    check_checkpointed(f, x)


@pytest.mark.parametrize("f", [on_two_paths, in_a_loop])
def test_under_jit(f):
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def an_alias_read_later(x):
    d = mk(x[0], x[1])
    e = d
    if x[2] > 0:
        d = mk(x[1], x[0])
    return e["u"] * d["v"]


def test_an_alias_read_later_is_refused_by_its_name():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(an_alias_read_later)(X.copy())
    assert "line 79" in str(e.value) and "also held by `e`" in str(e.value) and "`e = dict(d)`" in str(e.value)
