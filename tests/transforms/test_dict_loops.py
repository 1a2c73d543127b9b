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


def got_with_the_loops_key(x):
    d = {"a": x[0] * 2.0, "b": x[1]}
    prior = {"a": x[2]}
    s = 0.0
    for k in d:
        s = s + d[k] * prior.get(k, 1.0)    # a constant key in each copy of the body
    return s


def arrays_updated_in_the_loop(x):
    d = {"u": x * 1.0, "w": x[::-1] * x[0]}
    for key in d:
        d[key] = d[key] * 2.0 + x[1]
    for key in sorted(d):
        d[key] = d[key] * d["u"]
    return np.sum(d["u"] * d["w"])


def keys_with_continue(x):
    d = {"a": x[0], "b": x[1], "c": x[2]}
    s = 0.0
    for k in d:
        if k == "b":
            continue
        s = s * d[k] + d[k] ** 2
    return s


def entries_updated_in_place(x):
    a = x * 1.0
    d = {"u": a, "w": x * 2.0}
    for k in d:
        d[k] += x             # in place: `a` is the array d['u'] holds (the copies lost the mark)
    return np.sum(a * x) + np.sum(d["w"] ** 2)


FUNCS = [loop_over_dict, loop_over_sorted_keys, loop_over_key_lists, loop_over_a_live_view, nested_loops, entries_got]
EDGES = [got_with_the_loops_key, arrays_updated_in_the_loop, keys_with_continue, entries_updated_in_place]


def all_edges(x):
    """The edges items27 added, in one function: one numba compile."""
    return got_with_the_loops_key(x) + arrays_updated_in_the_loop(x) + keys_with_continue(x) \
        + entries_updated_in_place(x)


@pytest.mark.parametrize("f", EDGES, ids=lambda f: f.__name__)
def test_edges_against_finite_differences_autograd_and_forward_mode(f):
    """`d.get(k, ...)` and `continue` were refused before ('key that is not a constant')."""
    check_grad(f, X)
    if f is not entries_updated_in_place:   # autograd reads `+=` on its arrays as a new array
        check_against_autograd(f, X)
    check_jvp(f, X, tangent=T)


def test_edges_compiled():
    np.testing.assert_allclose(check_grad(all_edges, X, jit=True), s2sad.grad(all_edges)(X), rtol=1e-12)


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


def got_with_a_key_not_constant(x):
    d = {"a": x[0], "b": x[1]}
    k = "a" if x[2] > 0 else "b"     # (`k = "a"` alone is a known key: tests/frontend/test_constant_keys.py)
    return d.get(k, 0.0)


def int_keys_read_by_a_range_index(x):
    d = {0: x[0] * 2.0, 1: x[1] ** 2}
    s = 0.0
    for i in range(2):
        y = d[i]          # was unrolled as `for y in d:` (y the key 0, 1): a silently wrong gradient
        s = s + y * x[2]
    return s


class Box:
    def get(self, k, v):
        return v


def get_of_an_object(x):
    return Box().get("a", x[0])


def test_get_of_an_object_built_at_once_is_its_method():
    """Refused before (a method of an object no name holds); the object gets a name first
    (local_objects), so ``Box().get`` is the user's method, not a dict's ``get``."""
    check_grad(get_of_an_object, X)
    np.testing.assert_allclose(s2sad.grad(get_of_an_object)(X), np.eye(len(X))[0])


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


@pytest.mark.parametrize("f", [append_in_a_dict_loop, extend_in_a_dict_loop], ids=lambda f: f.__name__)
def test_appends_in_a_dict_loop_are_exact(f):
    """Refused until each unrolled copy kept its append's note (test_dict_appends46.py)."""
    check_grad(f, X)


def test_int_keys_read_by_a_constant_range_are_unrolled():
    """Refused before stop 51; ``frontend/constant_keys.py`` now makes the loop one copy per ``i``."""
    check_grad(int_keys_read_by_a_range_index, X)


@pytest.mark.parametrize("f, where, says", [
    (key_set_in_a_branch, "for k in d:", "set inside a branch"),
    (got_key_set_in_a_branch, "d.get", "set inside a branch"),
    (key_added_while_looping, "for k in d:", "adding a key"),
    (loop_with_break, "for k in d:", "`break` inside a loop over a dict's keys"),
    (got_with_a_key_not_constant, "d.get(k, 0.0)", "key that is not a constant"),
], ids=lambda v: getattr(v, "__name__", None))
def test_keys_not_known_there_stay_refused_located(f, where, says):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f)(X)
    assert where in str(info.value) and says in str(info.value) and "line" in str(info.value)
