"""Delta debugging: shrink a failing program to a small repro of the same failure.

``shrink(case, signature)`` repeatedly tries smaller variants of the program
and keeps the first that still runs cleanly in plain Python and still fails
with the same ``signature`` (class, mode, check, and for exceptions the type and
the s2sad function it escaped from): deleting module-level definitions,
chunks of statements (halves, quarters, ... single statements) in every
block, replacing an ``if``/``for``/``while`` by its body, replacing an
expression by one of its sub-expressions or a constant, and dropping unused
parameters. It stops at a fixed point or when its budget of tests or
seconds runs out. Invariant: the returned case reproduces the signature (it is
the input itself when nothing smaller does).
"""
import ast
import builtins
import copy
import os
import tempfile
import time
import warnings
from dataclasses import dataclass, replace

from . import modes
from .check import _mutate, _mutate_ns, _recheck
from .kinds import kind_changes
from .oracle import Invalid, Timeout, deadline, primal
from .program import Program, load, unload
from .reference import Reference

__all__ = ["Case", "shrink", "outcome", "signature_of"]


@dataclass
class Case:
    program: Program
    args: list


def signature_of(issue):
    return (issue["class"], issue["mode"], issue["check"], issue.get("exc"), issue.get("where"))


def outcome(case, mode, stale=False, workdir=None, match=None):
    """The issue signature the case produces in ``mode`` (None: ok, invalid or not reproducible);
    with ``match``, also None unless the error message contains that text."""
    workdir = workdir or tempfile.mkdtemp(prefix="fzmin")
    program = case.program
    try:
        module = load(program, workdir, label=f"fzmin_{program.digest}_{os.getpid()}")
    except Exception:      # noqa: BLE001 - a candidate that does not even import is just rejected
        return None
    try:
        primal(module, case.args, program.out)
        if kind_changes(module, case.args):
            return None                 # a name that changes kind: not code anyone writes
        with deadline(60.0):
            ref = Reference(program, case.args)
        res = modes.run(mode, program, module, case.args, ref, {}, seconds=60.0)
        if stale and res["status"] == "ok" and program.mutations:
            for m in program.mutations:
                _mutate(module, *m)
            primal(module, case.args)
            with deadline(60.0):
                ref2 = Reference(program, case.args, setup=lambda ns: [_mutate_ns(ns, *m) for m in program.mutations])
            res = _recheck(program, module, case.args, ref2, res["callable"], mode)
    except (Invalid, Timeout):
        return None
    except Exception:      # noqa: BLE001 - the oracle itself failing on a candidate: reject it
        return None
    finally:
        unload(module)
    if res["status"] in ("ok", "nonsmooth", "range", "skipped") or (match and match not in str(res.get("msg", ""))):
        return None
    return (res["status"], mode, res.get("check", ""), res.get("exc"), res.get("where"))


def shrink(case, signature, max_tests=400, max_seconds=240.0, log=None, match=None):
    """The smallest variant of ``case`` found that still produces ``signature``.

    The passes run in turn; after a success the same pass restarts on the smaller
    program, and the search ends when every pass in a row finds nothing."""
    mode, stale = signature[1], signature[2] == "stale_global"
    start, tests = time.monotonic(), 0
    workdir = tempfile.mkdtemp(prefix="fzmin")
    failed_in_a_row, k = 0, 0
    while failed_in_a_row < len(PASSES):
        improved = False
        for candidate in PASSES[k](case, ast.parse(case.program.source)):
            if len(candidate.program.source) >= len(case.program.source):
                continue                    # only strictly smaller programs: the search must end
            if tests >= max_tests or time.monotonic() - start > max_seconds:
                return case
            tests += 1
            if outcome(candidate, mode, stale, workdir, match) == signature:
                case, improved = candidate, True
                if log:
                    log(f"  shrink: {len(case.program.source)} chars after {tests} tests")
                break
        if improved:
            failed_in_a_row = 0
        else:
            failed_in_a_row += 1
            k = (k + 1) % len(PASSES)
    return case


# ---- candidates ---------------------------------------------------------------------------
def _always_returns(body):
    """True when every path through ``body`` ends in a return (the generator's invariant)."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ast.Return):
        return True
    if isinstance(last, ast.If):
        return _always_returns(last.body) and _always_returns(last.orelse)
    return False


def _with_tree(case, tree, params=None, args=None, wrt=None):
    if not all(_always_returns(n.body) for n in tree.body if isinstance(n, ast.FunctionDef)):
        return None
    source = ast.unparse(ast.fix_missing_locations(tree)) + "\n"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")      # e.g. "'float' object is not subscriptable"
            compile(source, "<candidate>", "exec")
    except (SyntaxError, SyntaxWarning):
        return None
    program = replace(case.program, source=source, params=params or case.program.params,
                      wrt=wrt or case.program.wrt)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    program.mutations = [m for m in program.mutations if m[0] in used]
    return Case(program, list(args if args is not None else case.args))


def _drop_module_defs(case, tree):
    for k, stmt in enumerate(tree.body):
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) or (isinstance(stmt, ast.FunctionDef) and stmt.name == "f"):
            continue
        new = copy.deepcopy(tree)
        del new.body[k]
        cand = _with_tree(case, new)
        if cand:
            yield cand


def _blocks(tree):
    """Every statement list in the module's functions, as (path) addresses into a copy."""
    out = []
    for node in ast.walk(tree):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt) and \
                    not isinstance(node, ast.Module):
                out.append((node, field))
    return out


def _addressed(tree, index, field):
    new = copy.deepcopy(tree)
    node = [n for n in ast.walk(new)][index]
    return new, node


def _drop_statements(case, tree):
    nodes = list(ast.walk(tree))
    for node, field in _blocks(tree):
        index = nodes.index(node)
        size = len(getattr(node, field))
        chunk = max(size // 2, 1)
        while chunk >= 1:
            for lo in range(0, size, chunk):
                new, target = _addressed(tree, index, field)
                block = getattr(target, field)
                kept = block[:lo] + block[lo + chunk:]
                if not kept and field == "body":
                    kept = [ast.Pass()]
                setattr(target, field, kept)
                cand = _with_tree(case, new)
                if cand:
                    yield cand
            chunk //= 2


def _unwrap_compound(case, tree):
    nodes = list(ast.walk(tree))
    for node, field in _blocks(tree):
        index = nodes.index(node)
        for k, stmt in enumerate(getattr(node, field)):
            if not isinstance(stmt, (ast.If, ast.For, ast.While)):
                continue
            options = [stmt.body] + ([stmt.orelse] if stmt.orelse else [])
            for body in options:
                new, target = _addressed(tree, index, field)
                block = getattr(target, field)
                inner = copy.deepcopy(body)
                if isinstance(stmt, ast.For) and isinstance(stmt.target, ast.Name):
                    inner = [ast.Assign(targets=[ast.Name(id=stmt.target.id, ctx=ast.Store())],
                                        value=ast.Constant(0))] + inner
                inner = [s for s in inner if not isinstance(s, (ast.Break, ast.Continue))] or [ast.Pass()]
                setattr(target, field, block[:k] + inner + block[k + 1:])
                cand = _with_tree(case, new)
                if cand:
                    yield cand


def _drop_params(case, tree):
    fdef = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "f")
    body_names = {n.id for s in fdef.body for n in ast.walk(s) if isinstance(n, ast.Name)}
    names = [p for p, _ in case.program.params]
    for k, (pname, spec) in enumerate(case.program.params):
        if pname in body_names or isinstance(spec, tuple) and spec[:1] == ("default",):
            continue
        wrt = tuple(w for w in case.program.wrt if w != pname)
        if not wrt:
            continue
        new = copy.deepcopy(tree)
        f = next(n for n in new.body if isinstance(n, ast.FunctionDef) and n.name == "f")
        f.args.args = [a for a in f.args.args if a.arg != pname]
        params = [p for p in case.program.params if p[0] != pname]
        args = [a for j, a in enumerate(case.args) if j != names.index(pname)]
        cand = _with_tree(case, new, params, args, wrt)
        if cand:
            yield cand


SIMPLE = [ast.Constant(1.0), ast.Constant(0.5)]


def _simplify_exprs(case, tree):
    nodes = list(ast.walk(tree))
    for index, node in enumerate(nodes):
        if not isinstance(node, ast.expr) or isinstance(node, (ast.Name, ast.Constant, ast.Tuple)) or \
                isinstance(getattr(node, "ctx", None), ast.Store):
            continue        # a tuple keeps its arity: returns and unpacking stay what the program meant
        children = [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr) and
                    not isinstance(getattr(c, "ctx", None), ast.Store) and not _is_global_name(c, tree)
                    and not (isinstance(node, ast.Call) and (c is node.func or _copies(node)))]
        for replacement in children + SIMPLE:
            new = copy.deepcopy(tree)
            new_nodes = list(ast.walk(new))
            target = new_nodes[index]
            parent = _parent(new, target)
            if parent is None or _is_func_position(parent, target):
                continue
            _replace(parent, target, copy.deepcopy(replacement))
            cand = _with_tree(case, new)
            if cand:
                yield cand


PASSES = [_drop_module_defs, _drop_statements, _unwrap_compound, _drop_params, _simplify_exprs]


def _copies(call):
    """np.copy(x), np.array(x), x.copy(): replacing one by x would create an alias."""
    name = ast.unparse(call.func)
    return name in ("np.copy", "np.array", "np.asarray") or name.endswith(".copy")


def _is_global_name(node, tree):
    """A module, builtin or function name (or ``np.abs``): never a value to put in an expression's place."""
    while isinstance(node, ast.Attribute):
        node = node.value
    if not isinstance(node, ast.Name):
        return False
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return node.id in functions or node.id in ("np", "math") or hasattr(builtins, node.id)


def _parent(tree, target):
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            if child is target:
                return node
    return None


def _is_func_position(parent, target):
    return isinstance(parent, ast.Call) and parent.func is target


def _replace(parent, old, new):
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
            return
        if isinstance(value, list):
            for k, item in enumerate(value):
                if item is old:
                    value[k] = new
                    return
