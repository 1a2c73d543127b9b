"""Loops over a dict's items and values (s2sad/transforms/dict_entries.py), unrolled as the loops
over its keys are.

Before: `for k, v in d.items()` was a loop over a list of (key, value) tuples, whose adjoint wrote
into a tuple (`b_t7[1] += b_v`): a JitError under jit=True (numba has no setitem on a tuple), and
the key was not a constant there (`w[k]` was refused)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, 0.4, 0.7])
T = np.array([1.0, -2.0, 0.5])


def items_and_values(x):
    d = {"k0": x[0] * 2.0, "k1": np.sin(x[1]), "k2": x * x[2]}
    w = {"k0": 1.5, "k1": -0.5, "k2": 2.0}
    s = 0.0
    for k, v in d.items():
        s = s * x[2] + np.sum(v ** 2) * w[k]     # the key reads another dict: a constant in each copy
    for v in d.values():
        s = s + np.sum(np.cos(v))
    return s


def items_updating_entries(x):
    d = {"a": x[0] * 2.0, "b": x[1] * np.ones(2)}
    for k, v in d.items():
        d[k] = v * x[2] + d["a"]     # the entry being visited: Python allows it
    return d["a"] + np.sum(d["b"])


def items_with_continue(x):
    d = {"a": x[0], "b": x[1], "c": x[2]}
    s = 0.0
    for k, v in d.items():
        if k == "b":
            continue
        s = s * v + v ** 2
    return s


def items_not_unpacked(x):
    d = {"a": x[0] * 2.0, "b": x[1] ** 2}
    s = 0.0
    for item in d.items():
        s = s + item[1] * len(item) + (x[2] if item[0] == "a" else 0.0)
    return s


def nested_entry_loops(x):
    d = {"a": x[0], "b": x[1] * x[2]}
    e = {"a": np.sin(x[2]), "c": x[0]}
    s = 0.0
    for k, v in d.items():
        for j in e:
            s = s + v * e[j] + d.get(j, x[1]) * e.get(k, 0.5)
    return s


FUNCS = [items_and_values, items_updating_entries, items_with_continue, items_not_unpacked, nested_entry_loops]


def all_entry_loops(x):
    """Every case in one function: one numba compile per mode."""
    return (items_and_values(x) + items_updating_entries(x) + items_with_continue(x)
            + items_not_unpacked(x) + nested_entry_loops(x))


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
def test_against_finite_differences_autograd_and_forward_mode(f):
    check_grad(f, X)
    check_against_autograd(f, X)
    check_jvp(f, X, tangent=T)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_compiled_matches_python_and_finite_differences(mode):
    """The JitError of /work/scratch/lead/p38/items_jit.py (fails before this change). One mode a
    case: a jvp case compiling nothing the grad case does not is in the jit tier (WHY51J)."""
    if mode == "jvp":
        check_jvp(all_entry_loops, X, tangent=T, jit=True)
        return
    g = check_grad(all_entry_loops, X, jit=True)
    np.testing.assert_allclose(g, s2sad.grad(all_entry_loops)(X), rtol=1e-12)


def test_hessian_vector_product_and_checkpoints():
    check_hvp(items_and_values, X, v=T)
    check_hvp(nested_entry_loops, X, v=T)
    for f in (items_and_values, all_entry_loops):
        np.testing.assert_allclose(s2sad.grad(f, checkpoint=2)(X), s2sad.grad(f)(X), rtol=1e-12)


def items_with_break(x):
    d = {"k0": x[0] * 2.0, "k1": x[1]}
    w = {"k0": 1.0, "k1": 2.0}
    s = 0.0
    for k, v in d.items():
        s = s + v * w[k]
        if s > 1.0:
            break
    return s


def keys_with_return(x):
    d = {"k0": x[0] * 2.0, "k1": x[1]}
    for k in d:
        if d[k] > 0.5:
            return d[k]
    return 0.0


def later_entry_written(x):
    d = {"a": x[0], "b": x[1]}
    s = 0.0
    for k, v in d.items():
        d["b"] = v * 2.0      # Python's view shows this value when the loop reaches 'b'
        s = s + v
    return s


def items_of_a_key_set_in_a_branch(x):
    d = {"a": x[0]}
    if x[1] > 0:
        d["b"] = x[2]
    s = 0.0
    for k, v in d.items():
        s = s + v
    return s


def key_added_while_looping_over_values(x):
    d = {"a": x[0]}
    for v in d.values():
        d["b"] = v * 2.0
    return d["b"]


@pytest.mark.parametrize("f, where, says", [
    (items_with_break, "s = s + v * w[k]", "`break` inside a loop over a dict's keys"),
    (keys_with_return, "for k in d:", "`return` inside a loop over a dict's keys"),
    (later_entry_written, "for k, v in d.items():", "writing `d['b']`"),
    (items_of_a_key_set_in_a_branch, "for k, v in d.items():", "set inside a branch"),
    (key_added_while_looping_over_values, "for v in d.values():", "adding a key"),
], ids=lambda v: getattr(v, "__name__", None))
def test_what_python_would_do_otherwise_is_refused_located(f, where, says):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f)(X)
    assert where in str(info.value) and says in str(info.value) and "line" in str(info.value)
