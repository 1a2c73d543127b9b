"""Front-end rewrites that return at once when the one form they rewrite is absent (suite59).

Every build runs the ~55 rewrites of ``pipeline_frontend._rewrites`` on the user's function, and
an hvp build runs them again on s2sad's own adjoint, where (stop 58, 379 cases of the forward
corpus) none of these three changed anything. Each now looks for its form first, in one walk:

- ``dict_updates``: only an expression statement ``X.update(...)`` is rewritten (``_stores``); its
  two analyses (``_known_dicts``, ``_dict_entries``: 13.6 of the 100 s of a profiled corpus run's
  rewrites) only read the tree;
- ``copies_as_comprehensions``: with no parameter given a sequence (a list, a tuple, an array
  of rank 1 or more) there is no alias of one
  (``_aliases`` keeps only locals bound to one), so nothing to copy;
- ``pin_local_namedtuples``: it walked the whole function twice for every local bound once, before
  asking whether its value is ``namedtuple(...)``; now it asks first (quadratic -> linear).

- ``factory_calls`` (in ``function_loops``): for every top-level ``v = f(...)`` bound once it walked
  the function three times to see whether ``v`` is only called; the function does not change during
  its loop, so those uses are read once.

- ``constant_keys``: its table of constant locals (``_Constants``) is read only when a ``for``
  loop is unrolled over one; a function without ``for`` loops no longer builds it.

- ``unzip_assigns`` and ``tolist_values``: without an ``a, b = F(*rows)`` statement, or without a
  ``.tolist()`` call, they no longer read the function's uses first.

The tests show each skips its analyses where its form is absent (each fails on the base, which
ran them), and that where the form is present the rewrite still happens and the derivatives are
exact (grad and hvp against central differences).
"""
import ast
from collections import namedtuple

import numpy as np
import pytest

import s2sad
from s2sad import astutil
from s2sad.frontend import (constant_keys, dict_updates, factory_calls, local_namedtuples, param_copies,
                            tolist_values, unzip_assigns)
from s2sad.frontend.parsing import parse_function
from s2sad.names import Namer, all_names
from s2sad.testing import check_grad, check_hvp

X = np.array([1.3, 0.7, -0.4])
V = np.array([0.3, -1.1, 0.5])


def many_locals(x):
    a = x[0] * x[1]
    b = np.sin(a) + x[2]
    c = b * b - a
    d = np.exp(0.1 * c)
    e = d * a + b
    g = e / (1.0 + d * d)
    h = g * x[0] - c
    k = np.tanh(h) + e
    return np.sum(k * x) + a * b


def calls(x):
    a = np.sin(x)
    b = np.cos(a)
    c = np.exp(0.1 * b)
    d = np.tanh(c)
    e = np.sqrt(1.0 + d * d)
    g = np.log1p(e * e)
    return np.sum(g * a) + np.sum(b * c)


def make(k):
    c = k + 1.0

    def g(v):
        return c * np.sum(v ** 2)
    return g


def with_factory(x):
    g = make(2.0)
    h = np.sin(x)
    return g(h) + g(x)


def keyed_loop(x):
    p = {"a": x[0], "b": x[1] * x[2]}
    s = 0.0
    for k in ("a", "b"):
        s = s + p[k] ** 2
    return s


def unzip_and_tolist(x):
    pairs = [(x[0], x[1]), (x[2], x[0] * x[1])]
    a, b = zip(*pairs)
    items = x.tolist()
    return a[0] * b[1] + sum(b) * items[2]


def scalars(a, b):
    c = a * b
    d = np.sin(c) + b
    return d * d - c * a


def update_display(x):
    d = {"a": x[0]}
    d.update({"b": x[1]}, c=x[2] ** 2)
    return d["a"] * d["b"] * d["c"]


def list_copy(xs, s):
    ys = list(xs)
    ys.append(s * s)
    return sum(ys) * s


def local_record(x):
    Params = namedtuple("Params", "alpha beta")
    p = Params(x[0], x[1] ** 2)
    return p.alpha * p.beta + x[2]


def _refuse(*args, **kwargs):
    raise AssertionError("analysis run though the form it rewrites is absent")


def test_dict_updates_reads_nothing_without_an_update_statement(monkeypatch):
    monkeypatch.setattr(dict_updates, "_known_dicts", _refuse)
    monkeypatch.setattr(dict_updates, "_dict_entries", _refuse)
    check_hvp(many_locals, X, v=V)       # the user's function and its adjoint: neither has `d.update(...)`


def test_dict_updates_still_rewrites_an_update():
    check_grad(update_display, X)
    check_hvp(update_display, X, v=V)


def test_copies_look_for_aliases_only_of_sequence_parameters(monkeypatch):
    monkeypatch.setattr(param_copies, "_aliases", _refuse)
    check_hvp(scalars, 0.6, -1.2, v=(0.4, 0.9), wrt=(0, 1))      # numbers: no parameter is a sequence


def test_a_list_parameter_is_still_copied():
    xs = [1.5, -0.5, 2.0]
    got = s2sad.grad(list_copy, wrt=1)(xs, 0.7)
    s = 0.7
    assert got == pytest.approx(sum(xs) + 3 * s * s)        # d/ds (sum(xs) + s^2) s
    check_grad(list_copy, xs, 0.7, wrt=1)


def test_constant_keys_build_no_table_without_a_for_loop(monkeypatch):
    monkeypatch.setattr(constant_keys, "_Constants", _refuse)
    check_hvp(many_locals, X, v=V)       # no `for` in the function nor in its adjoint


def test_a_loop_over_constant_keys_is_still_unrolled():
    check_grad(keyed_loop, X)
    check_hvp(keyed_loop, X, v=V)


def test_unzip_and_tolist_read_nothing_without_their_forms(monkeypatch):
    monkeypatch.setattr(unzip_assigns, "_uses", _refuse)
    monkeypatch.setattr(tolist_values, "_Values", _refuse)
    check_hvp(many_locals, X, v=V)


def test_unzip_and_tolist_still_rewrite_their_forms():
    check_grad(unzip_and_tolist, X)
    check_hvp(unzip_and_tolist, X, v=V)


class _CountingAstWalks:
    """``ast`` with its ``walk`` counted (what ``factory_calls`` reads of it)."""

    def __init__(self):
        self.walks = 0

    def __getattr__(self, name):
        return getattr(ast, name)

    def walk(self, node):
        self.walks += 1
        return ast.walk(node)


def test_factory_calls_read_the_uses_once(monkeypatch):
    counting = _CountingAstWalks()
    monkeypatch.setattr(factory_calls, "ast", counting)
    src = parse_function(calls)
    factory_calls.factory_calls(src, src.tree, Namer(all_names(src.tree)))
    assert counting.walks <= 3, counting.walks          # the base walked 3 more times per `v = f(...)` (19 here)


def test_a_factory_call_is_still_written_out():
    src = parse_function(with_factory)
    factory_calls.factory_calls(src, src.tree, Namer(all_names(src.tree)))
    assert any(isinstance(s, ast.FunctionDef) and s.name == "g" for s in src.tree.body)
    check_grad(with_factory, X)
    check_hvp(with_factory, X, v=V)


class _CountingWalks:
    """``astutil`` with its ``walk`` counted (what ``local_namedtuples`` reads of it)."""

    def __init__(self):
        self.walks = 0

    def __getattr__(self, name):
        return getattr(astutil, name)

    def walk(self, node):
        self.walks += 1
        return astutil.walk(node)


@pytest.mark.parametrize("f, most", [(many_locals, 2), (local_record, 5)])
def test_local_namedtuples_walk_the_function_once_per_class_not_per_local(monkeypatch, f, most):
    counting = _CountingWalks()
    monkeypatch.setattr(local_namedtuples, "A", counting)
    src = parse_function(f)
    local_namedtuples.pin_local_namedtuples(src, src.tree)
    assert counting.walks <= most, counting.walks      # the base walked 2 more times per local bound once (21 for many_locals)


def test_a_local_namedtuple_is_still_pinned():
    src = parse_function(local_record)
    local_namedtuples.pin_local_namedtuples(src, src.tree)
    assert getattr(src.tree.body[0], "_s2sad_local_namedtuple", False)
    check_grad(local_record, X)
    check_hvp(local_record, X, v=V)
