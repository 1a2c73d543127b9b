"""Stage 1c' (before lift), ``nonlocal``: a nested function that rebinds enclosing locals takes
their values in and hands the new ones back.

::

    total = 0.0                             total = 0.0
    def add(v):                             def add(v, total):
        nonlocal total           ->             total = total + v * v
        total = total + v * v                   return total
    for i in range(3):                      for i in range(3):
        add(x[i])                               total = add(x[i], total)

A function that returns a value returns ``(value, n1, n2...)`` and each call becomes
``t = add(...)``, ``n1 = t[1]``..., then its statement with the call replaced by ``t[0]``
(``None`` for a function returning nothing).
Python's order is kept: the arguments are evaluated (reading the names' current values) before
the body runs, and the new values are bound as soon as the call returns, before its result is
used or stored.

Invariant: rewritten only when the nested ``def`` is a statement of the function's own body,
each name it declares ``nonlocal`` is a parameter or bound by an assignment of the function's
body before the ``def`` (so it has a value to pass in), the ``def`` has plain positional parameters (no
defaults, ``*``, ``**``, keyword-only), holds no nested function, lambda or ``yield``, and
every mention of it is a call in a simple statement of the enclosing function (``add(v)``,
``y = add(v)``, ``acc = acc + step(v)``, ``return add(v)``), not under a condition of it, not
inside another nested function, the rest of the statement mentioning no name the function reads
or rebinds (so running the call just before the statement cannot be seen); when it
returns a value, every ``return`` gives one and its body ends with a ``return``; when it does
not, no ``return`` gives one. Anything else keeps its located refusal (``lift.py``).
"""
import ast

from .. import astutil as A


def thread_nonlocals(fdef, defs, namer):
    """Rewrite, in place, each def of ``defs`` whose ``nonlocal`` names can be threaded."""
    for d in defs:
        names = [n for s in ast.walk(d) if isinstance(s, ast.Nonlocal) for n in s.names]
        names = list(dict.fromkeys(names))
        calls = _calls(fdef, d, names) if names else None
        valued = _valued(d)
        if calls is None or not _eligible(fdef, d, names) or valued is None:
            continue
        _rewrite_def(d, names, valued)
        _rewrite_calls(fdef, calls, names, valued, namer)


def _eligible(fdef, d, names):
    if d not in fdef.body:
        return False
    a = d.args
    if a.defaults or a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
        return False
    if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Yield, ast.YieldFrom, ast.ClassDef))
           for n in ast.walk(d) if n is not d):
        return False
    params = {p.arg for p in a.args}
    before = fdef.body[:fdef.body.index(d)]
    bound = {p.arg for p in fdef.args.args} | {t.id for s in before if isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign))
             for t in (s.targets if isinstance(s, ast.Assign) else [s.target]) if isinstance(t, ast.Name)}
    return not params & set(names) and set(names) <= bound


def _valued(d):
    """True if every return gives a value and the body ends with one; False if none gives one;
    None otherwise (mixed: a path may fall off the end)."""
    returns = [n for n in ast.walk(d) if isinstance(n, ast.Return)]
    with_value = [r for r in returns if r.value is not None]
    if not with_value:
        return False
    if len(with_value) == len(returns) and isinstance(d.body[-1], ast.Return):
        return True
    return None


def _calls(fdef, d, names):
    """(statement, call) for each call of ``d``, or None if ``d`` is mentioned any other way,
    or a call cannot be taken first in its statement (module docstring)."""
    nested = [n for n in A.walk(fdef) if n is not fdef and n is not d
              and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    if any(isinstance(m, ast.Name) and m.id == d.name for n in nested for m in ast.walk(n)):
        return None
    inner = [n for n in ast.walk(d) if isinstance(n, ast.Name)]
    if any(n.id == d.name for n in inner):
        return None      # calls itself
    seen = {id(n) for n in inner}
    shared = set(names) | {n.id for n in inner} | {d.name}     # (two calls in one statement: refused)
    found = []
    for s in A.walk(fdef):
        if not isinstance(s, ast.stmt) or isinstance(s, ast.FunctionDef):
            continue
        for part in _evaluated_parts(s):
            for node in ast.walk(part):
                if isinstance(node, ast.Name) and node.id == d.name and id(node) not in seen:
                    seen.add(id(node))
                    call = _taken_first(s, node, d.name, shared)
                    if call is None:
                        return None
                    found.append((s, call))
    mentions = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == d.name]
    return found if all(id(m) in seen for m in mentions) else None


def _evaluated_parts(s):
    """The expressions of ``s`` itself (not of the statements it holds)."""
    return [v for f, v in ast.iter_fields(s) if isinstance(v, ast.AST) and not isinstance(v, ast.stmt)] + \
        [x for f, v in ast.iter_fields(s) if isinstance(v, list) for x in v
         if isinstance(x, ast.AST) and not isinstance(x, (ast.stmt, ast.excepthandler))]


def _taken_first(s, name_node, name, shared):
    """The call ``name_node`` is the function of, if it can run just before ``s``: ``s`` is a
    simple statement, the call is not under a condition, and the rest of ``s`` mentions no name
    the function reads or rebinds (so whether it runs first cannot be seen)."""
    if not isinstance(s, (ast.Expr, ast.Assign, ast.AugAssign, ast.Return)):
        return None
    parents = {id(c): p for p in ast.walk(s) for c in ast.iter_child_nodes(p)}
    call = parents.get(id(name_node))
    if not (_is_call(call, name) and call.func is name_node):
        return None
    node = call
    while node is not s:
        node = parents[id(node)]
        if isinstance(node, (ast.IfExp, ast.BoolOp, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            return None
    inside = {id(n) for n in ast.walk(call)}
    rest = {n.id for n in ast.walk(s) if isinstance(n, ast.Name) and id(n) not in inside}
    if isinstance(s, ast.Assign) and s.value is call and all(isinstance(t, ast.Name) for t in s.targets):
        rest = set()                     # `y = h(v)`: y is bound after the call returns
    return call if not rest & shared else None


def _is_call(node, name):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name \
        and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)


def _state(names):
    elts = [A.name(n) for n in names]
    return elts[0] if len(elts) == 1 else ast.Tuple(elts=elts, ctx=ast.Load())


def _rewrite_def(d, names, valued):
    d.args.args = list(d.args.args) + [ast.arg(arg=n) for n in names]
    for node in ast.walk(d):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                kept = [s for s in block if not isinstance(s, ast.Nonlocal)]
                setattr(node, field, kept or [A.at(ast.Pass(), node)])
        if isinstance(node, ast.Return):
            state = _state(names)
            node.value = ast.Tuple(elts=[node.value] + [A.name(n) for n in names], ctx=ast.Load()) \
                if valued else state
            A.at(node.value, node)
    if not valued:
        d.body.append(A.at(ast.Return(value=_state(names)), d.body[-1]))


def _store(names):
    if len(names) == 1:
        return A.name(names[0], store=True)
    return ast.Tuple(elts=[A.name(n, store=True) for n in names], ctx=ast.Store())


def _rewrite_calls(fdef, calls, names, valued, namer):
    at = {id(s): call for s, call in calls}
    A.map_blocks(fdef, lambda s: _threaded(s, at[id(s)], names, valued, namer) if id(s) in at else [s])


def _threaded(s, call, names, valued, namer):
    """The call run first, the names rebound, then ``s`` with the call's result in its place."""
    call.args = list(call.args) + [A.at(A.name(n), call) for n in names]
    if valued:
        t = namer.fresh(f"{call.func.id}_out")
        out = [ast.Assign(targets=[A.name(t, store=True)], value=call)]
        out += [ast.Assign(targets=[A.name(n, store=True)],
                           value=ast.Subscript(value=A.name(t), slice=A.const(k + 1), ctx=ast.Load()))
                for k, n in enumerate(names)]
        result = ast.Subscript(value=A.name(t), slice=A.const(0), ctx=ast.Load())
    else:
        out, result = [ast.Assign(targets=[_store(names)], value=call)], A.const(None)
    if not (isinstance(s, ast.Expr) and s.value is call):
        out.append(A.replaced(s, call, A.at(result, call)))
    return [A.at(o, s) for o in out]
