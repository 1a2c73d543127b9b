"""Which names may share memory, for the tape analysis (``tape.py``): buffers reached through
containers included.

``pairs(op, lists)`` says which targets of one operation may hold (a view of) which source's
buffer, or a container holding it: a copy of a name, any indexing (``W = prm[0]``: an element of
a tuple, list or object the frontend turned into a tuple; a view of an array), a call that may
return a view of an argument (``alias_views.shared_arguments``), a tuple or list display or an
``append`` (the container holds its items), ``lst[i] = a`` on a list, ``[a] * 3``, a helper left
as a call (its result may be any argument) and an attribute (``t = cfg.W``: the object's array).

``groups(ops, lists)`` maps each name to the names that may share memory with it. Every name
``n`` has a set of *roots*: itself, and the roots of every source a pair gives it (closed over
the operations, loops included, until nothing changes). Two names may share a buffer only if
their root sets meet: ``prm = (X, B)`` gives ``prm`` the roots {prm, X, B} and ``W = prm[0]``
{W, prm, X, B}, so a write into ``X`` changes ``W`` and ``prm`` (the reverse sweep must save
what it reads of them before the write) but not ``B``, whose roots are {B}.

Invariant (sound): a buffer is made at one name (its root) and reaches another name only through
the pairs above, each of which passes the source's roots on; so two names that may hold one
buffer both have its root. Before this module the tape analysis joined only copies, indexing and
view calls: a value read through a container (``np.sin(prm[0])`` or ``W = prm[0]``) and written
afterwards through the array's own name (``X[0] = 1.0``) was read back after the write by the
reverse sweep, a silent wrong gradient (tests/analyses/test_alias44.py).
"""
import ast

from .alias_views import shared_arguments, is_new

CALLS = ("call", "unknown", "opaque", "helper")


def pairs(op, lists=()):
    """(target, source) pairs: after ``op`` the target may hold (a view of) the source's buffer,
    or a container holding it."""
    s, t0 = op.stmt, (op.targets[0] if op.targets else None)
    if op.kind in ("copy", "getitem") and op.operands:
        return [(t, op.operands[0]) for t in op.targets]
    if op.kind == "pack" and op.func is None or op.kind == "append":   # np.array([a, b]) copies
        return [(t0, o) for o in op.operands if o != t0]
    if op.kind == "setitem" and t0 in lists:   # lst[i] = a: the list now holds a
        return [(t0, o) for o in op.operands if o != t0]
    if op.kind == "binop" and isinstance(s.value, ast.BinOp) and lists:   # [a] * 3 holds a
        return [(t0, o) for o in op.operands if o in lists]
    if isinstance(s, ast.Assign) and isinstance(s.value, ast.Attribute):   # t = cfg.W
        root = s.value
        while isinstance(root, ast.Attribute):
            root = root.value
        return [(t, root.id) for t in op.targets] if isinstance(root, ast.Name) else []
    if op.kind in CALLS and isinstance(s, ast.Assign) and isinstance(s.value, ast.Call):
        if op.kind == "helper" and not (op.func is not None and is_new(op.func)):
            return [(t, a.id) for t in op.targets for a in s.value.args if isinstance(a, ast.Name)]
        return [(t, src) for t in op.targets for src in shared_arguments(op.func, s.value)]
    return []


def groups(ops, lists=(), unchanged=frozenset()):
    """name -> the names (itself included) that may share memory with it; names no pair
    mentions are left out (they share with nothing). A pair from an ``unchanged`` name (a
    global the function never writes into) is left out; the others of its operation stay
    (``prm = (X, G)`` still holds ``X``)."""
    edges = [(t, src) for op in ops for t, src in pairs(op, lists)
             if t is not None and t != src and src not in unchanged]
    roots = {}
    for t, src in edges:
        roots.setdefault(t, {t})
        roots.setdefault(src, {src})
    changed = True
    while changed:
        changed = False
        for t, src in edges:
            if not roots[src] <= roots[t]:
                roots[t] |= roots[src]
                changed = True
    holders = {}
    for n, rs in roots.items():
        for r in rs:
            holders.setdefault(r, set()).add(n)
    return {n: set().union(*(holders[r] for r in rs)) for n, rs in roots.items()}
