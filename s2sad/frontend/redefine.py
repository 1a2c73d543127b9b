"""Stage 3b, after A-normal form: straight-line redefinitions renamed.

Invariant after this step: at the top level of the function (outside loops and branches)
a name is assigned at most once, so it has one shape and one role; an in-place update
(``x += v``, marked ``_s2sad_inplace``) keeps its name, and loop-carried names keep theirs.
"""
import ast

from .. import astutil as A


def rename_redefinitions(fdef, namer):
    """Give each straight-line redefinition at the top of the function a new name.

    ``t = np.mean(y) ... t = np.ones(3)`` becomes ``t = ... t2 = ...`` and every later
    use reads ``t2``. A name then has one shape and one role, which is what the rank
    inference, the tape and numba want; loops and branches keep their names (their
    values flow around the loop)."""
    defined = {a.arg for a in fdef.args.args}
    body = fdef.body
    for k, stmt in enumerate(body):
        targets = [] if getattr(stmt, "_s2sad_inplace", False) else _plain_targets(stmt)  # x += v keeps x
        for v in [t for t in targets if t in defined]:
            new = namer.fresh(v)
            _rename_store(stmt, v, new)
            for later in body[k + 1:]:
                _rename_all(later, v, new)
        defined.update(_plain_targets(stmt))
        for node in A.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
    return fdef


def _plain_targets(stmt):
    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
        return [stmt.targets[0].id]
    return []


def _rename_store(stmt, old, new):
    stmt.targets[0].id = new


def _rename_all(stmt, old, new):
    for node in A.walk(stmt):
        if isinstance(node, ast.Name) and node.id == old and not getattr(node, "_s2sad_bound", False):
            node.id = new
        A.rename_notes(node, {old: new}, positions=False)
