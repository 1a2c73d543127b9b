"""``unbroadcast`` of equal shapes as a test, not a call, in compiled adjoints (``jit`` stage, last).

``b_t15 = unbroadcast(b_t16, t15)`` returns ``b_t16`` itself when the shapes are equal, as
they are at nearly every run: under numba the call takes a reference on the array it
returns and the binding releases the one it replaces, two atomic operations each, at
every iteration of the reverse sweep's loops (GMM: four such calls per data point).
Here, for ``g`` and ``x`` names of one known rank >= 1::

    b = unbroadcast(g, x)   ->   if g.shape == x.shape: b = g
                                 else: b = unbroadcast(g, x)

and ``g = unbroadcast(g, x)`` -> ``if g.shape != x.shape: g = unbroadcast(g, x)`` (nothing
bound on the usual path).

Invariant: the rewritten statement binds what the call returned: ``unbroadcast`` (Python's
and numba's) returns its gradient itself when it is an array of ``x``'s shape, and the
test is that. Both names are arrays (known rank >= 1, no list: their ``.shape`` exists). The
fallback branches of fused loops (``_s2sad_fallback``) are left as written.
"""
import ast

from .. import astutil as A
from ..rules import runtime
from ..analyses.list_names import lists_and_adjoints
from .inplace import Ranks


def _target(s, ranks, lists):
    """(b, g, x) if ``s`` is ``b = unbroadcast(g, x)`` of names of one known rank >= 1, neither
    a Python list (nor a list's adjoint: no ``.shape``), else None."""
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
            and isinstance(s.value, ast.Call) and len(s.value.args) == 2 and not s.value.keywords
            and all(isinstance(a, ast.Name) for a in s.value.args) and ranks.function(s.value) is runtime.unbroadcast):
        return None
    g, x = s.value.args
    if g.id in lists or x.id in lists:
        return None
    rank = ranks.of(g)
    return (s.targets[0].id, g.id, x.id) if rank and rank >= 1 and ranks.of(x) == rank else None


def _shapes(g, x, op):
    return ast.Compare(left=ast.Attribute(value=A.name(g), attr="shape", ctx=ast.Load()), ops=[op],
                       comparators=[ast.Attribute(value=A.name(x), attr="shape", ctx=ast.Load())])


def _block(stmts, ranks, lists):
    out = []
    for s in stmts:
        _visit(s, ranks, lists)
        found = _target(s, ranks, lists)
        if found is None:
            out.append(s)
            continue
        b, g, x = found
        if b == g:
            out.append(A.at(ast.If(test=_shapes(g, x, ast.NotEq()), body=[s], orelse=[]), s))
        else:
            out.append(A.at(ast.If(test=_shapes(g, x, ast.Eq()), body=[A.at(A.assign(b, A.name(g)), s)],
                                   orelse=[s]), s))
    return out


def _visit(node, ranks, lists):
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(node, field, None)
        if not (isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt)):
            continue
        if field == "orelse" and getattr(node, "_s2sad_fallback", False):
            continue
        setattr(node, field, _block(stmts, ranks, lists))
    for h in getattr(node, "handlers", []) or []:
        h.body = _block(h.body, ranks, lists)


def rewrite(fdef, ns, ranks, adjoints):
    """Rewrite the ``unbroadcast`` bindings of ``fdef`` (in place); returns it."""
    fdef.body = _block(fdef.body, Ranks(ranks, adjoints, ns), lists_and_adjoints(fdef, adjoints))
    return fdef
