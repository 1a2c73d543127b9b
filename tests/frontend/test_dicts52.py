"""Dicts with keys known only at run time (frontend/runtime_keys.py), a module's key tuple or list
read as constants (parsing.Source.constant_items, guarded by scopes.collect_values), ``zip(KEYS, x)``
of an array argument in a constant-key loop (frontend/constant_keys._items), and a dict built by
a comprehension or ``dict(zip(...))`` over run-time values (frontend/dict_builds.py).

On main each program here was refused ("`acc.get(w, ...)` with a key that is not a constant", "a
dict comprehension over values not known when the code is read", "no derivative rule for `dict`").
A value's adjoint must follow its key, and the dict's order must be Python's insertion order
(``bow_order`` weighs the values by position)."""
import importlib
import sys

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

WORDS = ["a", "b", "a", "c", "b", "a"]
KEYS = ("a", "b", "c")
KEY_LIST = ["a", "b", "c"]
DOC = ["a", "b", "a", "c", "b", "a"]


def bow_get(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    return sum(v * v for v in acc.values())


def bow_not_in(x, words):
    acc = {}
    for i, w in enumerate(words):
        if w not in acc:
            acc[w] = 0.0
        acc[w] += x[i]
    return sum(v * v for v in acc.values())


def bow_order(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i] * (i + 1)
    vals = list(acc.values())
    return vals[0] * 1.0 + vals[1] * 2.0 + vals[2] * 3.0 ** 2


def items_enumerated(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 1.0) * x[i]
    s = 0.0
    for j, (k, v) in enumerate(acc.items()):
        s = s + (j + 1) * v + len(k)
    return s + len(acc)


def int_keys(x, ids):
    acc = {}
    for i in range(len(ids)):
        acc[ids[i]] = acc.get(ids[i], 0.0) + np.sin(x[i])
    return sum(k * v for k, v in acc.items())


def setdefault_then_update(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc.setdefault(w, x[0])
        acc[w] = acc[w] * x[i]
    return sum(acc.values())


def deleted_and_inserted_again(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    del acc[words[1]]
    acc[words[1]] = x[5] * 3.0          # now last in the dict's order
    vals = list(acc.values())
    return vals[0] + 2 * vals[1] + 3 * vals[2] ** 2


def written_back_in_a_loop_over_items(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    for k, v in acc.items():
        acc[k] = v * v
    return acc["a"] + 2 * acc["b"] + 3 * acc["c"]


def arrays_as_values(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, np.zeros(2)) + x[i] * np.array([1.0, 2.0])
    return sum(np.sum(v ** 2) for v in acc.values())


def mean_by_key(x, words):
    cnt = {}
    tot = {}
    for i, w in enumerate(words):
        cnt[w] = cnt.get(w, 0) + 1
        tot[w] = tot.get(w, 0.0) + x[i]
    s = 0.0
    for w, t in tot.items():
        s = s + (t / cnt[w]) ** 2
    return s


def seen_before(x, words):
    acc = {}
    s = 0.0
    for i, w in enumerate(words):
        if w in acc:
            s = s + acc[w] * x[i]
        acc[w] = x[i]
    return s + max(acc.values())


def comprehension(x, words):
    d = {w: x[i] ** 2 for i, w in enumerate(words) if i != 4}
    return d["a"] * d["b"] + sum(d.values())


def dict_of_zip(x, words):
    d = dict(zip(words, x))
    return sum(v ** 3 for v in d.values()) + d["a"]


def tuple_keys(x, words):
    acc = {}
    for i, w in enumerate(words):
        key = (w, i % 2)
        acc[key] = acc.get(key, 0.0) + x[i]
    return sum(v * v * (j + 1) for j, v in enumerate(acc.values()))


def key_made_on_a_branch(x, words):
    acc = {}
    for i, w in enumerate(words):
        if x[i] > 0:
            acc[w] = acc.get(w, 0.0) + x[i]
        else:
            acc[w + "_neg"] = x[i] ** 2
    return sum(v * (j + 1) for j, v in enumerate(acc.values()))


def remade_in_an_outer_loop(x, words):
    s = 0.0
    for r in range(2):
        acc = {}
        for i, w in enumerate(words):
            acc[w] = acc.get(w, 0.0) + x[i] * (r + 1)
        s = s + sum(v * v for v in acc.values())
    return s


def popped(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    return acc.pop(words[0]) * 2.0 + sum(v * (j + 1) for j, v in enumerate(acc.values()))


def popped_with_a_default(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    a = acc.pop("zz", x[3] * 5.0)
    b = acc.pop("b", 7.0)
    acc["b"] = x[0] * b                 # now last in the dict's order
    return a * sum(v * (j + 1) for j, v in enumerate(acc.values()))


RUN_TIME = [popped, popped_with_a_default, tuple_keys, key_made_on_a_branch, remade_in_an_outer_loop, bow_get, bow_not_in, bow_order, items_enumerated, setdefault_then_update, deleted_and_inserted_again,
            written_back_in_a_loop_over_items, arrays_as_values, mean_by_key, seen_before, comprehension, dict_of_zip]
X = np.array([0.7, -0.4, 1.1, 0.3, -0.9, 0.5])
V = np.array([0.2, 0.5, -0.4, 0.3, 0.1, -0.6])


@pytest.mark.parametrize("f, words", [(f, WORDS) for f in RUN_TIME] + [
    (f, tuple(WORDS)) for f in (bow_not_in, deleted_and_inserted_again, popped_with_a_default)],
    ids=[f.__name__ for f in RUN_TIME] + ["bow_not_in-tuple", "deleted_and_inserted_again-tuple",
                                          "popped_with_a_default-tuple"])
def test_keys_known_at_run_time(f, words):
    value, _ = s2sad.value_and_grad(f)(X.copy(), words)
    assert value == pytest.approx(f(X.copy(), words), rel=1e-14)
    check_grad(f, X.copy(), words)
    check_against_autograd(f, X.copy(), words, rtol=1e-7, atol=1e-9)
    check_jvp(f, X.copy(), words, tangent=V)


@pytest.mark.parametrize("f", [bow_get, bow_order, mean_by_key], ids=lambda f: f.__name__)
def test_keys_known_at_run_time_hvp_and_checkpointed(f):
    check_hvp(f, X.copy(), WORDS, v=V, rtol=1e-4, atol=1e-5)
    check_grad(f, X.copy(), WORDS, grad_fn=lambda g, wrt, jit: s2sad.grad(g, wrt=wrt, jit=jit, checkpoint=2))


def test_int_keys_and_another_document_with_the_same_adjoint():
    g = s2sad.grad(int_keys)
    for ids in ([3, 1, 3, 7, 1, 2], [5, 5, 5, 5, 5, 5], [1, 2, 3, 4, 5, 6]):
        np.testing.assert_allclose(g(X.copy(), ids), check_grad(int_keys, X.copy(), ids), rtol=1e-12)
    words = ["c", "c", "b", "a", "c", "b"]        # other keys, another order: the same build
    np.testing.assert_allclose(s2sad.grad(bow_order)(X.copy(), words), check_grad(bow_order, X.copy(), words))


def test_keys_known_at_run_time_compiled():
    check_grad(bow_order, X.copy(), WORDS, jit=True)
    check_jvp(bow_get, X.copy(), WORDS, tangent=V, jit=True)


# ---- a module's key tuple or list, zip(KEYS, x) ---------------------------------------------
def keys_of_a_global_tuple(x):
    d = {}
    for i, k in enumerate(KEYS):
        d[k] = x[i] ** 2
    return d["a"] * d["c"] ** 2 + d["b"]


def zip_of_global_keys_and_an_array(x):
    d = {}
    for k, v in zip(KEY_LIST, x):
        d[k] = v * v
    return d["a"] + 2 * d["b"] + 3 * d["c"] ** 2


def zip_of_constant_keys_and_an_array(x):
    acc = {}
    for k, v in zip(("a", "b", "a"), x):
        acc[k] = acc.get(k, 0.0) + v * v
    return acc["a"] * acc["b"]


def global_document(x):
    acc = {}
    for i, w in enumerate(DOC):
        acc[w] = acc.get(w, 0.0) + x[i]
    s = 0.0
    for k, v in acc.items():
        s = s + v ** 3 * len(k)
    return s


def comprehension_of_global_keys(x):
    d = {k: v * 2.0 for k, v in zip(KEYS, x)}
    return d["a"] * d["b"] + d["c"]


def dict_of_zip_of_global_keys(x):
    d = dict(zip(KEYS, x))
    return d["a"] * d["b"] + d["c"] ** 3


GLOBAL_KEYS = [keys_of_a_global_tuple, zip_of_global_keys_and_an_array, zip_of_constant_keys_and_an_array,
               global_document, comprehension_of_global_keys, dict_of_zip_of_global_keys]


@pytest.mark.parametrize("f", GLOBAL_KEYS, ids=lambda f: f.__name__)
def test_global_key_lists_and_zip_with_an_array(f):
    x = X.copy() if f is global_document else X[:3].copy()
    check_grad(f, x.copy())
    check_against_autograd(f, x.copy(), rtol=1e-7, atol=1e-9)
    check_jvp(f, x.copy(), tangent=V[:len(x)])


def all_global_keys(x):
    return keys_of_a_global_tuple(x) + zip_of_global_keys_and_an_array(x) + dict_of_zip_of_global_keys(x)


def test_global_key_lists_compiled():
    check_grad(all_global_keys, X[:3].copy(), jit=True)


_MODULE = '''
KEYS = ("a", "b", "c")
NAMES = ["a", "b", "c"]

def weighted(x):
    d = {}
    for i, k in enumerate(KEYS):
        d[k] = x[i] ** 2
    return d["a"] + 2.0 * d["b"] + 3.0 * d["c"]

def zipped(x):
    d = {}
    for k, v in zip(NAMES, x):
        d[k] = v ** 2
    return d["a"] + 2.0 * d["b"] + 3.0 * d["c"]
'''


@pytest.fixture
def keys_module(tmp_path, monkeypatch):
    path = tmp_path / "keys52.py"
    path.write_text(_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("keys52")
    yield mod
    sys.modules.pop("keys52", None)


@pytest.mark.parametrize("jit", [False, True])
def test_a_global_key_list_rebound_or_changed_in_place_rebuilds(keys_module, jit):
    m, x = keys_module, X[:3].copy()
    g_tuple, g_list = s2sad.grad(m.weighted, jit=jit), s2sad.grad(m.zipped, jit=jit)
    np.testing.assert_allclose(g_tuple(x), [2 * x[0], 4 * x[1], 6 * x[2]])
    np.testing.assert_allclose(g_list(x), [2 * x[0], 4 * x[1], 6 * x[2]])
    m.KEYS = ("c", "a", "b")                     # rebound: "c" gets x[0], "a" x[1], "b" x[2]
    m.NAMES.reverse()                            # in place: "c" gets x[0], "b" x[1], "a" x[2]
    np.testing.assert_allclose(g_tuple(x), [6 * x[0], 2 * x[1], 4 * x[2]])
    np.testing.assert_allclose(g_list(x), [6 * x[0], 4 * x[1], 2 * x[2]])
    m.NAMES[:] = ["a", "b", "c"]
    np.testing.assert_allclose(g_list(x), [2 * x[0], 4 * x[1], 6 * x[2]])


# ---- setdefault and pop with constant keys (the dict stage follows neither) ------------------
def setdefault_by_constants(x):
    d = {"a": x[0]}
    u = d.setdefault("a", x[1])
    w = d.setdefault("b", x[2] * 3.0)
    return u * w + d["b"]


def pop_by_a_constant(x):
    d = {"a": x[0], "b": x[1], "c": x[2]}
    a = d.pop("a")
    return a * sum(v * (j + 1) for j, v in enumerate(d.values()))


@pytest.mark.parametrize("f", [setdefault_by_constants, pop_by_a_constant], ids=lambda f: f.__name__)
def test_setdefault_and_pop_by_constant_keys(f):
    check_grad(f, X[:3].copy())
    check_against_autograd(f, X[:3].copy(), rtol=1e-7, atol=1e-9)
    check_jvp(f, X[:3].copy(), tangent=V[:3])


# ---- what stays refused, located ------------------------------------------------------------
def read_in_a_comprehension(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = x[i]
    return sum(acc[w] * x[0] for w in words)


def inserted_in_a_loop_over_it(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i]
    for k in acc:
        acc["new"] = x[0] * 2.0      # Python allows it: the loop ends before its next step
        break
    return sum(v * v for v in acc.values())


@pytest.mark.parametrize("f", [read_in_a_comprehension, inserted_in_a_loop_over_it],
                         ids=lambda f: f.__name__)
def test_other_uses_stay_refused_at_their_line(f):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)test_dicts52\.py\", line \d+.*acc"):
        s2sad.grad(f)(X.copy(), WORDS)


def test_the_refusal_advice_names_the_run_time_forms():
    def bare_key(x, words):
        d = {"a": x[0]}
        return d[words[0]]
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line \d+.*`acc\.setdefault\(k, v\)`.*not in a comprehension"):
        s2sad.grad(bare_key)(X.copy(), WORDS)
