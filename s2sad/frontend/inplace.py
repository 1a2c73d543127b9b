"""NumPy calls that write into their first argument, rewritten as the assignments they are.

``np.add.at(a, idx, v)`` adds ``v`` at ``idx``, every repeated index contributing, one after
the other. It becomes ``a[...] = added_at(a, idx, v, 1.0)``, where ``added_at`` returns a copy of
``a`` with NumPy's own ``np.add.at`` applied (so the sums are NumPy's, bit for bit: ``a[0] + v0 + v1``
for a repeated 0, not ``a[0] + (v0 + v1)``), a write of every element of ``a`` the alias stage
follows into every view of it. ``np.subtract.at`` likewise with the sign -1.0. ``np.fill_diagonal(a, val, wrap)`` becomes
``a[diagonal_index(a, wrap)] = val``, an ordinary write through index arrays. The method
``a.fill(v)`` of a local array, or of a module's array (a scratch buffer), becomes ``a[...] = v``;
``a.sort(axis, kind)`` of a local array (not a parameter, nor a name that may hold a list, whose
``sort`` orders its items) becomes ``a[...] = np.sort(a, axis, kind)``. ``np.put_along_axis(a, i,
v, axis)`` becomes ``a[along_axis_index(a, i, axis)] = v`` (NumPy's own index). ``np.copyto(dst, src,
casting, where)`` becomes ``dst[...] = src`` (``np.where(where, src, dst)``), and a ufunc called
for its ``out=`` (``np.add(a, b, out=c)``, ``np.multiply(a, b, c)``) ``c[...] = np.add(a, b)``, and
any other NumPy function called for its ``out=`` (``np.cumsum(x, out=c)``) ``r = np.cumsum(x)``,
``c[...] = r`` where ``r`` has ``c``'s shape (and ``v = f(..., out=c)``, whose value NumPy returns
as ``c`` itself, those statements then ``v = c``):
the value first passes NumPy's casting check (``runtime_checks.castable``: a float result is
never truncated into an integer array; ``where=`` must be a boolean mask that broadcasts).

Every later stage then sees ordinary statements; a call this module does not know is
left alone (and refused later if a differentiated value reaches it).
"""
import ast

import numpy as np

from .. import astutil as A
from ..rules.runtime_ufunc_at import OPS
from .resolve import np_ref


def rewrite(call, fn, namer):
    """The statements ``call`` (an expression statement calling ``fn``) stands for, or None."""
    try:
        kind = _KINDS.get(fn)
    except TypeError:
        return None
    if isinstance(fn, np.ufunc) and getattr(np, fn.__name__, None) is fn:
        return _ufunc_out(call, fn, namer)
    if kind is None and any(k.arg == "out" for k in call.keywords):
        return _function_out(call, fn, namer)
    target = call.args[0] if call.args else None
    if kind is None or not isinstance(target, (ast.Name, ast.Subscript)):
        return None
    if kind in ("add", "subtract") or kind in OPS:
        if len(call.args) != 3 or call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if kind in OPS:
            return [_write(target, A.call(_helper("ufunc_at", namer), A.clone(target), *call.args[1:], A.const(kind)))]
        sign = A.const(1.0 if kind == "add" else -1.0)
        return [_write(target, A.call(_helper("added_at", namer), A.clone(target), *call.args[1:], sign))]
    if kind == "put":
        return _put(call, target, namer)
    if kind == "copyto":
        return _copyto(call, target, namer)
    if kind == "along":
        return _along_axis(call, target, namer)
    if len(call.args) != 2 or any(k.arg != "wrap" for k in call.keywords):
        return None
    wrap = call.keywords[0].value if call.keywords else A.const(False)
    index = A.call(_helper("diagonal_index", namer), A.clone(target), wrap)
    return [ast.Assign(targets=[ast.Subscript(value=A.clone(target), slice=index, ctx=ast.Store())],
                       value=call.args[1])]


def out_call(call, fn, namer):
    """``r = f(..., out=c)``: NumPy returns ``c`` itself, so the statement is the write the call stands
    for, then ``r = c``: (those statements, ``c``), or None (no ``out``, or ``out`` not a plain name)."""
    try:
        ufunc = isinstance(fn, np.ufunc) and getattr(np, fn.__name__, None) is fn
    except TypeError:
        return None
    outs = [k.value for k in call.keywords if k.arg == "out"] + (list(call.args[fn.nin:]) if ufunc else [])
    if len(outs) != 1:
        return None
    target = outs[0].elts[0] if isinstance(outs[0], ast.Tuple) and len(outs[0].elts) == 1 else outs[0]
    if not isinstance(target, ast.Name):
        return None
    writes = rewrite(call, fn, namer)
    return None if writes is None else (writes, A.name(target.id))


_KINDS = {np.add.at: "add", np.subtract.at: "subtract", np.fill_diagonal: "fill", np.copyto: "copyto",
          np.put_along_axis: "along", np.put: "put"}
_KINDS.update({getattr(np, op).at: op for op in OPS})
COPYTO = ("dst", "src", "casting", "where")


def _castable(value, target, casting, namer):
    """``checked(value, castable(value, target, casting))`` (``value`` a name)."""
    check = A.call(_helper("castable", namer), A.clone(value), A.clone(target), casting)
    return A.call(_helper("checked", namer), value, check)


def _copyto(call, target, namer):
    from .calls import bind_arguments
    bound = bind_arguments(call, COPYTO)
    if bound is None or "src" not in bound or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    src = A.name(namer.fresh("src"))
    value = _castable(src, target, bound.get("casting", A.const("same_kind")), namer)
    if "where" in bound:
        mask = A.call(_helper("mask", namer), bound["where"], A.clone(target))
        value = ast.Call(func=np_ref("np.where"), args=[mask, value, A.clone(target)], keywords=[])
    return [A.assign(src.id, bound["src"]), _write(target, value)]


def _along_axis(call, target, namer):
    """``np.put_along_axis(a, i, v, axis)`` (an axis that is not None) as NumPy writes it:
    ``a[along_axis_index(a, i, axis)] = v``."""
    from .calls import bind_arguments
    bound = bind_arguments(call, ("arr", "indices", "values", "axis"))
    if bound is None or len(bound) != 4 or isinstance(bound["axis"], ast.Constant) and bound["axis"].value is None \
            or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    index = A.call(_helper("along_axis_index", namer), A.clone(target), bound["indices"], bound["axis"])
    return [ast.Assign(targets=[ast.Subscript(value=A.clone(target), slice=index, ctx=ast.Store())],
                       value=bound["values"])]


def _put(call, target, namer):
    """``np.put(a, ind, v, mode)`` as NumPy writes it: ``a[put_index(a, ind, v, mode)] = np.ravel(v)``
    (``put_index``: the positions of the flat indices, checking that ``v`` has one item or one per index:
    NumPy would repeat a shorter ``v``, which is refused)."""
    from .calls import bind_arguments
    bound = bind_arguments(call, ("a", "ind", "v", "mode"))
    if bound is None or not {"ind", "v"} <= set(bound) or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    v = A.name(namer.fresh("v"))
    index = A.call(_helper("put_index", namer), A.clone(target), bound["ind"], A.clone(v), bound.get("mode", A.const("raise")))
    return [A.assign(v.id, bound["v"]),
            ast.Assign(targets=[ast.Subscript(value=A.clone(target), slice=index, ctx=ast.Store())],
                       value=ast.Call(func=np_ref("np.ravel"), args=[A.clone(v)], keywords=[]))]


def _ufunc_out(call, fn, namer):
    """``f(a, b, out=c)`` (``f(a, b, c)``, ``out=(c,)``) of a NumPy ufunc of one result: ``c[...] = f(a, b)``;
    with ``where=m``: ``c[...] = np.where(m, f(a, b), c)`` (NumPy leaves ``c`` where ``m`` is false), the
    operands of every ufunc of floats replaced by a safe number there (``np.where(m, a, 0.5)``; ``_SAFE``
    for the restricted domains), so no NaN or infinite derivative (``np.log(0)``, ``np.exp(1000)``) is
    multiplied by the zero gradient of the positions left alone (``0 * inf`` is NaN)."""
    args, outs = list(call.args[:fn.nin]), list(call.args[fn.nin:])
    outs += [k.value for k in call.keywords if k.arg == "out"]
    where = [k.value for k in call.keywords if k.arg == "where"]
    if fn.nout != 1 or len(args) != fn.nin or len(outs) != 1 or any(k.arg not in ("out", "where") for k in call.keywords) \
            or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    target = outs[0].elts[0] if isinstance(outs[0], ast.Tuple) and len(outs[0].elts) == 1 else outs[0]
    if not isinstance(target, (ast.Name, ast.Subscript)):
        return None
    lines, result = [], A.name(namer.fresh("r"))
    if where:
        m = A.name(namer.fresh("m"))
        lines.append(A.assign(m.id, A.call(_helper("mask", namer), where[0], A.clone(target))))
        safe = _SAFE.get(fn.__name__, _DEFAULT_SAFE if _of_floats(fn) else None)
        if safe is not None:
            args = [a if isinstance(a, ast.Constant) else
                    ast.Call(func=np_ref("np.where"), args=[A.clone(m), a, A.const(safe)], keywords=[]) for a in args]
    lines.append(A.assign(result.id, ast.Call(func=call.func, args=args, keywords=[])))
    value = _castable(result, target, A.const("same_kind"), namer)
    if where:
        value = ast.Call(func=np_ref("np.where"), args=[A.clone(m), value, A.clone(target)], keywords=[])
    return lines + [_write(target, value)]


# ufuncs whose value or derivative is not finite somewhere (a pole, a domain's edge, 0/0), with a point
# inside the domain of every operand: the value given to the positions a `where=` leaves alone
_SAFE = {name: 0.5 for name in ("log", "log2", "log10", "log1p", "sqrt", "cbrt", "arcsin", "arccos", "arctanh",
                                "reciprocal", "divide", "true_divide", "floor_divide", "power", "float_power",
                                "arctan2", "hypot", "tan", "remainder", "fmod", "logaddexp", "logaddexp2")}
_SAFE["arccosh"] = 2.0
# every other ufunc of floats (np.exp, np.sinh, np.square...): its value and derivative are finite at
# 0.5, while the operand left alone may overflow it (np.exp(1000.0): 0 * inf is NaN). Not a ufunc
# without a loop taking floats for each operand (np.ldexp's integer exponent, np.gcd, the bitwise ones)
_DEFAULT_SAFE = 0.5


def _of_floats(fn):
    """``fn`` (a ufunc) has a loop taking a double for each operand (``'dd->d'``)."""
    return any(t.startswith("d" * fn.nin + "->") for t in fn.types)


def _function_out(call, fn, namer):
    """``f(a, ..., out=c)`` of a NumPy function that is not a ufunc (``np.cumsum``, ``np.clip``,
    ``np.dot``, ``np.mean``): ``r = f(a, ...)``, then ``c[...] = r`` once NumPy's cast check and the
    shape check pass (these functions do not broadcast into ``out`` as a ufunc does)."""
    if not _numpy_function(fn) or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords):
        return None
    out = next(k.value for k in call.keywords if k.arg == "out")
    target = out.elts[0] if isinstance(out, ast.Tuple) and len(out.elts) == 1 else out
    if not isinstance(target, (ast.Name, ast.Subscript)):
        return None
    result = A.name(namer.fresh("r"))
    check = A.call(_helper("castable", namer), A.clone(result), A.clone(target), A.const("same_kind"), A.const(True))
    keywords = [k for k in call.keywords if k.arg != "out"]
    return [A.assign(result.id, ast.Call(func=call.func, args=list(call.args), keywords=keywords)),
            _write(target, A.call(_helper("checked", namer), result, check))]


def _numpy_function(fn):
    """``fn`` is a function of NumPy's (not a ufunc, nor a ufunc's method) that takes ``out=``."""
    import inspect
    module = str(getattr(fn, "__module__", "") or "")
    if not (module == "numpy" or module.startswith("numpy.")) or isinstance(getattr(fn, "__self__", None), np.ufunc):
        return False
    try:
        return "out" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _write(target, value):
    """``target[...] = value``: every element of ``target`` (a name or an element of one) written."""
    return ast.Assign(targets=[ast.Subscript(value=A.clone(target), slice=ast.Constant(value=Ellipsis), ctx=ast.Store())],
                      value=value)


def fill(call, local, array=None):
    """``a.fill(v)`` (``a`` a local name or a module's array, or an element or slice of one:
    ``local(name)``) as the write it is, ``a[...] = v``, and ``a.sort(axis, kind)`` (``array(name)``:
    a local array) as ``a[...] = np.sort(a, axis, kind)``; None for any other call."""
    func = call.func if isinstance(call, ast.Call) else None
    if not isinstance(func, ast.Attribute) or func.attr not in ("fill", "sort") \
            or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    base = func.value
    while isinstance(base, ast.Subscript):
        base = base.value
    if func.attr == "sort":
        from .calls import bind_arguments
        bound = bind_arguments(call, ("axis", "kind"))
        if bound is None or not (isinstance(base, ast.Name) and array is not None and array(base)):
            return None
        value = ast.Call(func=np_ref("np.sort"), args=[A.clone(func.value)],
                         keywords=[ast.keyword(arg=k, value=v) for k, v in bound.items()])
        return [_write(func.value, value)]
    if not (len(call.args) == 1 and not call.keywords and isinstance(base, ast.Name) and local(base)):
        return None
    return [_write(func.value, call.args[0])]


def _helper(name, namer):
    from ..rules import runtime
    node = A.name(namer.fresh(name))
    node._s2sad_obj = getattr(runtime, name)
    return node


def _store(target):
    node = A.clone(target)
    node.ctx = ast.Store()
    return node
