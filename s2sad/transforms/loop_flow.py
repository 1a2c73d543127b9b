"""What a loop's statements read and write, for the loops ``checkpoint`` replaces and the
functions ``split_build`` makes: the names read before any assignment on the way there
(``exposed``), the names assigned, whether a name's old value is read, the global data read.

Invariant: over-approximate reads (an element write reads the array it writes into; a compound
statement may run no block, so the value before it may still be read after it).
"""
import ast

from ..analyses import tape


def loads(node):
    """Local names read in ``node`` (globals bound by the frontend are left out)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            and not getattr(n, "_s2sad_bound", False)}


def stores(s):
    if isinstance(s, ast.For):
        return {s.target.id}
    return set(tape.assigned(s))


def _reads(s):
    """Names a simple statement reads (an element write reads the array it writes into)."""
    if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Subscript):
        return loads(s.value) | loads(s.targets[0].slice) | {s.targets[0].value.id}
    if isinstance(s, ast.Assign):
        return loads(s.value)
    return loads(s)


def exposed(stmts, defined, out):
    """Add to ``out`` the names read in ``stmts`` before any assignment on the way there;
    return the names assigned on every path."""
    for s in stmts:
        if isinstance(s, ast.If):
            out |= loads(s.test) - defined
            d1, d2 = exposed(s.body, set(defined), out), exposed(s.orelse, set(defined), out)
            defined = d1 & d2
        elif isinstance(s, ast.For):
            out |= loads(s.iter) - defined
            exposed(s.body, defined | {s.target.id}, out)
        elif isinstance(s, ast.While):
            out |= loads(s.test) - defined
            exposed(s.body, set(defined), out)
        else:
            out |= _reads(s) - defined
            defined = defined | stores(s)
    return defined


def assigned_in(stmts):
    return {t for s in stmts for n in ast.walk(s) if isinstance(n, ast.stmt) for t in stores(n)}


def data_read(stmts, ns):
    """The global data (arrays, numbers of the user's modules) read in ``stmts``: generated
    functions take them as parameters, so that they see their current values."""
    from ..scopes import is_data
    return sorted({n.id for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)
                   and getattr(n, "_s2sad_bound", False) and n.id in getattr(ns, "origins", {})
                   and is_data(ns.objects.get(n.id))})


def old_value_read(name, stmts, tail):
    """Is the value ``name`` has before ``stmts`` (run in order, then code reading ``tail``) read?
    Not after an assignment gives it a new one; another loop over ``name`` reads only its own
    values in its body, but keeps the old one after it when it makes no step. A compound
    statement reads it where its test or header does, or where a block of it does before
    assigning it (``for i ...: for j ...:`` of a 2-d loop nest after a loop over ``j``); it
    may run no block, so the old value is still there after it."""
    for s in stmts:
        if isinstance(s, ast.For) and isinstance(s.target, ast.Name) and s.target.id == name:
            if name in loads(s.iter) | all_reads(s.orelse):
                return True
            continue
        if isinstance(s, (ast.For, ast.While, ast.If)):
            head = loads(s.iter) if isinstance(s, ast.For) else loads(s.test)
            if name in head | _stores_in(s.target if isinstance(s, ast.For) else None) or any(
                    old_value_read(name, block, set()) for block in (s.body, s.orelse)):
                return True
            continue
        if name in all_reads([s]):
            return True
        if isinstance(s, ast.Assign) and name in tape.assigned(s):
            return False
    return name in tail


def _stores_in(target):
    """The names a ``for`` loop's target binds (none for None)."""
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)} if target is not None else set()


def all_reads(stmts):
    out = set()
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.stmt) and not isinstance(n, (ast.If, ast.For, ast.While)):
                out |= _reads(n)
            elif isinstance(n, ast.If):
                out |= loads(n.test)
            elif isinstance(n, ast.For):
                out |= loads(n.iter)
            elif isinstance(n, ast.While):
                out |= loads(n.test)
    return out
