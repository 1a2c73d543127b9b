"""The compiler pipeline, one stage per module, each stage's output printable.

    parse -> check -> lower -> anf -> inline -> activity -> tape -> reverse
          -> fold -> accumulate -> optimize [-> jit] -> emit

(``jit``: the numba backend's rewrites, with ``jit=True`` only.)

Set ``S2SAD_DUMP=anf,reverse`` (stage names, or ``all``) to print the code
after those stages while a gradient is built; ``build(..., stop_after=NAME)``
returns the code after one stage (used by ``s2sad show --stage``).

This module runs the stages in order (``build``); the stage groups live beside it:
``pipeline_frontend.py`` (parse -> anf, and the dumps), ``pipeline_inline.py`` (inline,
activity, refusals), ``pipeline_assemble.py`` (the adjoint's sweeps joined, accumulations
lowered); ``pipeline_forward.py`` is the forward mode's pipeline.
"""
import ast
from dataclasses import dataclass, field

import numpy as np

from . import astutil as A
from .analyses import activity, kinds, prealloc, sequences, tape
from .analyses.shapes import stable_shapes
from .analyses.ir import walk_ops
from .analyses.alias import copied_params, written_globals
from .backends import emit
from . import scopes
from .scope_guard import make_guard
from .names import all_names, users_names
from .pipeline_assemble import _add_counters, _assemble, _finish, _int_names, _placeholders
from .pipeline_frontend import _Stop, _dump, frontend, parsed_front_end  # noqa: F401  (pipeline.frontend: tests)
from .pipeline_inline import _inline_and_analyze
from .rules import grads, registry, runtime  # noqa: F401  (grads registers the rule table)
from .transforms.accumulate import Accumulate
from .transforms.aggregates import Aggregates
from .transforms.lookup_dicts import lookup_tables
from .transforms.optimize import fold, optimize
from .transforms.purity import redraw_refusal
from .transforms import split
from .transforms.reverse import Reverse

STAGES = ["parse", "lower", "anf", "inline", "reverse", "accumulate", "optimize", "jit"]


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
    origin: object = None                         # the user's parsed source (parsing.Source): errors name its lines
    redraws: object = None                        # purity.redraw_refusal: for jacobian and hessian
    written: tuple = ()                           # alias.copied_params: checked apart at each call
    differentiated: str = ""                      # second order: the file name of the adjoint differentiated

    def __post_init__(self):
        self.raw = self.raw or self.function
        if self.guard is not None:     # (*params, dout): guarded, with the current globals
            self.function = scopes.live(self)


def build(func, wrt_names, stop_after=None, param_kinds=None, compiled=False, checkpoint=None, aux=False,
          lower=True, objects=None):
    """Build the adjoint of ``func``; ``param_kinds`` maps parameters to ranks;
    ``compiled``: the code is for numba (tapes in counted loops become arrays, and the
    ``jit`` stage runs, unless ``lower`` is false: code that is differentiated again);
    ``checkpoint``: keep at most that many snapshots per outermost loop (transforms/checkpoint.py);
    ``aux``: ``func`` returns ``(loss, aux)`` and only ``loss`` is differentiated;
    ``objects``: fixed parameters read like closure variables (``frontend/bound_objects.py``)."""
    try:
        with users_names():
            return _build(func, wrt_names, stop_after, param_kinds or {}, compiled, checkpoint, aux, lower, objects)
    except _Stop as stop:
        return stop.text


def _build(func, wrt_names, stop_after, param_kinds, compiled, checkpoint=None, aux=False, lower=True,
           objects=None):
    compiled = compiled or stop_after == "jit"
    epoch = registry.EPOCH[0]
    src, fdef, namer, ns = parsed_front_end(func, objects, stop_after, wrt_names, param_kinds)
    params = [a.arg for a in fdef.args.args]
    body, ret = fdef.body[:-1], fdef.body[-1]
    outputs = activity.output_names(ret)[:1] if aux else activity.output_names(ret)
    agg = Aggregates(src, namer, param_kinds, ns.objects)
    reads, leaves = agg.parameters(params, body[0] if body else ret, lookup_tables(body + [ret], params, wrt_names))
    body = reads + body
    wrt_flat = [leaf for p in wrt_names for leaf in leaves.get(p, [p])]
    body, active = _inline_and_analyze(body, ns, namer, wrt_flat, outputs,
                                       (src, params, param_kinds, agg, ret, compiled), compiled or not lower)
    fdef.body = body + [ret]
    _dump("inline", fdef, stop_after)
    redraws = redraw_refusal(body, ns, src)
    written = copied_params(body) + written_globals(walk_ops(body, ns), body, ns)
    body, kind, companions = _shapes_and_splits(body, ret, active, checkpoint,
                                                (src, ns, namer, compiled, params, param_kinds))
    taped, mutated = tape.analyze(body, active, walk_ops(body, ns), kind, frozenset(ns.objects), params, compiled)
    layout = prealloc.plan(body, active, kind) if compiled else None
    rev = Reverse(src, namer, ns, active, mutated, kind, layout)
    fdef.body = _assemble(fdef, body, ret, rev, active, wrt_names, taped, namer, agg, wrt_flat, aux)
    fdef.name = namer.fresh(f"{src.name}_adjoint")
    _dump("reverse", fdef, stop_after)
    for node in ast.walk(fdef):
        if hasattr(node, "_acc"):  # fold adjoint code only: `x * 1.0` must stay a copy in the forward sweep
            fold(node)
    acc = Accumulate(ns, {b: v for v, b in rev.adjoints.items()}, _int_names(body), runtime, kind)
    fdef.body = _finish(acc, fdef.body, rev, wrt_flat, namer, agg.entries)
    fdef.body[:0] = [A.at(s, ret) for s in _placeholders(fdef.body, rev, kind, compiled)]
    _dump("accumulate", fdef, stop_after)
    optimize(fdef, ns, tapes=set(rev.tapes.values()))
    data = scopes.parametrize(fdef, ns, len(params))
    _dump("optimize", fdef, stop_after)
    if compiled and lower:
        from .backends import numba_lower
        numba_lower.lower(fdef, ns, kind, {b: v for v, b in rev.adjoints.items()}, set(rev.tapes.values()))
        _dump("jit", fdef, stop_after)
    elif lower:         # (not for code differentiated again: hvp's forward sweep reads the helper)
        from .backends import ieee_ops
        ieee_ops.rewrite(fdef, ns, kind, {b: v for v, b in rev.adjoints.items()})
    ns.bind("np", np)
    used = scopes.used_objects(fdef, ns)
    used.update({k: ns.objects[k] for f in companions for k in all_names(f) if k in ns.objects})
    source, fn, filename = emit.compile_function(fdef, used, src.name, companions)
    n_out = len(ret.value.elts) if isinstance(ret.value, ast.Tuple) else 1
    guard = make_guard(scopes.collect(ns), data, registry.EPOCH, epoch, func,
                       values=scopes.collect_values(ns))
    ranks = (kind, {b: v for v, b in rev.adjoints.items()}) if compiled and lower else None
    return Built(src.name, source, fn, params, wrt_names, n_out, used, filename, data=data, guard=guard,
                 tree=fdef, companions=companions, ranks=ranks, origin=src, redraws=redraws,
                 written=written)


def _shapes_and_splits(body, ret, active, checkpoint, context):
    """The inlined body's loop counters, ranks and stable shapes, then its recursive helpers
    split off and its loops checkpointed; returns (body, kinds, companion functions)."""
    src, ns, namer, compiled, params, param_kinds = context
    _add_counters(body, namer, active)
    kind = kinds.infer(body, param_kinds, ns)
    kinds.check_extremes(body, kind, active, ns)
    sequences.check_items(body, kind, active, ns)
    kind.stable = stable_shapes(body, params, ns, kind, ragged=not compiled)
    ckpt_ctx = _context(src, ns, namer, active, compiled, body, params, param_kinds)
    body, companions = split.finish(ns, body, kind, ckpt_ctx)
    if checkpoint:
        from .transforms import checkpoint as ckpt
        body, more = ckpt.apply(body, ret, params, checkpoint, ckpt_ctx, kind)
        companions += more
    return body, kind, companions


def _context(src, ns, namer, active, compiled, body, params, param_kinds):
    from .transforms.subadjoint import Context
    return Context(src, ns, namer, active, compiled, _int_names(body), params, param_kinds)
