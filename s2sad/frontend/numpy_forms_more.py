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
* ``order="F"``: ``np.reshape(a, shape, order="F")`` is
  ``np.transpose(np.reshape(np.transpose(a), shape reversed))`` (``shape`` written in the call),
  ``np.ravel(a, order="F")`` is ``np.ravel(np.transpose(a))``; ``order="C"`` is left out;
  ``np.ravel(a, order="K")`` (``"A"``) is ``np.ravel(a)[layout_index(a, "K")]``, the elements
  gathered in the order ``a``'s memory layout gives (refused under ``jit=True``, whose compiled
  call makes its arguments C-contiguous); ``np.reshape(a, shape, order="A")`` is
  ``np.reshape(np.ravel(a)[layout_index(a, "A", shape)], shape)`` alike.
* ``np.cumsum(a, axis, dtype=d)`` is ``np.cumsum(np.asarray(a, dtype=d), axis)``.
* ``np.cov(m, y, ...)`` and ``np.corrcoef(x, y, ...)`` (``rowvar`` left at True) are those of
  ``np.vstack((m, y))``, as NumPy joins them.
* ``np.linalg.qr(a, mode="r")`` is ``np.linalg.qr(a)[1]``; ``np.linalg.cholesky(a, upper=True)``,
  which reads ``a``'s upper triangle, is the transposed factor of ``a``'s transpose.
* ``np.sort(a, axis=None)`` is ``np.sort(np.ravel(a))``; its ``kind=`` and ``stable=`` are left out.
* ``np.roll(a, (s0, s1), axis=(k0, k1))`` is ``np.roll(np.roll(a, s0, axis=k0), s1, axis=k1)``.
* ``np.ediff1d(a, to_end=e, to_begin=b)`` is ``np.concatenate((np.ravel(b), np.ediff1d(a), np.ravel(e)))``.
* ``math.log(x, b)`` is ``math.log(x) / math.log(b)``, as Python computes it.
* ``np.linalg.multi_dot([a, b, ..., z])`` (a list or tuple written in the call) is ``a @ b @ ... @ z``
  (the product in the order written, not NumPy's cheapest order: the same value up to rounding),
  each array checked first to be a matrix (the first and last may be vectors), as NumPy requires.
* ``np.einsum(subscripts, x0, ..., xn)`` of more operands than its rule takes (subscripts a
  string written in the call, without ``...``) contracts the first two operands into one, which
  keeps the indices the later operands or the result read (the sum over an index no other
  operand reads may be taken first), until the rule's number of operands is left.

Invariant: the call written instead computes the same value (up to the order of floating-point
sums) and rejects what NumPy rejects, or refuses more with a message saying why; any other form
is left as written and keeps its own refusal.
"""
import ast
import copy
import math

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _check, _checked, _literal, _none, _swapped, _ufunc_method
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


def _np(path, *args):
    return ast.Call(func=np_ref(path), args=list(args), keywords=[])


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


def _order(call, fn, atom):
    if fn is np.ravel:
        bound = bind_arguments(call, ("a", "order"))
    else:
        bound = bind_arguments(call, ("a", "shape", "order")) or bind_arguments(call, ("a", "newshape", "order"))
    order = _literal(bound["order"]) if bound and "order" in bound else None
    if fn is np.ravel and order in ("K", "A") and bound and "a" in bound:   # the order of a's layout
        a = atom(bound["a"])
        index = ast.Call(func=_runtime_name("layout_index"), args=[A.clone(a), A.const(order)], keywords=[])
        return ast.Subscript(value=_np("np.ravel", a), slice=index, ctx=ast.Load())
    shape = bound.get("shape", bound.get("newshape")) if bound else None
    if fn is np.reshape and order == "A" and "a" in bound and shape is not None:   # the order of a's layout
        a, shape = atom(bound["a"]), atom(shape)
        index = ast.Call(func=_runtime_name("layout_index"), args=[A.clone(a), A.const(order), A.clone(shape)],
                         keywords=[])
        return _np("np.reshape", ast.Subscript(value=_np("np.ravel", a), slice=index, ctx=ast.Load()), A.clone(shape))
    if bound is None or "a" not in bound or order not in ("C", "F"):
        return None
    a = bound["a"]
    if fn is np.ravel:
        return _np("np.ravel", _np("np.transpose", a) if order == "F" else a)
    shape = bound.get("shape", bound.get("newshape"))
    if shape is None or order == "F" and not isinstance(shape, ast.Tuple) and type(_literal(shape)) is not int:
        return None
    if order == "C":
        return _np("np.reshape", a, shape)
    reversed_ = ast.Tuple(elts=shape.elts[::-1], ctx=ast.Load()) if isinstance(shape, ast.Tuple) else shape
    return _np("np.transpose", _np("np.reshape", _np("np.transpose", a), reversed_))


def _runtime_name(name):
    from ..rules import runtime
    node = A.name(name)
    node._s2sad_obj = getattr(runtime, name)
    return node


def _cumsum(call, fn, atom):
    bound = bind_arguments(call, ("a", "axis", "dtype", "out"))
    if bound is None or "a" not in bound or "dtype" not in bound or _none(bound, "dtype") or not _none(bound, "out"):
        return None
    a = ast.Call(func=np_ref("np.asarray"), args=[bound["a"]], keywords=[ast.keyword(arg="dtype", value=bound["dtype"])])
    return ast.Call(func=np_ref("np.cumsum"), args=[a], keywords=[ast.keyword(arg="axis", value=bound["axis"])]
                    if "axis" in bound else [])


def _joined(call, fn, atom):
    params = ("m", "y", "rowvar", "bias", "ddof", "fweights", "aweights", "dtype") if fn is np.cov \
        else ("x", "y", "rowvar", "dtype")   # (NumPy 2 refuses corrcoef's bias= and ddof=)
    bound = bind_arguments(call, params)
    if bound is None or params[0] not in bound or _none(bound, "y") or _literal(bound.get("rowvar", A.const(True))) is not True:
        return None
    both = _np("np.vstack", ast.Tuple(elts=[bound.pop(params[0]), bound.pop("y")], ctx=ast.Load()))
    return ast.Call(func=call.func, args=[both], keywords=[ast.keyword(arg=k, value=v) for k, v in bound.items()])


def _factor(call, fn, atom):
    bound = bind_arguments(call, ("a", "mode") if fn is np.linalg.qr else ("a", "upper"))
    if bound is None or "a" not in bound:
        return None
    if fn is np.linalg.qr:
        if _literal(bound.get("mode")) != "r":
            return None
        return ast.Subscript(value=_np("np.linalg.qr", bound["a"]), slice=A.const(1), ctx=ast.Load())
    if _literal(bound.get("upper")) is not True:
        return None
    return _swapped(_np("np.linalg.cholesky", _swapped(bound["a"])))


def _ediff1d(call, fn, atom):
    bound = bind_arguments(call, ("ary", "to_end", "to_begin"))
    if bound is None or "ary" not in bound or _none(bound, "to_end", "to_begin"):
        return None
    parts = [_np("np.ediff1d", bound["ary"])]
    if not _none(bound, "to_begin"):
        parts.insert(0, _np("np.ravel", bound["to_begin"]))
    if not _none(bound, "to_end"):
        parts.append(_np("np.ravel", bound["to_end"]))
    return _np("np.concatenate", ast.Tuple(elts=parts, ctx=ast.Load()))


def _sort(call, fn, atom):
    """``np.sort(a, axis=None)`` is ``np.sort(np.ravel(a))``; ``kind=`` and ``stable=`` choose the
    algorithm only (the sorted values are the same), so they are left out."""
    bound = bind_arguments(call, ("a", "axis", "kind", "order", "stable"))
    if bound is None or "a" not in bound or not _none(bound, "order") \
            or not any(k in bound for k in ("kind", "stable")) and not ("axis" in bound and _none(bound, "axis")):
        return None
    if any(k in bound and _literal(bound[k], "?") == "?" for k in ("kind", "stable")):
        return None       # not a constant written in the call
    if "axis" in bound and _none(bound, "axis"):
        return _np("np.sort", _np("np.ravel", bound["a"]))
    return ast.Call(func=call.func, args=[bound["a"]], keywords=[ast.keyword(arg="axis", value=bound["axis"])]
                    if "axis" in bound else [])


def _roll(call, fn, atom):
    """``np.roll(a, (s0, s1), axis=(k0, k1))`` (tuples written in the call) is one roll per axis."""
    bound = bind_arguments(call, ("a", "shift", "axis"))
    shifts, axes = (bound or {}).get("shift"), (bound or {}).get("axis")
    if bound is None or "a" not in bound or not isinstance(shifts, ast.Tuple) or not isinstance(axes, ast.Tuple) \
            or len(shifts.elts) != len(axes.elts) or not shifts.elts \
            or any(isinstance(e, ast.Starred) for e in shifts.elts + axes.elts):
        return None
    out = bound["a"]
    for shift, axis in zip(shifts.elts, axes.elts):
        out = ast.Call(func=np_ref("np.roll"), args=[out, shift], keywords=[ast.keyword(arg="axis", value=axis)])
    return out


def _multi_dot(call, fn, atom):
    bound = bind_arguments(call, ("arrays", "out"))
    arrays = (bound or {}).get("arrays")
    if bound is None or not isinstance(arrays, (ast.List, ast.Tuple)) or len(arrays.elts) < 2 \
            or any(isinstance(e, ast.Starred) for e in arrays.elts) or not _none(bound, "out"):
        return None
    last = len(arrays.elts) - 1
    out = None
    for k, e in enumerate(arrays.elts):     # NumPy: 2-d arrays, the first and last 1-d or 2-d
        e = _checked(atom(e), "chainable", A.const(k in (0, last)))
        out = e if out is None else ast.BinOp(left=out, op=ast.MatMult(), right=e)
    return out


def _log_base(call, fn, atom):
    if len(call.args) != 2 or call.keywords:
        return None
    x, base = call.args
    return A.at(ast.BinOp(left=ast.Call(func=call.func, args=[x], keywords=[]), op=ast.Div(),
                          right=ast.Call(func=copy.deepcopy(call.func), args=[base], keywords=[])), call)


OTHER_FORMS = {math.log: _log_base, np.reshape: _order, np.ravel: _order, np.cumsum: _cumsum, np.cov: _joined, np.corrcoef: _joined,
               np.linalg.qr: _factor, np.linalg.cholesky: _factor, np.ediff1d: _ediff1d, np.sort: _sort,
               np.roll: _roll, np.linalg.multi_dot: _multi_dot}


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        if fn is np.einsum:
            return _einsum(call, atom)
        if _reduction(fn) is not None:
            return _initial(call, fn, atom)
        for known, form in OTHER_FORMS.items():
            if fn is known:
                return form(call, fn, atom)
        return _outer(call, fn, atom)
    except TypeError:       # an unhashable or uncomparable object: not one of these functions
        return None
