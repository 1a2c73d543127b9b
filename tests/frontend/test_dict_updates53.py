"""``d.update(...)`` of a local dict with constant keys (frontend/dict_updates.py), and two dict
forms that already worked and are kept working: nested dicts with constant keys, and a dict
comprehension over a module's keys inside a helper.

On lead (ccd76e3) each ``update`` program was refused ("s2sad cannot differentiate this use of
`d`"). Python evaluates every value of the call before it stores any (``swap`` reads the old
entries), stores a repeated key last-wins and a new key at the end (``ordered`` reads the values by
position)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

KEYS = ("a", "b", "c")
X = np.array([1.3, 0.7, -0.4])
V = np.array([0.3, -1.1, 0.5])


def update_display(x):
    d = {"a": x[0]}
    d.update({"b": x[1]})
    return d["a"] * d["b"] + x[2]


def update_keywords(x):
    d = {"a": x[0]}
    d.update(b=x[1], c=x[2] ** 2)
    return d["a"] * d["b"] * d["c"]


def swap(x):
    d = {"a": x[0], "b": x[1]}
    d.update({"a": d["b"] * 2.0, "b": d["a"]}, c=d["a"] * d["b"])
    return d["a"] * d["b"] ** 3 + d["c"] * x[2]


def in_loop(x):
    d = {"s": 0.0}
    for i in range(len(x)):
        d.update(s=d["s"] * 0.5 + x[i] ** 2, last=x[i])
    return d["s"] * d["last"]


def ordered(x):
    d = dict(a=x[0])  # noqa: C408 (the dict call is the form tested)
    d.update({"b": x[1]}, a=x[1] * 3.0, c=x[2])
    v = list(d.values())
    return v[0] * 1.0 + v[1] ** 2 * 2.0 + v[2] ** 3


def in_branches(x):
    d = {"a": x[0]}
    if x[1] > 0:
        d.update(b=x[1] ** 2)
    else:
        d.update({"b": -x[1]})
    return d["a"] * d["b"]


def run_time_keys(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    acc.update({"z": x[0] * 5.0})
    return sum(v * v for v in acc.values())


def nested(x):
    p = {"layer": {"w": x[0], "b": x[1]}, "out": x[2]}
    return p["layer"]["w"] * 2.0 + p["layer"]["b"] ** 2 * p["out"]


def _named(v):
    return {k: v[i] for i, k in enumerate(KEYS)}


def helper_comprehension(x):
    d = _named(x)
    return d["a"] * d["b"] ** 2 + np.sin(d["c"])


UPDATES = [update_display, update_keywords, swap, in_loop, ordered, in_branches]
KEPT = [nested, helper_comprehension]


@pytest.mark.parametrize("f", UPDATES + KEPT)
def test_dict_forms_grad_and_jvp(f):
    check_grad(f, X.copy())
    check_jvp(f, X.copy(), tangent=V)


@pytest.mark.parametrize("f", [update_display, swap, nested])
def test_dict_forms_against_autograd_and_hvp(f):
    check_against_autograd(f, X.copy())
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("f", [update_keywords, swap, in_loop, ordered, nested, helper_comprehension])
def test_dict_forms_jit(f):
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def test_update_of_a_dict_with_run_time_keys():
    # was test_dicts52.updated, refused on lead
    words = ["a", "b", "a"]
    check_grad(run_time_keys, X.copy(), words)
    check_jvp(run_time_keys, X.copy(), words, tangent=V)


def test_update_rewritten_as_stores_in_the_adjoint():
    code = [ln.strip() for ln in s2sad.grad(update_keywords).source.splitlines()]
    assert not any(ln.startswith("d.update(") for ln in code)
    assert any(ln.startswith("# d.update(") for ln in code)


def test_update_of_a_parameter_dict_still_refused():
    def f(x, d):
        d.update(b=x[0])
        return d["b"] * 2.0

    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(f)(X.copy(), {"a": 1.0})


# A list held in a dict entry and changed in place (frontend/dict_entry_names.py). On lead each was
# refused ("`.append(...)` on a list held in a dict entry").

def entry_append(x):
    d = {"xs": [x[0], x[1]]}
    d["xs"].append(x[1] * 3)
    return sum(d["xs"]) * x[0]


def entry_append_in_loop(x):
    d = {"n": x[2] * 2.0, "xs": [], "m": x[0]}
    for i in range(len(x)):
        d["xs"].append(x[i] ** 2 * d["n"])
    d["n"] = d["n"] + 1.0
    return sum(d["xs"]) * d["m"] + d["xs"][1] * d["n"]


def history(x):
    hist = {"loss": [], "w": x[0]}
    for _ in range(3):
        hist["w"] = hist["w"] - 0.1 * (hist["w"] - x[1]) ** 3
        hist["loss"].append(hist["w"] ** 2)
    hist["loss"].extend([x[2], x[2] ** 2])
    return np.mean(np.array(hist["loss"])) + len(hist["loss"])


def entry_alias(x):
    d = {"xs": [x[0]]}
    ys = d["xs"]
    d["xs"].append(x[1])
    return sum(ys) * x[2]


ENTRIES = [entry_append, entry_append_in_loop, history, entry_alias]


@pytest.mark.parametrize("f", ENTRIES)
def test_list_in_dict_entry_changed_in_place(f):
    check_grad(f, X.copy())
    check_jvp(f, X.copy(), tangent=V)


@pytest.mark.parametrize("f", ENTRIES)
def test_list_in_dict_entry_changed_in_place_jit(f):
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def test_list_in_dict_entry_hvp_and_autograd():
    check_against_autograd(entry_append_in_loop, X.copy())
    check_hvp(entry_append_in_loop, X.copy(), v=V, rtol=1e-4, atol=1e-5)


def test_list_in_a_dict_seen_whole_still_refused():
    def f(x):
        d = {"xs": [x[0]]}
        d["xs"].append(x[1])
        return sum(d["xs"]) + len(d)

    with pytest.raises(s2sad.S2sadError, match="held in a dict entry"):
        s2sad.grad(f)(X.copy())
