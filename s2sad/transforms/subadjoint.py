"""Adjoints of pieces of a function, generated as functions of their own.

A checkpointed loop's body (``transforms/checkpoint.py``) is differentiated
on its own: ``adjoint_function`` runs the same stages as the whole function
(kinds, tape, reverse, accumulate, optimize) over a normalized statement list
and wraps the result as

    def name(*params, *b_in):       # primal inputs, then incoming adjoints
        <forward sweep, with its own tape>
        <reverse sweep>
        return b_out...             # adjoints of the requested inputs

Invariant: the adjoints the function receives are its own to change in place
(its caller hands over arrays nobody else holds), and those it returns are its
caller's own in the same sense: one that may share memory with another name
when the sweep ends is copied first.
"""
import ast
from dataclasses import dataclass, field

from .. import astutil as A
from ..analyses import kinds as kinds_mod
from ..analyses import prealloc, tape
from ..analyses.ir import walk_ops
from ..analyses.shapes import stable_shapes
from ..frontend.resolve import np_ref
from ..rules import grad_list, runtime, schedule
from .accumulate import OWN, SHARED, ZERO, Accumulate
from .optimize import fold, optimize
from .reverse import Reverse


@dataclass
class Context:
    """What the enclosing build knows: source, names, activity, target."""
    src: object
    ns: object
    namer: object
    active: set
    compiled: bool = False
    int_names: set = field(default_factory=set)
    params: list = field(default_factory=list)
    param_kinds: dict = field(default_factory=dict)


def function(name, params, body, like=None):
    """A plain ``def name(*params): body`` node."""
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params], vararg=None,
                         kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
    fdef = ast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None,
                           type_comment=None)
    return A.at(fdef, like) if like is not None else fdef


def returns(names):
    value = A.name(names[0]) if len(names) == 1 else ast.Tuple(elts=[A.name(n) for n in names], ctx=ast.Load())
    return ast.Return(value=value)


def adjoint_function(name, body, params, param_kinds, adjoints, ctx, like=None, doc=None, lower=False, lists=()):
    """``def name(*params, *b_adjoints)``: differentiate ``body`` (consumed) with
    respect to the active ``params``; each name in ``adjoints`` brings its incoming
    adjoint (seed or accumulator) and gets back its adjoint at the start of ``body``;
    of those in ``lists`` (lists), cut to the list's length at the end of ``body`` (``grad_list.cut``)."""
    from ..pipeline_assemble import _bound_in, _int_names, _must_assign, _placeholders
    ns, namer = ctx.ns, ctx.namer
    kind = kinds_mod.infer(body, param_kinds, ns)
    kind.stable = stable_shapes(body, params, ns, kind, ragged=not ctx.compiled)
    _, mutated = tape.analyze(body, ctx.active, walk_ops(body, ns), kind, frozenset(ns.objects), params)
    layout = prealloc.plan(body, ctx.active, kind) if ctx.compiled else None
    rev = Reverse(ctx.src, namer, ns, ctx.active, mutated, kind, layout)
    b_in = [rev.adj(v) for v in adjoints]
    forward = rev.forward(body)
    rev.maybe_undefined = _bound_in(forward) - _must_assign(forward, set(params))
    reverse = rev.reverse(body)
    tapes = [A.assign(t, ast.List(elts=[], ctx=ast.Load())) for t in rev.list_tapes()]
    for node in (n for s in reverse for n in ast.walk(s)):
        if hasattr(node, "_acc"):
            fold(node)
    acc = Accumulate(ns, {b: v for v, b in rev.adjoints.items()}, ctx.int_names | _int_names(body),
                     runtime, kind)
    state = {b: OWN for b in b_in}
    code = acc.block(reverse, state)
    entry = _own_results(acc, state, adjoints, rev, kind, forward, namer, code)
    head = _placeholders(code, rev, kind, ctx.compiled)
    text = [ast.Expr(value=A.const(doc))] if doc else []
    cuts = [A.assign(rev.adj(v), A.call(A.name(ns.bind("cut", grad_list.cut)), A.name(rev.adj(v)), A.name(v)))
            for v in adjoints if v in lists]
    fdef = function(name, list(params) + b_in, text + tapes + entry + head + forward + cuts + code
                    + [returns(b_in)], like)
    optimize(fdef, ns, tapes=set(rev.tapes.values()))
    if lower and ctx.compiled:    # the numba stages the whole function's adjoint runs
        from ..backends import numba_lower
        numba_lower.lower(fdef, ns, kind, {b: v for v, b in rev.adjoints.items()}, set(rev.tapes.values()))
    return fdef


def _own_results(acc, state, adjoints, rev, kind, forward, namer, code):
    """Make every returned adjoint exist (zeros if nothing reached it) and be owned;
    returns statements to run first (entry values whose shapes the zeros need)."""
    entry = []
    assigned = _assigned_in(forward)
    for v in adjoints:
        b = rev.adj(v)
        st = state.get(b, ZERO)
        if st == ZERO:
            if v in assigned and kind.get(v) != 0:
                keep = namer.fresh(v + "_entry")
                entry.append(A.assign(keep, v))
                acc.primal_of[b] = keep
            code.append(acc.materialize(b))
        elif st == SHARED and kind.get(v) != 0:
            code.append(acc.copy(b) if kind.get(v) is not None else
                        A.assign(b, A.call(acc.helper(schedule.snapshot), A.name(b))))
    return entry


def _assigned_in(stmts):
    return {t for s in stmts for n in ast.walk(s) if isinstance(n, ast.stmt) for t in tape.assigned(n)}


def is_flag(v, body):
    """True if every value assigned to ``v`` is a truth value."""
    values = [n.value for s in body for n in ast.walk(s) if isinstance(n, ast.Assign)
              and isinstance(n.targets[0], ast.Name) and n.targets[0].id == v]
    return bool(values) and all(isinstance(x, (ast.Compare, ast.BoolOp)) or isinstance(x, ast.UnaryOp)
                                and isinstance(x.op, ast.Not) or isinstance(x, ast.Constant)
                                and isinstance(x.value, bool) for x in values)


def placeholder(v, ranks, int_names, body):
    """A value of ``v``'s type for a variable that may have none yet (never read as such:
    the function would fail where it were): 0, False, 0.0, an empty array of its rank."""
    rank = ranks.get(v)
    if v in int_names:
        return A.const(0)
    if is_flag(v, body):
        return A.const(False)
    if rank == 0:
        return A.const(0.0)
    if rank is None:
        return A.const(None)
    return ast.Call(func=np_ref("np.empty"), args=[A.const((0,) * rank)], keywords=[])
