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
import inspect

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..frontend.calls import list_role
from ..frontend.resolve import np_ref
from ..analyses.list_names import list_names
from ..frontend.sequence_names import NOT_ONE_ARRAY
from ..rules.runtime_sequences import copy_method


def convert(body, ns, namer):
    """``body`` (statements, changed in place and returned) with the list arguments converted."""
    fake = ast.FunctionDef(name="f", args=None, body=body, decorator_list=[])
    _list_copies(fake, ns)
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


def _list_copies(fake, ns):
    """``y = x.copy()`` (read as ``np.copy(x)`` by the front end, which does not know a helper's
    result) of a name that may hold a list by now (bound to a display, or to a call that may
    return one: a helper not inlined, ``np.split``): ``y = copy_method(x)``, which copies a list
    as a list (a shallow copy) and an array as an array. ``np.copy`` would stack the list."""
    lists = list_names(fake, (ast.List,), joins=True)
    for s in ast.walk(fake):
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Call) \
                and _may_return_list(ns, s.value):
            lists.add(s.targets[0].id)
    for s in ast.walk(fake):
        call = s.value if isinstance(s, ast.Assign) else None
        if isinstance(call, ast.Call) and getattr(call, "_s2sad_c_order", False) and len(call.args) == 1 \
                and isinstance(call.args[0], ast.Name) and call.args[0].id in lists \
                and resolve(ns, call.func) is np.copy:
            func = A.at(ast.Name(id=ns.bind("copy_method", copy_method), ctx=ast.Load()), call.func)
            func._s2sad_bound, func._s2sad_obj = True, copy_method
            s.value = A.at(ast.Call(func=func, args=call.args, keywords=[]), call)


def _may_return_list(ns, call):
    """A call whose result may be a list: a function of the user's or of a library that s2sad
    does not know (``mk(coef)``), or a NumPy function that returns several arrays."""
    fn = resolve(ns, call.func)
    module = getattr(fn, "__module__", None) or ""
    if module.split(".")[0] in ("numpy", "scipy"):
        return getattr(fn, "__name__", "") in NOT_ONE_ARRAY
    return inspect.isfunction(fn) and module.split(".")[0] != "s2sad"
