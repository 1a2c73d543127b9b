"""``np.diff(a, n, axis, prepend=p, append=q)`` as NumPy computes it (used by :mod:`.anf`):
``np.diff(np.concatenate((diff_edge(p, a, axis), a, diff_edge(q, a, axis)), axis), n, axis)``.

NumPy joins ``prepend``/``append`` to ``a`` along ``axis`` before differencing, a number (a 0-d
value) broadcast to ``a``'s shape with ``axis`` of length 1, any other value taken as it is
(``rules/runtime_arrays.py::diff_edge`` does the same); the joined call has rules. With ``n=0``
NumPy returns ``a`` itself and ignores both, so the rewrite needs ``n`` a positive integer
constant; any other ``n`` is refused here, located.
"""
import ast

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .calls import bind_arguments
from .resolve import np_ref

PARAMS = ("a", "n", "axis", "prepend", "append")


def _edge(value, a, axis):
    from ..rules import runtime
    node = A.name("diff_edge")
    node._s2sad_obj = runtime.diff_edge
    return ast.Call(func=node, args=[value, A.clone(a), A.clone(axis)], keywords=[])


def diff_edges(src, call, fn, atom):
    """The call ``call`` of ``fn`` rewritten as above, or None when it is not ``np.diff`` with
    ``prepend=``/``append=`` (or is a form NumPy itself rejects, left to the usual checks).
    ``atom(e)`` names an expression read more than once."""
    bound = bind_arguments(call, PARAMS) if fn is np.diff else None
    if bound is None or "prepend" not in bound and "append" not in bound or "a" not in bound:
        return None
    n = bound.get("n", A.const(1))
    if not (isinstance(n, ast.Constant) and type(n.value) is int and n.value > 0):
        raise unsupported(src, call, "np.diff with prepend=/append= and an `n` that is not a positive "
                          "integer written as a constant (with n=0 NumPy returns `a` itself, ignoring them)",
                          "Write `n` as a positive integer constant, or join the values to the array "
                          "yourself with np.concatenate before np.diff.")
    a, axis = atom(bound["a"]), atom(bound.get("axis", A.const(-1)))
    parts = [a]
    if "prepend" in bound:
        parts.insert(0, _edge(bound["prepend"], a, axis))
    if "append" in bound:
        parts.append(_edge(bound["append"], a, axis))
    joined = ast.Call(func=np_ref("np.concatenate"), args=[ast.Tuple(elts=parts, ctx=ast.Load())],
                      keywords=[ast.keyword(arg="axis", value=A.clone(axis))])
    return A.at(ast.Call(func=np_ref("np.diff"), args=[joined, n, A.clone(axis)], keywords=[]), call)
