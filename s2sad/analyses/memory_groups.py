"""Which names may share memory, from the IR ops of one function (after inlining).

Invariant: two names in different groups never share memory. A group holds a name and what it
is a copy of by binding (``a = b``), an item of (``a = b[i]``), a view of (``np.reshape(b, s)``,
``b.T``, the calls of ``analyses/alias_views.py``), and a list with the arrays put into it. The
groups over-approximate (``a = b[0]`` and ``c = b[1]`` join one group): callers use them to be
safe (mirror a write on every member; treat every member as written), never to prove two names
apart beyond this.
"""
import ast

from ..transforms.forward import is_view_call
from .alias_views import shared_arguments


def memory_groups(ops):
    """name -> the names that may share its memory: ``a = b``, ``a = b[i]``, views such as
    ``a = np.reshape(b, s)`` and a list with the arrays put into it join a group."""
    parent = {}

    def find(v):
        while parent.get(v, v) != v:
            v = parent[v]
        return v
    for op in ops:
        src = op.operands[0] if op.kind in ("copy", "getitem") and op.operands else None
        if op.kind == "call" and is_view_call(op.func, op.stmt.value) and op.stmt.value.args \
                and isinstance(op.stmt.value.args[0], ast.Name):
            src = op.stmt.value.args[0].id
        call = op.stmt.value if op.kind == "call" and src is None else None
        for extra in shared_arguments(op.func, call) if isinstance(call, ast.Call) else ():
            parent[find(op.targets[0])] = find(extra)   # np.einsum('ij->ji', a), max(a, b): analyses/alias_views.py
        if src is not None:
            parent[find(op.targets[0])] = find(src)
        if op.kind in ("pack", "append"):   # a list holds its elements' arrays (xs = [a, b]; xs[0][i] = v)
            for o in op.operands:
                parent[find(o)] = find(op.targets[0])
    groups = {}
    for v in set(parent) | set(parent.values()):
        groups.setdefault(find(v), set()).add(v)
    return {v: g for g in groups.values() for v in g}
