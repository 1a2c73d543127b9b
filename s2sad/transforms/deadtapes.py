"""Dead tapes: a tape whose popped values nothing reads goes, with its pushes and pops.

The reverse sweep may end up not reading a value the tape analysis saved (the
accumulate stage created the gradient it was saved for elsewhere; the only read
was of a shape that another statement already provides). A pop has to stay
while any pop of its tape is read (pushes and pops pair up by position); when
none is, the whole tape is removed: its creation, every push and every pop.
Liveness comes from the optimizer's dead-code pass, run on a copy of the
function in which every pop is a plain read of the tape.
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


class _PopsAsReads(ast.NodeTransformer):
    """On a copy: ``v = tape.pop()`` -> ``v = tape`` (pure, so dead code can drop it)."""

    def __init__(self, tapes):
        self.tapes, self.pops = tapes, {}

    def visit_Assign(self, node):
        tape = _pop_of(node, self.tapes)
        if tape is not None:
            node.value = A.name(tape)
            self.pops.setdefault(tape, []).append(node)
        return node


def drop_dead_tapes(fdef, ns, tapes, dead_code):
    """Remove every tape none of whose pops is read; True if one was removed.
    ``dead_code``: the optimizer's dead-code pass (run on a copy with pops made pure)."""
    tapes = set(tapes)
    if not tapes:
        return False
    copy = A.clone(fdef)
    marker = _PopsAsReads(tapes)
    marker.visit(copy)
    body, _ = dead_code(copy.body, set(), ns)
    alive = {marker_tape for marker_tape, nodes in marker.pops.items()
             if any(n is kept for n in nodes for s in body for kept in ast.walk(s))}
    dead = {t for t in marker.pops if t not in alive}
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
