"""NumPy calls that write into their first argument, rewritten as the assignments they are.

``np.add.at(a, idx, v)`` adds ``v`` at ``idx``, every repeated index contributing. It
becomes ``a += scattered(a, idx, v)``, where ``scattered`` returns zeros shaped like ``a``
with ``v`` added at ``idx``: its rule is exact, and the alias stage follows the in-place
change of ``a`` (and of every view of it) as for any ``a += ...``. ``np.subtract.at``
likewise with ``-=``. ``np.fill_diagonal(a, val, wrap)`` becomes
``a[diagonal_index(a, wrap)] = val``, an ordinary write through index arrays. The method
``a.fill(v)`` of a local array, or of a module's array (a scratch buffer), becomes ``a[...] = v``.

Every later stage then sees ordinary statements; a call this module does not know is
left alone (and refused later if a differentiated value reaches it).
"""
import ast

import numpy as np

from .. import astutil as A


def rewrite(call, fn, namer):
    """The statements ``call`` (an expression statement calling ``fn``) stands for, or None."""
    try:
        kind = _KINDS.get(fn)
    except TypeError:
        return None
    target = call.args[0] if call.args else None
    if kind is None or not isinstance(target, (ast.Name, ast.Subscript)):
        return None
    if kind in ("add", "subtract"):
        if len(call.args) != 3 or call.keywords:
            return None
        op = ast.Add() if kind == "add" else ast.Sub()
        value = A.call(_helper("scattered", namer), A.clone(target), *call.args[1:])
        return [ast.AugAssign(target=_store(target), op=op, value=value)]
    if len(call.args) != 2 or any(k.arg != "wrap" for k in call.keywords):
        return None
    wrap = call.keywords[0].value if call.keywords else A.const(False)
    index = A.call(_helper("diagonal_index", namer), A.clone(target), wrap)
    return [ast.Assign(targets=[ast.Subscript(value=A.clone(target), slice=index, ctx=ast.Store())],
                       value=call.args[1])]


_KINDS = {np.add.at: "add", np.subtract.at: "subtract", np.fill_diagonal: "fill"}


def fill(call, local):
    """``a.fill(v)`` (``a`` a local name or a module's array, or an element or slice of one:
    ``local(name)``) as the write it is, ``a[...] = v``; None for any other call."""
    func = call.func if isinstance(call, ast.Call) else None
    if not (isinstance(func, ast.Attribute) and func.attr == "fill" and len(call.args) == 1
            and not call.keywords and not isinstance(call.args[0], ast.Starred)):
        return None
    base = func.value
    while isinstance(base, ast.Subscript):
        base = base.value
    if not (isinstance(base, ast.Name) and local(base)):
        return None
    target = ast.Subscript(value=A.clone(func.value), slice=ast.Constant(value=Ellipsis), ctx=ast.Store())
    return [ast.Assign(targets=[target], value=call.args[0])]


def _helper(name, namer):
    from ..rules import runtime
    node = A.name(namer.fresh(name))
    node._s2sad_obj = getattr(runtime, name)
    return node


def _store(target):
    node = A.clone(target)
    node.ctx = ast.Store()
    return node
