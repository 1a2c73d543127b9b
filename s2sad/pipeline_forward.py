"""The forward-mode pipeline: ``jvp`` (tangents beside primals) and ``hvp``
(forward over reverse: the forward pipeline run on a generated adjoint).

    parse -> check -> lower -> anf -> inline -> activity -> forward -> optimize -> emit

The front end and inlining are the reverse pipeline's (``pipeline.frontend``);
what differs is that the forward rule table (``rules/tangents.py``) decides which
calls carry derivatives, and that no tape is needed. ``S2SAD_DUMP=forward`` (or
``all``) prints the code after the forward stage.
"""
import ast

import numpy as np

from . import arguments
from . import astutil as A
from . import pipeline, pipeline_inline
from .pipeline_frontend import parsed_front_end
from . import scopes
from .scope_guard import make_guard
from .analyses import activity, complexity, forward_activity, int_writes, kinds, objects
from .analyses.expr_ranks import of_value
from .analyses.sequences import check_pops
from .analyses.alias import Aliasing, copied_params, written_globals
from .analyses.attribute_calls import check_attribute_calls
from .transforms.aggregates import Aggregates
from .transforms.lookup_dicts import lookup_tables
from .analyses.ir import resolve
from .analyses.list_names import int_names, list_names, sure_sequences
from .names import users_names
from .backends import emit, ieee_ops
from .errors import NonScalarOutputError, S2sadError
from .rules import registry
from .rules.runtime_sequences import copy_method
from .rules.schedule import param_snapshot, snapshot
from .rules import tangents, tangents_adjoint, tangents_adjoint_more, tangents_adjoint_linalg  # noqa: F401  (register the forward rule tables)
from .transforms.adjoint_source import adjoint_function, readable_pops
from .analyses.memory_groups import memory_groups
from .transforms.forward import Forward
from .transforms.optimize import optimize
from .transforms.purity import redraw_refusal
from .transforms import split

STAGES = ["parse", "lower", "anf", "inline", "forward", "optimize"]


def build_jvp(func, wrt, param_kinds=None, stop_after=None, name=None, comments=True, finalize=None,
              alias=True, objects=None, compiled=False):
    """Build ``func_jvp(*params, *t_wrt) -> (value, tangent)`` (a ``pipeline.Built``;
    the code after stage ``stop_after`` as text if given). ``alias=False`` skips the
    alias stage: for generated adjoints, whose writes never reach another live name
    (the accumulate stage copies first); ``objects``: fixed parameters read like closure
    variables (``frontend/bound_objects.py``); ``compiled``: numba compiles the code (``jit=True``)."""
    try:
        with users_names():
            return _build(func, list(wrt), param_kinds or {}, stop_after, name, comments, finalize, alias, objects,
                          compiled)
    except pipeline._Stop as stop:
        return stop.text


def _build(func, wrt, param_kinds, stop_after, name, comments, finalize, alias, objects=None, compiled=False):
    epoch = registry.EPOCH[0]
    src, fdef, namer, ns = parsed_front_end(func, objects, stop_after, wrt, param_kinds, forward=True,
                                           generated=not alias)
    params = [a.arg for a in fdef.args.args]
    body, ret = fdef.body[:-1], fdef.body[-1]
    agg = Aggregates(src, namer, param_kinds, ns.objects)
    reads, leaves = agg.parameters(params, body[0] if body else ret, lookup_tables(body + [ret], params, wrt))
    if any(p in leaves for p in wrt):
        raise S2sadError(f"{src.name}: forward mode and second order take tangents of numbers and arrays; "
                         f"`{next(p for p in wrt if p in leaves)}` is a dict. Pass its values as separate "
                         "arguments (grad differentiates dict parameters).")
    body, active, ops = _inline_and_analyze(reads + body, ns, namer, wrt, activity.output_names(ret),
                                            (src, params, param_kinds, agg, alias, ret))
    fdef.body = body + [ret]
    pipeline._dump("inline", fdef, stop_after)
    redraws, written = redraw_refusal(body, ns, src), copied_params(body) + written_globals(ops, body, ns)
    rank = kinds.infer(body, param_kinds, ns)
    kinds.check_extremes(body, rank, active, ns)
    groups = memory_groups(ops)
    fwd = Forward(src, namer, ns, active, rank, _mutated(ops, groups), comments)
    fwd.grown = _list_tangents(ops, groups, _may_be_lists(body, ns, param_kinds))
    module = ast.Module(body=body, type_ignores=[])
    fwd.ints = int_names(module)
    fwd.sequences = sure_sequences(module, fwd.ints)
    tangent_params = [fwd.tan(p) for p in wrt]
    fdef.args.args += [ast.arg(arg=t) for t in tangent_params]
    fdef.args.defaults = []
    fdef.body = _zero_tangents(fwd, fdef, params, active, wrt) + fwd.block(body) + [fwd.finish(ret)]
    fdef.name = namer.fresh(name or f"{src.name}_jvp")
    pipeline._dump("forward", fdef, stop_after)
    optimize(fdef, ns, _with_tangents(groups, fwd.tangents))
    if finalize is not None:
        finalize(fdef, ns)
    if not compiled:        # (numba's stage writes the helper its own way: backends/specialize.py)
        ieee_ops.rewrite(fdef, ns, rank, {t: v for v, t in fwd.tangents.items()})
    data = scopes.parametrize(fdef, ns, len(params))   # globals read: parameters after the function's own
    pipeline._dump("optimize", fdef, stop_after)
    ns.bind("np", np)
    used = scopes.used_objects(fdef, ns)
    source, fn, filename = emit.compile_function(fdef, used, src.name)
    n_out = len(ret.value.elts) if isinstance(ret.value, ast.Tuple) else 1
    guard = make_guard(scopes.collect(ns), data, registry.EPOCH, epoch, func,
                       values=scopes.collect_values(ns))
    built = pipeline.Built(src.name, source, fn, params, wrt, n_out, used, filename, data=data, guard=guard,
                           origin=src, redraws=redraws, written=written)
    built.tangent_params = tangent_params
    built.forward_tree = fdef     # its statements keep the user's source: JitErrors name the user's lines
    # ranks of the primal names and their tangents (jit: a mask of 2 or more dims is indexed by a helper)
    built.mask_ranks = {**rank, **{t: rank[v] for v, t in fwd.tangents.items() if v in rank}}
    return built


def _zero_tangents(fwd, fdef, params, active, wrt):
    """The tangents that start at zero, on entry: of a parameter not differentiated that a later
    statement makes active (``v = q`` in a loop that read ``v`` before), and of a global array the
    function writes into (``BUF[:] = x * 2``): no statement defines them before they are read."""
    entry = [A.assign(fwd.tan(p), fwd.zero(A.name(p))) for p in params if p in active and p not in wrt]
    local = set(A.assigned_locals(fdef))
    return entry + [A.assign(fwd.tan(g), fwd.zero(A.name(g))) for g in sorted(active) if g not in local]


def _with_generators(kinds_all, param_kinds, data, values):
    """The adjoint's parameters holding a random generator, as ``Kinds``: those the function was
    given one for, and the globals it reads that hold one (its data parameters): their draws in
    the adjoint are draws (``frontend/methods.generator_names``), not methods of unknown objects."""
    out = kinds.Kinds(kinds_all)
    for attr, cls in kinds.GENERATOR_KINDS.items():
        given = {name for (name, _), v in zip(data, values or ()) if type(v) is cls}
        setattr(out, attr, frozenset(getattr(param_kinds, attr, ())) | given)
    return out


def build_hvp(func, wrt, twrt=None, param_kinds=None, stop_after=None, compiled=False, objects=None):
    """Forward over reverse: ``func_hvp(*params, *data, *t_twrt) -> ((value, *grads), (t_value, *t_grads))``,
    the gradient wrt ``wrt`` and its derivative along the tangents of ``twrt`` (default: ``wrt``).
    ``compiled``: differentiate the adjoint made for numba (tapes of counted loops in arrays).
    The globals the adjoint reads (its data parameters) stay parameters; its guard is kept."""
    with split.refusing("forward mode over the adjoint (hvp, hessian, grad(grad(f)))"):
        adjoint = pipeline.build(func, list(wrt), param_kinds=param_kinds or {}, compiled=compiled,
                                 lower=False, objects=objects)     # the jit stage runs on the code built from it
    if adjoint.n_outputs != 1:
        raise NonScalarOutputError(
            f"{arguments.return_line(func)}`{func.__name__}` returns a tuple of {adjoint.n_outputs} values; a Hessian needs a scalar "
            "output. Return one value (e.g. np.sum of the parts).")
    afunc = adjoint_function(adjoint)
    values = adjoint.guard() if adjoint.guard is not None else ()
    kinds_all = dict(param_kinds or {})
    # the globals the adjoint reads are read as the function reads them: a dict stays the object
    # it is (its entries are not separate variables, as for a dict argument), so `W[k]` works
    kinds_all.update({name: None if isinstance(v, dict) else of_value(v)
                      for (name, _), v in zip(adjoint.data, values or ())})
    kinds_all = _with_generators(kinds_all, param_kinds, adjoint.data, values)
    try:
        built = build_jvp(afunc, list(twrt or wrt), kinds_all, stop_after, name=f"{adjoint.name}_hvp",
                          comments=False, finalize=readable_pops, alias=False, compiled=compiled)
    except S2sadError as exc:
        raise type(exc)(f"{exc}\n(a Hessian is the derivative of the adjoint s2sad generated for "
                        f"`{func.__name__}`, where this line is; print s2sad.grad({func.__name__}).source "
                        "to read it)") from None
    if isinstance(built, str):
        return built
    built.name, built.wrt, built.adjoint, built.origin = adjoint.name, list(wrt), adjoint, adjoint.origin
    built.params, built.twrt = adjoint.params, list(twrt or wrt)
    built.redraws, built.written = adjoint.redraws, adjoint.written
    built.differentiated = afunc.__code__.co_filename     # its JitErrors name the user's lines there
    built.data = list(adjoint.data) + list(built.data)
    built.guard = _both(adjoint.guard, built.guard)
    return built


def _both(first, second):
    """One guard for the adjoint and for the code built on it: both data tuples, or None."""
    if first is None or second is None:
        return first or second

    def guard():
        a = first()
        b = second() if a is not None else None
        return None if b is None else a + b
    guard.static = getattr(first, "static", False) and getattr(second, "static", False)
    return guard


# ---- inlining, then activity with the forward rules (analyses/forward_activity.py) ------


def _inline_and_analyze(body, ns, namer, wrt, outputs, context):
    src, params, param_kinds, agg, alias, ret = context

    def refuse_recursive(calls):
        split.refuse_recursive(calls, "forward mode (jvp)")
        return calls
    body = pipeline_inline.inline_helpers(
        body, ns, namer, src, lambda body: forward_activity.analyze(body, ns, wrt, outputs),
        lambda op, active, written: any(t in active or t in written for t in op.targets), refuse_recursive,
        agg.param_layouts, ret)
    body = agg.run(body)
    agg.returned(ret)
    check_attribute_calls(body, param_kinds)
    if alias or _inlined(body):     # a helper's code inlined into an adjoint writes as the user wrote it
        arrays = [p for p in params if param_kinds.get(p) != 0]
        sequences = [p for p in params if p in param_kinds and param_kinds[p] is None]   # lists, tuples
        body = Aliasing(src, ns, kinds.infer(body, param_kinds, ns), arrays, namer, sequences,
                        getattr(param_kinds, "numbers", ())).run(body, [ret])
        outputs = activity.output_names(ret)  # a parameter copied on entry is returned by its new name
    ops, active, varied = forward_activity.analyze(body, ns, wrt, outputs)
    body, changed = int_writes.guard(body, active, ns, namer, src, wrt)
    if changed:         # a run-time check of a write into an array that may hold integers
        ops, active, varied = forward_activity.analyze(body, ns, wrt, outputs)
    objects.check(ops, active, ns)      # before: a method of that object is an unknown call too
    forward_activity.check_unknown(ops, active)
    complexity.check(ops, active, ns, outputs, varied)
    check_pops(body, active)
    pipeline_inline._check_effects(ops, varied, ns)
    return body, active, ops


def _inlined(body):
    """Whether ``body`` holds statements inlined from a helper (``pipeline_inline._mark_chain``)."""
    return any(getattr(node, "_s2sad_chain", None) for stmt in body for node in A.walk(stmt))


def _with_tangents(groups, tangent_of):
    """The alias groups of the primals and, separately, of their tangents (a tangent is
    never a view of a primal)."""
    out = dict(groups)
    for g in groups.values():
        tg = {tangent_of[m] for m in g if m in tangent_of}
        out.update({t: tg for t in tg})
    return out


def _list_tangents(ops, groups, lists):
    """Names whose zero tangent is a list of zeros (``zeros_list``), not one array: the lists appended
    to, and the ``lists`` whose slots are rebound: ``hist[1] = k0`` may give a slot another shape,
    which one array's row would take (``zeros_list`` of an array is its zeros)."""
    grown = {op.targets[0] for op in ops if op.kind == "append"}
    grown |= {op.targets[0] for op in ops if op.kind == "setitem" and op.targets[0] in lists}
    return {m for v in grown for m in groups.get(v, {v})}


def _may_be_lists(body, ns, param_kinds):
    """Names that may hold a list: ``list_names``' (displays, their copies and slices), the parameters
    of no rank (a list, or a 0-d array: its ``zeros_list`` is its zeros), and what ``list(...)``,
    ``copy_method(xs)`` or ``snapshot(xs)`` makes of one."""
    fake = ast.FunctionDef(name="f", args=None, body=body, decorator_list=[])
    out = list_names(fake, (ast.List,), joins=True) | {p for p, k in param_kinds.items() if k is None}
    copies = [(n.targets[0].id, n.value) for n in ast.walk(fake) if isinstance(n, ast.Assign)
              and isinstance(n.targets[0], ast.Name)]
    while True:
        more = {t for t, call in copies if t not in out and _list_copy(call, out, ns)}
        if not more:
            return out
        out |= more


def _list_copy(v, lists, ns):
    """``v`` makes a list, or the same list, of a list: ``list(...)``, ``copy_method(xs)``, ``snapshot(xs)``,
    ``xs``, ``xs[i:j]``."""
    if isinstance(v, ast.Subscript) and isinstance(v.slice, ast.Slice):
        v = v.value
    if isinstance(v, ast.Name):
        return v.id in lists
    if not isinstance(v, ast.Call) or len(v.args) != 1:
        return False
    fn = resolve(ns, v.func)
    return fn is list or fn in (copy_method, snapshot, param_snapshot) and isinstance(v.args[0], ast.Name) \
        and v.args[0].id in lists


def _mutated(ops, groups):
    """Names whose value may change in place (``a[i] = v``, ``xs.append(v)``), with their aliases."""
    out = set()
    for op in ops:
        if op.kind in ("setitem", "append"):
            out |= groups.get(op.targets[0], {op.targets[0]})
    return out
