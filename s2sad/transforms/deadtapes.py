"""Dead tapes: a tape whose popped values nothing reads goes, with its pushes and pops.

The reverse sweep may end up not reading a value the tape analysis saved (the
accumulate stage created the gradient it was saved for elsewhere; the only read
was of a shape that another statement already provides). A pop has to stay
while any pop of its tape is read (pushes and pops pair up by position); when
none is, the whole tape is removed: its creation, every push and every pop.
Liveness comes from the optimizer's dead-code pass, run on the function with
every pop made, for that run only, a plain read of the tape.
"""
import ast

from .. import astutil as A


def _pop_of(s, tapes):
    """The tape a statement ``v = tape.pop()`` / ``v = tape[i, k]`` reads, else None."""
    if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name):
        v = s.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "pop" \
                and isinstance(v.func.value, ast.Name) and v.func.value.id in tapes and not v.args:
            return v.func.value.id
        if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and v.value.id in tapes:
            return v.value.id
    return None


def _push_of(s, tapes):
    """The tape a statement ``tape.append(v)`` / ``tape[i, k] = v`` / ``tape = ...`` fills."""
    if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Attribute) \
            and s.value.func.attr == "append" and isinstance(s.value.func.value, ast.Name):
        return s.value.func.value.id if s.value.func.value.id in tapes else None
    if isinstance(s, ast.Assign):
        base = A.base_name(s.targets[0])
        return base if base in tapes else None
    return None


def drop_dead_tapes(fdef, ns, tapes, dead_code):
    """Remove every tape none of whose pops is read; True if one was removed.
    ``dead_code``: the optimizer's dead-code pass, run with every pop made a plain read of its
    tape (pure, so dead code can drop it) and without trusting copy-back marks; the pops are
    restored before this returns."""
    tapes = set(tapes)
    if not tapes:
        return False
    pops = {}
    for node in A.walk(fdef):
        tape = _pop_of(node, tapes)
        if tape is not None:
            pops.setdefault(tape, []).append(node)
    saved = [(node, node.value) for nodes in pops.values() for node in nodes]
    try:
        for node, _ in saved:
            node.value = A.name(_pop_of(node, tapes))
        body, _ = dead_code(fdef.body, set(), ns, marked_copies=False)
    finally:
        for node, value in saved:
            node.value = value
    kept = {id(n) for s in body for n in A.walk(s)}
    dead = {t for t, nodes in pops.items() if not any(id(n) in kept for n in nodes)}
    if not dead:
        return False
    fdef.body = _without(fdef.body, dead)
    return True


def _without(stmts, dead):
    out = []
    for s in stmts:
        if _pop_of(s, dead) or _push_of(s, dead):
            continue
        for field in ("body", "orelse"):
            block = getattr(s, field, None)
            if isinstance(block, list):
                setattr(s, field, _without(block, dead))
        out.append(s)
    return out
