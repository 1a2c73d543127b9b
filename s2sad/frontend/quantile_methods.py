"""``np.quantile`` / ``np.percentile`` with ``method=`` one of 'lower', 'higher', 'nearest',
'midpoint' or one of the continuous methods 'hazen', 'weibull', 'median_unbiased', 'normal_unbiased',
'interpolated_inverted_cdf' (written as a constant in the call), as NumPy computes them, with calls that
have rules (used by :mod:`.numpy_forms_nan`'s ``rewrite``; the 'linear' default has its own rule):

* the data sorted (``np.sort(np.ravel(a))``, or ``np.sort(a, axis)``), ``h = (n - 1) * q``
  (``q / 100`` for ``percentile``), and the order statistic ``np.floor(h)`` ('lower'),
  ``np.ceil(h)`` ('higher'), ``np.around(h)`` ('nearest', halves to even, as NumPy) taken with
  ``np.take``; 'midpoint' is half the sum of the 'lower' and the 'higher' one (NumPy's lerp at 0.5,
  up to rounding). The indices are whole numbers: their derivative in ``q`` is 0 wherever there is one.
* a slice holding a NaN gives NaN, as NumPy (a NaN sorts last: the last order statistic is read).
* a continuous method interpolates as 'linear' at NumPy's virtual index ``v = n q + alpha + q (1 - alpha
  - beta) - 1`` (Hyndman and Fan's constants, ``CONTINUOUS``) held to ``[0, n - 1]`` (NumPy reads the first
  or last order statistic outside): the call is ``np.quantile(a, clip(v, 0, n - 1) / max(n - 1, 1), axis,
  keepdims=...)`` with the default method, whose rule differentiates it in ``a`` and ``q`` (the value to
  rounding: ``(n - 1) * (v / (n - 1))`` is ``v`` to an ulp). Only ``axis`` None or an integer written in
  the call; 'inverted_cdf', 'averaged_inverted_cdf' and 'closest_observation' keep their refusal.

Invariant: only ``axis=None``, or an ``axis`` with a ``q`` written as one number in the call (the
result's axes are then NumPy's), without ``out``, ``weights``, ``keepdims`` or ``interpolation``;
any other form is left as written and keeps its refusal.
"""
import ast

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _literal, _none
from .resolve import np_ref

PARAMS = ("a", "q", "axis", "out", "overwrite_input", "method", "keepdims", "weights", "interpolation")
INDEX = {"lower": ("np.floor",), "higher": ("np.ceil",), "nearest": ("np.around",),
         "midpoint": ("np.floor", "np.ceil")}
# method -> NumPy's (alpha, beta) of its virtual index (numpy.lib._function_base_impl._QuantileMethods)
CONTINUOUS = {"interpolated_inverted_cdf": (0.0, 1.0), "hazen": (0.5, 0.5), "weibull": (0.0, 0.0),
              "median_unbiased": (1 / 3.0, 1 / 3.0), "normal_unbiased": (3 / 8.0, 3 / 8.0)}


def _np(path, *args, **keywords):
    return ast.Call(func=np_ref(path), args=list(args),
                    keywords=[ast.keyword(arg=k, value=v) for k, v in keywords.items() if v is not None])


def _q(bound, fn):
    """``q`` as a number or an array (``percentile``'s divided by 100): a list or tuple of levels is
    ``np.asarray``'d, else ``(n - 1) * q`` would repeat the list and ``q / 100`` raise."""
    q = bound["q"] if type(_literal(bound["q"], "?")) in (int, float) else _np("np.asarray", bound["q"])
    return q if fn is np.quantile else ast.BinOp(left=q, op=ast.Div(), right=A.const(100.0))


def _form(bound):
    """The method, when the call is one of the forms above."""
    method = _literal(bound.get("method", A.const("linear")), "?")
    if method not in INDEX or "a" not in bound or "q" not in bound:
        return None
    if not _none(bound, "out", "weights", "interpolation") or _literal(bound.get("keepdims", A.const(False)), "?") is not False:
        return None
    if not _none(bound, "axis") and type(_literal(bound["q"], "?")) not in (int, float):
        return None
    return method


def _continuous(bound, fn, atom):
    """``np.quantile`` with the default method at the virtual index of ``bound``'s continuous method."""
    alpha, beta = CONTINUOUS[_literal(bound["method"])]
    axis = _literal(bound.get("axis", A.const(None)), "?")
    if not (axis is None or type(axis) is int) or not _none(bound, "out", "weights", "interpolation"):
        return None
    a = atom(bound["a"])
    n = _np("np.size", a) if axis is None else ast.Subscript(value=_np("np.shape", A.clone(a)), slice=A.const(axis),
                                                              ctx=ast.Load())
    n = atom(n)
    q = atom(_q(bound, fn))
    shift = ast.BinOp(left=A.const(alpha), op=ast.Add(), right=ast.BinOp(left=A.clone(q), op=ast.Mult(),
                                                                            right=A.const(1.0 - alpha - beta)))
    v = ast.BinOp(left=ast.BinOp(left=ast.BinOp(left=A.clone(n), op=ast.Mult(), right=A.clone(q)), op=ast.Add(),
                                 right=shift), op=ast.Sub(), right=A.const(1.0))
    last = ast.BinOp(left=A.clone(n), op=ast.Sub(), right=A.const(1))
    q2 = ast.BinOp(left=_np("np.clip", v, A.const(0.0), last), op=ast.Div(),
                   right=_np("np.maximum", ast.BinOp(left=A.clone(n), op=ast.Sub(), right=A.const(1)), A.const(1)))
    keywords = {k: bound[k] for k in ("axis", "overwrite_input", "keepdims") if k in bound}
    return _np("np.quantile", A.clone(a), q2, **keywords)


def rewrite(call, fn, atom):
    """The call ``call`` of ``np.quantile``/``np.percentile`` written as above, or None."""
    bound = bind_arguments(call, PARAMS)
    if bound is not None and "a" in bound and "q" in bound and _literal(bound.get("method", A.const("linear")), "?") in CONTINUOUS:
        return _continuous(bound, fn, atom)
    method = None if bound is None else _form(bound)
    if method is None:
        return None
    axis = None if _none(bound, "axis") else atom(bound["axis"])
    a = atom(_np("np.ravel", bound["a"]) if axis is None else bound["a"])
    s = atom(_np("np.sort", a, axis=A.clone(axis) if axis is not None else None))
    n = ast.Subscript(value=_np("np.shape", A.clone(s)), slice=A.clone(axis) if axis is not None else A.const(0),
                      ctx=ast.Load())
    q = _q(bound, fn)
    h = atom(ast.BinOp(left=ast.BinOp(left=n, op=ast.Sub(), right=A.const(1)), op=ast.Mult(), right=q))

    def take(index):    # (with an axis, q is one number: the index is a Python int, which numba's np.take reads)
        k = _np("np.asarray", _np(index, A.clone(h)), dtype=np_ref("np.intp")) if axis is None \
            else ast.Call(func=ast.Name(id="int", ctx=ast.Load()), args=[_np(index, A.clone(h))], keywords=[])
        return _np("np.take", A.clone(s), k, axis=A.clone(axis) if axis is not None else None)
    picks = [take(index) for index in INDEX[method]]
    value = picks[0] if len(picks) == 1 else ast.BinOp(
        left=A.const(0.5), op=ast.Mult(), right=ast.BinOp(left=picks[0], op=ast.Add(), right=picks[1]))
    last = atom(_np("np.take", A.clone(s), A.const(-1), axis=A.clone(axis) if axis is not None else None))
    return _np("np.where", _np("np.isnan", A.clone(last)), A.clone(last), value)
