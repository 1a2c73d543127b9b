"""Stage 5a, the values of arrays the reverse sweep needs after their rebinding.

When a statement rebinds an active array ``y`` (``y = 0.5 * np.tanh(x)``), the adjoint
of ``y`` restarts from zero there. The accumulate stage may have to create that zero
later (``b_y = zeros_like(y)``: at the end of a reversed loop body, or of one branch of
an ``if`` when the other branch has a gradient for ``y``), shaped like the value ``y``
held *before* the rebinding. When the shape can change (``y = x[:2]`` before the loop, or ``y = x[:i]`` in the body of a
loop, which the next iteration rebinds), the value after it gives an adjoint of the wrong shape.

Invariant: before every active statement that rebinds such a name, an array bound on
every path to the statement whose shape is not proven the same throughout
(``ranks.stable``), stands a *keep* marker (a ``pass`` with ``_s2sad_keep``, the
names), which the tape analysis treats as a statement reading those names. So the
value is saved just before the rebinding and restored just after its adjoint, and
``y`` holds, at every point of the reverse sweep, the value it held at the matching
point of the forward sweep. The marker itself emits nothing; a save nothing reads
goes with the dead tapes.
"""
import ast

from .. import astutil as A
from .containers import tuple_or_list_valued


def insert(stmts, active, ranks, lists=frozenset(), defined=frozenset(), compiled=None):
    """Put keep markers into ``stmts`` (in place, nested blocks too) for names bound on
    every path to them (``defined``: the parameters, to start with). Returns the names
    bound on every path through ``stmts``. ``compiled`` (None: not at all, for adjoints built
    without ``pipeline_assemble._placeholders``) says which names a branching loop body binds
    are kept too: any (False), or arrays of a known rank (True: numba needs the placeholder's type)."""
    defined, out = set(defined), []
    for s in stmts:
        if isinstance(s, ast.If):
            defined = insert(s.body, active, ranks, lists, defined, compiled) & \
                insert(s.orelse, active, ranks, lists, defined, compiled)
        elif isinstance(s, (ast.For, ast.While)):
            # from the second iteration on, a name the body binds holds the last iteration's value;
            # a zero is made from it only where paths join, so only a body that branches needs it
            branches = any(isinstance(n, (ast.If, ast.For, ast.While)) for b in s.body for n in ast.walk(b))
            carried = _carried(s.body, ranks, compiled, lists) if branches and compiled is not None else set()
            insert(s.body, active, ranks, lists, defined | carried | ({s.target.id} if isinstance(s, ast.For) else set()),
                   compiled)
        else:
            bound = _rebound([s])
            names = sorted(v for v in bound & defined if _varies(v, active, ranks))
            if names and getattr(s, "_s2sad_active", False):
                marker = A.at(ast.Pass(), s)
                marker._s2sad_keep, marker._s2sad_active = names, True
                out.append(marker)
            defined |= bound
        out.append(s)
    stmts[:] = out
    return defined


def is_keep(s):
    return getattr(s, "_s2sad_keep", None) is not None


def _varies(v, active, ranks):
    """An active array, list (a list rebound to one of another length: ``L = swap(L, t)`` of a
    helper returning two items where ``L`` held three) or value of unknown rank whose shape may change."""
    return v in active and ranks.get(v) != 0 and v not in getattr(ranks, "stable", set())


def _rebound(stmts):
    """Names a simple assignment anywhere in ``stmts`` binds anew (not ``y[i] = v``)."""
    out = set()
    for n in A.walk(ast.Module(body=list(stmts), type_ignores=[])):
        if isinstance(n, ast.Assign) and not hasattr(n, "_s2sad_append"):
            for t in n.targets:
                out |= {e.id for e in (t.elts if isinstance(t, ast.Tuple) else [t]) if isinstance(e, ast.Name)}
    return out


def _carried(body, ranks, compiled, lists=frozenset()):
    """Names a loop's body binds on every path (the save before the first binding reads a
    placeholder, ``pipeline_assemble._placeholders``); compiled, only arrays of a known rank
    (a tuple display, whose kind counts its length as an axis, gets no placeholder)."""
    if not compiled:
        return _bound_on_every_path(body)
    tuples = tuple_or_list_valued(body, lists)
    return {v for v in _bound_on_every_path(body) - tuples if isinstance(ranks.get(v), int) and ranks.get(v) >= 1}


def _bound_on_every_path(stmts):
    """Names every path through ``stmts`` binds (a copy of the block is walked: no marker is put)."""
    bound = set()
    for s in stmts:
        if isinstance(s, ast.If):
            bound |= _bound_on_every_path(s.body) & _bound_on_every_path(s.orelse)
        elif not isinstance(s, (ast.For, ast.While)):
            bound |= _rebound([s])
    return bound
