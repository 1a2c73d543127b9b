"""The functions the generator may call, enumerated from s2sad's live rule table.

Every key of ``s2sad.rules.registry._RULES`` (and the realistic entries of the
non-differentiable list) becomes an ``Fn``: how a program names it (``np.exp``,
``math.exp``, ``abs``, or an operator symbol), its calling *form* (``unary``,
``binary``, ``reduce``, ...), the safe domain of each differentiable operand
and the keyword options the generator may pass. A few functions have a
hand-written entry in ``CURATED`` (domains, special forms); every other rule is
*probed* at import: called on values in (0.2, 0.8) to find out whether it is an
elementwise unary/binary function or a reduction, so a rule added to the table
is fuzzed without touching this file. Rules no form fits are listed by
``unfuzzed()`` and printed in the campaign summary.

Invariant: ``catalog()`` is a pure function of the rule table (cached), in a
deterministic order (sorted by path), so a seed always draws the same program.
"""
import builtins
import functools
import math
import operator
import warnings
from dataclasses import dataclass

import numpy as np

import s2sad.rules.grads  # noqa: F401  (importing the table registers every rule)
from s2sad.rules import registry

__all__ = ["Fn", "catalog", "unfuzzed", "OPERATORS"]


@dataclass(frozen=True)
class Fn:
    path: str              # how the program writes it: "np.exp", "math.exp", "abs", "+"
    form: str              # unary binary infix prefix reduce matmul ... (see CURATED)
    domains: tuple = ()    # safe domain of each operand: any small pos unit angle
    scalar_only: bool = False
    options: tuple = ()    # keyword parameters the generator may pass
    rule: str = ""         # name of the rule in grads.py; "" for non-differentiable ones


OPERATORS = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
             operator.pow: "**", operator.mod: "%", operator.matmul: "@",
             operator.neg: "-", operator.pos: "+"}
_PREFIX = {operator.neg, operator.pos}
_OPTIONS = ("axis", "keepdims", "ddof", "ord")

# path -> (form, domains). Everything else in the rule table is probed.
CURATED = {
    "np.exp": ("unary", ("small",)), "math.exp": ("unary", ("small",)),
    "np.expm1": ("unary", ("small",)), "math.expm1": ("unary", ("small",)),
    "np.exp2": ("unary", ("small",)), "np.sinh": ("unary", ("small",)), "math.sinh": ("unary", ("small",)),
    "np.cosh": ("unary", ("small",)), "math.cosh": ("unary", ("small",)),
    "np.log": ("unary", ("pos",)), "math.log": ("unary", ("pos",)), "np.log2": ("unary", ("pos",)),
    "math.log2": ("unary", ("pos",)), "np.log10": ("unary", ("pos",)), "math.log10": ("unary", ("pos",)),
    "np.log1p": ("unary", ("pos",)), "math.log1p": ("unary", ("pos",)), "np.sqrt": ("unary", ("pos",)),
    "math.sqrt": ("unary", ("pos",)), "np.cbrt": ("unary", ("pos",)), "np.reciprocal": ("unary", ("pos",)),
    "np.tan": ("unary", ("angle",)), "math.tan": ("unary", ("angle",)),
    "np.arcsin": ("unary", ("unit",)), "math.asin": ("unary", ("unit",)), "np.arccos": ("unary", ("unit",)),
    "math.acos": ("unary", ("unit",)), "np.arctanh": ("unary", ("unit",)), "math.atanh": ("unary", ("unit",)),
    "/": ("infix", ("any", "pos")), "np.divide": ("binary", ("any", "pos")),
    "**": ("power", ("pos", "small")), "np.power": ("power", ("pos", "small")), "pow": ("power", ("pos", "small")),
    "math.pow": ("power", ("pos", "small")),
    "%": ("infix", ("any", "pos")), "np.remainder": ("binary", ("any", "pos")),
    "math.fmod": ("binary", ("pos", "pos")), "np.fmod": ("binary", ("any", "pos")),
    "@": ("matmul", ()), "np.matmul": ("matmul", ()), "np.dot": ("matmul", ()),
    "np.outer": ("outer", ()), "np.where": ("where", ()), "np.clip": ("clip", ()),
    "np.full": ("full", ()), "np.full_like": ("full_like", ()),
    "sum": ("sum_list", ()), "np.stack": ("stack", ()), "np.cumsum": ("cumsum", ()),
    "np.trace": ("trace", ()), "np.transpose": ("transpose", ()), "np.reshape": ("reshape", ()),
    "np.ravel": ("ravel", ()), "np.squeeze": ("squeeze", ()), "np.expand_dims": ("expand_dims", ()),
    "np.swapaxes": ("axes", ()), "np.moveaxis": ("axes", ()),
    "np.linalg.inv": ("inv", ()), "np.linalg.det": ("det", ()), "np.linalg.solve": ("solve", ()),
    "np.asarray": ("asarray", ()), "np.array": ("asarray", ()), "np.ascontiguousarray": ("asarray", ()),
    "float": ("identity", ()), "np.float64": ("identity", ()), "np.copy": ("identity", ()),
    "np.linalg.norm": ("norm", ()),
    # array-building functions: the productions in arrays.py
    "np.concatenate": ("join", ()), "np.vstack": ("join", ()), "np.column_stack": ("join", ()),
    "np.dstack": ("join", ()), "np.diag": ("diag", ()), "np.diagflat": ("diag", ()), "np.diagonal": ("diag", ()), "np.tril": ("tri", ()),
    "np.triu": ("tri", ()), "np.fliplr": ("tri", ()), "np.diff": ("diff", ()), "np.pad": ("pad", ()),
    "np.tile": ("tile", ()), "np.interp": ("interp", ()), "np.einsum": ("einsum", ()),
    "np.linalg.slogdet": ("slogdet", ()),
    "np.asarray_chkfinite": ("unfuzzed", ()),   # UNFUZZED_WHY
    "np.linalg.tensorsolve": ("unfuzzed", ()),   # UNFUZZED_WHY (stop 59)
    "np.nanquantile": ("unfuzzed", ()), "np.nanpercentile": ("unfuzzed", ()),   # UNFUZZED_WHY (stop 59)
}
# Functions no generic form fits, drawn by the hand-written forms of more_rules.py.
CURATED.update({path: ("more_rules", ()) for path in (
    "np.split", "np.array_split", "np.hsplit", "np.vsplit", "np.ediff1d", "np.gradient", "np.convolve",
    "np.correlate", "np.vander", "np.polyval", "np.polyfit", "np.take", "np.take_along_axis", "np.bincount", "np.rot90",
    "np.flipud", "np.cumprod", "np.append", "np.repeat", "np.broadcast_to", "np.cross", "np.quantile", "np.corrcoef",
    "np.tensordot", "np.linalg.matrix_power", "np.linalg.cholesky", "np.linalg.eigvalsh", "np.linalg.eigh",
    "np.linalg.svd", "np.linalg.svdvals", "np.linalg.pinv", "np.linalg.qr", "np.linalg.lstsq",
    "np.maximum.accumulate", "np.minimum.accumulate", "np.fmax.accumulate", "np.fmin.accumulate", "np.unwrap", "np.insert", "np.delete",
    "np.polyder", "np.polyint", "np.logaddexp.accumulate",   # (more_rules40.py)
    "np.resize", "np.choose", "np.histogram")})   # (stop 54)
# Why each function left out of every form is (printed by ``unfuzzed_why``; a test checks that
# every unfuzzed function has its reason).
UNFUZZED_WHY = {
    "np.modf": "a pair (fractional part, integral part) that jumps at each integer; the tracer (trace.py) watches "
               "`np.trunc`, not modf",
    "divmod": "a pair whose remainder jumps where x / y crosses an integer; the tracer (trace.py) watches `%`, not divmod",
    "np.divmod": "a pair whose remainder jumps where x / y crosses an integer; the tracer (trace.py) watches `%`, not divmod",
    "np.dsplit": "splits along axis 2: the generator builds arrays of at most 2 axes",
    "np.atleast_3d": "makes 3 axes: the generator builds arrays of at most 2 axes",
    "np.atleast_2d": "changes a vector's rank (1, n): no form of the generator asks for it (the rule is tested in tests/rules)",
    "np.meshgrid": "numba has no np.meshgrid (jit campaigns would only see the refusal); tested in tests/rules/test_rules_pieces.py",
    "np.arange": "np.arange(a, b, h): the result's length depends on the values differentiated",
    "np.linspace": "drawn with constant ends only (the 'linspace' form, np.interp's grids); its rule for ends that are differentiated is tested in tests/rules/test_table.py",
    "math.dist": "takes two sequences of coordinates: no form of the generator builds them (tested in tests/rules)",
    "tuple": "the same items in a tuple (a sequence's plumbing, no arithmetic); tested in tests/rules/test_open44_tuple.py",
    "np.arccosh": "defined from 1 up, and no domain of the generator stays above 1; tested in tests/rules/test_arccosh52.py",
    "math.acosh": "defined from 1 up, and no domain of the generator stays above 1; tested in tests/rules/test_arccosh52.py",
    "np.logspace": "drawn by its own production (more_rules_lifts54.py: 'lifts54', with endpoints kept small)",
    "np.add.reduceat": "drawn by its own production (more_rules_lifts54.py: 'lifts54', with constant indices)",
    "np.asarray_chkfinite": "the identity with a finiteness check (SciPy's check_finite=, stop 58): the 'asarray' form "
                            "draws np.asarray, the same derivative; drawing it too would only shift every seed's program",
    "np.nanquantile": "stop 59 (numpy59): drawn values have no NaN, where it is np.quantile's rule (drawn); drawing it would only shift every seed's program; tested in tests/rules/test_nanquantile59.py",
    "np.nanpercentile": "stop 59 (numpy59): drawn values have no NaN, where it is np.quantile's rule (drawn); drawing it would only shift every seed's program; tested in tests/rules/test_nanquantile59.py",
    "np.linalg.tensorsolve": "stop 59 (numpy59): needs a well-conditioned square system of tensors the generator does not build (and drawing it would shift every seed's program); tested in tests/rules/test_linalg_more59.py",
    "np.partition": "the order within each side of kth is NumPy's own choice, which the tracer (trace.py) does not watch; tested in tests/rules/test_partition.py",
}
# Non-differentiable functions users call in differentiated code (the rest of the list
# are predicates, allocators and random generators the statements use directly).
NONDIFF_CURATED = {
    "np.sort": "sort", "np.linspace": "linspace", "np.floor": "step", "np.ceil": "step",
    "np.round": "step", "np.rint": "step", "np.trunc": "step", "np.fix": "step", "np.sign": "step",
    "math.floor": "step", "math.ceil": "step", "math.trunc": "step", "np.argmax": "argidx",
    "np.argmin": "argidx", "np.zeros_like": "like", "np.ones_like": "like", "np.arange": "arange",
    "np.eye": "eye", "np.identity": "eye",
}


def source_path(fn):
    """How a program refers to ``fn``, or None when it is not a numpy/math/builtin/operator function."""
    if fn in OPERATORS:
        return OPERATORS[fn] if fn not in _PREFIX else "prefix" + OPERATORS[fn]
    label = getattr(fn, "__name__", None)
    if label is None:
        return None
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, np.ufunc):           # a ufunc's method: np.maximum.accumulate
        return f"np.{owner.__name__}.{label}" if getattr(np, owner.__name__, None) is owner else None
    with warnings.catch_warnings():         # getattr(np, "str") warns
        warnings.simplefilter("ignore")
        for prefix, module in (("np", np), ("np.linalg", np.linalg), ("math", math)):
            if getattr(module, label, None) is fn:
                return f"{prefix}.{label}"
        if getattr(builtins, label, None) is fn:
            return label
        for prefix, module in (("np", np), ("math", math)):     # aliases: np.abs is np.absolute
            for attr in sorted(dir(module)):
                if not attr.startswith("_") and getattr(module, attr, None) is fn:
                    return f"{prefix}.{attr}"
    return None


_PROBES = (("any", np.array([-2.1, -0.4, 0.6, 1.9])), ("pos", np.array([0.3, 1.1, 2.5])),
           ("unit", np.array([-0.6, 0.3, 0.7])))


def _call_quietly(fn, args):
    """``fn(*args)`` when it is one finite real array or number (a tuple or list of pieces, an
    empty array, a warning or an error: None)."""
    try:
        with np.errstate(all="raise"), warnings.catch_warnings():
            warnings.simplefilter("error")
            out = fn(*args)
    except Exception:       # noqa: BLE001 - a probe: any failure means "not this form"
        return None
    if not isinstance(out, (np.ndarray, float, np.floating)) or np.size(out) == 0:
        return None
    return out if np.isrealobj(out) and np.all(np.isfinite(out)) else None


def _probe(fn, rule):
    """(form, domains, scalar_only) from calling ``fn`` on values of each domain, or None.

    Elementwise means: an array of the operands' shape for arrays (whose entries are the
    function of the operands' entries), a number for numbers; a reduction: a number for an
    array. Anything else (np.append's longer array, divmod's pair, np.corrcoef's constant 1
    of a vector) fits no form."""
    required = len(rule.params) - 1 - len(rule.defaults)
    if required not in (1, 2):
        return None
    for domain, vec in _PROBES:
        out = _call_quietly(fn, [vec] * required)
        if out is not None and np.shape(out) == vec.shape and _elementwise(fn, vec, out, required):
            return ("unary" if required == 1 else "binary"), (domain,) * required, False
        if out is not None and required == 1 and np.ndim(out) == 0 and _varies(fn, vec, out):
            return "reduce", ("any",), False
        scalars = [_call_quietly(fn, [float(v)] * required) for v in vec]
        if all(r is not None and np.ndim(r) == 0 for r in scalars):
            return ("unary" if required == 1 else "binary"), (domain,) * required, True
    return None


def _elementwise(fn, vec, out, required):
    """Whether entry i of ``out`` is the function of entry i of the operands (not np.sort, np.flip, np.cumprod)."""
    one = [_call_quietly(fn, [vec[i:i + 1]] * required) for i in range(len(vec))]
    return all(r is not None and np.shape(r) == (1,) and r[0] == out[i] for i, r in enumerate(one))


def _varies(fn, vec, out):
    """Whether the reduction depends on its operand (np.corrcoef of one variable is always 1)."""
    other = _call_quietly(fn, [vec * 1.7 + vec[::-1] ** 2])
    return other is not None and other != out


def _entry(fn, rule):
    path = source_path(fn)
    if path is None:
        return None
    options = tuple(p for p in rule.params if p in _OPTIONS)
    if path.startswith("prefix"):
        return Fn(path[len("prefix"):], "prefix", ("any",), False, (), rule.name)
    scalar_only = path.startswith("math.") or path in ("float", "np.float64", "max", "min", "pow")
    if path in CURATED:
        form, domains = CURATED[path]
    elif path in OPERATORS.values():
        form, domains = "infix", ("any", "any")
    else:
        probed = _probe(fn, rule)
        if probed is None:
            return Fn(path, "unfuzzed", rule=rule.name)
        form, domains, probed_scalar = probed
        scalar_only = scalar_only or probed_scalar
    return Fn(path, form, domains, scalar_only, options, rule.name)


@functools.lru_cache(maxsize=1)
def _all():
    entries = []
    for fn, rule in list(registry._RULES.items()):
        if not callable(fn):
            continue
        entry = _entry(fn, rule)
        if entry is not None:
            entries.append(entry)
    for fn in list(registry._NONDIFF):
        path = source_path(fn) if callable(fn) else None
        if path in NONDIFF_CURATED:
            entries.append(Fn(path, NONDIFF_CURATED[path]))
    unique = {(e.path, e.form): e for e in entries}
    return tuple(sorted(unique.values(), key=lambda e: (e.form, e.path)))


@functools.lru_cache(maxsize=1)
def catalog():
    """form -> tuple of Fn, deterministic (computed once per process)."""
    out = {}
    for entry in _all():
        if entry.form != "unfuzzed":
            out.setdefault(entry.form, []).append(entry)
    return {form: tuple(fns) for form, fns in out.items()}


def unfuzzed():
    """Paths of rule-table functions no generator form covers (printed in the summary)."""
    return sorted(e.path for e in _all() if e.form == "unfuzzed")


def unfuzzed_why():
    """path -> why the generator does not draw it, for every unfuzzed function ("no reason
    given" for one a new rule added and nobody classified yet)."""
    return {path: UNFUZZED_WHY.get(path, "no reason given") for path in unfuzzed()}
