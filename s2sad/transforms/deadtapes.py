"""Dead tapes: a tape whose popped values nothing reads goes, with its pushes and pops.

The reverse sweep may end up not reading a value the tape analysis saved (the
accumulate stage created the gradient it was saved for elsewhere; the only read
was of a shape that another statement already provides). A pop has to stay
while any pop of its tape is read (pushes and pops pair up by position); when
none is, the whole tape is removed: its creation, every push and every pop.
Liveness comes from the optimizer's dead-code pass, run on the function with
every pop made, for that run only, a plain read of the tape.

A dead pop of a tape other pops of which are read goes with its own push
(``dead_pairs``): the reverse stage writes one push and one pop per saved value
of a statement (``Reverse.push``/``Reverse.pops``), the push next to the
statement, the pop at the head of its adjoint, and marks both with the same
``_s2sad_pair``. The reverse sweep mirrors the forward one, so each pop takes back
the value its own push saved (the invariant every list tape already rests on):
a tape's pushes and pops, in the order they run, nest like brackets, each push
with the pop of its pair. Removing the two of one pair leaves the others nesting
as before, each pop still taking its own push's value; and the pop removed was
dead, so what its variable holds there instead is never read (nothing reached
from the pop reads the variable before a later assignment rebinds it: dead-code
liveness; removing several dead assignments at once is sound for the same
reason). A pair is removed only when every push and pop of its tape carries a
pair mark, each mark on one push and one pop (a copied statement, which loses
its mark, keeps the tape as it is).

The value the first iteration of a loop saves before its body binds the variable
(a keep marker's save, ``analyses/shape_keep.py``, or a save before a rebinding,
reading ``pipeline_assemble._placeholders``'s empty placeholder) is restored at
the end of the last reversed iteration; when that restore is dead, the pair goes
and no placeholder is pushed: under ``jit=True`` the tape's rows then take the
shape of the first real value (``backends/array_tapes.py``) instead of the
placeholder's ``(0,)``, which sent every later push to the list.
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
    pairs = dead_pairs(fdef, tapes - dead, [n for nodes in pops.values() for n in nodes if id(n) not in kept])
    if not dead and not pairs:
        return False
    fdef.body = _without(fdef.body, dead, pairs)
    return True


def dead_pairs(fdef, tapes, dead_pops):
    """The pair marks of ``dead_pops`` (pops of ``tapes``) whose push can go with them (module
    docstring): every push and pop of their tape marked, each mark on one push and one pop."""
    marks = {}
    for node in A.walk(fdef):
        tape = _pop_of(node, tapes) or _push_of(node, tapes)
        if tape is not None and not _creation(node):
            marks.setdefault(tape, []).append((getattr(node, "_s2sad_pair", None), _pop_of(node, tapes) is not None))
    ok = set()
    for tape, seen in marks.items():
        pops = [m for m, is_pop in seen if is_pop]
        pushes = [m for m, is_pop in seen if not is_pop]
        if None not in pops + pushes and len(set(pops)) == len(pops) and sorted(pops) == sorted(pushes):
            ok.add(tape)
    return {n._s2sad_pair for n in dead_pops if _pop_of(n, ok) and _is_list_pop(n)}


def _creation(s):
    """``tape = []``: the list's creation (the tape's other pushes and pops pair up)."""
    return isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) \
        and isinstance(s.value, ast.List) and not s.value.elts


def _is_list_pop(s):
    return isinstance(s.value, ast.Call)


def _without(stmts, dead, pairs=frozenset()):
    out = []
    for s in stmts:
        if _pop_of(s, dead) or _push_of(s, dead) or getattr(s, "_s2sad_pair", None) in pairs:
            continue
        for field in ("body", "orelse"):
            block = getattr(s, field, None)
            if isinstance(block, list):
                setattr(s, field, _without(block, dead, pairs))
        out.append(s)
    return out
