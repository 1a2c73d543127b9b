"""Second order of every elementwise rule of the table, black-box, at special points.

The functions are enumerated from the live rule table (tests/fuzz/catalog.py's unary and binary
forms, and the scipy.special ufuncs of the registry in their differentiable arguments), never
typed here. Each is called at the special points of its domain (0, 1, -1, equal arguments, a zero
in either argument) and ``hvp`` (both arguments at once for two: the mixed partials) is compared
with central differences of s2sad's own first derivative (the audit also runs jvp(grad) and
grad(grad)). Points where ``f`` or its gradient is not finite, or where the gradient has a
kink (one-sided differences disagree), are left to /work/scratch/second59/harness.py's audit
(which classifies them); a located refusal (``S2sadError``) is accepted, any other exception is not.
"""
import importlib.util
import sys

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.rules import registry
from fuzz import catalog

scipy_special = pytest.importorskip("scipy.special")

# Special points of each catalog domain, then an ordinary one (so a function whose every special
# point is a kink, fmod at x = k y, is still judged somewhere).
_POINTS = {"any": (0.0, 1.0, -1.0, 0.3), "pos": (1.0, 0.3), "unit": (0.0, -0.5, 0.3),
           "small": (0.0, -1.0, 0.3), "angle": (0.0, 0.3)}
_PAIRS = {("any", "any"): ((0.5, 0.5), (0.0, 0.5), (0.5, 0.0), (-0.7, 1.3)),
          ("any", "pos"): ((0.5, 0.5), (0.0, 0.5), (-0.7, 1.3)),
          ("pos", "pos"): ((1.0, 1.0), (0.7, 1.3)),
          ("pos", "small"): ((0.5, 0.5), (1.0, 0.0), (0.7, 1.3))}


def _special_entries():
    registry.settle()
    out = []
    for fn, rule in list(registry._RULES.items()):
        name = getattr(fn, "__name__", None)
        if not isinstance(fn, np.ufunc) or getattr(scipy_special, str(name), None) is not fn or fn.nin not in (1, 2):
            continue
        diff = tuple(i for i, q in enumerate(rule.params[1:1 + fn.nin]) if q in rule.differentiable
                     and not (rule.why_nondiff(q) or "").startswith(registry.REFUSED))
        if diff:
            out.append((f"scipy.special.{name}", fn.nin, diff))
    return out


def _entries():
    """One entry a rule (``math.sin`` and ``np.sin`` share one: the first in the catalog's order)."""
    out, seen = [], set()
    cat = catalog.catalog()
    for form in ("unary", "binary", "power", "infix"):
        for e in cat.get(form, ()):
            if (e.rule, form == "unary") not in seen:
                seen.add((e.rule, form == "unary"))
                out.append((e.path, 1, (0,), e.domains) if form == "unary" else (e.path, 2, (0, 1), e.domains))
    for path, n, diff in _special_entries():
        out.append((path, n, diff, ("pos",) * n))
    return sorted(set(out))


ENTRIES = _entries()


def _module(tmp_path_factory):
    lines = ["import math", "import numpy as np", "import scipy.special", ""]
    for i, (path, n, _, _) in enumerate(ENTRIES):
        call = f"x {path} y" if not path[0].isalpha() else f"{path}({', '.join('xy'[:n])})"
        body = f"np.sum({call})" if path.startswith("np.") else call     # np.sort(x) of a number is an array
        lines += [f"def f{i}({', '.join('xy'[:n])}):", f"    return {body}", ""]
    folder = tmp_path_factory.mktemp("second_order59")
    file = folder / "rules_second_order59.py"
    file.write_text("\n".join(lines))
    spec = importlib.util.spec_from_file_location("rules_second_order59", file)
    module = importlib.util.module_from_spec(spec)
    sys.modules["rules_second_order59"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return _module(tmp_path_factory)


def _points(n, domains):
    if n == 1:
        return [(p,) for p in _POINTS.get(domains[0], _POINTS["pos"])]
    return list(_PAIRS.get(tuple(domains), _PAIRS[("pos", "pos")]))


def _flat(t):
    return np.concatenate([np.ravel(np.asarray(a, float)) for a in (t if isinstance(t, tuple) else (t,))])


def _close(a, b, tol=1e-4):
    a, b = _flat(a), _flat(b)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


def _differences(g, args, dirs):
    """(central, smooth): the derivative of ``g`` along ``dirs`` ({position: step}) by central
    differences, and whether ``g`` is continuous there and its one-sided (extrapolated)
    differences agree (no kink)."""
    h = 1e-5

    def at(s):
        a = list(args)
        for p, vv in dirs.items():
            a[p] = float(a[p] + s * vv)
        return _flat(g(*a))
    gs = {k: at(k * h) for k in (-3, -2, -1, 1, 2, 3)}
    plus = (-5 * gs[1] + 8 * gs[2] - 3 * gs[3]) / (2 * h)
    minus = (5 * gs[-1] - 8 * gs[-2] + 3 * gs[-3]) / (2 * h)
    smooth = bool(np.all(np.isfinite(plus)) and np.all(np.isfinite(minus))) and _close(plus, minus, 1e-3) \
        and bool(np.all(np.abs(gs[1] - gs[-1]) <= 1e-3 * (1 + np.abs(gs[1])) + 4 * h * np.abs(plus)))   # no jump
    return (8 * (gs[1] - gs[-1]) - (gs[2] - gs[-2])) / (12 * h), smooth


def _judge(f, args, wrt):
    """None when the point was judged (the assertions hold), else why it is left to the audit."""
    with np.errstate(all="ignore"):
        try:
            value = f(*args)
        except Exception:       # noqa: BLE001 - the function itself raises there: no derivative to judge
            return "f raises"
        if not np.all(np.isfinite(value)):
            return "f not finite"
        one = wrt if len(wrt) > 1 else wrt[0]
        g = s2sad.grad(f, wrt=one)
        try:
            g0 = _flat(g(*args))
            v = (0.7, -1.3)[:len(wrt)]
            central, smooth = _differences(g, args, dict(zip(wrt, v)))
        except S2sadError:
            return "refused"
        if not np.all(np.isfinite(g0)) or np.max(np.abs(g0)) > 1e6 or not smooth:
            return "gradient not finite or kink"
        try:
            hv = s2sad.hvp(f, wrt=one)(*args, v=v if len(wrt) > 1 else v[0])
        except S2sadError:
            return "hvp refused"
        assert _close(hv, central, 1e-3), (args, _flat(hv), central)    # both rows: the mixed partials too
    return None


@pytest.mark.parametrize("entry", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_hvp_at_special_points(entry, generated):
    path, n, wrt, domains = entry
    f = getattr(generated, f"f{ENTRIES.index(entry)}")
    outcomes = {p: _judge(f, p, wrt) for p in _points(n, domains)}
    if path in NO_SECOND_ORDER:
        assert "hvp refused" in outcomes.values(), outcomes
        assert set(outcomes.values()) <= {"hvp refused", "f not finite", "f raises", "gradient not finite or kink"}, outcomes
    elif path in NOT_OF_NUMBERS:
        assert set(outcomes.values()) <= {"f raises", "refused"}, outcomes
    else:
        assert None in outcomes.values(), f"{path}: no special point could be judged: {outcomes}"


# Their adjoints call run-time slope helpers that have no forward rule yet: hvp is refused, located
# (NoDerivativeError at the adjoint's line, naming the helper and the difference of gradients to use).
# (boxcox, boxcox1p, exp1, expn and stdtr have forward rules of their slopes now: judged as the others,
# tests/rules/test_special_hvp59.py; ellipk, ellipe and binom's slopes are listed in NO_FORWARD_RULE.)
NO_SECOND_ORDER = {"scipy.special.ellipk", "scipy.special.ellipe", "scipy.special.binom"}
# Called on numbers these raise in NumPy itself (np.sort, np.hstack of a 0-d value) or are refused
# (np.roll's shift is an integer): their second order is judged on arrays by tests/fuzz's campaigns.
NOT_OF_NUMBERS = {"np.sort", "np.hstack", "np.roll"}
