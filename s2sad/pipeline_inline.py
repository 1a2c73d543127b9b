"""The inline stage of a build: helpers inlined until none is left, then the activity analysis
and the refusals that need it.

Invariant: a helper whose result is differentiated (or written into memory that may reach
the output), which is called for its effect on arguments it changes or that are differentiated,
or which receives a dict (taken apart by ``transforms/aggregates.py`` after this stage), is inlined, up to ``MAX_INLINE_DEPTH`` nested calls; recursion is refused with
its call chain. After inlining, a differentiated value reaching a call with no rule, a
parameter with no rule line, or a call kept only for its effect is refused, never dropped.
"""
import ast
import inspect

import numpy as np

from . import astutil as A
from .analyses import activity, complexity, int_writes, kinds, objects, sequences
from .analyses.alias import Aliasing
from .analyses.attribute_calls import check_attribute_calls
from .analyses.generator_args import caller_generators, generator_params
from .analyses.ir import Op, resolve, walk_ops
from .analyses.memory_groups import memory_groups
from .analyses.sequence_args import sequence_params, sure_names
from .effect_errors import HARMLESS_EFFECTS, changed_argument, effect_refusal
from .errors import function_name, nested_transform, no_derivative, not_callable, unsupported, user_method
from .frontend.generator_helpers import is_generator_helper
from .frontend.try_blocks import is_try_block
from .frontend.own_methods import method_source, own_method
from .frontend.resolve import library_function
from . import scopes
from .pipeline_frontend import frontend
from .transforms.dict_sources import dict_names
from .transforms.inline import expand, splice, untuple
from .transforms.inline_defaults import default_node
from .transforms import list_args, split

MAX_INLINE_DEPTH = 64      # nested helper calls; recursion is detected by the call chain


def _inline_and_analyze(body, ns, namer, wrt, outputs, context, methods=False):
    """``methods``: inline every call of a method of the user's object, differentiated or not
    (code for numba, which cannot take the object, or differentiated again by hvp's forward pass,
    which would meet the call of a method bound to nothing it knows; ``frontend/own_methods.py``)."""
    src, params, param_kinds, agg, ret, compiled = context
    # until the aggregates stage, a dict (or tuple) parameter's items are read through its name
    whole = wrt + [p for p in agg.param_layouts if p not in wrt]

    def analyze(body):
        ops = walk_ops(body, ns)
        return (ops,) + activity.analyze(ops, whole, outputs)

    def wanted(op, active, written):
        return any(t in active or t in written for t in op.targets) or compiled and scopes.reads_data(op.func) \
            or methods and own_method(op.func)
    body = inline_helpers(body, ns, namer, src, analyze, wanted, lambda calls: split.recursive_calls(calls, ns, namer),
                          agg.param_layouts, ret)
    body = agg.run(body)
    agg.returned(ret, compiled)
    check_attribute_calls(body, param_kinds)
    ranks = kinds.infer(body, param_kinds, ns)
    scalars = {p for p in params if param_kinds.get(p) == 0}
    seqs = [p for p in params if p in param_kinds and param_kinds[p] is None]   # lists, tuples
    body = Aliasing(src, ns, ranks, [p for p in params if p not in scalars], namer, seqs,
                    getattr(param_kinds, "numbers", ())).run(body, [ret])
    outputs = activity.output_names(ret)  # a parameter copied on entry is returned by its new name
    ops = walk_ops(body, ns)
    active, varied = activity.analyze(ops, wrt, outputs)
    body, changed = int_writes.guard(body, active, ns, namer, src, wrt)
    if changed:         # a run-time check of a write into an array that may hold integers
        ops = walk_ops(body, ns)
        active, varied = activity.analyze(ops, wrt, outputs)
    objects.check(ops, active, ns)      # before: a method of that object is an unknown call too
    _check_unknown(ops, active)
    complexity.check(ops, active, ns, outputs, varied)
    sequences.check(ops, active)
    sequences.check_pops(body, active)
    _check_effects(ops, varied, ns)
    return body, active


def inline_helpers(body, ns, namer, src, analyze, wanted, keep, dict_params=(), ret=None):
    """``body`` with its helper calls inlined until none is ``wanted`` (each round re-analyzed:
    ``analyze(body) -> (ops, active, varied)``; ``wanted(op, active, written)``) and none receives
    a dict (``dict_params``: the parameters holding one); ``keep(calls)``: the calls of a round
    left to inline (the others split or refused as recursion); ``ret``: the function's return,
    which may return a helper's tuple kept as names (``_returned_wholes``). Shared by
    the reverse and the forward pipelines, which differ in their rule tables."""
    for _ in range(MAX_INLINE_DEPTH):
        ops, active, varied = analyze(body)
        written, shared = _written(ops), _varied_through_memory(ops, varied)
        dicts = dict_names(ops, dict_params)
        results = {id(op.stmt): op for op in ops if op.kind == "helper" and (
            _try_given(op, ops, varied) or wanted(op, active, set()) if is_try_block(op.func) else
            wanted(op, active, written) or set(op.operands) & (dicts | shared) or _given_records(op)
            or is_generator_helper(op.func))}     # always: the caller reads the list it is rewritten to
        calls = keep(results)      # (a recursive one split, or refused)
        effects = {k: op for k, op in _effect_calls(ops, varied, ns, dicts).items() if k not in results}
        calls.update(effects)
        if not calls:
            return list_args.convert(body, ns, namer)
        tuples, replace, sure = {}, {}, sure_names(body)     # (lists, lists or tuples)
        generators = caller_generators(body, src.tree.args.args + src.tree.args.kwonlyargs, ns)
        for k, op in calls.items():
            chain = _call_chain(op, src.func)
            effect = k in effects    # may return nothing (frontend/lower.py)
            lists, seqs = sequence_params(op.func, getattr(op.stmt, "value", None), sure)
            gens = generator_params(op.func, getattr(op.stmt, "value", None), generators, ns)
            records = getattr(getattr(op.stmt, "value", None), "_s2sad_records", None)
            replace[k] = _mark_chain(expand(op.stmt, op, lambda f: frontend(
                f, None, ns, effect=effect, src=method_source(f), helper=True, lists=lists, sequences=seqs,
                generators=gens, records=records,
                objects=getattr(getattr(op.stmt, "value", None), "_s2sad_objects", ())), namer,
                                            tuples, lambda node: callable(resolve(ns, node)),
                                            lambda node: isinstance(resolve(ns, node), np.ndarray),
                                            lambda *a: default_node(ns, *a)),
                                     chain + (op.func,))
        body = splice(body, replace)
        untuple(body, tuples, lambda s: getattr(s, "_s2sad_src", None), [a.arg for a in src.tree.args.args],
                namer)
        body += _returned_wholes(ret, tuples)
    op = next(iter(calls.values()))
    path = " -> ".join(f.__name__ for f in _call_chain(op, src.func) + (op.func,))
    raise unsupported(op.stmt._s2sad_src, op.stmt, f"helpers nested more than {MAX_INLINE_DEPTH} calls deep "
                      f"({path})", "Merge some of the helpers.")


def _returned_wholes(ret, tuples):
    """``t = (t_0, t_1)`` for each helper's tuple kept as names (``inline.bind_result``) that the
    function's ``ret`` returns whole (``return t``, as ``anf`` writes ``return helper(x)``): the
    return, outside the body ``untuple`` rewrites, still reads ``t``, its output name."""
    if ret is None or ret.value is None:
        return []
    read = {n.id for n in ast.walk(ret.value) if isinstance(n, ast.Name) and n.id in tuples}
    return [A.at(A.assign(name, ast.Tuple(elts=[A.name(p) for p in tuples[name]], ctx=ast.Load())), ret)
            for name in sorted(read)]


def _try_given(op, ops, varied):
    """A ``try`` block (frontend/try_blocks.py) runs as it is unless it is given a value that
    depends on the inputs being differentiated, or memory written into (which the activity
    analysis follows only later: the targets of writes, and what they are copies, views or
    items of): its result depends on nothing else (writes into a global are refused), so where
    it is given neither, it is a constant of the derivative."""
    into = {t for o in ops if o.kind in ("setitem", "append") or getattr(o.stmt, "_s2sad_inplace", False)
            for t in o.targets}
    for _ in range(len(ops)):
        more = {n for o in ops if o.kind in ("copy", "getitem") and set(o.targets) & into for n in o.operands} - into
        if not more:
            break
        into |= more
    return any(o in varied or o in into for o in op.operands)


def _given_records(op):
    """Does the call pass or return a record kept as a tuple (``frontend/record_helpers.py``)?
    Run as a Python call, the helper would meet a tuple where it reads an object's fields."""
    return hasattr(getattr(op.stmt, "value", None), "_s2sad_records")


def _effect_calls(ops, varied, ns, dicts=frozenset()):
    """The calls of the user's helpers kept for their effect (``apply_bc(u)``, result discarded)
    that receive a differentiated value or a dict (``dicts``) or, by their source, change an argument in place
    (``effect_errors.changed_argument``), and the calls assigned but not inlined for their result
    (``r = apply_bc(u)``, ``r`` not differentiated) that change an argument: inlined like the
    caller's own code, their parameters bound to the caller's arrays, so the alias stage follows
    the writes (and copies a parameter of the differentiated function written through one on
    entry). id(statement) -> Op."""
    out = {}
    for op in ops:
        stmt, kept = op.stmt, op.kind == "helper"    # (kept: assigned, its result not differentiated)
        if not (op.kind == "effect" and isinstance(stmt, ast.Expr) or kept) or not isinstance(stmt.value, ast.Call):
            continue
        call, fn = stmt.value, resolve(ns, stmt.value.func)
        if not inspect.isfunction(fn) or library_function(fn) or any(
                isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            continue      # f(*xs): which parameter gets what is unknown (refused as before)
        names = [n for n in A.names_in(call) if n not in A.names_in(call.func)]
        if any(n in varied or n in dicts for n in names) and not kept or changed_argument(fn, call) is not None \
                or hasattr(call, "_s2sad_records"):
            out[id(stmt)] = op if kept else Op("helper", stmt, [], names, func=fn)
    return out


def _call_chain(op, top):
    """The helpers (outermost first) whose inlining produced ``op``; refuse recursion."""
    chain = getattr(op.stmt, "_s2sad_chain", (top,) if top is not None else ())
    if op.func in chain:
        cycle = chain[chain.index(op.func):] + (op.func,)
        how = "calls itself" if len(cycle) == 2 else "calls itself through " + " -> ".join(
            f.__name__ for f in cycle)
        nested = hasattr(op.func, "__s2sad_captured__")   # a def nested in the function (frontend/lift.py)
        raise unsupported(op.stmt._s2sad_src, op.stmt, f"the recursive function `{op.func.__name__}` (it {how})"
                          + (", defined inside the function differentiated" if nested else ""),
                          f"Recursion is differentiated in reverse mode for functions defined at module level: "
                          f"move `{op.func.__name__}` out of the function (pass what it reads there as "
                          "arguments), or rewrite the recursion as a loop." if nested else
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


def _varied_through_memory(ops, varied):
    """Names computed from memory a differentiated value was written into through another name
    (``t = P['w']; t[0] = v(x)``, then ``e = np.sum(P['w'])``; ``xs = [a, b]; xs[0][0] = v(x)``,
    then ``np.sum(a)``): the analysis here follows values, not memory (the alias stage does, after
    inlining), so a helper given ``e`` would look constant and stay a call. Such a helper is
    inlined. Every name that may share the written memory (analyses/memory_groups.py) counts."""
    groups = memory_groups(ops)
    tainted = set()
    for op in ops:
        if op.kind == "setitem" and set(op.operands[1:]) & varied:
            tainted |= groups.get(op.targets[0], {op.targets[0]})
    for _ in range(len(ops)):
        more = {t for op in ops if set(op.operands) & tainted for t in op.targets} - tainted
        if not more:
            break
        tainted |= more
    return tainted


def _check_unknown(ops, active):
    """A differentiated value that reaches a call with no rule, or a parameter its rule has no
    line for, is refused: dropping it would give a silently wrong (zero) derivative."""
    for op in ops:
        if not any(t in active for t in op.targets):
            continue
        fname = function_name(op.func)
        for param, name in op.blocked:
            if name in active:
                raise no_derivative(op.stmt._s2sad_src, op.stmt, fname, name, param, func=op.func)
        if op.kind == "unknown":
            bad = [o for o in op.operands if o in active]
            if bad and op.func is not None and not callable(op.func):
                raise not_callable(op.stmt._s2sad_src, op.stmt, op.func)
            if bad and type(op.func).__module__.startswith("s2sad.") and hasattr(op.func, "mode"):
                raise nested_transform(op.stmt._s2sad_src, op.stmt, op.func, bad[0])
            if bad:
                raise no_derivative(op.stmt._s2sad_src, op.stmt, fname, bad[0], method=user_method(op.func))
        activity.check_helper_inlined(op, active, fname)


def _check_effects(ops, varied, ns):
    """A call kept only for its effect (``xs.append(v)``) would hide a dependency."""
    for op in ops:
        stmt = op.stmt
        if op.kind != "effect" or not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
            continue
        fn = resolve(ns, stmt.value.func)
        if fn in HARMLESS_EFFECTS:
            continue
        used = [n for n in A.names_in(stmt.value) if n in varied]
        if used:
            namer = getattr(ns, "namer", None)
            raise effect_refusal(stmt._s2sad_src, stmt, fn, used[0], "the differentiated value",
                                 as_written=namer.as_written if namer is not None else None)
