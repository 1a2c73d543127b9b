"""Which names hold a constant index list that cannot repeat an element (``t = [0, 2]`` for
``y[[0, 2]]``), so that the reverse sweep may keep the plain adjoint of an index through it
(``b[t] += g``, ``b[t]`` for a write) rather than ``np.add.at`` and ``last_write_grad``.

Invariant: a name is counted only when every binding of it is a list or tuple display of distinct
integers of one sign (``[-1, 3]`` names one element twice in an axis of length 4), and nothing
can change the list after it is made: no store into it, no append the frontend marked, no
augmented assignment, no method call on it but ``count``/``index``/``copy`` (``t.insert(0, 1)``),
no call it is passed to, no other name bound to it.
"""
import ast

from .. import astutil as A

__all__ = ["distinct_constants"]

_READS = ("count", "index", "copy")


def distinct_constants(stmts):
    """The names of ``stmts`` (a whole sweep) bound only to constant lists that cannot repeat an element."""
    sites, changed = {}, set()
    for n in (n for s in stmts for n in A.walk(s)):
        if hasattr(n, "_s2sad_append"):
            changed.add(n._s2sad_append[0])
        if isinstance(n, ast.Call):
            changed |= _handed(n)
        elif isinstance(n, ast.AugAssign):
            changed.add(A.base_name(n.target))
        if not isinstance(n, ast.Assign):
            continue
        tgt, v = n.targets[0], n.value
        if isinstance(tgt, ast.Subscript):
            changed.add(A.base_name(tgt))
        elif isinstance(tgt, ast.Name):
            ints = isinstance(v, (ast.List, ast.Tuple)) and all(
                isinstance(e, ast.Constant) and type(e.value) is int for e in v.elts)
            sites.setdefault(tgt.id, []).append(ints and _apart([e.value for e in v.elts]))
        if isinstance(v, ast.Name):  # another name for the same list could change it
            changed.add(v.id)
    return {name for name, ok in sites.items() if all(ok) and name not in changed}


def _handed(call):
    """Names a call may change: the object of a method call (``t.insert(0, 1)``) and the names passed."""
    f = call.func
    own = [f.value] if isinstance(f, ast.Attribute) and f.attr not in _READS else []
    return {a.id for a in own + call.args + [k.value for k in call.keywords] if isinstance(a, ast.Name)}


def _apart(values):
    """True if the integer indices ``values`` select distinct elements of an axis of any length."""
    return len(set(values)) == len(values) and len({v < 0 for v in values}) < 2
