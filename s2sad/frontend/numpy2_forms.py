"""NumPy 2's spellings of functions that have rules, written (used by :mod:`.anf_calls` after
:mod:`.numpy_forms_nan`) as the calls NumPy defines them by, so that their reverse, forward and
compiled forms are those of the calls written instead:

* ``np.var(a, axis, correction=c, keepdims=k)`` (``np.std``) is ``np.var(a, axis, ddof=c, keepdims=k)``;
  with ``mean=m`` it is NumPy's definition: the sum of ``|a - m|**2`` over ``axis`` divided by
  ``max(n - ddof, 0)`` (``n`` the count of entries summed); ``np.std``'s is ``np.linalg.norm`` of
  ``a - m`` over the square root of that divisor (whose rule, as ``np.std``'s, gives 0 where every
  deviation is 0, not sqrt's infinite slope times 0).
* ``np.cumulative_sum(x, axis=i, include_initial=b)`` (``np.cumulative_prod``) is
  ``np.cumsum(x, axis=i)`` (``np.cumprod``), after a slab of zeros (ones) along ``i`` when ``b``
  (np.diff's edge, ``rules/runtime_arrays.py::diff_edge``, of the reduction of no entry of ``x``: its dtype);
  without ``axis``, ``x`` must have at most one dimension (a check raises NumPy's ValueError) and is
  read as ``np.atleast_1d(x)`` along axis 0.
* ``np.linalg.vector_norm(x, axis=i, keepdims=k, ord=p)`` is ``np.linalg.norm(x, p, i, k)`` (``i`` an
  integer, or a 2-tuple when ``p`` is 2: the root of the sum of squares, ``norm``'s ``'fro'``); without
  ``axis``, ``np.linalg.norm(np.ravel(x), p)``. ``np.linalg.matrix_norm(x, keepdims=k, ord=p)`` is
  ``np.linalg.norm(x, p, (-2, -1), k)``; for a ``p`` other than 'fro' (and no ``keepdims``) the
  ``np.linalg.norm(x, p)`` of one matrix, after a check that ``x`` is 2-d (a stack is refused).
* ``np.vecdot(a, b, axis=i)`` (``np.linalg.vecdot``) is ``np.sum(np.conj(a) * b, axis=i)``, after a
  check that ``a`` and ``b`` have the same length along ``i`` (NumPy's ValueError).
* ``np.matrix_transpose(x)`` (``x.mT``, :mod:`.anf_values`) is ``np.swapaxes(x, -2, -1)``.
* ``np.geomspace(a, b, num, endpoint)`` is ``s * np.logspace(np.log10(a / s), np.log10(b / s), num,
  endpoint)``, ``s = np.sign(a)``, after a check: no 0 (NumPy's ValueError), ``a`` and ``b`` of one sign.
* ``np.interp(x, xp, fp, period=p)`` is NumPy's reduction: ``x % |p|`` interpolated in the points
  ``xp % |p|`` sorted, with the last point less ``|p|`` before and the first plus ``|p|`` after
  (``left``/``right`` ignored, as NumPy), after a check that ``p`` is not 0.
* ``np.average(a, axis, returned=True, keepdims=k)`` is ``(avg, count)``, ``avg`` the call without
  ``returned``, ``count`` the number of entries averaged, as an array of ``avg``'s shape; with
  ``weights=w`` and no axis, ``count`` is ``np.sum(w, keepdims=k)`` (with an axis ``w`` may be one row
  NumPy lays along it: left as written).

Invariant: the call written instead computes NumPy's value (up to the order of floating-point
sums) and rejects what NumPy rejects; a form with an ``out=``, a ``dtype=``, a ``where=``, an
axis not written as a constant where its kind decides the norm, or a keyword NumPy's function has
that is not listed here, is left as written and keeps its own refusal.
"""
import ast

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .diff_edges import _edge
from .numpy_forms import _check, _literal, _none
from .numpy_forms_nan import _np

VAR_PARAMS = ("a", "axis", "dtype", "out", "ddof", "keepdims", "where", "mean", "correction")
CUMULATIVE = {"cumulative_sum": ("np.cumsum", "np.sum"), "cumulative_prod": ("np.cumprod", "np.prod")}


def _array(bound, name, atom):
    """The argument ``name`` as an atom (a list or tuple written in the call: its array)."""
    a = bound[name]
    return atom(_np("np.asarray", a) if isinstance(a, (ast.List, ast.Tuple)) else a)


def _spread(call, fn, atom):
    """``np.var`` / ``np.std`` with ``correction=`` or ``mean=``."""
    bound = bind_arguments(call, VAR_PARAMS)
    if bound is None or "a" not in bound or not _none(bound, "out", "dtype", "where") \
            or "correction" in bound and "ddof" in bound or _none(bound, "correction", "mean"):
        return None
    ddof = bound.pop("correction", None) or bound.get("ddof")
    mean = bound.pop("mean", None)
    if mean is None or _none({"mean": mean}, "mean"):
        return _np("np.var" if fn is np.var else "np.std", bound["a"], axis=bound.get("axis"), ddof=ddof,
                   keepdims=bound.get("keepdims"))
    if fn is np.std and not isinstance(_literal(bound.get("axis", A.const(None)), "?"), (type(None), int)) \
            and not (isinstance(bound["axis"], ast.Tuple) and len(bound["axis"].elts) <= 2):
        return None     # (np.linalg.norm takes at most two axes: a variable may hold more)
    axis, keepdims = (atom(bound[k]) if k in bound else None for k in ("axis", "keepdims"))
    dev = atom(ast.BinOp(left=_array(bound, "a", atom), op=ast.Sub(), right=mean))
    count = _np("np.sum", _np("np.ones_like", _np("np.real", dev)), axis=axis, keepdims=keepdims)
    if ddof is not None:
        count = ast.BinOp(left=count, op=ast.Sub(), right=ddof)
    dof = atom(_np("np.maximum", count, ast.Constant(value=0)))
    if fn is np.var:
        squares = _np("np.real", ast.BinOp(left=_np("np.conj", dev), op=ast.Mult(), right=A.clone(dev)))
        return ast.BinOp(left=_np("np.sum", squares, axis=axis, keepdims=keepdims), op=ast.Div(), right=dof)
    root = _np("np.linalg.norm", dev, axis=axis, keepdims=keepdims)
    return ast.BinOp(left=root, op=ast.Div(), right=_np("np.sqrt", dof))


def _cumulative(call, fn, atom):
    bound = bind_arguments(call, ("x", "axis", "dtype", "out", "include_initial"))
    initial = _literal(bound.get("include_initial", A.const(False)), "?") if bound else "?"
    if bound is None or "x" not in bound or not _none(bound, "out", "dtype") or type(initial) is not bool:
        return None
    accumulate, identity = CUMULATIVE[fn.__name__]
    x = _array(bound, "x", atom)
    if _none(bound, "axis"):    # NumPy: a number is read as one entry; more than one dimension needs an axis
        x = _check("checked", x, _check("accumulable", _np("np.atleast_1d", x), A.const(None)))
        x = atom(_np("np.atleast_1d", x))
        axis = A.const(0)
    else:
        axis = atom(bound["axis"])
    out = _np(accumulate, x, axis=axis)
    if initial:
        empty = ast.Subscript(value=_np("np.ravel", x), slice=ast.Slice(upper=A.const(0)), ctx=ast.Load())
        first = _edge(_np(identity, empty), x, axis)   # (the sum's 0, the product's 1 in x's dtype, as one slice of x)
        out = _np("np.concatenate", ast.Tuple(elts=[first, out], ctx=ast.Load()), axis=axis)
    return out


def _vector_norm(call, fn, atom):
    bound = bind_arguments(call, ("x", "axis", "keepdims", "ord"))
    if bound is None or "x" not in bound:
        return None
    axis, order = _literal(bound.get("axis", A.const(None)), "?"), _literal(bound.get("ord", A.const(2)), "?")
    if axis is None:
        if not _none(bound, "keepdims") and _literal(bound["keepdims"]) is not False:
            return None     # (the norm of every entry, kept as a 1 x ... x 1 array: left as written)
        return _np("np.linalg.norm", _np("np.ravel", bound["x"]), ord=bound.get("ord"))
    if isinstance(axis, tuple) and len(axis) == 1:
        axis = axis[0]
    if isinstance(axis, tuple) and len(axis) == 2 and order == 2 and type(order) is int:
        return _np("np.linalg.norm", bound["x"], axis=bound["axis"], keepdims=bound.get("keepdims"))
    if type(axis) is not int:
        return None     # (an axis held in a variable: a tuple would make norm a matrix norm)
    return _np("np.linalg.norm", bound["x"], ord=bound.get("ord"), axis=A.const(axis), keepdims=bound.get("keepdims"))


def _matrix_norm(call, fn, atom):
    bound = bind_arguments(call, ("x", "keepdims", "ord"))
    if bound is None or "x" not in bound:
        return None
    order = _literal(bound.get("ord", A.const("fro")), "?")
    if order in ("fro", None) or not _none(bound, "keepdims") and _literal(bound["keepdims"]) is not False:
        return _np("np.linalg.norm", bound["x"], ord=bound.get("ord", A.const("fro")), axis=A.const((-2, -1)),
                   keepdims=bound.get("keepdims"))
    x = _array(bound, "x", atom)
    x = _check("checked", x, _check("one_matrix", A.clone(x)))
    return _np("np.linalg.norm", x, bound["ord"])    # (norm's matrix norms: of one matrix, axis=None)


def _vecdot(call, fn, atom):
    bound = bind_arguments(call, ("x1", "x2", "axis"))
    if bound is None or "x1" not in bound or "x2" not in bound:
        return None
    a, b = _array(bound, "x1", atom), _array(bound, "x2", atom)
    axis = atom(bound.get("axis", A.const(-1)))
    a = _check("checked", a, _check("contractible", A.clone(a), A.clone(b), A.clone(axis)))
    return _np("np.sum", ast.BinOp(left=_np("np.conj", a), op=ast.Mult(), right=b), axis=axis)


def _matrix_transpose(call, fn, atom):
    bound = bind_arguments(call, ("x",))
    if bound is None or "x" not in bound:
        return None
    return _np("np.swapaxes", bound["x"], A.const(-2), A.const(-1))


def _geomspace(call, fn, atom):
    bound = bind_arguments(call, ("start", "stop", "num", "endpoint", "dtype", "axis"))
    if bound is None or "start" not in bound or "stop" not in bound or not _none(bound, "dtype") \
            or _literal(bound.get("axis", A.const(0)), "?") != 0:
        return None
    start, stop = _array(bound, "start", atom), _array(bound, "stop", atom)
    start = atom(_check("checked", start, _check("geometric", A.clone(start), A.clone(stop))))
    sign = atom(_np("np.sign", start))
    ends = [_np("np.log10", ast.BinOp(left=A.clone(e), op=ast.Div(), right=A.clone(sign))) for e in (start, stop)]
    spaced = _np("np.logspace", *ends, *[bound[k] for k in ("num",) if k in bound], endpoint=bound.get("endpoint"))
    return ast.BinOp(left=A.clone(sign), op=ast.Mult(), right=spaced)


def _periodic_interp(call, fn, atom):
    bound = bind_arguments(call, ("x", "xp", "fp", "left", "right", "period"))
    if bound is None or not {"x", "xp", "fp"} <= set(bound) or _none(bound, "period"):
        return None
    period = atom(_check("checked", bound["period"], _check("periodic", A.clone(bound["period"]))))
    period = atom(_np("np.abs", period))
    xp = atom(ast.BinOp(left=_array(bound, "xp", atom), op=ast.Mod(), right=A.clone(period)))
    order = atom(_np("np.argsort", xp))
    xp, fp = (atom(ast.Subscript(value=A.clone(v), slice=A.clone(order), ctx=ast.Load())) for v in (xp, _array(bound, "fp", atom)))

    def ends(v, shift):
        last, first = (ast.Subscript(value=A.clone(v), slice=sl, ctx=ast.Load())
                       for sl in (ast.Slice(lower=A.const(-1)), ast.Slice(lower=A.const(0), upper=A.const(1))))
        if shift:
            last = ast.BinOp(left=last, op=ast.Sub(), right=A.clone(period))
            first = ast.BinOp(left=first, op=ast.Add(), right=A.clone(period))
        return _np("np.concatenate", ast.Tuple(elts=[last, A.clone(v), first], ctx=ast.Load()))
    x = ast.BinOp(left=_array(bound, "x", atom), op=ast.Mod(), right=A.clone(period))
    return _np("np.interp", x, ends(xp, True), ends(fp, False))


def _average_returned(call, fn, atom):
    bound = bind_arguments(call, ("a", "axis", "weights", "returned", "keepdims"))
    returned = _literal(bound.get("returned", A.const(False)), "?") if bound else "?"
    if bound is None or "a" not in bound or returned is not True or not _none(bound, "axis") and not _none(bound, "weights"):
        return None
    a = _array(bound, "a", atom)
    keep = {k: bound[k] for k in ("axis", "weights", "keepdims") if k in bound}
    avg = atom(_np("np.average", a, **keep))
    if _none(bound, "weights"):
        count = ast.BinOp(left=_np("np.size", a), op=ast.Div(), right=_np("np.size", avg))
        count = ast.BinOp(left=_np("np.ones_like", avg), op=ast.Mult(), right=count)
    else:
        count = _np("np.sum", bound["weights"], keepdims=bound.get("keepdims"))
    return ast.Tuple(elts=[A.clone(avg), count], ctx=ast.Load())


FORMS = {np.var: _spread, np.std: _spread, np.cumulative_sum: _cumulative, np.cumulative_prod: _cumulative,
         np.linalg.vector_norm: _vector_norm, np.linalg.matrix_norm: _matrix_norm, np.vecdot: _vecdot,
         np.linalg.vecdot: _vecdot, np.matrix_transpose: _matrix_transpose, np.linalg.matrix_transpose: _matrix_transpose,
         np.geomspace: _geomspace, np.interp: _periodic_interp, np.average: _average_returned}


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        form = next((f for known, f in FORMS.items() if fn is known), None)
    except TypeError:       # an uncomparable object: not one of these functions
        return None
    out = None if form is None else form(call, fn, atom)
    return None if out is None else A.at(out, call)
