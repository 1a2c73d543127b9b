"""The rank of one expression, given the ranks of the names it reads (``kinds.infer``'s step).

``rank(expr, ranks, ns)`` is NumPy's number of dimensions of the value ``expr`` computes: of a
constant, a display, a name, an operator, a subscript, a global's attribute, a call (NumPy's
constructors, reductions, linear algebra and ufuncs here; other calls as the rule table declares,
``rules/ranks.py``). Invariant: a pure function of the expression, the ranks and the namespace;
``None`` where the rank is not known for sure (never a guess), ``_UNSET`` where an operand's rank
is not known yet (``infer``'s fixpoint gives it in a later round). ``of_value``: the kind of a
value at run time, which the ranks of parameters and globals come from.
"""
import ast
import math

import numpy as np

from ..rules import registry as rules
from .draw_ranks import draw_rank, is_draw
from .ir import resolve

SCALAR_CALLS = {len, int, float, round, bool, np.argmax, np.argmin, np.size, np.ndim}
ALLOCATORS = {np.zeros, np.ones, np.empty, np.full}
LIKE = {np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.copy, np.asarray, np.array,
        np.transpose, np.square, np.sqrt, np.cumsum, abs, np.round, np.around, np.rint, np.floor,
        np.ceil, np.trunc, np.fix, np.sign, np.sinc, np.rot90, np.float64}
REDUCTIONS = {np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.var, np.std,
              np.nanmax, np.nanmin, np.linalg.norm, np.nansum, np.nanmean, np.nanprod, np.nanstd, np.nanvar,
              np.average, np.all, np.any, np.quantile, np.percentile, np.nanquantile, np.nanpercentile}
AXIS_POSITION = {np.linalg.norm: 2, np.quantile: 2, np.percentile: 2, np.nanquantile: 2, np.nanpercentile: 2}
QUANTILES = (np.quantile, np.percentile, np.nanquantile, np.nanpercentile)
_UNSET = object()


def of_value(x):
    """The kind an adjoint is specialised on: 0 for a number, ndim for an array, the keys and
    kinds of a dict (``("dict", ((key, kind), ...))``), None otherwise."""
    if isinstance(x, (bool, int, float, np.integer, np.floating)):
        return 0
    if isinstance(x, np.ndarray):
        return x.ndim
    if isinstance(x, dict):
        return structure(x, of_value)
    return None


def structure(x, of_leaf):
    """The specialisation key of a dict argument: ("dict", ((key, kind), ...)), keys in the
    dict's order (a loop over ``d.items()`` visits them in that order); a differentiated tuple's
    (``arguments.TupleArgument``) ends with "tuple" (tuple_index.py reads it at any index), then
    a namedtuple's field names (``frontend/tuple_params.py`` reads ``p.W`` as ``p[0]``), or "list"
    for a list."""
    from ..arguments import TupleArgument
    from ..record_args import field_names
    items = tuple((k, structure(v, of_leaf) if isinstance(v, dict) else of_leaf(v)) for k, v in x.items())
    if not isinstance(x, TupleArgument):
        return ("dict", items)
    if x.kind is list:          # read only, by position (``frontend/tuple_params.read_only_lists``)
        return ("dict", items, "tuple", "list")
    fields = field_names(x.kind)      # a namedtuple's or dataclass's: ``p.W`` reads position 0
    return ("dict", items, "tuple", tuple(fields)) if fields is not None else ("dict", items, "tuple")


def rank(v, ranks, ns):
    if hasattr(v, "_s2sad_kind"):
        return v._s2sad_kind  # an entry of a dict parameter (transforms/aggregates.py)
    if isinstance(v, ast.Constant):
        return 0 if isinstance(v.value, (int, float, bool)) else None
    if isinstance(v, (ast.List, ast.Tuple)):
        inner = [rank(e, ranks, ns) for e in v.elts]
        if not inner or _UNSET in inner:
            return _UNSET
        return None if None in inner or len(set(inner)) != 1 else inner[0] + 1
    if isinstance(v, ast.Name):
        if getattr(v, "_s2sad_bound", False) and v.id in ns.objects:
            return of_value(ns.objects[v.id])  # a global constant
        return ranks.get(v.id, _UNSET)
    if isinstance(v, ast.BinOp):
        if isinstance(v.op, ast.MatMult):
            return _dot(rank(v.left, ranks, ns), rank(v.right, ranks, ns), matmul=True)
        return _broadcast([rank(v.left, ranks, ns), rank(v.right, ranks, ns)])
    if isinstance(v, ast.UnaryOp):
        return rank(v.operand, ranks, ns)
    if isinstance(v, (ast.BoolOp, ast.Compare)):
        parts = v.values if isinstance(v, ast.BoolOp) else [v.left] + v.comparators
        return _broadcast([rank(p, ranks, ns) for p in parts])
    if isinstance(v, ast.Call):
        return _call(v, ranks, ns)
    if isinstance(v, ast.IfExp):    # one of two values: its rank when both have it
        parts = [rank(v.body, ranks, ns), rank(v.orelse, ranks, ns)]
        return _UNSET if _UNSET in parts else parts[0] if parts[0] == parts[1] else None
    if isinstance(v, ast.Attribute):
        if v.attr in ("size", "ndim"):
            return 0
        return _global_attribute(v, ns)
    if isinstance(v, ast.Subscript):
        return _subscript(v, ranks, ns)
    return None


def _global_attribute(v, ns):
    """The kind of ``Cfg.table`` / ``math.pi``: a global's attribute (the scope guard checks
    the kind of each value read from the user's scopes at every call), else None."""
    root = v
    while isinstance(root, ast.Attribute):
        root = root.value
    if not (isinstance(root, ast.Name) and getattr(root, "_s2sad_bound", False) and root.id in ns.objects):
        return None
    k = of_value(resolve(ns, v))
    return k if isinstance(k, int) else None


def _broadcast(parts):
    """Rank of a broadcast result (unset until every operand's rank is known)."""
    if any(p is None for p in parts):
        return None
    if any(p is _UNSET for p in parts):
        return _UNSET
    return max(parts)


def _dot(a, b, matmul=False):
    """Rank of np.dot(a, b) (a sum over a's last and b's second-to-last axis), or of a @ b
    (stacks of matrices broadcast against each other)."""
    if a is _UNSET or b is _UNSET:
        return _UNSET
    if a is None or b is None:
        return None
    if a == 0 or b == 0:
        return max(a, b)
    if matmul and a >= 2 and b >= 2:
        return max(a, b)
    return max(a + b - 2, 0)


def _subscript(v, ranks, ns):
    if isinstance(v.value, ast.Attribute) and v.value.attr == "shape":
        return 0
    base = rank(v.value, ranks, ns)
    if base is None or base is _UNSET:
        return base
    if not isinstance(base, int):     # a global dict's structure (of_value): its entry's kind by a constant key
        return _dict_entry(base, v.slice)
    parts = v.slice.elts if isinstance(v.slice, ast.Tuple) else [v.slice]
    out, arrays = base, 0
    for p in parts:
        if isinstance(p, ast.Slice):
            continue
        if _is_none(p):
            out += 1
            continue
        r = rank(p, ranks, ns)
        if r not in (0, 1, _UNSET):
            return None
        out, arrays = out - 1, arrays + (r == 1)
    # 1-d index arrays and masks (x[[0, 2, 2]], B[B[:, 0] > c], M[i, j] of two arrays) each take an
    # axis and broadcast together into one
    out += arrays > 0
    return out if out >= 0 else None


def _dict_entry(kind, key):
    """The kind of ``D["lr"]`` for a global dict ``D`` of kind ``("dict", ((key, kind), ...))``:
    the entry's, when the key is a constant the dict holds and the entry a number, an array or a
    dict (``D["opt"]["lr"]``); the scope guard rebuilds the adjoint when that kind changes. None
    otherwise (an object, a list, a key not held)."""
    if not (isinstance(key, ast.Constant) and isinstance(kind, tuple) and kind[:1] == ("dict",)):
        return None
    found = [k for name, k in kind[1] if name == key.value and type(name) is type(key.value)]
    entry = found[0] if found else None         # (None: an entry of no kind, a list)
    return entry if isinstance(entry, int) or isinstance(entry, tuple) and entry[:1] == ("dict",) else None


def _clip(v, ranks, ns):
    """np.clip broadcasts its value with its bounds (a number between array bounds is an array)."""
    nodes = list(v.args[:3]) + [k.value for k in v.keywords if k.arg in ("a_min", "a_max", "min", "max")]
    parts = [None if isinstance(n, (ast.List, ast.Tuple)) else rank(n, ranks, ns) for n in nodes if not _is_none(n)]
    if _UNSET in parts:
        return _UNSET
    return None if not parts or None in parts else max(parts)


def _is_none(node):
    return isinstance(node, ast.Constant) and node.value is None


def _call(v, ranks, ns):
    """Rank of a call's result: NumPy's for the functions below, each family in its own helper
    (asked in turn; ``_OTHER``: not one of its functions), else as the rule table declares."""
    if hasattr(v, "_s2sad_rank"):  # the result of a recursive function's split call (transforms/split.py)
        return v._s2sad_rank
    fn = resolve(ns, v.func)
    if fn is None:
        return None
    if is_draw(fn):     # rng.normal(size=(2, 3)): size's rank
        return draw_rank(fn, v, lambda a: rank(a, ranks, ns), _UNSET)
    args = [rank(a, ranks, ns) if not isinstance(a, (ast.List, ast.Tuple)) else None for a in v.args]
    if any(a is _UNSET for a in args):
        return _UNSET
    for family in (_builtin_call, _made, _reduced_call, _linalg_call, _elementwise_call):
        out = family(fn, v, args, ranks, ns)
        if out is not _OTHER:
            return out
    return rules.rank_of_call(fn, args, v)  # ranks the rule table declares (rules/ranks.py)


_OTHER = object()


def _builtin_call(fn, v, args, ranks, ns):
    """Python's builtins and the calls that return a number."""
    if fn is math.prod and args:   # of an array: its rows multiplied (one rank less), like builtin sum
        return None if args[0] is None else max(args[0] - 1, 0)
    if is_scalar_call(fn, v):
        return 0
    if fn is max or fn is min:
        return _extreme(args, v, ranks, ns)
    if fn is pow and len(args) == 2:   # Python's pow(a, b) is a ** b
        return _broadcast(args)
    if fn is np.vdot:                  # flattens both arguments: a number
        return 0
    return _OTHER


def _made(fn, v, args, ranks, ns):
    """Arrays allocated, built from a display, or of their argument's rank (``LIKE``)."""
    if fn in ALLOCATORS and v.args:
        shape = v.args[0]
        if isinstance(shape, ast.Attribute) and shape.attr == "shape":   # np.zeros(x.shape): x's rank
            of = rank(shape.value, ranks, ns)
            return of if of is _UNSET or isinstance(of, int) else None
        return len(shape.elts) if isinstance(shape, (ast.Tuple, ast.List)) else (1 if args[0] == 0 else None)
    if fn in (np.array, np.asarray) and v.args and isinstance(v.args[0], (ast.List, ast.Tuple)):
        inner = [rank(e, ranks, ns) for e in v.args[0].elts]
        if _UNSET in inner:
            return _UNSET
        return None if None in inner or len(set(inner)) != 1 else inner[0] + 1
    if fn is np.clip:
        return _clip(v, ranks, ns)
    if fn in (np.cumsum, np.cumprod) and args:   # flattened without an axis; a number's is 1-d
        axis = len(v.args) > 1 or any(k.arg == "axis" for k in v.keywords)
        return None if args[0] is None else max(args[0], 1) if axis else 1
    if fn in LIKE and args:
        return args[0]
    return _OTHER


def _reduced_call(fn, v, args, ranks, ns):
    """Reductions: builtin ``sum`` of a list, NumPy's (``_reduced``), quantiles of one ``q``."""
    if fn is sum and len(args) == 1:  # builtin sum over a list: one rank less
        return None if args[0] is None else args[0] - 1 if args[0] else None
    if fn is np.average and (len(v.args) > 3 or any(k.arg == "returned" for k in v.keywords)):
        return None    # (average, sum of weights)
    if fn in QUANTILES and (len(args) < 2 or args[1] != 0):
        return None    # an array of quantiles q adds q's axes first
    if fn in REDUCTIONS:
        return _reduced(fn, v, args)
    return _OTHER


def _linalg_call(fn, v, args, ranks, ns):
    """Products and linear algebra: of matrices, or of each matrix in a stack."""
    if fn in (np.dot, np.matmul) and len(args) == 2:
        return _dot(*args, matmul=fn is np.matmul)
    if fn is np.outer or fn in (np.eye, np.identity):
        return 2
    if fn in (np.linalg.det, np.trace) and args and args[0] is not None:
        return max(args[0] - 2, 0)   # of a matrix (or of each matrix in a stack)
    if fn in (np.linalg.inv, np.linalg.pinv, np.linalg.cholesky) and args:
        return args[0]
    if fn in (np.linalg.eigvalsh, np.linalg.svdvals) and args and args[0] is not None:
        return args[0] - 1 if args[0] >= 2 else None
    if fn is np.linalg.solve and len(args) == 2:   # NumPy 2: b is a vector only when 1-d
        a, b = args
        return (None if a is None else a - 1) if b == 1 else None if None in (a, b) else max(a, b)
    return _OTHER


def _elementwise_call(fn, v, args, ranks, ns):
    """Ufuncs and ``np.where``: their operands broadcast (a tuple of arrays: unknown)."""
    if isinstance(fn, np.ufunc) and fn.nout > 1 or fn is np.where and len(args) != 3:
        return None   # np.divmod, np.modf, np.frexp, np.where(c): a tuple of arrays
    if isinstance(fn, np.ufunc) or fn in (np.where, np.maximum, np.minimum):
        return _broadcast(args) if args else None
    return _OTHER


def _extreme(args, v=None, ranks=None, ns=None):
    """Rank of Python's ``max``/``min``: one item of an iterable (one rank less), or one of its
    arguments whole, whose rank is known only when they all have it (also the items of a list
    display: ``max([a, b])``)."""
    if len(args) == 1 and v is not None and isinstance(v.args[0], (ast.List, ast.Tuple)) and not v.keywords:
        items = [rank(e, ranks, ns) for e in v.args[0].elts]
        return _UNSET if _UNSET in items else items[0] if items and len(set(items)) == 1 else None
    if len(args) == 1:
        return args[0] - 1 if args[0] else None
    return args[0] if args and None not in args and len(set(args)) == 1 else None


def is_scalar_call(fn, call):
    """True if this call returns a number (argmax/argmin with an axis, or round with digits on
    an array, return arrays)."""
    try:
        if fn in (np.argmax, np.argmin, round):
            return len(call.args) == 1 and not call.keywords if fn is not round else True
        from ..rules.runtime import item  # x.item(): a number, of a 0-d array too
        return fn in SCALAR_CALLS or fn is item or getattr(fn, "__module__", None) == "math"
    except TypeError:
        return False


def _reduced(fn, v, args):
    """Rank of a reduction: ``axis`` is its second positional argument (``norm``'s third, after
    ``ord``) or a keyword; ``keepdims`` only counts when it is the constant True. The array
    passed by keyword (``np.mean(a=X, axis=0)``): unknown here (the rule's binding decides)."""
    if not args:
        return None
    pos = AXIS_POSITION.get(fn, 1)
    axis = v.args[pos] if len(v.args) > pos else next((k.value for k in v.keywords if k.arg == "axis"), None)
    keep = next((k.value for k in v.keywords if k.arg == "keepdims"), ast.Constant(value=False))
    if not (isinstance(keep, ast.Constant) and isinstance(keep.value, bool)):
        return None
    if keep.value:
        return args[0]
    if axis is None or _is_none(axis):
        return 0
    n = _n_axes(axis)
    return args[0] - n if args[0] and n and args[0] >= n else None


def _n_axes(axis):
    """How many axes a constant ``axis`` names (an int: 1; a tuple of ints: its length); else None."""
    parts = axis.elts if isinstance(axis, ast.Tuple) else [axis]
    ok = all(isinstance(p, ast.Constant) and isinstance(p.value, int) and not isinstance(p.value, bool)
             for p in parts)
    return len(parts) if ok and parts else None
