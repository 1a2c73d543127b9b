"""Definite assignment: does a generated function read a local before binding it?

The generator's scopes are meant to make that impossible; this check makes
sure, so that s2sad is never judged on a program that would raise
``UnboundLocalError`` on a path the test point does not take.
``unbound_read(module_tree)`` returns ``"function: name"`` for the first such
read, or None. Loop bodies may run zero times, ``if`` branches meet by
intersection, and code after ``return``/``break``/``continue`` is dead.
"""
import ast

__all__ = ["unbound_read"]

ALL = None      # the "dead code" state: every name counts as bound


def unbound_read(tree):
    for fdef in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        local = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        a = fdef.args
        params = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p is not None}
        try:
            _block(fdef.body, set(params), local)
        except _Unbound as exc:
            return f"{fdef.name}: {exc.args[0]}"
    return None


class _Unbound(Exception):
    pass


def _reads(node, bound, local):
    if bound is ALL or node is None:
        return
    inner = set()
    for sub in ast.walk(node):
        if isinstance(sub, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
            inner |= {n.id for g in sub.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        elif isinstance(sub, ast.Lambda):     # `key=lambda e: -e * e`: its own parameters
            a = sub.args
            inner |= {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p is not None}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in local \
                and sub.id not in bound and sub.id not in inner:
            raise _Unbound(sub.id)


def _targets(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _meet(a, b):
    if a is ALL:
        return b
    if b is ALL:
        return a
    return a & b


def _block(stmts, bound, local):
    for stmt in stmts:
        bound = _stmt(stmt, bound, local)
    return bound


def _match(stmt, bound, local):
    """The names every case binds (a case's captures are bound in its guard and body); without a
    case that always matches (``case _:`` or a bare capture, no guard) no case may run."""
    _reads(stmt.subject, bound, local)
    out = ALL
    for case in stmt.cases:
        inner = bound | {n.name for n in ast.walk(case.pattern) if isinstance(n, (ast.MatchAs, ast.MatchStar))
                         and n.name}
        _reads(case.guard, inner, local)
        out = _meet(out, _block(case.body, set(inner), local))
    last = stmt.cases[-1]
    if not (isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None and last.guard is None):
        out = _meet(out, bound)
    return out


def _stmt(stmt, bound, local):
    if bound is ALL:
        return ALL
    if isinstance(stmt, (ast.Return, ast.Break, ast.Continue)):
        _reads(getattr(stmt, "value", None), bound, local)
        return ALL
    if isinstance(stmt, ast.If):
        _reads(stmt.test, bound, local)
        return _meet(_block(stmt.body, set(bound), local), _block(stmt.orelse, set(bound), local))
    if isinstance(stmt, ast.While):
        _reads(stmt.test, bound, local)
        walrus = {n.target.id for n in ast.walk(stmt.test) if isinstance(n, ast.NamedExpr)}
        _block(stmt.body, bound | walrus, local)
        return bound
    if isinstance(stmt, ast.Match):
        return _match(stmt, bound, local)
    if isinstance(stmt, ast.For):
        _reads(stmt.iter, bound, local)
        _block(stmt.body, bound | _targets(stmt.target), local)
        return bound
    if isinstance(stmt, ast.AugAssign):
        _reads(stmt.value, bound, local)
        _reads(ast.Name(id=stmt.target.id, ctx=ast.Load()) if isinstance(stmt.target, ast.Name)
               else stmt.target.value, bound, local)
        return bound | _targets(stmt.target)
    if isinstance(stmt, ast.Assign):
        _reads(stmt.value, bound, local)
        for tgt in stmt.targets:
            if not isinstance(tgt, (ast.Name, ast.Tuple)):
                _reads(tgt, bound, local)
        return bound | set().union(*(_targets(t) for t in stmt.targets))
    for child in ast.iter_child_nodes(stmt):
        _reads(child, bound, local)
    return bound
