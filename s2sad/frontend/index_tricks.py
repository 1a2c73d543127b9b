"""NumPy's index tricks: ``np.r_[a, v, 2.0]`` and ``np.c_[a, b]`` as the calls they stand for, the others marked.

Invariant: ``r_join(e, obj)`` returns ``np.concatenate([np.atleast_1d(a), np.atleast_1d(v),
np.atleast_1d(2.0)])`` (the same values: each item made at least 1-d, joined along the first
axis) for ``np.r_``, and ``np.concatenate([np.column_stack([a]), np.column_stack([b])], axis=-1)``
for ``np.c_`` (each item made at least 2-d as ``np.c_`` makes it: a number a 1x1 matrix, a vector
a column, an array of more axes itself; joined along the last axis), only when every item is a
value; with a slice (``np.r_[0:3, x]``, a range) or a string directive (``np.r_['0,2', a]``) it
returns None. A subscript of ``np.r_`` or ``np.c_`` then, or of ``np.mgrid``, ``np.ogrid``, is marked ``_s2sad_trick`` (``mark``): the IR reads its index as the
operands of an operation with no derivative, refused when a differentiated value reaches it
(analyses/ir.py), never a zero derivative.
"""
import ast

import numpy as np

from .resolve import np_ref

__all__ = ["r_join", "mark", "TRICKS"]

TRICKS = (np.r_, np.c_, np.mgrid, np.ogrid)


def mark(node, obj):
    """``node`` (the subscript as normalized), marked when ``obj`` is an index trick."""
    if any(obj is t for t in TRICKS):
        node._s2sad_trick = True
    return node


def r_join(e, obj):
    """The call ``np.r_[...]`` or ``np.c_[...]`` stands for, or None (``obj``: what ``e.value`` resolves to)."""
    if obj is not np.r_ and obj is not np.c_:
        return None
    items = e.slice.elts if isinstance(e.slice, ast.Tuple) else [e.slice]
    if any(isinstance(x, ast.Slice) or isinstance(x, ast.Constant) and isinstance(x.value, str) for x in items):
        return None
    if obj is np.r_:
        pieces = [ast.Call(func=np_ref("np.atleast_1d"), args=[x], keywords=[]) for x in items]
        axis = []
    else:
        pieces = [ast.Call(func=np_ref("np.column_stack"), args=[ast.List(elts=[x], ctx=ast.Load())], keywords=[])
                  for x in items]
        axis = [ast.keyword(arg="axis", value=ast.Constant(value=-1))]
    return ast.copy_location(ast.Call(func=np_ref("np.concatenate"), args=[ast.List(elts=pieces, ctx=ast.Load())],
                                      keywords=axis), e)
