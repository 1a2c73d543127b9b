"""``np.divide(a, b, out=fresh, where=w)`` written as the calls s2sad differentiates (used by
:mod:`.anf_calls`): ``cast_like(np.where(w, a / np.where(w, b, 1.0), fresh), fresh)``, the double-where form that
never divides where ``w`` is false (so no ``0 / 0`` there, in the value or in the derivatives),
stored in ``fresh``'s float type as NumPy stores it (float32: rounded).

``fresh`` must be a new array built in the call (``np.zeros_like``, ``np.ones_like``,
``np.full_like``, ``np.zeros``, ``np.ones``, ``np.full``): NumPy writes the quotient into it and
leaves its entries where ``w`` is false, which is what the form computes. An ``out=`` naming an
existing array (which NumPy would modify), ``np.empty_like`` (whose entries are undefined), any
other keyword, a fresh array given a ``dtype`` (or any keyword) or a starred argument is left as
written and keeps its refusal.

Invariant: the form computes NumPy's value where the quotient's shape is ``fresh``'s (NumPy
refuses the others) and ``fresh`` is a float array; ``np.where`` reads ``w`` as NumPy's ``where=``
does (truth values, broadcast).
"""
import ast

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .resolve import np_ref

FRESH = (np.zeros_like, np.ones_like, np.full_like, np.zeros, np.ones, np.full)


def rewrite(call, fn, atom, obj):
    """The call ``call`` of ``fn`` written as above, or None when it is not that form. ``atom(e)``
    names an expression read more than once; ``obj(node)`` is the object a name refers to."""
    if fn is not np.divide:
        return None
    bound = bind_arguments(call, ("x1", "x2", "out", "where"))
    if bound is None or not {"x1", "x2", "out", "where"} <= set(bound):
        return None
    out = bound["out"]
    if isinstance(out, ast.Tuple) and len(out.elts) == 1:      # out=(array,), NumPy's other spelling
        out = out.elts[0]
    try:
        fresh = isinstance(out, ast.Call) and any(obj(out.func) is f for f in FRESH)
    except TypeError:
        return None
    full = fresh and obj(out.func) in (np.full, np.full_like)
    if not fresh or out.keywords or len(out.args) > (2 if full else 1):    # a dtype (NumPy may refuse the cast)
        return None
    where, out = atom(bound["where"]), atom(out)
    b = ast.Call(func=np_ref("np.where"), args=[A.clone(where), bound["x2"], A.const(1.0)], keywords=[])
    quotient = ast.BinOp(left=bound["x1"], op=ast.Div(), right=b)
    value = ast.Call(func=np_ref("np.where"), args=[A.clone(where), quotient, out], keywords=[])
    from ..rules import runtime
    cast = A.name("cast_like")
    cast._s2sad_obj = runtime.cast_like     # NumPy stores the quotient in `out`'s type (float32: rounded)
    return A.at(ast.Call(func=cast, args=[value, A.clone(out)], keywords=[]), call)
