"""A differentiated value written into an array that may hold integers (``a[0] = x[0]`` with
``a = np.arange(6)``): NumPy truncates the float into the integer array, so the program's
derivative through that element is zero (piecewise constant), while the adjoint of the write
passes the value's derivative on. s2sad refuses it rather than guess:

* where a small dtype analysis proves the array integer (a name bound only to ``np.arange`` of
  integers, ``np.zeros(..., dtype=int)``, ``np.full(n, 2)``, ``np.array([1, 2])``, ``x.astype(int)``,
  a copy of such a name), a located ``UnsupportedSyntaxError`` when the gradient is built;
* where the dtype is not proven either way (a parameter not differentiated, a call's result), the
  write's value becomes ``checked(v, float_target(v, a, where))``: the run-time check
  (``rules/runtime_checks.float_target``) raises the same located error for an integer (or
  boolean) ``a``; under numba it is decided at typing (the dtype is a type), at no run-time cost;
* where the array is proven float (a differentiated parameter, ``np.zeros(n)``, float
  arithmetic...), nothing is added;
* a call that casts a differentiated value to a dtype not known when the gradient is built
  (``np.array(v, dtype=a.dtype)``, ``v.astype(kind)``, ``np.full_like(a, v)`` of an ``a`` not
  proven float) has its result checked the same way (``_guarded_result``). A write that passed
  NumPy's casting check (``np.copyto``, ``out=``) is exempt only under a casting that cannot
  truncate a float (not ``casting="unsafe"``).

Invariant: a write or cast whose value is active never stores it into an integer array silently.
"""
import ast

import numpy as np

from .. import astutil as A
from ..errors import locate, unsupported
from ..rules.runtime_checks import INT_WRITE, INT_WRITE_ADVICE
from .ir import resolve

INT, FLOAT, LIST = "int", "float", "list"     # LIST: a list's items are not truncated
_ALLOC = (np.zeros, np.ones, np.empty, np.eye, np.identity)
_LIKE = (np.zeros_like, np.ones_like, np.empty_like, np.copy, np.array, np.asarray, np.full_like)


def guard(body, active, ns, namer, src, floats=()):
    """``body`` with its active writes into possibly-integer arrays checked; raises for one proven
    integer. ``floats``: names known float (the differentiated parameters). Returns (body, changed)."""
    kinds = _dtype_kinds(body, ns, set(floats))
    changed = []

    def visit(stmts):
        out = []
        for s in stmts:
            for field in ("body", "orelse", "finalbody"):
                if isinstance(getattr(s, field, None), list) and getattr(s, field):
                    setattr(s, field, visit(getattr(s, field)))
            out.extend(_guarded(s, kinds, active, ns, namer, src, changed))
        return out
    return visit(body), bool(changed)


def _guarded(s, kinds, active, ns, namer, src, changed):
    """``[s]``, or the statements checking the write ``s`` before it; raises for a proven integer."""
    if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
        return _guarded_result(s, kinds, active, ns, namer, src, changed)
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Subscript)):
        return [s]
    root = s.targets[0]
    while isinstance(root, ast.Subscript):
        root = root.value
    if not isinstance(root, ast.Name) or not any(n in active for n in A.names_in(s.value)):
        return [s]
    kind = kinds.get(root.id)
    if kind in (FLOAT, LIST) or isinstance(s.value, ast.Name) and s.value.id in kinds.cast:  # copyto/out=: NumPy's check ran
        return [s]
    located = getattr(s, "_s2sad_src", src)
    if kind == INT:
        raise unsupported(located, s, INT_WRITE + f" (`{namer.as_written(root.id)}` holds integers)",
                          INT_WRITE_ADVICE)
    changed.append(s)
    return _checked_write(s, root.id, ns, namer, located)


def _guarded_result(s, kinds, active, ns, namer, src, changed):
    """``t = f(v, ...)`` of an active ``v`` whose result's dtype is not known when the gradient is
    built and may be integer: a ``dtype`` read at run time (``np.array(v, dtype=a.dtype)``,
    ``v.astype(kind)``), or ``np.full_like(a, v)`` of an ``a`` not proven float (the result takes
    ``a``'s dtype). NumPy then truncates ``v``: ``raw = f(v, ...); ok = float_target(v, raw, where);
    t = checked(raw, ok)``, refused at run time for an integer result. ``[s]`` otherwise."""
    from ..rules import runtime
    from .ir import unread_dtype
    call = s.value
    if not isinstance(call, ast.Call):
        return [s]
    fn = resolve(ns, call.func)
    values = [n for a in list(call.args) + [k.value for k in call.keywords] for n in A.names_in(a) if n in active]
    if not values:
        return [s]
    prototype = call.args[0] if fn is np.full_like and call.args else None
    like_int = isinstance(prototype, ast.Name) and kinds.get(prototype.id) != FLOAT and prototype.id not in active \
        and not any(k.arg == "dtype" for k in call.keywords) and len(call.args) < 3
    if not (like_int or unread_dtype(call, ns, fn)):
        return [s]
    located = getattr(s, "_s2sad_src", src)
    where = "\n".join(locate(located, s).splitlines()[:2])
    raw, ok = namer.fresh(s.targets[0].id), namer.fresh("ok")
    check = A.call(_helper(ns, "float_target", runtime.float_target), A.name(values[-1]), A.name(raw),
                   A.const(where))
    kept = A.call(_helper(ns, "checked", runtime.checked), A.name(raw), A.name(ok))
    new = [A.assign(raw, call), A.assign(ok, check), A.assign(s.targets[0].id, kept)]
    for n in new:
        A.at(n, s)
        n._s2sad_src = located
    changed.append(s)
    return new


def _helper(ns, name, fn):
    """A name of the run-time check ``fn`` bound in the namespace and marked so (``_s2sad_bound``):
    a module-level helper, never a local the loop passes its steps (``checkpoint=K`` handed the
    checks to its step functions as arguments, which numba cannot cache)."""
    node = A.name(ns.bind(name, fn))
    node._s2sad_bound = True
    return node


def _checked_write(s, root, ns, namer, located):
    """``v = value; ok = float_target(v, root, where); v2 = checked(v, ok); root[...] = v2``
    (``v``: the value itself when it is a name)."""
    from ..rules import runtime
    new = []
    if not isinstance(s.value, ast.Name):
        v = namer.fresh("v")
        new.append(A.assign(v, s.value))
        s.value = A.name(v)
    where = "\n".join(locate(located, s).splitlines()[:2])   # the file, line and its text
    ok, value = namer.fresh("ok"), namer.fresh(s.value.id)
    check = A.call(_helper(ns, "float_target", runtime.float_target), A.name(s.value.id), A.name(root),
                   A.const(where))
    kept = A.call(_helper(ns, "checked", runtime.checked), A.name(s.value.id), A.name(ok))
    s.value = A.name(value)
    new += [A.assign(ok, check), A.assign(value, kept)]
    for n in new:
        A.at(n, s)
        n._s2sad_src = located
    return new + [s]


def _dtype_kinds(body, ns, floats):
    """name -> INT or FLOAT where every binding of the name proves it; other names are absent."""
    seen = {}
    for node in A.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, (ast.For, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            for n in A.names_in(node.target):
                seen.setdefault(n, set()).add(None)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    seen.setdefault(t.id, set()).add(node.value)
                elif _pairs(t, node.value):     # a, b = np.zeros(n), np.arange(n)
                    for e, v in zip(t.elts, node.value.elts):
                        seen.setdefault(e.id, set()).add(v)
                elif not isinstance(t, ast.Subscript):
                    for n in A.names_in(t):
                        seen.setdefault(n, set()).add(None)
    checks = {n for n, values in seen.items() if any(_calls(v, ns, "castable") and _no_truncation(v) for v in values)}
    cast = {n for n, values in seen.items() if len(values) == 1 and _calls(next(iter(values)), ns, "checked")
            and isinstance(next(iter(values)).args[-1], ast.Name) and next(iter(values)).args[-1].id in checks}
    groups = _copy_groups(seen, floats)
    kinds = {}
    for _ in range(len(seen) + 1):       # to a fixed point: names computed from proven names
        new = {n: _all({_kind(v, kinds, ns) for v in values}) for n, values in groups.items()}
        new = {n: k for n, k in new.items() if k is not None}
        if new == kinds:
            break
        kinds = new
    return _Kinds(kinds, cast)


_FLOAT_PARAM = ast.Constant(value=1.0)      # the binding of a differentiated parameter


def _copy_groups(seen, floats):
    """name -> the bindings (other than copies) of every name it is copied from or into (``b = a``,
    ``a.copy()``, ``a.T``: one dtype, loops of copies included); a name bound nowhere in the
    body is a differentiated parameter (float) or unknown (None)."""
    parent = {}

    def find(n):
        while parent.setdefault(n, n) != n:
            n = parent[n]
        return n
    for n, values in seen.items():
        for v in values:
            if _copied(v) is not None:
                parent[find(n)] = find(_copied(v))
    members = {}
    for n in set(parent) | set(seen) | set(floats):
        members.setdefault(find(n), []).append(n)
    out = {}
    for names in members.values():
        values = {v for n in names for v in seen.get(n, {_FLOAT_PARAM if n in floats else None})
                  if _copied(v) is None}
        out.update({n: values for n in names})
    return out


def _copied(v):
    """The name ``v`` copies or views whole (``a``, ``a.copy()``, ``a.T``), else None."""
    if isinstance(v, ast.Call) and not v.args and not v.keywords and isinstance(v.func, ast.Attribute) \
            and v.func.attr == "copy":
        v = v.func.value
    elif isinstance(v, ast.Attribute) and v.attr == "T":
        v = v.value
    return v.id if isinstance(v, ast.Name) else None


class _Kinds(dict):
    """name -> INT or FLOAT; ``cast``: the names of values NumPy's casting check passed."""
    def __init__(self, kinds, cast):
        super().__init__(kinds)
        self.cast = cast


def _calls(v, ns, helper):
    """``v`` calls the run-time helper named ``helper`` (rules/runtime_checks.py)."""
    from ..rules import runtime
    return isinstance(v, ast.Call) and resolve(ns, v.func) is getattr(runtime, helper)


_SAFE_CASTINGS = ("no", "equiv", "safe", "same_kind")   # none of them lets a float into an integer array


def _no_truncation(check):
    """The ``castable(value, dst, casting)`` call ``check`` passes only values NumPy does not truncate:
    its casting is one of ``_SAFE_CASTINGS`` (``casting="unsafe"``, or one not known when the gradient
    is built, lets ``np.copyto`` write a float into an integer array, which the write's guard then sees)."""
    casting = check.args[2] if len(check.args) > 2 else next((k.value for k in check.keywords if k.arg == "casting"), None)
    return casting is None or isinstance(casting, ast.Constant) and casting.value in _SAFE_CASTINGS


def _pairs(target, value):
    return isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts) \
        and all(isinstance(e, ast.Name) for e in target.elts)


def _all(ks):
    return next(iter(ks)) if len(ks) == 1 else None


def _kind(v, kinds, ns):
    """INT, FLOAT or None (unknown) for the value ``v`` of an assignment."""
    if v is None:
        return None
    if isinstance(v, ast.Constant):
        return _const(v.value)
    if isinstance(v, ast.Name):
        return kinds.get(v.id)
    if isinstance(v, ast.List | ast.ListComp):
        return LIST
    if isinstance(v, ast.Tuple):
        return None
    if isinstance(v, ast.Subscript):            # an element or view: its array's dtype (not a list's item)
        base = _kind(v.value, kinds, ns)
        return base if base != LIST else None
    if isinstance(v, ast.BinOp):
        sides = {_kind(v.left, kinds, ns), _kind(v.right, kinds, ns)}
        if isinstance(v.op, ast.Div) or FLOAT in sides:
            return FLOAT
        return INT if sides == {INT} and not isinstance(v.op, ast.Pow) else None
    if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub | ast.UAdd):
        return _kind(v.operand, kinds, ns)
    if isinstance(v, ast.Call):
        return _call_kind(v, kinds, ns)
    return None


def _const(value):
    if isinstance(value, bool):
        return INT
    return INT if isinstance(value, int) else FLOAT if isinstance(value, float) else None


def _dtype(node, ns):
    """INT, FLOAT or None for a ``dtype=`` argument."""
    obj = node.value if isinstance(node, ast.Constant) else resolve(ns, node)
    if obj is None:         # not resolved, or dtype=None (np.array's: the values' own): unknown
        return None
    try:
        dt = np.dtype(obj)
    except (TypeError, ValueError):
        return None
    return INT if dt.kind in "iub" else FLOAT if dt.kind == "f" else None


def _call_kind(v, kinds, ns):
    dtype = next((k.value for k in v.keywords if k.arg == "dtype"), None)
    if dtype is not None:
        return _dtype(dtype, ns)
    if isinstance(v.func, ast.Attribute) and v.func.attr in ("astype", "copy") and resolve(ns, v.func) is None:
        if v.func.attr == "astype":
            return _dtype(v.args[0], ns) if len(v.args) == 1 else None
        return _kind(v.func.value, kinds, ns)
    fn = resolve(ns, v.func)
    args = [_kind(a, kinds, ns) if not isinstance(a, ast.List | ast.Tuple) else _literal(a) for a in v.args]
    from ..rules import runtime
    if fn is runtime.zeros_like:        # an adjoint's zero gradient (second order): always float
        return FLOAT
    if fn is np.arange and args:
        return FLOAT if FLOAT in args else INT if set(args) == {INT} else None
    if any(fn is f for f in _ALLOC):        # np.zeros(n) float; np.ones(n, int): its dtype
        return FLOAT if len(v.args) == 1 else _dtype(v.args[1], ns) if len(v.args) == 2 else None
    if fn is np.full and len(v.args) == 2:
        return args[1]
    if any(fn is f for f in _LIKE) and len(v.args) == 1 and fn is not np.full_like:
        return args[0] if args[0] != LIST else None     # np.array(L): the items' dtype, not known
    return None


def _literal(node):
    """INT or FLOAT for a (nested) list or tuple of number constants, else None."""
    leaves = [e for e in A.walk(node) if not isinstance(e, (ast.List, ast.Tuple, ast.Load))]
    ks = {_const(e.value) if isinstance(e, ast.Constant) else None for e in leaves}
    return FLOAT if ks == {INT, FLOAT} else _all(ks) if ks else None

