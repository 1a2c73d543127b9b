"""More NumPy calls written as other NumPy calls that have rules (used by :mod:`.anf_calls` after
:mod:`.numpy_forms`), so that their reverse, forward and compiled forms are those of the calls
written instead:

* ``initial=c`` of a reduction: ``np.sum(a, ..., initial=c)`` is ``np.sum(a, ...) + c``
  (``np.prod``: ``* c``; ``np.add.reduce``, ``np.multiply.reduce`` alike); ``np.max(a, ...,
  initial=c)`` is ``np.maximum(np.max(a, ...), c)`` (``np.min``, ``np.amax``, ``np.amin``,
  ``np.maximum.reduce``, ``np.minimum.reduce`` alike), after a check that ``a`` is not empty (where
  ``initial`` alone gives the result, which s2sad refuses at run time); with ``where=m`` as well,
  the entries left out are read as ``c``: ``np.max(np.where(m, a, c), ...)``.
* ``np.f.outer(a, b)`` of a binary ufunc is ``np.f`` of ``a`` flattened into a column and ``b``
  flattened into a row, reshaped to ``np.shape(a) + np.shape(b)``.
* ``np.einsum(subscripts, x0, ..., xn)`` of more operands than its rule takes (subscripts a
  string written in the call, without ``...``) contracts the first two operands into one, which
  keeps the indices the later operands or the result read (the sum over an index no other
  operand reads may be taken first), until the rule's number of operands is left.

Invariant: the call written instead computes the same value (up to the order of floating-point
sums) and rejects what NumPy rejects, or refuses more with a message saying why; any other form
is left as written and keeps its own refusal.
"""
import ast

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _check, _checked, _none, _ufunc_method
from .resolve import np_ref

EINSUM_OPERANDS = 4     # the operands s2sad's rule for np.einsum takes (rules/grads_arrays.py)
REDUCTIONS = {   # function -> (its parameters, how `initial` joins the reduction without it)
    np.sum: (("a", "axis", "dtype", "out", "keepdims", "initial", "where"), "add"),
    np.prod: (("a", "axis", "dtype", "out", "keepdims", "initial", "where"), "multiply"),
    np.max: (("a", "axis", "out", "keepdims", "initial", "where"), "maximum"),
    np.min: (("a", "axis", "out", "keepdims", "initial", "where"), "minimum"),
    np.amax: (("a", "axis", "out", "keepdims", "initial", "where"), "maximum"),
    np.amin: (("a", "axis", "out", "keepdims", "initial", "where"), "minimum"),
}
UFUNC_REDUCE = ("array", "axis", "dtype", "out", "keepdims", "initial", "where")
JOIN = {"add": ast.Add(), "multiply": ast.Mult()}


def _reduction(fn):
    """(parameters, joining ufunc's name) of a reduction taking ``initial=``, else None."""
    for known, spec in REDUCTIONS.items():
        if fn is known:
            return spec
    name, method = _ufunc_method(fn) or (None, None)
    if method == "reduce" and name in ("add", "multiply", "maximum", "minimum"):
        return UFUNC_REDUCE, name
    return None


def _initial(call, fn, atom):
    params, join = _reduction(fn)
    bound = bind_arguments(call, params)
    if bound is None or params[0] not in bound or "initial" not in bound or _none(bound, "initial") \
            or not _none(bound, "out"):
        return None
    c = atom(bound.pop("initial"))
    a = bound.pop(params[0])
    if join in JOIN:
        rest = A.at(ast.Call(func=call.func, args=[a], keywords=[ast.keyword(arg=k, value=v) for k, v in bound.items()]), call)
        return ast.BinOp(left=rest, op=JOIN[join], right=c)
    a = atom(a)
    if "where" in bound:    # the entries left out read as `initial`
        a = atom(ast.Call(func=np_ref("np.where"), args=[_check("mask", bound.pop("where"), A.clone(a)), a, A.clone(c)],
                          keywords=[]))
    a = _checked(a, "reducible", A.clone(c))
    rest = A.at(ast.Call(func=call.func, args=[a], keywords=[ast.keyword(arg=k, value=v) for k, v in bound.items()]), call)
    return ast.Call(func=np_ref(f"np.{join}"), args=[rest, A.clone(c)], keywords=[])


def _flat(x, shape):
    return ast.Call(func=np_ref("np.reshape"), args=[x, ast.Tuple(elts=[A.const(k) for k in shape], ctx=ast.Load())],
                    keywords=[])


def _outer(call, fn, atom):
    name, method = _ufunc_method(fn) or (None, None)
    if method != "outer" or getattr(np, name).nin != 2 or len(call.args) != 2 or call.keywords \
            or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    a, b = (atom(x) for x in call.args)
    value = ast.Call(func=np_ref(f"np.{name}"), args=[_flat(a, (-1, 1)), _flat(b, (1, -1))], keywords=[])
    shape = ast.BinOp(left=ast.Call(func=np_ref("np.shape"), args=[A.clone(a)], keywords=[]), op=ast.Add(),
                      right=ast.Call(func=np_ref("np.shape"), args=[A.clone(b)], keywords=[]))
    return ast.Call(func=np_ref("np.reshape"), args=[value, shape], keywords=[])


def _terms(subscripts, n):
    """The input terms and the output term of an einsum written ``subscripts`` over ``n``
    operands, or None (``...``, a term count that does not match, not letters)."""
    spec = subscripts.replace(" ", "")
    ins, arrow, out = spec.partition("->")
    terms = ins.split(",")
    if "." in spec or len(terms) != n or not all(t.isalpha() for t in terms) or arrow and out and not out.isalpha():
        return None
    if not arrow:      # implicit output: the letters read once, in alphabetical order
        out = "".join(sorted(c for c in set(ins) if ins.count(c) == 1))
    return terms, out


def _einsum(call, atom):
    if len(call.args) <= EINSUM_OPERANDS + 1 or not isinstance(call.args[0], ast.Constant) \
            or not isinstance(call.args[0].value, str) or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg != "optimize" for k in call.keywords):
        return None
    parsed = _terms(call.args[0].value, len(call.args) - 1)
    if parsed is None:
        return None
    terms, out = parsed
    operands = [atom(x) for x in call.args[1:]]     # evaluated in the order written
    while len(terms) > EINSUM_OPERANDS:
        later = set("".join(terms[2:]) + out)
        joined = "".join(dict.fromkeys(c for c in terms[0] + terms[1] if c in later))
        pair = ast.Call(func=np_ref("np.einsum"), args=[A.const(f"{terms[0]},{terms[1]}->{joined}")] + operands[:2],
                        keywords=[])
        terms, operands = [joined] + terms[2:], [atom(pair)] + operands[2:]
    return ast.Call(func=np_ref("np.einsum"), args=[A.const(",".join(terms) + "->" + out)] + operands,
                    keywords=[A.clone(k) for k in call.keywords])


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        if fn is np.einsum:
            return _einsum(call, atom)
        if _reduction(fn) is not None:
            return _initial(call, fn, atom)
        return _outer(call, fn, atom)
    except TypeError:       # an unhashable or uncomparable object: not one of these functions
        return None
