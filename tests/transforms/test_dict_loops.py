"""Loops over a dict's keys and ``d.get(k, default)`` (s2sad/transforms/dict_loops.py).

All of these were refused before (fuzz25's campaigns: `for key in d:` was "this use of `d`",
`d.get(...)` "the method `.get()` on a value being differentiated"); the refusals kept are the
cases whose keys are not known where the loop or the read runs."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, 0.4, 0.7])
T = np.array([1.0, -2.0, 0.5])


def loop_over_dict(x):
    d = {"k0": x[0] * 2.0, "k1": np.sin(x[1])}
    s = 0.0
    for key in d:
        s = s * x[2] + d[key] ** 2
    return s


def loop_over_sorted_keys(x):
    d = {"b": x[0] * 2.0, "a": np.sin(x[1]), "c": x[2]}
    s = 0.0
    for key in sorted(d):
        s = s * 2.0 + d[key] ** 2     # the order matters: 'a', 'b', 'c'
    return s


def loop_over_key_lists(x):
    d = {"k0": x[0] * 2.0, "k1": x[1]}
    s = x[2]
    ks = list(d.keys())
    for k in ks:
        d[k] = d[k] * s
    for k in d.keys():
        s = s * d[k]
    return s + len(d)


def loop_over_a_live_view(x):
    d = {"k0": x[0] * 2.0}
    ks = d.keys()
    d["k1"] = x[1] ** 2            # the view sees the key added after it was taken
    s = 0.0
    for k in list(ks):
        s = s * x[2] + d[k]
    return s


def nested_loops(x):
    d = {"a": x[0] * 2.0, "b": x[1]}
    e = {"a": x[2], "b": np.cos(x[0])}
    s = 0.0
    for k in sorted(d):
        for j in e:
            s = s + d[k] * e[j] + (d[j] if k == "a" else 0.0)
    return s + float(len(k))       # the key stays bound after the loop, as in Python


def entries_got(x):
    d = {"w": x * 2.0, "b": x[0]}
    return np.sum(d.get("w", x) ** 2) + d.get("c", x[1]) * d.get("b", 1.0)


FUNCS = [loop_over_dict, loop_over_sorted_keys, loop_over_key_lists, loop_over_a_live_view, nested_loops, entries_got]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
def test_against_finite_differences(f, jit):
    check_grad(f, X, jit=jit)


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
def test_against_autograd_and_forward_mode(f):
    check_against_autograd(f, X)
    check_jvp(f, X, tangent=T)


def test_forward_mode_compiled():
    check_jvp(loop_over_sorted_keys, X, tangent=T, jit=True)


def loop_over_parameter(p, x):
    s = 0.0
    for key in p:
        s = s + p[key] * x[0] + p.get("z", x[1])
    return np.sum(s)


def test_loop_over_a_dict_parameters_keys():
    p = {"u": 0.5, "v": np.array([1.0, 2.0])}
    check_grad(loop_over_parameter, p, X, wrt=1)
    g = s2sad.grad(loop_over_parameter)(p, X)
    assert set(g) == {"u", "v"} and np.isclose(g["u"], 2 * X[0]) and np.allclose(g["v"], X[0])


def key_set_in_a_branch(x):
    d = {"k0": x[0] * 2.0}
    if x[1] > 0:
        d["k1"] = x[2]
    s = 0.0
    for k in d:
        s = s + d[k]
    return s


def got_key_set_in_a_branch(x):
    d = {"k0": x[0] * 2.0}
    if x[1] > 0:
        d["k1"] = x[2]
    return d.get("k1", x[1])


def key_added_while_looping(x):
    d = {"k0": x[0] * 2.0}
    for k in d:
        d["k1"] = d[k] * 2.0
    return d["k1"]


def loop_with_break(x):
    d = {"k0": x[0] * 2.0, "k1": x[1]}
    s = 0.0
    for k in d:
        s = s + d[k]
        if s > 1.0:
            break
    return s


class Box:
    def get(self, k, v):
        return v


def get_of_an_object(x):
    return Box().get("a", x[0])


def append_in_a_dict_loop(x):
    d = {"k0": x[0] * 2.0, "k1": x[1]}
    L = []
    for k in d:
        L.append(d[k] * x[2])
    return L[0] * L[1]


def extend_in_a_dict_loop(x):
    d = {"k0": x[0] * 2.0, "k1": x[1]}
    L = []
    for k in d:
        L.extend([d[k] * x[2], d[k] + x[2]])
    return L[0] * L[3]


@pytest.mark.parametrize("f, where, says", [
    (append_in_a_dict_loop, "L.append(d[k] * x[2])", "cannot differentiate"),
    (extend_in_a_dict_loop, "L.extend([", "cannot differentiate"),
    (key_set_in_a_branch, "for k in d:", "set inside a branch"),
    (got_key_set_in_a_branch, "d.get", "set inside a branch"),
    (key_added_while_looping, "for k in d:", "adding a key"),
    (loop_with_break, "for k in d:", "cannot differentiate"),
    (get_of_an_object, "Box().get", "cannot differentiate"),
], ids=lambda v: getattr(v, "__name__", None))
def test_keys_not_known_there_stay_refused_located(f, where, says):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f)(X)
    assert where in str(info.value) and says in str(info.value) and "line" in str(info.value)
