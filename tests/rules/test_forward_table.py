"""The forward rule tables (s2sad/rules/tangents.py, tangents_adjoint.py) are complete: every
function of the reverse table has a forward rule, every parameter of every forward rule has a
term or a declared reason, and the rules the reverse audit added are right in forward mode and
to second order."""
import numpy as np
import pytest

import s2sad
from s2sad.rules import forward_registry, registry, tangents, tangents_adjoint, tangents_adjoint_more  # noqa: F401
from s2sad.testing import check_hvp, check_jvp
from rules.test_table import (M, X, arange_start_step, builtin_pow, clip_bounds, clip_low_only, linspace_ends,
                              linspace_open, norm_ords, sort_2d, sort_weighted, to_int_cast, to_list_of_unknown,
                              to_random_draw, to_unknown_call, to_unknown_keyword)


def _forward_rules():
    seen = {}
    for rule in forward_registry._RULES.values():
        if rule.func.__module__.startswith("s2sad."):
            seen.setdefault(id(rule), rule)
    return sorted(seen.values(), key=lambda r: r.name)


@pytest.mark.parametrize("rule", _forward_rules(), ids=lambda r: r.name)
def test_every_forward_parameter_has_a_term_or_a_reason(rule):
    for p in rule.params[1:]:
        assert p in rule.differentiable or rule.why_nondiff(p), \
            f"forward rule `{rule.name}`: parameter `{p}` has no t[{p}] term and no declared reason"


def test_names_in_rules_are_not_other_rules():
    """A rule reads numpy, math, builtins and run-time helpers, never another template of its
    module (``sum(t[x])`` must be the builtin, not a template named ``sum``)."""
    import ast
    templates = {id(r.func) for r in _forward_rules()}
    for rule in _forward_rules():
        for _, term, _ in rule.terms:
            for node in ast.walk(term):
                if isinstance(node, ast.Name) and node.id not in rule.params and node.id != "t":
                    assert id(rule.globals.get(node.id)) not in templates, (rule.name, node.id)


def test_every_reverse_rule_has_a_forward_rule():
    missing = [rule.name for key, rule in registry._RULES.items()
               if rule.func.__module__.startswith("s2sad.rules.grads") and key not in forward_registry._RULES]
    assert not missing, f"functions with a reverse rule and no forward rule: {missing}"


def frobenius(m):
    return np.linalg.norm(m, "fro") * np.linalg.norm(m[0], 3)


def spectral(m):
    return np.linalg.norm(m, 2)


CASES = [(sort_weighted, (X,), 0), (sort_2d, (M,), 0), (linspace_ends, (0.5, 2.0), (0, 1)),
         (linspace_open, (0.5, 2.0), (0, 1)), (arange_start_step, (0.25, 0.5), (0, 1)),
         (clip_bounds, (X, -0.5, 1.0), (0, 1, 2)), (clip_low_only, (X, 0.1), (0, 1)),
         (norm_ords, (X,), 0), (builtin_pow, (1.3,), 0), (frobenius, (M,), 0)]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_audited_rules_forward_and_second_order(f, args, wrt):
    rng = np.random.default_rng(3)
    pos = wrt if isinstance(wrt, tuple) else (wrt,)
    vs = tuple(rng.normal(size=np.shape(args[p])) if np.ndim(args[p]) else float(rng.normal()) for p in pos)
    v = vs if isinstance(wrt, tuple) else vs[0]
    check_jvp(f, *args, tangent=v, wrt=wrt)
    check_hvp(f, *args, v=v, wrt=wrt, rtol=1e-4, atol=1e-5)


@pytest.mark.jit
def test_audited_rules_jit():
    check_jvp(norm_ords, X, tangent=np.ones(5), jit=True)
    check_hvp(clip_bounds, X, -0.5, 1.0, v=np.ones(5), jit=True)


def test_matrix_two_norm_has_no_second_order_rule():
    check_jvp(spectral, M, tangent=np.eye(3))
    with pytest.raises(s2sad.NoDerivativeError, match="second-order"):
        s2sad.hvp(spectral)(M, np.eye(3))


@pytest.mark.parametrize("f, args", [
    (to_unknown_call, (1.5,)), (to_list_of_unknown, (1.5,)), (to_unknown_keyword, (X,)),
    (to_random_draw, (0.5,)), (to_int_cast, (X,)),
])
def test_no_rule_is_refused_in_forward_mode_too(f, args):
    with pytest.raises(s2sad.NoDerivativeError, match=r"line \d+, column \d+"):
        s2sad.jvp(f)(*args, np.ones(np.shape(args[0])) if np.ndim(args[0]) else 1.0)
