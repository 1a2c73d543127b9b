"""A Python list given to a NumPy function is the array NumPy makes of it (after inlining).

``np.maximum(hs, 0.0)`` of a list ``hs`` computes on ``np.asarray(hs)``; its rule's derivative
compares and multiplies the operand itself (``hs >= 0.0``), which on a list is Python's list
comparison (one bool for the whole list: ``np.minimum(a, b)`` of two lists gave a silently wrong
gradient) or an error. So each argument a derivative may flow through (``calls.list_role`` is
'array') that names a list or tuple display, or a name that may hold one (bound to a display, a
copy of such a name, a join of one, or appended to: a helper's parameter bound to the caller's list is a copy by
now), becomes ``t = np.asarray(name)`` before the call. Invariant: the value the call computes
is unchanged (NumPy converts the same way); only the operand the rule sees is an array.
"""
import ast

from .. import astutil as A
from ..analyses.ir import resolve
from ..frontend.calls import list_role
from ..frontend.resolve import np_ref
from ..analyses.list_names import list_names


def convert(body, ns, namer):
    """``body`` (statements, changed in place and returned) with the list arguments converted."""
    fake = ast.FunctionDef(name="f", args=None, body=body, decorator_list=[])
    lists = list_names(fake, (ast.List, ast.Tuple), joins=True)
    if lists:
        _block(body, lists, ns, namer)
    return body


def _block(stmts, lists, ns, namer):
    k = 0
    while k < len(stmts):
        s = stmts[k]
        for field in ("body", "orelse"):
            if isinstance(s, (ast.If, ast.For, ast.While)):
                _block(getattr(s, field), lists, ns, namer)
        before = _convert_call(s, lists, ns, namer) if isinstance(s, ast.Assign) else []
        stmts[k:k] = before
        k += len(before) + 1


def _convert_call(s, lists, ns, namer):
    call = s.value
    if not isinstance(call, ast.Call):
        return []
    fn = resolve(ns, call.func)
    if fn is None or not any(isinstance(a, ast.Name) and a.id in lists for a in call.args):
        return []
    out = []
    for k, a in enumerate(call.args):
        if isinstance(a, ast.Name) and a.id in lists and list_role(fn, k) == "array":
            t = namer.fresh("t")
            new = A.at(A.assign(t, ast.Call(func=np_ref("np.asarray"), args=[A.name(a.id)], keywords=[])), s)
            new._s2sad_src = getattr(s, "_s2sad_src", None)
            out.append(new)
            call.args[k] = A.at(A.name(t), a)
    return out
