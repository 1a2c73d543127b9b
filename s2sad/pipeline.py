"""The compiler pipeline, one stage per module, each stage's output printable.

    parse -> check -> lower -> anf -> inline -> activity -> tape -> reverse
          -> fold -> accumulate -> optimize [-> jit] -> emit

(``jit``: the numba backend's rewrites, with ``jit=True`` only.)

Set ``S2SAD_DUMP=anf,reverse`` (stage names, or ``all``) to print the code
after those stages while a gradient is built; ``build(..., stop_after=NAME)``
returns the code after one stage (used by ``s2sad show --stage``).
"""
import ast
import os
import sys
from dataclasses import dataclass, field

import numpy as np

from . import astutil as A
from .analyses import activity, kinds, prealloc, sequences, tape
from .analyses.alias import Aliasing
from .analyses.shapes import stable_shapes
from .analyses.ir import resolve, walk_ops
from .backends import emit
from .errors import no_derivative, unsupported
from .frontend.anf import ANF, rename_redefinitions
from .frontend.check import check_function
from .frontend.desugar import Desugar
from .frontend.lift import lift_nested
from .frontend.lower import Lowerer
from .frontend.parsing import parse_function
from .frontend.resolve import Resolver, bind_globals, np_ref
from . import scopes
from .names import Namer, Namespace, all_names
from .rules import grads, registry, runtime  # noqa: F401  (grads registers the rule table)
from .transforms.accumulate import ZERO, Accumulate
from .transforms.aggregates import Aggregates
from .transforms.inline import expand, splice, untuple
from .transforms.optimize import fold, optimize
from .transforms import split
from .transforms.reverse import Reverse, accum

STAGES = ["parse", "lower", "anf", "inline", "reverse", "accumulate", "optimize", "jit"]
MAX_INLINE_DEPTH = 64      # nested helper calls; recursion is detected by the call chain


@dataclass
class Built:
    name: str
    source: str
    function: object
    params: list
    wrt: list
    n_outputs: int
    namespace: dict = field(default_factory=dict)
    filename: str = ""
    timings: dict = field(default_factory=dict)
    tree: object = None            # the final FunctionDef (the numba backend re-emits it)
    data: list = field(default_factory=list)     # [(parameter, scopes.Origin)]: globals passed in
    guard: object = None                          # scopes.make_guard: current data values, or None
    raw: object = None                            # the generated function, data parameters included
    companions: list = field(default_factory=list)  # the functions it calls: split, checkpointed loops
    ranks: object = None                          # (rank of each primal name, adjoint -> primal), jit only

    def __post_init__(self):
        self.raw = self.raw or self.function
        if self.guard is not None:     # (*params, dout): guarded, with the current globals
            self.function = scopes.live(self)


class _Stop(Exception):
    def __init__(self, text):
        self.text = text


def _dump(stage, node, stop_after):
    wanted = os.environ.get("S2SAD_DUMP", "")
    text = None
    if stop_after == stage or stage in wanted.split(",") or wanted == "all":
        text = emit.to_source(node)
        if stop_after == stage:
            raise _Stop(text)
        print(f"# ---- s2sad: after stage {stage} ----\n{text}", file=sys.stderr)


def frontend(func, namer=None, ns=None, stop_after=None, wrt=None, src=None):
    """parse -> check -> lower -> anf for one function; returns (Source, FunctionDef).
    ``wrt``: for the function differentiated, its parameters that are (see ``_inert``);
    ``src``: ``parse_function(func)`` when the caller has it (this takes its tree over)."""
    src = src if src is not None else parse_function(func)
    fdef = src.tree
    namer = namer or Namer(all_names(fdef))
    lift_nested(src, fdef, namer)
    Desugar(src, namer).function(fdef)
    check_function(src, fdef)
    inert = _inert(fdef, wrt) if wrt is not None else ()
    Lowerer(src, namer).function(fdef)
    _dump("lower", fdef, stop_after)
    ANF(src, namer, Resolver(src, A.assigned_locals(fdef), inert)).function(fdef)
    rename_redefinitions(fdef, namer)
    for node in A.walk(fdef):
        if isinstance(node, ast.stmt):
            node._s2sad_src = src
    if ns is not None:
        bind_globals(src, fdef.body, A.assigned_locals(fdef), ns)
    return src, fdef


def _inert(fdef, wrt):
    """Parameters not differentiated and never assigned: their attributes (``self.k``) are
    plain values (the function cannot give them a derivative)."""
    stored = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return {a.arg for a in fdef.args.args} - set(wrt) - stored


def build(func, wrt_names, stop_after=None, param_kinds=None, compiled=False, checkpoint=None, aux=False,
          lower=True):
    """Build the adjoint of ``func``; ``param_kinds`` maps parameters to ranks;
    ``compiled``: the code is for numba (tapes in counted loops become arrays, and the
    ``jit`` stage runs, unless ``lower`` is false: code that is differentiated again);
    ``checkpoint``: keep at most that many snapshots per outermost loop (transforms/checkpoint.py);
    ``aux``: ``func`` returns ``(loss, aux)`` and only ``loss`` is differentiated."""
    try:
        return _build(func, wrt_names, stop_after, param_kinds or {}, compiled, checkpoint, aux, lower)
    except _Stop as stop:
        return stop.text


def _build(func, wrt_names, stop_after, param_kinds, compiled, checkpoint=None, aux=False, lower=True):
    compiled = compiled or stop_after == "jit"
    epoch = registry.EPOCH[0]
    src = parse_function(func)
    namer = Namer(all_names(src.tree) | {"np"})
    ns = Namespace(A.assigned_locals(src.tree), namer)
    _dump("parse", src.tree, stop_after)
    src, fdef = frontend(func, namer, ns, stop_after, wrt_names, src)
    params = [a.arg for a in fdef.args.args]
    _dump("anf", fdef, stop_after)
    body, ret = fdef.body[:-1], fdef.body[-1]
    outputs = activity.output_names(ret)[:1] if aux else activity.output_names(ret)
    agg = Aggregates(src, namer, param_kinds)
    reads, leaves = agg.parameters(params, body[0] if body else ret)
    body = reads + body
    wrt_flat = [leaf for p in wrt_names for leaf in leaves.get(p, [p])]
    body, active = _inline_and_analyze(body, ns, namer, wrt_flat, outputs,
                                       (src, params, param_kinds, agg, ret, compiled))
    ret = agg.returned(ret, aux, compiled)
    fdef.body = body + [ret]
    _dump("inline", fdef, stop_after)
    _add_counters(body, namer, active)
    kind = kinds.infer(body, param_kinds, ns)
    kinds.check_extremes(body, kind, active, ns)
    kind.stable = stable_shapes(body, params, ns, kind)
    ckpt_ctx = _context(src, ns, namer, active, compiled, body, params, param_kinds)
    body, companions = split.finish(ns, body, kind, ckpt_ctx)
    if checkpoint:
        from .transforms import checkpoint as ckpt
        body, more = ckpt.apply(body, ret, params, checkpoint, ckpt_ctx, kind)
        companions += more
    taped, mutated = tape.analyze(body, active, walk_ops(body, ns), kind, frozenset(ns.objects), params)
    layout = prealloc.plan(body, active, kind) if compiled else None
    rev = Reverse(src, namer, ns, active, mutated, kind, layout)
    fdef.body = _assemble(fdef, body, ret, rev, active, wrt_names, taped, namer, agg, wrt_flat, aux)
    fdef.name = namer.fresh(f"{src.name}_adjoint")
    _dump("reverse", fdef, stop_after)
    for node in ast.walk(fdef):
        if hasattr(node, "_acc"):  # fold adjoint code only: `x * 1.0` must stay a copy in the forward sweep
            fold(node)
    acc = Accumulate(ns, {b: v for v, b in rev.adjoints.items()}, _int_names(body), runtime, kind)
    fdef.body = _finish(acc, fdef.body, rev, wrt_flat, namer)
    fdef.body[:0] = [A.at(s, ret) for s in _placeholders(fdef.body, rev, kind, compiled)]
    _dump("accumulate", fdef, stop_after)
    optimize(fdef, ns, tapes=set(rev.tapes.values()))
    data = scopes.parametrize(fdef, ns, len(params))
    _dump("optimize", fdef, stop_after)
    if compiled and lower:
        from .backends import numba_lower
        numba_lower.lower(fdef, ns, kind, {b: v for v, b in rev.adjoints.items()})
        _dump("jit", fdef, stop_after)
    ns.bind("np", np)
    used = scopes.used_objects(fdef, ns)
    used.update({k: ns.objects[k] for f in companions for k in all_names(f) if k in ns.objects})
    source, fn, filename = emit.compile_function(fdef, used, src.name, companions)
    n_out = len(ret.value.elts) if isinstance(ret.value, ast.Tuple) else 1
    guard = scopes.make_guard(scopes.collect(ns), data, registry.EPOCH, epoch)
    ranks = (kind, {b: v for v, b in rev.adjoints.items()}) if compiled and lower else None
    return Built(src.name, source, fn, params, wrt_names, n_out,
                 used, filename, data=data, guard=guard, tree=fdef, companions=companions, ranks=ranks)


def _context(src, ns, namer, active, compiled, body, params, param_kinds):
    from .transforms.subadjoint import Context
    return Context(src, ns, namer, active, compiled, _int_names(body), params, param_kinds)


def _inline_and_analyze(body, ns, namer, wrt, outputs, context):
    src, params, param_kinds, agg, ret, compiled = context
    # until the aggregates stage, a dict (or tuple) parameter's items are read through its name
    whole = wrt + [p for p in agg.param_layouts if p not in wrt]
    for _ in range(MAX_INLINE_DEPTH):
        ops = walk_ops(body, ns)
        active, varied = activity.analyze(ops, whole, outputs)
        written = _written(ops)
        calls = {id(op.stmt): op for op in ops
                 if op.kind == "helper" and (any(t in active or t in written for t in op.targets)
                                             or compiled and scopes.reads_data(op.func))}
        calls = split.recursive_calls(calls, ns, namer)  # recursive ones are called, split, not inlined
        if not calls:
            body = agg.run(body)
            ranks = kinds.infer(body, param_kinds, ns)
            scalars = {p for p in params if param_kinds.get(p) == 0}
            body = Aliasing(src, ns, ranks, [p for p in params if p not in scalars], namer).run(body, [ret])
            outputs = activity.output_names(ret)  # a parameter copied on entry is returned by its new name
            ops = walk_ops(body, ns)
            active, varied = activity.analyze(ops, wrt, outputs)
            _check_unknown(ops, active)
            sequences.check(ops, active)
            _check_effects(ops, varied, ns)
            return body, active
        tuples, replace = {}, {}
        for k, op in calls.items():
            chain = _call_chain(op, src.func)
            replace[k] = _mark_chain(expand(op.stmt, op, lambda f: frontend(f, None, ns), namer, tuples),
                                     chain + (op.func,))
        body = splice(body, replace)
        untuple(body, tuples, lambda s: getattr(s, "_s2sad_src", None))
    op = next(iter(calls.values()))
    path = " -> ".join(f.__name__ for f in _call_chain(op, src.func) + (op.func,))
    raise unsupported(op.stmt._s2sad_src, op.stmt, f"helpers nested more than {MAX_INLINE_DEPTH} calls deep "
                      f"({path})", "Merge some of the helpers.")


def _call_chain(op, top):
    """The helpers (outermost first) whose inlining produced ``op``; refuse recursion."""
    chain = getattr(op.stmt, "_s2sad_chain", (top,) if top is not None else ())
    if op.func in chain:
        cycle = chain[chain.index(op.func):] + (op.func,)
        how = "calls itself" if len(cycle) == 2 else "calls itself through " + " -> ".join(
            f.__name__ for f in cycle)
        raise unsupported(op.stmt._s2sad_src, op.stmt, f"the recursive function `{op.func.__name__}` (it {how})",
                          "Rewrite the recursion as a loop.")
    return chain


def _mark_chain(stmts, chain):
    for s in stmts:
        for node in A.walk(s):
            if isinstance(node, ast.stmt):
                node._s2sad_chain = chain
    return stmts


def _written(ops):
    """Names written into (``x[i] = v``) or written with (the values of ``x[i] = v`` and ``x += v``):
    a helper producing one is inlined, since the dependency may reach the output only through
    memory the alias stage follows later."""
    out = set()
    for op in ops:
        if op.kind == "setitem" or getattr(op.stmt, "_s2sad_inplace", False):
            out |= set(op.targets) | set(op.operands)
    for _ in range(len(ops)):          # and what those values are computed from
        more = {o for op in ops if set(op.targets) & out for o in op.operands} - out
        if not more:
            break
        out |= more
    return out


def _check_unknown(ops, active):
    """A differentiated value that reaches a call with no rule, or a parameter its rule has no
    line for, is refused: dropping it would give a silently wrong (zero) derivative."""
    for op in ops:
        if not any(t in active for t in op.targets):
            continue
        fname = getattr(op.func, "__name__", None) or str(op.func or "this call")
        for param, name in op.blocked:
            if name in active:
                raise no_derivative(op.stmt._s2sad_src, op.stmt, fname, name, param)
        if op.kind == "unknown":
            bad = [o for o in op.operands if o in active]
            if bad:
                raise no_derivative(op.stmt._s2sad_src, op.stmt, fname, bad[0])
        if op.kind == "helper" and any(o in active for o in op.operands):
            # found active only once writes through shared arrays were followed: not inlined
            raise unsupported(op.stmt._s2sad_src, op.stmt, f"the call to `{fname}`, whose result reaches "
                              "the output only through an array written in place",
                              "Assign the call's result to a new name before the in-place update "
                              "(`v = f(...); x = x + v`), or copy the array first.")


HARMLESS_EFFECTS = {print}


def _check_effects(ops, varied, ns):
    """A call kept only for its effect (``xs.append(v)``) would hide a dependency."""
    for op in ops:
        stmt = op.stmt
        if op.kind != "effect" or not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
            continue
        if resolve(ns, stmt.value.func) in HARMLESS_EFFECTS:
            continue
        used = [n for n in A.names_in(stmt.value) if n in varied]
        if used:
            call = A.dotted_path(stmt.value.func) or "this call"
            raise unsupported(stmt._s2sad_src, stmt, f"`{call}(...)` here: its result is discarded and it "
                              f"receives the differentiated value `{used[0]}`, which it may store or change "
                              "where s2sad cannot follow (like list.append)",
                              "Allocate an array with np.zeros(n) and assign its elements: `ys[i] = value`.")


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
    rev.maybe_undefined = _assigned_in(forward) - _must_assign(forward, set(a.arg for a in fdef.args.args))
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


def _assigned_in(stmts):
    return {t for s in stmts for n in A.walk(s) if isinstance(n, ast.stmt) for t in tape.assigned(n)}


def _placeholders(body, rev, kinds, compiled):
    """A value assigned only on some paths (before an early return) may be read for its shape
    where the reverse sweep joins paths: give it an empty placeholder of its rank first. The
    gradient built from it is never used: that path never assigned the value."""
    shaped = {n.args[0].id for s in body for n in A.walk(s) if isinstance(n, ast.Call) and n.args
              and isinstance(n.args[0], ast.Name) and getattr(n.func, "id", "").startswith("zeros_like")}
    out = []
    for v in sorted(shaped & getattr(rev, "maybe_undefined", set())):
        r = kinds.get(v)
        if r is None and compiled:
            continue
        empty = ast.Call(func=np_ref("np.empty"), args=[A.const((0,) * r)], keywords=[]) if r else A.const(None)
        out.append(A.assign(v, empty if r != 0 else A.const(0.0)))
    return out


def _finish(acc, stmts, rev, wrt, namer):
    """Lower the accumulations; a gradient still zero at the end is created with the
    parameter's shape (from its entry value if the function rebinds the parameter)."""
    state = {}
    body = acc.block(stmts[:-1], state)
    rebound = {t for s in stmts for n in A.walk(s) if isinstance(n, ast.stmt) for t in tape.assigned(n)}
    entry = []
    for p in wrt:
        b = rev.adj(p)
        if state.get(b, ZERO) != ZERO:
            continue
        if p in rebound and acc.kinds.get(p) != 0:
            keep = namer.fresh(p + "_entry")
            entry.append(A.assign(keep, p))
            acc.primal_of[b] = keep
        body.append(acc.materialize(b))
    return entry + body + [stmts[-1]]


INT_CALLS = {"len", "int"}
INT_WITHOUT_AXIS = {"round", "argmax", "argmin", "np.argmax", "np.argmin", "numpy.argmax", "numpy.argmin"}


def _int_names(stmts):
    """Names that only ever hold Python ints (loop indices, counters, len(...))."""
    sites = {}
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
