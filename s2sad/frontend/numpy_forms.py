"""NumPy calls written as other NumPy calls that have rules (used by :mod:`.anf`), so that their
reverse, forward and compiled forms are those of the calls written instead:

* ``np.add.reduce(x, axis=0, keepdims=k)`` (``multiply``, ``maximum``, ``minimum``) is
  ``np.sum(x, axis=0, keepdims=k)`` (``np.prod``, ``np.max``, ``np.min``: ties share as there);
  ``np.add.accumulate(x, axis=0)`` (``multiply``) is ``np.cumsum(x, axis=0)`` (``np.cumprod``).
  The ufunc methods' ``axis`` defaults to 0, which is written out (``np.logaddexp.reduce(x)``, which
  has a rule of its own, is ``np.logaddexp.reduce(x, axis=0)``: a forward rule's calls leave out
  the arguments a call left at their defaults, and ``np.sum``'s axis defaults to None).
* ``np.ptp(a, axis, keepdims=k)`` is ``np.max(a, axis, keepdims=k) - np.min(a, axis, keepdims=k)``.
* ``np.select([c1, c2], [a1, a2], default=d)`` (lists written in the call) is
  ``np.where(c1, a1, np.where(c2, a2, d))``: the first condition that holds picks, as in NumPy.
* ``np.sum(a, ..., where=m)`` is ``np.sum(np.where(m, a, 0), ...)`` (``np.prod``: ``np.where(m, a, 1)``,
  NumPy's identity of the product); ``np.mean(a, ..., where=m)``
  is that sum over ``np.sum(np.where(m, np.ones_like(a), 0), ...)``, the count of the picked entries.
* ``scipy.linalg.cholesky(a, lower=True)`` is ``np.linalg.cholesky(a)``; with ``lower=False`` (its
  default: the upper factor, read from ``a``'s upper triangle) the factor of ``a``'s transpose,
  transposed.
* ``np.pad(x, w, mode=m, stat_length=s, end_values=e)`` with ``m`` 'mean', 'maximum', 'minimum', 'median' or
  'linear_ramp' is ``pad_stat(x, w, m, s, e)`` (None for a keyword not written)
  (``rules/runtime_pad.py``: NumPy's padding, with a rule of its own).
* ``np.linalg.cond(x)`` (``p`` None, 2 or -2) is the ratio of the extreme singular values of
  ``np.linalg.svd(x, compute_uv=False)`` (inf where that is 0 / 0 and ``x`` holds no NaN).

Invariant: the call written instead computes the same value (NumPy's own definition of the
function) and rejects what NumPy rejects: where it would accept more (``np.cumsum`` accumulates a
0-d array, ``np.where`` reads any condition as a truth value and broadcasts it both ways, NumPy's
Cholesky factor reads inf and NaN, ``np.linalg.svd`` of an empty matrix is empty), the form calls a check of :mod:`s2sad.rules.runtime_checks`
first, which raises NumPy's (SciPy's) exception. A form not listed here (an ``out=``, a ``dtype``
the call written instead has no parameter for, a list held in a variable, another ``p``) is left
as written: it keeps its own refusal, unless :mod:`.numpy_forms_more` reads it (``initial=``,
``ufunc.outer``, ``np.einsum`` of more than four operands).
"""
import ast
import sys

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .resolve import np_ref
from ..rules.runtime_pad import PAD_STATS

REDUCE = {"add": "np.sum", "multiply": "np.prod", "maximum": "np.max", "minimum": "np.min"}
ACCUMULATE = {"add": "np.cumsum", "multiply": "np.cumprod"}
OWN_RULE = {"logaddexp": ("axis", "dtype", "out", "keepdims", "initial", "where")}   # ufunc.reduce's parameters
TAKES_DTYPE = ("np.sum", "np.prod", "np.cumprod")
SUM_PARAMS = ("a", "axis", "dtype", "out", "keepdims", "initial", "where")


def _none(bound, *names):
    """True if none of ``names`` is passed, or each is passed as the constant None."""
    return all(n not in bound or isinstance(bound[n], ast.Constant) and bound[n].value is None for n in names)


def _call(path, args, bound, names):
    """``path(*args, name=bound[name] ...)`` for the ``names`` the call passed."""
    return ast.Call(func=np_ref(path), args=list(args),
                    keywords=[ast.keyword(arg=n, value=bound[n]) for n in names if n in bound])


def _check(name, *args):
    """``name(*args)``, a call of the run-time check ``name`` of rules/runtime_checks.py."""
    from ..rules import runtime
    node = A.name(name)
    node._s2sad_obj = getattr(runtime, name)
    return ast.Call(func=node, args=list(args), keywords=[])


def _checked(x, check, *args):
    """``checked(x, check(x, *args))``: ``x`` (``x`` an atom), read after the check ran."""
    return _check("checked", x, _check(check, A.clone(x), *args))


def _ufunc_method(fn):
    """("add", "reduce") for ``np.add.reduce`` (a method of a NumPy ufunc), else None."""
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, np.ufunc) and getattr(np, owner.__name__, None) is owner:
        return owner.__name__, getattr(fn, "__name__", None)
    return None


def _ufunc_form(call, fn, atom):
    name, method = _ufunc_method(fn) or (None, None)
    if method == "reduce" and name in OWN_RULE:     # its own rule: the default axis written out
        bound = bind_arguments(call, ("array",) + OWN_RULE[name])
        if bound is None or "array" not in bound or "axis" in bound:
            return None
        bound["axis"] = A.const(0)
        return _call(f"np.{name}.reduce", [bound["array"]], bound, OWN_RULE[name])
    if method == "reduce" and name in REDUCE:
        bound, path = bind_arguments(call, ("array", "axis", "dtype", "out", "keepdims", "initial", "where")), REDUCE[name]
        names = ("axis", "dtype", "keepdims") if path in TAKES_DTYPE else ("axis", "keepdims")
    elif method == "accumulate" and name in ACCUMULATE:
        bound, path = bind_arguments(call, ("array", "axis", "dtype", "out")), ACCUMULATE[name]
        names = ("axis", "dtype") if path in TAKES_DTYPE else ("axis",)
    else:
        return None
    if bound is None or "array" not in bound or not _none(bound, "out", *(() if path in TAKES_DTYPE else ("dtype",))) \
            or "initial" in bound or "where" in bound:
        return None
    bound.setdefault("axis", A.const(0))
    if method == "reduce":
        return _call(path, [bound["array"]], bound, names)
    bound = {k: atom(v) for k, v in bound.items()}     # NumPy refuses a 0-d array and several axes
    array = _checked(bound["array"], "accumulable", A.clone(bound["axis"]))
    return _call(path, [array], {k: A.clone(v) for k, v in bound.items()}, names)


def _ptp(call, atom):
    bound = bind_arguments(call, ("a", "axis", "out", "keepdims"))
    if bound is None or "a" not in bound or not _none(bound, "out"):
        return None
    a = atom(bound["a"])
    bound = {k: atom(v) for k, v in bound.items() if k in ("axis", "keepdims")}
    extremes = [_call(path, [A.clone(a)], {k: A.clone(v) for k, v in bound.items()}, ("axis", "keepdims"))
                for path in ("np.max", "np.min")]
    return ast.BinOp(left=extremes[0], op=ast.Sub(), right=extremes[1])


def _select(call):
    bound = bind_arguments(call, ("condlist", "choicelist", "default"))
    displays = (ast.List, ast.Tuple)
    if bound is None or not all(isinstance(bound.get(p), displays) for p in ("condlist", "choicelist")):
        return None
    conds, choices = bound["condlist"].elts, bound["choicelist"].elts
    if not conds or len(conds) != len(choices) or any(isinstance(e, ast.Starred) for e in conds + choices):
        return None
    out = bound.get("default", A.const(0))
    for i, (cond, choice) in reversed(list(enumerate(zip(conds, choices)))):
        out = ast.Call(func=np_ref("np.where"), args=[_check("condition", cond, A.const(i)), choice, out], keywords=[])
    return out


def _masked(call, fn, atom):
    if fn is np.mean and len(call.args) > 5:     # np.mean's where= is keyword-only
        return None
    bound = bind_arguments(call, SUM_PARAMS if fn is not np.mean else SUM_PARAMS[:5] + ("where",))
    if bound is None or "where" not in bound or "a" not in bound or "initial" in bound \
            or not _none(bound, "out", *(() if fn is not np.mean else ("dtype",))):
        return None
    a = atom(bound["a"])
    mask = atom(_check("mask", bound["where"], A.clone(a))) if fn is np.mean else _check("mask", bound["where"], A.clone(a))
    kept = ast.Call(func=np_ref("np.where"), args=[mask, a, A.const(1 if fn is np.prod else 0)], keywords=[])
    total = _call("np.prod" if fn is np.prod else "np.sum", [kept], bound, ("axis", "dtype", "keepdims"))
    if fn is not np.mean:
        return total
    bound = {k: atom(v) for k, v in bound.items() if k in ("axis", "keepdims")}
    ones = ast.Call(func=np_ref("np.ones_like"), args=[A.clone(a)], keywords=[])
    picked = ast.Call(func=np_ref("np.where"), args=[A.clone(mask), ones, A.const(0)], keywords=[])
    total.keywords = [ast.keyword(arg=k.arg, value=A.clone(bound[k.arg])) for k in total.keywords]
    count = _call("np.sum", [picked], {k: A.clone(v) for k, v in bound.items()}, ("axis", "keepdims"))
    return ast.BinOp(left=total, op=ast.Div(), right=count)


def _swapped(node):
    return ast.Call(func=np_ref("np.swapaxes"), args=[node, A.const(-1), A.const(-2)], keywords=[])


def _cholesky(call, atom):
    bound = bind_arguments(call, ("a", "lower", "overwrite_a", "check_finite"))
    lower = bound and bound.get("lower", A.const(False))
    if bound is None or "a" not in bound or not (isinstance(lower, ast.Constant) and type(lower.value) is bool):
        return None
    a = bound["a"]
    if _literal(bound.get("check_finite", A.const(True)), "?") is not False:   # SciPy refuses inf and NaN
        a = _checked(atom(a), "finite", atom(bound.get("check_finite", A.const(True))))
    if lower.value:
        return ast.Call(func=np_ref("np.linalg.cholesky"), args=[a], keywords=[])
    return _swapped(ast.Call(func=np_ref("np.linalg.cholesky"), args=[_swapped(a)], keywords=[]))


def _literal(node, missing=None):
    """The value of a constant written in the call (``-2`` too), else ``missing``."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return missing


def _cond(call, atom):
    bound = bind_arguments(call, ("x", "p"))
    p = _literal(bound.get("p", A.const(None)), "?") if bound else "?"
    if bound is None or "x" not in bound or type(p) not in (type(None), int) or p not in (None, 2, -2):
        return None
    x = atom(bound["x"])
    values = atom(ast.Call(func=np_ref("np.linalg.svd"), args=[A.clone(x)],
                           keywords=[ast.keyword(arg="compute_uv", value=A.const(False))]))
    first, last = (0, -1) if p != -2 else (-1, 0)
    ends = [ast.Subscript(value=A.clone(values), slice=ast.Tuple(elts=[A.const(Ellipsis), A.const(k)], ctx=ast.Load()),
                          ctx=ast.Load()) for k in (first, last)]
    ratio = atom(ast.BinOp(left=ends[0], op=ast.Div(), right=ends[1]))     # 0 / 0 is inf, as NumPy reads it
    return ast.Call(func=np_ref("np.where"), args=[_check("infinite", ratio, A.clone(x)), np_ref("np.inf"), A.clone(ratio)],
                    keywords=[])


def _pad_stat(call):
    bound = bind_arguments(call, ("array", "pad_width", "mode", "stat_length", "end_values"))
    if bound is None or _literal(bound.get("mode", A.const(None))) not in PAD_STATS or not {"array", "pad_width"} <= set(bound):
        return None
    return _check("pad_stat", bound["array"], bound["pad_width"], bound["mode"],
                  *(bound.get(k, A.const(None)) for k in ("stat_length", "end_values")))


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        if fn is np.ptp:
            out = _ptp(call, atom)
        elif fn is np.select:
            out = _select(call)
        elif fn is np.sum or fn is np.mean or fn is np.prod:
            out = _masked(call, fn, atom)
        elif fn is np.linalg.cond:
            out = _cond(call, atom)
        elif fn is np.pad:
            out = _pad_stat(call)
        elif "scipy.linalg" in sys.modules and fn is getattr(sys.modules["scipy.linalg"], "cholesky", None):
            out = _cholesky(call, atom)
        else:
            out = _ufunc_form(call, fn, atom)
    except TypeError:       # an unhashable or uncomparable object: not one of these functions
        return None
    return None if out is None else A.at(out, call)
