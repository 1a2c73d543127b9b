"""The alias model's table of views (s2sad/analyses/alias_views.py) against NumPy itself.

Every function the rule tables know (reverse and forward rules, the non-differentiable list)
must be classified, and no call that returns memory shared with an argument (by
``np.shares_memory``, over 1-d, 2-d, 3-d, C- and F-ordered, strided and 0-d inputs, with
keyword forms such as ``axis=()``, ``copy=False``, ``order=``, ``n=0``) may be classified as
making a new array: a rule added without a classification, or a NumPy that starts returning
a view, fails here."""
import ast
import math
import warnings

import numpy as np
import pytest

import scipy.linalg  # noqa: F401  (s2sad installs the rules of scipy.linalg and scipy.signal once they
import scipy.signal  # noqa: F401   are imported: the table must not depend on which test imported them first)

import s2sad  # noqa: F401  (registers the rule tables)
from s2sad.analyses import alias_views as V
from s2sad.rules import forward_registry, grads, registry, tangents  # noqa: F401
from s2sad.rules import tangents_adjoint, tangents_adjoint_more  # noqa: F401  (the helpers' own forward rules: the table does not depend on test order)

CALLS = [
    "f(a)", "f(a, b)", "f(a, 0)", "f(a, 1)", "f(a, -1)", "f(a, 2)", "f(a, 0, 1)", "f(a, 1, 0)", "f(a, (-1,))",
    "f(a, -1, order='F')", "f(a, (1, -1))", "f(a, axis=0)", "f(a, axis=-1)", "f(a, axis=())", "f(a, axis=None)",
    "f(a, keepdims=True)", "f(a, copy=False)", "f(a, copy=None)", "f(a, n=0)", "f(a, 0, axis=0)", "f(a, order='F')",
    "f(a, order='A')", "f(a, order='K')", "f(a, k=0)", "f(a, dtype=np.float64)", "f(a, np.float64, copy=False)",
    "f(a, dtype=np.float64, copy=False)", "f([a, b])", "f([a])", "f((a, b))", "f(a, a)", "f(b, a)", "f(a, b, 0)",
    "f('ij->ji', a)", "f('ii->i', a)", "f('ij', a)", "f('ijk->kji', a)", "f('i', a)", "f('ij,jk->ik', a, b)",
    "f(a, a.shape)", "f(a, (2,) + a.shape)", "f(a, 2, axis=0)", "f(a, [1])", "f(a, 0.5)", "f(a.shape)",
    "f(3)", "f((2, 3), 0.5)", "f(a, [0, 1], [1, 0])", "f(0.0, 1.0)", "f(0.0, 1.0, 5)", "f(a, 0.0, 1.0)", "f(a, ((1, 1),) * a.ndim)", "f(a, 1, 1)",
    "f(a, b, a)", "f(a > 0, a, b)", "f(0.5, a)", "f(a, 0.5, axis=0)", "f(np.abs(a) + 1.0)", "f(a, ord=2)",
    "f(a, b, axes=1)", "f(a, np.argsort(a, axis=0), axis=0)", "f(a, sigma)", "f(0.7)", "f(0.7, 0.3)",
    "f(a > 0, [a, b])", "f(a > 0, (a, 0.5), mode='wrap')",
]


def _inputs():
    rng = np.random.default_rng(0)
    spd = rng.normal(size=(3, 3))
    spd = spd @ spd.T + 3.0 * np.eye(3)
    out = [rng.normal(size=5), rng.normal(size=(3, 4)), rng.normal(size=(2, 3, 4)), spd, np.array(0.7),
           rng.normal(size=(1, 3)), rng.normal(size=(3, 1))]
    out += [np.asfortranarray(a) for a in out if a.ndim > 1]
    out.append(rng.normal(size=(3, 8))[:, ::2])     # neither C- nor F-contiguous
    return out


def _known_functions():
    """The functions s2sad's own tables know; not those other test files of the same worker process
    registered rules for (``test_api_errors.total``): which of those exist depends on the order."""
    keys = list(registry._RULES) + list(registry._NONDIFF) + list(registry._NONDIFF_UPTO) + list(forward_registry._RULES)
    seen, out = set(), []
    for fn in keys:
        module = getattr(fn, "__module__", None) or ""
        if module.startswith(("test_", "tests.")) or ".test_" in module:
            continue
        if callable(fn) and id(fn) not in seen:
            seen.add(id(fn))
            out.append(fn)
    out += [fn for fn in V.views() if id(fn) not in seen]
    return out


KNOWN = _known_functions()


def _label(fn):
    return f"{getattr(fn, '__module__', '') or ''}.{getattr(fn, '__name__', repr(fn))}"


def _shared(result, arr):
    if isinstance(result, (tuple, list)):
        return any(_shared(r, arr) for r in result)
    return isinstance(result, np.ndarray) and np.shares_memory(result, arr)


def _runs(fn):
    """(call source, names of the inputs the result shares) for every sample call that runs."""
    if fn is print:
        return    # (prints; returns None)
    for a in _inputs():
        b = np.ones_like(a) * 0.5
        for text in CALLS:
            env = {"f": fn, "a": a, "b": b, "np": np, "sigma": np.array([0.5, 0.2])}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    result = eval(text, env)
                except Exception:
                    continue
            yield text, a, [n for n, arr in (("a", a), ("b", b)) if _shared(result, arr)]


def test_every_function_the_rule_tables_know_is_classified():
    unclassified = [_label(fn) for fn in KNOWN if V._lookup(fn) is None and not V.is_new(fn)]
    assert not unclassified, ("classify these in s2sad/analyses/alias_views.py (views() or new()), with "
                              f"the reason: {unclassified}")


def test_no_function_is_both_a_view_and_new():
    assert not [_label(fn) for fn in V.views() if V.is_new(fn)]


@pytest.mark.parametrize("fn", KNOWN, ids=[_label(f) for f in KNOWN])
def test_the_table_claims_every_sharing_numpy_shows(fn):
    missed, ran = [], 0
    for text, a, shared in _runs(fn):
        call = ast.parse(text, mode="eval").body
        if V.writes_into(fn, call) is not None:
            continue   # `out`: refused by the alias stage before anything else
        ran += 1
        claimed = V.shared_arguments(fn, call)
        missed += [f"{text} with a of shape {a.shape} ({'F' if a.flags.f_contiguous else 'C'})"
                   for n in shared if n not in claimed]
    assert not missed, f"{_label(fn)} returns memory shared with its argument, not in the table: {missed[:4]}"
    if (getattr(fn, "__module__", None) or "").startswith("numpy") or fn in V.views():
        assert ran, f"no sample call of {_label(fn)} ran: add one to CALLS"


@pytest.mark.parametrize("text, shares", [
    ("np.array(a)", False), ("np.array(a, copy=True)", False), ("np.array(a, copy=False)", True),
    ("np.array(a, copy=None)", True), ("np.array(a, dtype=np.float64, copy=flag)", True),
    ("np.diff(a)", False), ("np.diff(a, 2)", False), ("np.diff(a, n=0)", True), ("np.diff(a, k)", True),
    ("np.einsum('ij->ji', a)", True), ("np.reshape(a, (-1,))", True), ("np.float64(a)", True),
    ("np.exp(a)", False), ("math.exp(a)", False), ("np.sum(a, axis=())", False),
])
def test_keyword_dependent_entries(text, shares):
    call = ast.parse(text, mode="eval").body
    fn = eval(ast.unparse(call.func), {"np": np, "math": math})
    assert bool(V.shared_arguments(fn, call)) is shares


def test_a_function_the_table_does_not_know_may_share_any_argument():
    call = ast.parse("g(a, k, out_shape=b)", mode="eval").body
    assert V.shared_arguments(lambda *args, **kw: None, call) == ["a", "k", "b"]


@pytest.mark.parametrize("text, into", [("np.exp(a, out=c)", "c"), ("np.exp(a, c)", "c"),
                                         ("np.add(a, b, c)", "c"), ("np.sum(a, out=c)", "c"),
                                         ("np.exp(a)", None), ("np.add(a, b)", None)])
def test_writes_into_names_the_output_argument(text, into):
    call = ast.parse(text, mode="eval").body
    node = V.writes_into(eval(ast.unparse(call.func), {"np": np}), call)
    assert (node.id if node is not None else None) == into


# ---- the passes that see calls on generated code ask the same table --------------------------
def _call(text):
    return ast.parse(text, mode="eval").body


@pytest.mark.parametrize("fn", sorted((f for f in V.views() if getattr(f, "__module__", "") != "builtins"),
                                      key=lambda f: f.__name__), ids=lambda f: f.__name__)
def test_every_view_is_a_view_to_the_passes_that_see_names_and_objects(fn):
    """``transforms/propagate.py`` sees calls by name, ``backends/inplace.py`` and
    ``transforms/accumulate.py`` by object: each of the table's views is a view to both (they
    kept lists of their own, which lacked np.rot90, np.diag, np.split, np.einsum, ...)."""
    call = _call(f"np.{fn.__name__}(a, 1)")
    which = V.views()[fn][0]
    assert V.named_view(call) == which or not V.views()[fn][1](call)
    assert V.result_kind(fn, call) in ((V.VIEW,) if which == V.FIRST else (V.ANY,)) or not V.views()[fn][1](call)


def test_the_copy_propagation_pass_sees_every_argument_a_view_may_share():
    from s2sad.transforms.propagate import _view_base
    assert _view_base(_call("np.rot90(C)")) == {"C"}
    assert _view_base(_call("np.einsum('ij->ji', C)")) == {"C"}
    assert _view_base(_call("np.diff(x, 2)")) == set()
    assert _view_base(_call("np.diff(x, n)")) == {"x"}
    assert _view_base(_call("x.reshape(3, 2)[0]")) == {"x"}
    assert _view_base(_call("np.exp(x)")) == set()


def test_the_in_place_pass_takes_nothing_for_fresh_that_may_share():
    import builtins
    import types

    from s2sad.backends.inplace import make_fresh_call
    ns = types.SimpleNamespace(objects={"np": np, "max": builtins.max})
    kind = make_fresh_call(ns)
    assert kind(_call("np.rot90(a)")) == "view"
    assert kind(_call("np.diag(a)")) == "view"
    assert kind(_call("np.einsum('ij->ji', a)")) == "unknown"
    assert kind(_call("max(a, b)")) == "unknown"     # returns one of its arguments itself
    assert kind(_call("np.exp(a)")) == "fresh"
    assert kind(_call("np.array(a, copy=False)")) == "view"
    assert kind(_call("np.array(a)")) == "fresh"
