"""How the arguments of a call are read when it is normalized (used by :mod:`.anf`).

Invariant: a rewrite here never changes what the call computes in Python.

* A list or tuple display written as an argument is kept, converted or named by its role
  (``list_role``): a NumPy function converts it with ``np.array`` itself, so s2sad may too;
  a function of a sequence (``np.stack``, builtin ``sum``, ``max``/``min`` over an iterable)
  gets the list as it is.
* The result of a call that returns (or may return) a tuple or list of arrays
  (``np.linalg.slogdet``, ``np.gradient`` of a matrix, ``np.linalg.qr``) passed straight to a
  NumPy function that converts it (``np.clip(np.gradient(K), 0, 1)``) is converted with
  ``np.asarray`` first, as NumPy does: the rules then see one array, whose adjoint is one array,
  instead of a tuple their templates cannot apply an operator to.
* ``boolean`` says which expressions are truth values whatever their operands (comparisons,
  ``not``, ``all(...)``): a test keeps its mark through later stages.
* Python's ``max``/``min`` of several values, ``max(a, b, c)`` or ``max([a, b, c])``, is the
  left fold of the two-argument form (CPython keeps the running extreme and replaces it only
  when a later item compares strictly greater, resp. less): ``max(max(a, b), c)``, which has a
  rule. It is never an array (``np.array([a, B, c])`` of values of different shapes is a
  ValueError, and not what ``max`` does).
* ``max(xs)``, ``min(xs)`` and ``sorted(xs)`` of one sequence that is not a display (a list
  variable, a 1-d array, a comprehension or generator) call ``seq_max``/``seq_min``/``seq_sorted``
  (``rules/runtime_sequences.py``), which compute what the builtin does and have rules.
"""
import ast
import inspect
import builtins
import math
import statistics

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from ..rules import registry as rules
from .resolve import MISSING

SEQUENCE_FUNCS = {np.stack, np.concatenate, np.hstack, np.vstack, np.column_stack, np.dstack, np.block, builtins.sum,
                  builtins.tuple}
MATH_SEQUENCES = {math.fsum: (0, "seq"), math.prod: (0, "iterable"), math.dist: (0, 1, "p", "q"),
                  statistics.fmean: (0, "data"), statistics.mean: (0, "data")}
"""``math`` (and ``statistics``) functions of sequences of numbers: a list written there is kept a list (named, so its
elements' derivatives flow through it), as for the builtin ``sum``."""
SEQUENCE_ARGS = {np.choose: (1, "choices")}
"""NumPy functions taking a sequence of arrays beside other arguments (``np.choose(a, [x, y, 3.0])``
broadcasts choices of different shapes): a list written there is kept a list, as for np.stack."""
TUPLE_RESULTS = (np.linalg.slogdet, np.linalg.eigh, np.linalg.eig, np.linalg.lstsq, np.meshgrid,
                 np.broadcast_arrays, np.divmod, np.modf, np.frexp, np.split, np.array_split, np.hsplit,
                 np.vsplit, np.dsplit, builtins.divmod, builtins.tuple)
"""Functions whose result is always a tuple or list (of arrays): ``*`` and ``+`` repeat and join
it (``analyses/sequences.py``), and a NumPy function given it converts it to one array."""
MAYBE_TUPLE_RESULTS = (np.gradient, np.linalg.svd, np.linalg.qr, np.atleast_1d, np.atleast_2d, np.atleast_3d)
"""Functions whose result is a tuple for some arguments only (``np.gradient`` of a matrix,
``qr``/``svd`` unless ``mode='r'``/``compute_uv=False``, ``atleast_1d`` of several arrays)."""
KEYWORD_ALIASES = {np.clip: {"min": "a_min", "max": "a_max"}}
"""Keywords NumPy 2 accepts under a second name (``np.clip(x, min=lo)`` is ``a_min=lo``): written
under the name the rule's parameter has, so the call computes the same and has its rule."""
PACKERS = {np.array, np.asarray}


def method_clip_keywords(args, keywords):
    """The keywords of ``np.clip`` for the method call ``x.clip(*args, **keywords)``: the method
    reads a bound not written as None (``x.clip(0)`` is ``np.clip(x, 0, None)``), where the
    function requires both (``np.clip(x, 0)`` is a TypeError); the rule has both parameters."""
    written = {k.arg for k in keywords}
    missing = [(pos, names) for pos, names in ((0, ("min", "a_min")), (1, ("max", "a_max")))
               if len(args) <= pos and not written & set(names)]
    return list(keywords) + [ast.keyword(arg=names[1], value=A.const(None)) for _, names in missing]
EXTREMES = (builtins.max, builtins.min)


def list_role(fn, where):
    """What a list literal written as argument ``where`` (a position or keyword) of ``fn`` is:
    'elements' (np.array's own list), 'sequence' (a sequence of values, kept a list), 'array'
    (a value a derivative may flow through: converted with np.array, as NumPy does) or None
    (a shape, axes)."""
    try:
        if fn in PACKERS and where in (0, "object"):
            return "elements"
        if fn in SEQUENCE_FUNCS and where in (0, "arrays", "tup", "iterable") or any(fn is e for e in EXTREMES):
            return "sequence"
        if _sequence_helper(fn):
            return "sequence"
        if where in MATH_SEQUENCES.get(fn, ()) or where in SEQUENCE_ARGS.get(fn, ()):
            return "sequence"
    except TypeError:
        return None
    rule = rules.lookup(fn) if fn is not MISSING else None
    if rule is None or getattr(fn, "__module__", None) in ("builtins", "math", "operator"):
        return None      # Python's own functions do not convert a list to an array
    params = rule.params[1:]
    param = params[where] if isinstance(where, int) and where < len(params) else where
    return "array" if param in rule.differentiable else None


def bind_arguments(call, params):
    """``{parameter: AST}`` of the call's arguments for a function of parameters ``params`` (in
    order), or None (a starred argument, an unknown or repeated keyword, too many positional
    arguments)."""
    return bind_values(params, call.args, call.keywords)


def bind_values(params, args, keywords, fn=None):
    """``bind_arguments`` of the arguments ``args`` and ``keywords``; with ``fn``, a parameter not
    given takes the constant default ``fn`` holds now (a number, string, bool or None), else None."""
    if len(args) > len(params) or any(isinstance(a, ast.Starred) for a in args):
        return None
    bound = dict(zip(params, args))
    for k in keywords:
        if k.arg not in params or k.arg in bound:
            return None
        bound[k.arg] = k.value
    if fn is None:
        return bound
    defaults = dict(zip(params[len(params) - len(fn.__defaults__ or ()):], fn.__defaults__ or ()))
    for p in params:
        if p not in bound:
            if p not in defaults or type(defaults[p]) not in (int, float, bool, str, type(None)):
                return None
            bound[p] = A.const(defaults[p])
    return bound


def returns_tuple(fn, maybe=True):
    """True if ``fn`` returns a tuple or list of arrays always (or, with ``maybe``, for some
    arguments)."""
    return any(fn is t for t in TUPLE_RESULTS + (MAYBE_TUPLE_RESULTS if maybe else ()))


def canonical_keywords(fn, keywords):
    """``keywords`` of a call of ``fn`` under the names the rule table gives them (see
    KEYWORD_ALIASES); the partner of a renamed keyword not written is passed as None, its
    meaning under the alias (``np.clip(x, min=lo)`` is ``np.clip(x, a_min=lo, a_max=None)``)."""
    aliases = next((v for k, v in KEYWORD_ALIASES.items() if k is fn), {})
    if not any(k.arg in aliases for k in keywords):
        return keywords
    out = [ast.keyword(arg=aliases.get(k.arg, k.arg), value=k.value) for k in keywords]
    written = {k.arg for k in out}
    return out + [ast.keyword(arg=n, value=A.const(None)) for n in aliases.values() if n not in written]


def first_by_position(fn, args, keywords):
    """``np.sum(a=x, axis=1)`` as ``np.sum(x, axis=1)``: a NumPy function's first parameter passed by
    keyword with no argument by position is passed first by position (the same call: the rule table
    and the analyses read the array there, whatever NumPy names it)."""
    if args or not keywords or not str(getattr(fn, "__module__", None)).startswith("numpy"):
        return args, keywords
    try:
        first = next(iter(inspect.signature(fn).parameters.values()))
    except (TypeError, ValueError, StopIteration):     # a ufunc, a builtin without a signature
        return args, keywords
    hit = next((k for k in keywords if k.arg == first.name), None)
    if hit is None or first.kind is not first.POSITIONAL_OR_KEYWORD:
        return args, keywords
    return [hit.value], [k for k in keywords if k is not hit]


def tuple_names(fdef, obj):
    """The names ``fdef`` assigns the result of a call that returns (or may return) a tuple;
    ``obj`` resolves a call's function."""
    return {n.targets[0].id for n in ast.walk(fdef) if isinstance(n, ast.Assign)
            and isinstance(n.targets[0], ast.Name) and holds_tuple(n.value, (), obj)}


def holds_tuple(e, names, obj):
    """True if the argument ``e`` is such a call, or one of the ``names`` holding its result."""
    return isinstance(e, ast.Call) and returns_tuple(obj(e.func)) or isinstance(e, ast.Name) and e.id in names


def fold_extreme(src, call, fn):
    """``max(a, b, c)`` / ``max([a, b, c])`` (``min`` likewise) as nested two-argument calls,
    or None when the call is not of that form (a ``key``, a starred or non-display iterable,
    an empty display, or already two arguments)."""
    if fn is builtins.sorted or any(fn is e for e in EXTREMES) and len(call.args) == 1 and not isinstance(
            call.args[0], (ast.List, ast.Tuple)):
        return sequence_call(call, fn)
    if not any(fn is e for e in EXTREMES) or any(k.arg != "default" for k in call.keywords):
        return None
    args = list(call.args)
    if len(args) == 1 and isinstance(args[0], (ast.List, ast.Tuple)) and args[0].elts:
        items = list(args[0].elts)            # `default` is not used: the display is not empty
    elif len(args) >= 2 and not call.keywords:
        items = args
    else:
        return None
    if any(isinstance(i, ast.Starred) for i in items):
        return None
    for item in items:
        if isinstance(item, (ast.List, ast.Tuple)) and A.names_in(item) and len(items) > 1:
            raise unsupported(src, item, f"Python's `{fn.__name__}` of lists or tuples (compared "
                              "element by element, lexicographically)",
                              f"Use np.{'maximum' if fn is builtins.max else 'minimum'} for the "
                              "elementwise extreme of arrays, or compare the values one by one.")
    if len(items) == 1:
        return items[0]
    if len(items) == 2 and items == list(call.args):
        return None
    out = items[0]
    for item in items[1:]:
        out = A.at(ast.Call(func=A.clone(call.func), args=[out, item], keywords=[]), call)
    return out


def check_sum_of_lists(src, call, fn):
    """Refuse ``sum(xss, start)`` of list or tuple displays, or with one as the start: Python
    joins the lists (``sum(xss, [])``), which s2sad, reading a display in a sum as an array,
    would compute otherwise."""
    start = call.args[1:2] or [k.value for k in call.keywords if k.arg == "start"]
    if fn is not builtins.sum or not start or not call.args:
        return
    seq, displays = call.args[0], (ast.List, ast.Tuple, ast.ListComp)
    inner = isinstance(seq, (ast.List, ast.Tuple)) and any(isinstance(e, displays) for e in seq.elts) \
        or isinstance(seq, (ast.ListComp, ast.GeneratorExp)) and isinstance(seq.elt, displays)
    if inner or isinstance(start[0], displays):
        raise unsupported(src, call, "the builtin sum of lists or tuples with a start (`sum(xss, [])` "
                          "joins them)", "Write the joined list as a comprehension, "
                          "`[v for xs in xss for v in xs]`, or sum arrays.")


def _sequence_helper(fn):
    """True for the helpers ``sequence_call`` writes, ``copy_method`` and ``snapshot`` (a tape push
    of a list: a list given them stays a list)."""
    from ..rules import runtime_sequences, schedule
    return fn is schedule.snapshot or fn is schedule.param_snapshot or \
        any(fn is getattr(runtime_sequences, n) for n in ("seq_max", "seq_min", "seq_sorted", "copy_method"))


def sequence_call(call, fn):
    """``max(xs)`` as ``seq_max(xs)`` (``min``, ``sorted`` likewise: the helpers compute what the
    builtin computes), or None with a ``key``, ``default`` or ``reverse`` keyword or a starred
    argument (those keep the builtin, which has no rule for them)."""
    if len(call.args) != 1 or call.keywords or isinstance(call.args[0], ast.Starred):
        return None
    from ..rules import runtime
    name = f"seq_{fn.__name__}"
    node = A.name(name)
    node._s2sad_obj = getattr(runtime, name)
    return A.at(ast.Call(func=node, args=[call.args[0]], keywords=[]), call)


BOOLEAN_CALLS = (builtins.all, builtins.any, builtins.bool, builtins.isinstance, builtins.callable, np.all,
                 np.any, np.allclose, np.array_equal)
"""Functions whose result is a truth value (``c1 = all(x > 0) and any(...)``, in an adjoint that
second order differentiates again, has lost its mark as a test)."""


def boolean(e, obj=None):
    """True if ``e`` is a truth value whatever its operands (a comparison, `not`, a bool, and with
    ``obj`` (what a name refers to) a call of one of BOOLEAN_CALLS)."""
    if isinstance(e, ast.BoolOp):
        return all(boolean(v, obj) for v in e.values)
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
        return True
    if isinstance(e, ast.Call) and obj is not None:
        fn = obj(e.func)
        return any(fn is b for b in BOOLEAN_CALLS)
    return isinstance(e, ast.Compare) or isinstance(e, ast.Constant) and isinstance(e.value, bool)
