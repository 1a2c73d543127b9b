"""Fallback branches of fused loops as shared module functions (first-call compile time).

:mod:`s2sad.backends.loopfuse` keeps, beside each fused loop, the statements as written
(``if <same shapes>: <loop> else: <statements>``), run only when NumPy broadcasting is
needed. numba lowers each such ``else`` inline in the adjoint: a broadcasting kernel,
slice assignment and its shape-mismatch error path, about 1,000 LLVM instructions per
``b_x[1:] += b * t`` (a third of the ODE adjoint's code). LLVM's function passes take
time superlinear in the size of that one function.

:func:`fallbacks` moves each such ``else`` into a function of the generated module,
``_s2sad_fallback_<k>(<names it reads>) -> <names it binds>``, and calls it. Branches that
differ only in their local names share one function (their names are numbered in order of
first appearance), which numba compiles once per argument types: the ODE adjoint's twelve
fallbacks are three functions. The first pass of a statement :mod:`s2sad.backends.primal_inplace`
writes into its previous array is its fallback (``if has_z and <fits>: <loop>`` / ``else: z = E``).

Invariant: the call computes what the statements compute. It passes the current values
of the adjoint's local names the statements read (arrays by reference, so their writes
through views and in place land where they did), and binds every name they bind to the
value it had at their end. Only straight-line statements (assignments, augmented
assignments, expression statements) are moved; anything else stays inline. Names of the
module (NumPy, s2sad's helpers, user globals) are read by the function as globals.
If numba cannot compile the adjoint with its fallbacks moved, :mod:`s2sad.backends.jit`
compiles it again with them inline, so every error message is the one it was.

:func:`slice_stores` (before :func:`fallbacks`): ``x[index] += E``, ``-=`` and ``x[index] = E``
whose ``index`` holds a slice become ``add_into(x, index, E)``, ``sub_into`` and ``store_into``
(:mod:`s2sad.backends.numba_helpers.numba_add_into`: one loop nest per ranks instead of numba's broadcasting
slice assignment, whose compile and shape-mismatch message cost about 2 s a statement in GMM's
adjoint); slices in ``index`` become ``slice(...)``. The retry with fallbacks inline leaves
these as written too.
"""
import ast

from .. import astutil as A

PREFIX = "_s2sad_fallback_"
ADD_INTO = "_s2sad_add_into"     # the module imports numba_add_into.add_into under this name
SUB_INTO = "_s2sad_sub_into"
STORE_INTO = "_s2sad_store_into"
HELPERS = (ADD_INTO, SUB_INTO, STORE_INTO)


def rewritten(source):
    """True if ``source`` (a module's adjoint) has moved fallbacks or slice stores."""
    return any(name in source for name in (PREFIX,) + HELPERS)


def slice_stores(fdef):
    """Rewrite the slice stores of ``fdef`` in place (see the module docstring)."""
    for node in ast.walk(fdef):
        for field in ("body", "orelse"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                setattr(node, field, [_add_into(s) for s in stmts])


_SIMPLE = (ast.Assign, ast.AugAssign, ast.Expr)
_REFUSE = (ast.Lambda, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp, ast.Starred)


def fallbacks(fdef):
    """Move the marked ``else`` branches of ``fdef`` (changed in place) into functions;
    returns their FunctionDefs, to be emitted in the same module."""
    local = {a.arg for a in fdef.args.args + fdef.args.kwonlyargs}
    local |= {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    helpers, sites = {}, {}     # key -> FunctionDef; its name -> the statements calling it
    for node in ast.walk(fdef):
        if isinstance(node, ast.If) and getattr(node, "_s2sad_fallback", False) and _movable(node.orelse):
            node.orelse = _call(node.orelse, local, helpers, sites)
    _drop_unread(fdef, helpers.values(), sites)
    return list(helpers.values())


def _drop_unread(fdef, fns, sites):
    """A shared function returns only the values some call site binds to a name the adjoint
    reads: the rest (a tuple the statements joined, ``t5 = a, b * c; k = np.concatenate(t5)``)
    is no longer built, passed back and unpacked at every call (412 LLVM instructions -> 146
    at each of the ODE's 8 join calls). A name read nowhere in ``fdef`` (the moved statements are
    calls now: a read by another fallback is an argument of its call) can hold any value.
    A call still binds at least one name (else it keeps them all)."""
    read = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for fn in fns:
        calls = sites[fn.name]
        if not isinstance(calls[0], ast.Assign):
            continue
        targets = [c.targets[0].elts if isinstance(c.targets[0], ast.Tuple) else [c.targets[0]] for c in calls]
        keep = [k for k in range(len(targets[0])) if any(t[k].id in read for t in targets)]
        if not keep or len(keep) == len(targets[0]):
            continue
        ret = fn.body[-1]
        ret.value = _packed([ret.value.elts[k] for k in keep])
        for c, t in zip(calls, targets):
            c.targets = [_packed([t[k] for k in keep])]


def _packed(nodes):
    """``a`` or ``a, b`` (a Tuple of the nodes' context)."""
    return nodes[0] if len(nodes) == 1 else ast.Tuple(elts=nodes, ctx=nodes[0].ctx)


def _movable(stmts):
    if not stmts or not all(isinstance(s, _SIMPLE) for s in stmts):
        return False
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, _REFUSE) or isinstance(n, ast.Name) and isinstance(n.ctx, ast.Del):
                return False
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "__comment__":
                return False
    return True


def _call(stmts, local, helpers, sites):
    """The statement calling the shared function that runs ``stmts`` (also listed in ``sites``)."""
    order, reads, binds = {}, [], []
    body = A.clone(stmts)
    for s in body:
        for n, read, store in _names_in_order(s):
            if n.id not in local:
                continue
            if read and n.id not in binds and n.id not in reads:
                reads.append(n.id)
            if store and n.id not in binds:
                binds.append(n.id)
            n.id = order.setdefault(n.id, f"_s2sad_v{len(order)}")
    params, results = [order[r] for r in reads], [order[b] for b in binds]
    key = ast.dump(ast.Module(body=body, type_ignores=[])) + repr((params, results))
    if key not in helpers:
        fn = ast.parse(f"def {PREFIX}{len(helpers)}({', '.join(params)}):\n"
                       f"    return {', '.join(results) or 'None'}").body[0]
        fn.body = body + fn.body
        helpers[key] = fn
    call = ast.parse(f"{helpers[key].name}({', '.join(reads)})").body[0]
    if binds:
        call = ast.parse(f"{', '.join(binds)} = 0").body[0]
        call.value = ast.parse(f"{helpers[key].name}({', '.join(reads)})", mode="eval").body
    sites.setdefault(helpers[key].name, []).append(call)
    return [call]


def _add_into(stmt):
    """``x[index] += E`` as ``add_into(x, index, E)`` (``-=``: ``sub_into``, ``=``: ``store_into``)
    when ``index`` holds a slice; other statements as they are. ``x`` and ``index`` are evaluated
    before ``E`` (a store evaluated them after): the same, as ``E`` rebinds no name (no ``:=``)
    and the view ``x[index]`` of a basic index reads its elements when they are added."""
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Add, ast.Sub)):
        target, helper = stmt.target, ADD_INTO if isinstance(stmt.op, ast.Add) else SUB_INTO
    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, helper = stmt.targets[0], STORE_INTO
    else:
        return stmt
    if not isinstance(target, ast.Subscript) or not isinstance(target.value, ast.Name) \
            or any(isinstance(n, ast.NamedExpr) for n in ast.walk(stmt)):
        return stmt
    index = target.slice
    items = index.elts if isinstance(index, ast.Tuple) else [index]
    if any(isinstance(i, ast.Starred) for i in items) or not any(isinstance(i, ast.Slice) for i in items):
        return stmt
    items = [_slice(i) if isinstance(i, ast.Slice) else i for i in items]
    index = ast.Tuple(elts=items, ctx=ast.Load()) if isinstance(index, ast.Tuple) else items[0]
    base = ast.Name(id=target.value.id, ctx=ast.Load())
    return A.at(ast.Expr(value=A.call(A.name(helper), base, index, stmt.value)), stmt)


def _slice(s):
    """``lo:hi:step`` as ``slice(lo, hi, step)``."""
    parts = [p if p is not None else A.const(None) for p in (s.lower, s.upper, s.step)]
    return A.call(A.name("slice"), *parts)


def _names_in_order(stmt):
    """``(Name, read, stored)`` for each name of ``stmt`` in evaluation order: an assignment's
    value before its targets, an augmented assignment's target read and stored after its value."""
    if isinstance(stmt, ast.Assign):
        nodes = _names(stmt.value) + [n for t in stmt.targets for n in _names(t)]
    elif isinstance(stmt, ast.AugAssign):
        if isinstance(stmt.target, ast.Name):
            return [(n, True, False) for n in _names(stmt.value)] + [(stmt.target, True, True)]
        nodes = _names(stmt.value) + _names(stmt.target)
    else:
        nodes = _names(stmt)
    return [(n, isinstance(n.ctx, ast.Load), isinstance(n.ctx, ast.Store)) for n in nodes]


def _names(node):
    return [n for n in ast.walk(node) if isinstance(n, ast.Name)]
