"""The rule table (s2sad/rules/grads.py and its parts grads_*.py) is complete: every parameter of every rule either
has a `d[...]` line or is declared non-differentiable with a reason, and every function
listed as non-differentiable says why."""

import numpy as np
import pytest

import s2sad
from s2sad.rules import grads  # noqa: F401  (registers the table)
from s2sad.rules import registry
from s2sad.testing import check_grad


def _rules():
    """s2sad's own table."""
    seen = {}
    for rule in registry._RULES.values():
        if getattr(rule, "library", False):
            seen.setdefault(id(rule), rule)
    return sorted(seen.values(), key=lambda r: r.name)


def _has_a_line_or_a_reason(rule):
    for p in rule.params[1:]:
        assert p in rule.differentiable or rule.why_nondiff(p), \
            f"rule `{rule.name}`: parameter `{p}` has no d[{p}] line and no declared reason"


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.name)
def test_every_parameter_has_a_line_or_a_reason(rule):
    _has_a_line_or_a_reason(rule)


def _scaled(x, k=2.0):
    return k * np.sin(x)


def test_a_users_rule_without_a_line_refuses_that_parameter():
    """A user's rule may leave a parameter without a d[...] line: a differentiated value reaching
    it is refused (never a zero derivative). (This replaced a check over every rule registered so
    far, users' included, which depended on which test files had run before it in the process.)"""
    @s2sad.adjoint(_scaled)
    def _scaled_rule(y, x, k=2.0):
        d[x] = d[y] * k * np.cos(x)  # noqa: F821

    def constant_k(x):
        return np.sum(_scaled(x, 3.0))

    def active_k(x):
        return np.sum(_scaled(x, x[0]))

    check_grad(constant_k, X)
    with pytest.raises(s2sad.NoDerivativeError, match="parameter `k`"):
        s2sad.grad(active_k)(X)


def test_every_nondifferentiable_function_has_a_reason():
    assert registry._NONDIFF, "the table declares non-differentiable functions"
    for key, reason in registry._NONDIFF.items():
        assert isinstance(reason, str) and len(reason) > 10, key


@pytest.mark.parametrize("fn", [np.sort, np.linspace, np.clip, np.random.normal, np.random.uniform,
                                np.histogram, np.arange])
def test_functions_with_a_derivative_are_not_listed_as_nondifferentiable(fn):
    assert registry.nondiff_reason(fn) is None


# ---- rules added by the audit, checked against finite differences ------------------
X = np.array([0.3, -0.7, 1.2, 0.5, 2.1])


def sort_weighted(x):
    return np.sum(np.sort(x) * np.arange(len(x)))


def sort_2d(m):
    return np.sum(np.sort(m, axis=0) * np.arange(m.size).reshape(m.shape))


def linspace_ends(a, b):
    return np.sum(np.linspace(a, b, 7) ** 2)


def linspace_open(a, b):
    return np.sum(np.sin(np.linspace(a, b, 5, endpoint=False)))


def arange_start_step(a, h):
    return np.sum(np.arange(a, 3.0, h) ** 2)


def clip_bounds(x, lo, hi):
    return np.sum(np.clip(x, lo, hi) ** 2)


def clip_low_only(x, lo):
    return np.sum(np.clip(x, lo, None) * x)


def norm_ords(x):
    return np.linalg.norm(x, 1) + 2.0 * np.linalg.norm(x, np.inf) + np.linalg.norm(x, 3) \
        + np.linalg.norm(x)


def matrix_norms(m):
    return np.linalg.norm(m, 1) + np.linalg.norm(m, np.inf) + np.linalg.norm(m, 2) \
        + np.linalg.norm(m, "nuc") + np.linalg.norm(m, "fro")


def builtin_pow(x):
    return pow(x, 3) + pow(2.0, x)


M = np.array([[1.0, 2.5, -0.5], [3.0, -4.0, 1.5], [0.2, -1.0, 2.0]])


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args, wrt", [
    (sort_weighted, (X,), 0), (linspace_ends, (0.5, 2.0), (0, 1)),
    (arange_start_step, (0.25, 0.5), (0, 1)), (clip_bounds, (X, -0.5, 1.0), (0, 1, 2)),
    (clip_low_only, (X, 0.1), (0, 1)), (norm_ords, (X,), 0), (builtin_pow, (1.3,), 0),
], ids=lambda v: getattr(v, "__name__", None))
def test_audited_rules(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)


@pytest.mark.parametrize("f, args", [(sort_2d, (M,)), (matrix_norms, (M,)), (linspace_open, (0.5, 2.0))])
def test_audited_rules_python_only(f, args):
    check_grad(f, *args)


# ---- a differentiated value reaching a place with no rule is refused ------------
def to_unknown_call(x):
    return np.ldexp(x, 2)  # x * 2**2: no rule (np.i0, the example before, has one since rules53)


def to_list_of_unknown(x):
    return np.sum(np.ldexp([x, 1.0], 2))     # (np.nanpercentile, the example before, has a rule since stop 59)


def to_unknown_keyword(x):
    return np.var(x, where=x > 1.0)   # (np.sum's and np.prod's where= are read as np.where: frontend/numpy_forms.py)


def to_random_draw(mu):
    return np.random.normal(mu, 1.0)


def to_rule_parameter_without_line(x, n):
    return np.sum(np.full_like(x, n) * x)


def to_starred_call(x, y):
    xs = []
    xs.append(x)
    xs.append(y)
    return max(*xs)     # (np.hypot(*[x, y]) is written out since stop 50: frontend/starred_calls.py)


def to_starred_helper(x, y):
    xs = []
    xs.append(x)
    xs.append(y)
    return _helper(*xs)     # a list of unknown length into a helper with a default: which parameter gets what


def _helper(a, b=1.0):
    return a * b


def to_tuple_into_unknown(x, y):
    t = (x, y)
    return np.sum(np.ldexp(t, 1))            # (np.nanpercentile, the example before, has a rule since stop 59)


def starred_shape_only(x):
    e = np.random.randn(*x.shape)
    return np.sum(x * 2.0) + 0.0 * np.sum(e)


def to_int_cast(x):
    return np.sum(np.array(x, dtype=complex))


@pytest.mark.parametrize("f, args", [
    (to_unknown_call, (1.5,)), (to_list_of_unknown, (1.5,)), (to_unknown_keyword, (X,)),
    (to_random_draw, (0.5,)), (to_int_cast, (X,)), (to_starred_call, (0.3, 0.4)),
    (to_starred_helper, (0.3, 0.4)), (to_tuple_into_unknown, (0.3, 0.4)),
])
def test_no_rule_is_refused_with_a_location(f, args):
    with pytest.raises(s2sad.NoDerivativeError, match=r"line \d+, column \d+"):
        s2sad.grad(f)(*args)


def test_starred_arguments_without_derivatives_are_fine():
    check_grad(starred_shape_only, X)


def test_full_like_reads_only_the_shape_of_its_first_argument():
    check_grad(to_rule_parameter_without_line, X, 0.7, wrt=(0, 1))


def test_every_rule_the_fuzzer_does_not_draw_says_why():
    """tests/fuzz/catalog.py: a function of the table that no generator form draws has its reason."""
    from tests.fuzz import catalog
    missing = [path for path, why in catalog.unfuzzed_why().items() if why == "no reason given"]
    assert not missing, f"add these to catalog.UNFUZZED_WHY (or give them a form): {missing}"
    assert "np.append" not in catalog.unfuzzed() and all(f.path != "np.append" for f in catalog.catalog()["binary"])
