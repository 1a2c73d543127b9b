"""Assembling the adjoint: forward sweep, seed, reverse sweep, and the accumulations lowered.

``_assemble`` joins the reverse stage's two sweeps into one function body returning
``(value, gradients...)``; ``_finish`` lowers the accumulations and creates the gradients
still zero with their parameter's shape. Invariant: every gradient returned is defined on
every path (``_must_assign``, ``_placeholders``); ``_int_names`` finds the names that only
ever hold Python ints (loop indices, counters), which are never differentiated.
"""
import ast

from . import astutil as A
from .analyses import containers, tape
from .frontend.resolve import np_ref
from .transforms.accumulate import ZERO
from .transforms.reverse import accum


def _add_counters(stmts, namer, active):
    tape.mark_active(stmts, active)
    for i in range(len(stmts) - 1, -1, -1):
        s = stmts[i]
        if isinstance(s, (ast.If, ast.For, ast.While)):
            _add_counters(s.body, namer, active)
            _add_counters(s.orelse, namer, active)
        if isinstance(s, ast.While) and s._s2sad_active:
            n = s._s2sad_count = namer.fresh("n_iter")
            s.body.insert(0, A.at(A.assign(n, ast.BinOp(A.name(n), ast.Add(), A.const(1))), s))
            stmts.insert(i, A.at(A.assign(n, A.const(0)), s))


def _assemble(fdef, body, ret, rev, active, wrt, taped, namer, agg, wrt_flat, aux=False):
    """forward sweep + seed + reverse sweep + return (value, gradients...)."""
    dout = namer.fresh("dout")
    fdef.args.args.append(ast.arg(arg=dout))
    fdef.args.defaults = [A.const(1.0)]
    forward = rev.forward(body)
    rev.maybe_undefined = _bound_in(forward) - _must_assign(forward, set(a.arg for a in fdef.args.args))
    outs = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
    value = ret.value
    if any(n in taped for o in outs for n in A.names_in(o)):   # a rebuilt aux dict holds names
        keep = namer.fresh("value")
        forward.append(A.at(A.assign(keep, ret.value), ret))
        value = A.name(keep)
    seed = []
    for k, o in enumerate(outs[:1] if aux else outs):
        if isinstance(o, ast.Name) and o.id in active:
            g = A.name(dout) if len(outs) == 1 or aux else \
                ast.Subscript(value=A.name(dout), slice=A.const(k), ctx=ast.Load())
            seed.append(A.at(accum(rev.adj(o.id), g, o.id), ret))
    reverse = seed + rev.reverse(body)
    for p in wrt_flat:
        rev.adj(p)
    tapes = [A.at(A.assign(t, ast.List(elts=[], ctx=ast.Load())), ret) for t in rev.list_tapes()]
    grads = [agg.gradient(p, rev.adj) if p in agg.param_layouts else A.name(rev.adj(p)) for p in wrt]
    result = ast.Tuple(elts=[A.clone(value)] + grads, ctx=ast.Load())
    return tapes + forward + reverse + [A.at(ast.Return(value=result), ret)]


def _must_assign(stmts, defined):
    """Names assigned on every path through ``stmts`` (a loop's body may not run)."""
    for s in stmts:
        if isinstance(s, ast.If):
            defined = _must_assign(s.body, set(defined)) & _must_assign(s.orelse, set(defined))
        elif not isinstance(s, (ast.For, ast.While)):
            defined = defined | set(tape.assigned(s))
    return defined


def _bound_in(stmts):
    """Names bound somewhere in ``stmts``. A write into an element (``G[:] = v``, an append) binds
    nothing: the name must be bound already (a global's data parameter), so it is not counted."""
    return {t for s in stmts for n in A.walk(s) if isinstance(n, ast.Assign) and not hasattr(n, "_s2sad_append")
            and not isinstance(n.targets[0], ast.Subscript) for t in tape.assigned(n)}


def _placeholders(body, rev, kinds, compiled):
    """A value assigned only on some paths (before an early return) may be read for its shape
    where the reverse sweep joins paths: give it an empty placeholder of its rank first. The
    gradient built from it is never used: that path never assigned the value."""
    shaped = {n.args[0].id for s in body for n in A.walk(s) if isinstance(n, ast.Call) and n.args
              and isinstance(n.args[0], ast.Name) and getattr(n.func, "id", "").startswith(("zeros_like", "zeros_pieces"))}
    # a value saved before a loop's body rebinds it (analyses/shape_keep.py) is saved on the first
    # iteration too, before anything bound it
    # (pushed as it is or copied: `tape_v.append(v)`, `tape_v.append(np.copy(v))`)
    tapes = set(getattr(rev, "tapes", {}).values())
    shaped |= {m.id for s in body for n in A.walk(s) if isinstance(n, ast.Call) and len(n.args) == 1
               and isinstance(n.func, ast.Attribute) and n.func.attr == "append"
               and isinstance(n.func.value, ast.Name) and n.func.value.id in tapes
               for m in ast.walk(n.args[0]) if isinstance(m, ast.Name)}
    out = []
    tuples = containers.tuple_or_list_valued(body) if compiled else set()
    for v in sorted(shaped & getattr(rev, "maybe_undefined", set())):
        r = kinds.get(v)
        if (r is None or v in tuples) and compiled:
            continue        # numba types it from its assignments (an array placeholder would clash)
        empty = ast.Call(func=np_ref("np.empty"), args=[A.const((0,) * r)], keywords=[]) if r else A.const(None)
        out.append(A.assign(v, empty if r != 0 else A.const(0.0)))
    return out


def _finish(acc, stmts, rev, wrt, namer, leaves=None):
    """Lower the accumulations; a gradient still zero at the end is created with the
    parameter's shape (from its entry value if the function rebinds the parameter; for an
    entry of a dict or tuple parameter, ``leaves[p]``, from that entry read afresh: the
    function may never read it, and then nothing assigns its name)."""
    state = {}
    body = acc.block(stmts[:-1], state)
    rebound = {t for s in stmts for n in A.walk(s) if isinstance(n, ast.stmt) for t in tape.assigned(n)}
    entry = []
    for p in wrt:
        b = rev.adj(p)
        if state.get(b, ZERO) != ZERO:
            continue
        if (p in rebound or p in (leaves or {})) and acc.kinds.get(p) != 0:
            keep = namer.fresh(p + "_entry")
            entry.append(A.assign(keep, A.clone(leaves[p]) if p in (leaves or {}) else A.name(p)))
            acc.primal_of[b] = keep
        body.append(acc.materialize(b))
    return entry + body + [stmts[-1]]


INT_CALLS = {"len", "int"}
INT_WITHOUT_AXIS = {"round", "argmax", "argmin", "np.argmax", "np.argmin", "numpy.argmax", "numpy.argmin"}


def _int_names(stmts, seeds=()):
    """Names that only ever hold Python ints (loop indices, counters, len(...)); ``seeds``: names
    assigned nowhere in ``stmts`` (parameters) known to hold ints."""
    sites = {v: [] for v in seeds}
    for node in (n for s in stmts for n in A.walk(s)):
        if isinstance(node, ast.For):
            sites.setdefault(node.target.id, []).append(A.const(0))
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            sites.setdefault(node.targets[0].id, []).append(node.value)
    ints = set(sites)
    changed = True
    while changed:
        changed = False
        for name in sorted(ints):
            if not all(_is_int(v, ints) for v in sites[name]):
                ints.discard(name)
                changed = True
    return ints


def _is_int(v, ints):
    if isinstance(v, ast.Constant):
        return isinstance(v.value, int) and not isinstance(v.value, bool)
    if isinstance(v, ast.Name):
        return v.id in ints
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
        return _is_int(v.left, ints) and _is_int(v.right, ints)
    if isinstance(v, ast.Call):
        path = A.dotted_path(v.func) or ""
        last = path.split(".")[-1]
        if last in ("min", "max") and "." not in path:
            return all(_is_int(a, ints) for a in v.args)
        if path in INT_WITHOUT_AXIS:  # np.argmax(X, axis=1) is an array; round(x, 2) a float
            return len(v.args) == 1 and not v.keywords
        return path in INT_CALLS
    if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Attribute):
        return v.value.attr == "shape"
    if isinstance(v, ast.Attribute):
        return v.attr in ("size", "ndim")
    return False
