"""NumPy calls written, as NumPy itself defines them, with calls that have rules (used by
:mod:`.anf_calls` after :mod:`.numpy_forms_more`), so that their reverse, forward and compiled
forms are those of the calls written instead:

* ``np.nanprod(a, axis, keepdims=k)`` is ``np.prod(np.where(np.isnan(a), 1, a), axis, keepdims=k)``
  (NumPy replaces each NaN by 1, the product's identity).
* ``np.nancumsum(a, axis)`` is ``np.cumsum(np.where(np.isnan(a), 0, a), axis)`` and ``np.nancumprod``
  ``np.cumprod`` with 1 in place of each NaN (NumPy's own definitions: a NaN adds 0, multiplies by 1).
* ``np.nanvar(a, axis, ddof=n, keepdims=k)`` is the sum of the squared deviations from
  ``np.nanmean(a, axis, keepdims=True)`` over the entries that are not NaN (the others read as 0),
  divided by their count less ``n`` (NaN where that is not positive, as NumPy); ``np.nanstd`` is
  ``np.linalg.norm`` of those deviations over the square root of that count (whose rule, as
  ``np.std``'s, gives 0 where every deviation is 0, not sqrt's infinite slope times 0).
* ``np.quantile``/``np.percentile`` with ``method='lower'``, ``'higher'``, ``'nearest'`` or
  ``'midpoint'``: :mod:`.quantile_methods`.
* ``np.extract(c, a)`` is ``np.take(np.ravel(a), np.nonzero(np.ravel(c))[0])``.

Invariant: the call written instead computes NumPy's value (up to the order of floating-point
sums); a form with an ``out=``, a ``dtype=``, a ``where=``, or another ``mean=`` / ``correction=``
is left as written and keeps its own refusal.
"""
import ast

import numpy as np

from .. import astutil as A
from . import quantile_methods
from .calls import bind_arguments
from .numpy_forms import _none
from .resolve import np_ref

NAN_PARAMS = {np.nanprod: ("a", "axis", "dtype", "out", "keepdims"),
              np.nancumsum: ("a", "axis", "dtype", "out"), np.nancumprod: ("a", "axis", "dtype", "out"),
              np.nanvar: ("a", "axis", "dtype", "out", "ddof", "keepdims"),
              np.nanstd: ("a", "axis", "dtype", "out", "ddof", "keepdims")}

IDENTITY = {np.nanprod: ("np.prod", 1), np.nancumsum: ("np.cumsum", 0), np.nancumprod: ("np.cumprod", 1)}


def _np(path, *args, **keywords):
    """``path(*args, **keywords)``, the keywords given None left out; each argument a copy."""
    return ast.Call(func=np_ref(path), args=[A.clone(a) for a in args],
                    keywords=[ast.keyword(arg=k, value=A.clone(v)) for k, v in keywords.items() if v is not None])


def _nan_reduction(call, fn, atom):
    bound = bind_arguments(call, NAN_PARAMS[fn])
    if bound is None or "a" not in bound or not _none(bound, "out", "dtype"):
        return None
    a = atom(_np("np.asarray", bound["a"]) if isinstance(bound["a"], (ast.List, ast.Tuple)) else bound["a"])
    axis, keepdims = (atom(bound[k]) if k in bound else None for k in ("axis", "keepdims"))
    nan = atom(_np("np.isnan", a))
    if fn in IDENTITY:
        path, unit = IDENTITY[fn]
        return _np(path, _np("np.where", nan, ast.Constant(value=unit), a), axis=axis, keepdims=keepdims)
    if fn is np.nanstd and isinstance(axis, ast.Tuple) and len(axis.elts) > 2:
        return None     # (np.linalg.norm takes at most two axes)
    mean = atom(_np("np.nanmean", a, axis=axis, keepdims=None if axis is None else ast.Constant(value=True)))
    dev = atom(_np("np.where", nan, ast.Constant(value=0.0), ast.BinOp(left=A.clone(a), op=ast.Sub(), right=A.clone(mean))))
    count = _np("np.sum", _np("np.logical_not", nan), axis=axis, keepdims=keepdims)
    if "ddof" in bound:
        count = ast.BinOp(left=count, op=ast.Sub(), right=bound["ddof"])
    count = atom(count)     # NumPy's NaN where no degree of freedom is left
    dof = _np("np.where", ast.Compare(left=A.clone(count), ops=[ast.Gt()], comparators=[ast.Constant(value=0)]),
              count, np_ref("np.nan"))
    if fn is np.nanvar:
        squares = _np("np.sum", ast.BinOp(left=A.clone(dev), op=ast.Mult(), right=A.clone(dev)), axis=axis,
                      keepdims=keepdims)
        return ast.BinOp(left=squares, op=ast.Div(), right=dof)
    root = _np("np.linalg.norm", dev, axis=axis, keepdims=keepdims)   # (its subgradient 0 where all deviations are 0)
    return ast.BinOp(left=root, op=ast.Div(), right=_np("np.sqrt", dof))


def _extract(call, atom):
    bound = bind_arguments(call, ("condition", "arr"))
    if bound is None or set(bound) != {"condition", "arr"}:
        return None
    where = ast.Subscript(value=_np("np.nonzero", _np("np.ravel", bound["condition"])), slice=ast.Constant(value=0),
                          ctx=ast.Load())
    return _np("np.take", _np("np.ravel", bound["arr"]), where)


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        if fn in NAN_PARAMS:
            out = _nan_reduction(call, fn, atom)
        elif fn is np.extract:
            out = _extract(call, atom)
        elif fn is np.quantile or fn is np.percentile:
            out = quantile_methods.rewrite(call, fn, atom)
        else:
            return None
    except TypeError:       # an unhashable object: not one of these functions
        return None
    return None if out is None else A.at(out, call)
