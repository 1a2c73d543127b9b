"""Forward rules of the run-time helpers a generated adjoint calls (hvp is forward over reverse, so
every helper an adjoint can emit needs a tangent rule): each helper that a reverse rule of the
table calls, or that the reverse transforms emit themselves (``last_write_grad``, ``add_pieces``...),
has a forward rule, is declared non-differentiable with a reason, or is listed in
``tangents_adjoint.NO_FORWARD_RULE`` with why (hvp through it is then refused with the line). The
rules added for them are checked with ``check_hvp`` against differences of gradients."""
import ast
import math
import pathlib
import types

import numpy as np
import pytest

import s2sad
from s2sad.rules import forward_registry, grads, registry, runtime, tangent_runtime, tangents, tangents_adjoint, tangents_adjoint_more, tangents_adjoint_linalg  # noqa: F401
from s2sad.testing import check_hvp

TRANSFORMS = pathlib.Path(s2sad.__file__).parent / "transforms"
REWRITTEN = {"add_at": "the forward stage rewrites the statement as `b = added_at(b, idx, g)`, which has a rule"}


def _rule_helpers():
    """The s2sad run-time helpers the reverse rules of the table call."""
    found = set()
    for rule in registry._RULES.values():
        if not rule.library:
            continue
        for node in ast.walk(ast.Module(body=rule.body, type_ignores=[])):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                obj = rule.globals.get(node.func.id)
                if isinstance(obj, types.FunctionType) and obj.__module__.startswith("s2sad."):
                    found.add(obj.__name__)
    return found


def _emitted_helpers():
    """The helpers the reverse transforms emit by name (``self.rt.last_write_grad``)."""
    found = set()
    for path in TRANSFORMS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)) \
                    and getattr(node.value, "id", getattr(node.value, "attr", None)) == "rt" \
                    and callable(getattr(runtime, node.attr, None)):
                found.add(node.attr)
    return found


HELPERS = sorted(_rule_helpers() | _emitted_helpers())


def test_the_enumeration_finds_the_helpers():
    assert {"einsum_grad", "sum_grad", "svd_grad"} <= _rule_helpers()
    assert {"last_write_grad", "add_pieces", "zeros_like", "add_at"} <= _emitted_helpers()


@pytest.mark.parametrize("name", HELPERS)
def test_every_helper_an_adjoint_calls_has_a_tangent_rule_or_a_reason(name):
    fn = getattr(runtime, name, None) or getattr(tangent_runtime, name)   # np.partition's adjoint reads sort_tangent
    has_rule = registry._key(fn) in forward_registry._RULES
    reason = registry.nondiff_reason(fn) or tangents_adjoint.NO_FORWARD_RULE.get(name) or REWRITTEN.get(name)
    if has_rule:
        assert name not in tangents_adjoint.NO_FORWARD_RULE, f"`{name}` has a forward rule: remove its reason"
    assert has_rule or reason, f"run-time helper `{name}` has no forward (tangent) rule and no declared reason"


def test_no_reason_is_left_for_a_helper_that_is_gone():
    stale = [n for n in tangents_adjoint.NO_FORWARD_RULE if not hasattr(runtime, n)]
    assert not stale, stale


# ---- the helpers given forward rules, to second order ------------------------------------------
R = np.random.default_rng(2)
M, X = R.normal(size=(3, 3)), R.normal(size=5)
IDX = np.array([0, 2, 2, 4])


def einsums(m, x):
    return np.sum(np.einsum("ij,j->i", m, x[:3]) ** 2) + np.einsum("ij,ij->", m, m * m)


def index_writes(x):    # last_write_grad: the repeated index keeps the last write
    y = np.zeros(5)
    y[IDX] = x[:4] ** 2
    return np.sum(y ** 2 * np.arange(5.0))


def nan_means_and_maxima(x):
    return np.nanmean(np.where(x > 1.5, np.nan, x) ** 3) + np.sum(np.maximum.accumulate(x) ** 3)


def gathers_and_pads(m, x):
    return np.sum(np.take_along_axis(m, np.array([[0, 2], [1, 1], [2, 0]]), axis=1) ** 3) \
        + np.sum(np.pad(x, 2, mode="reflect") ** 3 * np.arange(9.0)) + np.sum(np.pad(x, (1, 2), mode="edge") ** 3)


def differences(x, h):
    return np.sum(np.gradient(x ** 2, h) ** 2) + np.sum(np.gradient(x, h, edge_order=2) ** 3)


def distances(x, y):
    return math.dist(x, y * y) ** 3 + math.hypot(x[0], y[1], x[2]) ** 3


def math_lists(v):
    xs = [v[0] * v[1], v[2]]
    return math.fsum(xs) ** 2 + math.prod([v[0], v[1], v[2]]) ** 2


SECOND = [(einsums, (M, X)), (index_writes, (X,)), (nan_means_and_maxima, (X,)), (gathers_and_pads, (M, X)),
          (differences, (X, 0.7)), (distances, (X[:3], X[2:])), (math_lists, (X,))]


@pytest.mark.parametrize("f, args", SECOND, ids=[c[0].__name__ for c in SECOND])
def test_hvp_through_the_helpers(f, args):
    v = tuple(R.normal(size=np.shape(a)) if np.ndim(a) else 0.3 for a in args)
    if len(args) == 1:
        check_hvp(f, *args, v=v[0], rtol=1e-4, atol=1e-5)
    else:
        check_hvp(f, *args, v=v, wrt=tuple(range(len(args))), rtol=1e-4, atol=1e-5)


def covariances(a):
    return np.sum(np.cov(a) ** 2)


def test_hvp_through_a_helper_without_a_rule_is_refused_with_the_line(monkeypatch):
    """Every helper has a rule now (NO_FORWARD_RULE is empty): take cov_grad's away to check that a
    helper without one is refused with the line, never run."""
    monkeypatch.delitem(forward_registry._RULES, registry._key(runtime.cov_grad))
    with pytest.raises(s2sad.NoDerivativeError, match=r"cov_grad.*no forward-mode rule|line \d+") as err:
        s2sad.hvp(covariances)(M, M)
    assert "cov_grad" in str(err.value) and "line" in str(err.value)


def scale_first_item(a, xs):
    xs[0] = xs[0] * a          # the adjoint pushes xs[0] with schedule.snapshot (a value of unknown kind)
    return np.sum(xs[0] * xs[1] * a)


@pytest.mark.parametrize("jit", [False, True])
def test_hvp_through_the_snapshot_push(jit):
    """hvp differentiates the adjoint's ``tape.append(snapshot(t1))``: it was refused as a call with no
    forward rule (the snapshot is a copy, linear in its argument)."""
    xs, v = [R.normal(size=3), R.normal(size=3)], R.normal(size=3)
    kept = list(xs)
    s2sad.hvp(scale_first_item, jit=jit)(X[:3], xs, v)
    assert all(x is k for x, k in zip(xs, kept))     # the caller's list is not written
    check_hvp(scale_first_item, X[:3], list(xs), v=v, jit=jit, reference="autograd")
