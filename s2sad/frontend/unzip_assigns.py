"""Stage 1b, unzipping (issue 8, stop 56): ``a, b = zip(*pairs)`` (a list of pairs, of rows, a
matrix) written as one comprehension per name, after Python's unpacking check::

    rows = checked(pairs, unzipped(pairs, 2))   # rules/runtime_checks: Python's ValueError where
    a = [r[0] for r in rows]                    # zip's tuples would not unpack into the two names
    b = tuple([r[1] for r in rows])

``zip(*rows)`` yields the columns ``(rows[0][j], rows[1][j], ...)`` for ``j`` below the shortest
row's length, so the ``j``-th name gets column ``j``. A column is a tuple, as zip makes it, unless
its name is only ever read in ways that cannot tell a list from a tuple (indexed but not sliced,
looped over, passed to ``len``/``sum``/``min``/``max``/``zip``/``enumerate``/``sorted``/``list``/
``reversed`` or to a NumPy function), where it is the list of the same items: numba cannot make
a tuple of a list, and the compiled gradient then runs too.

Invariant: the rows are evaluated once, before any name is bound, as Python evaluates them; the
names get the items zip would give them, in the same order, or Python's ValueError is raised; a
form not of this shape (a starred or nested target, keywords, other arguments, ``zip`` not the
builtin) is left as written (refused later, located).
"""
import ast
import builtins

import numpy as np

from .. import astutil as A
from .resolve import dotted_object

BLIND = frozenset((len, sum, min, max, zip, enumerate, sorted, list, reversed))


def unzip_assigns(src, fdef, namer):
    if not any(_unzip_shaped(s) for s in ast.walk(fdef)):
        return      # (only such a statement is rewritten: `_unzipped`; the analyses below only read)
    loads, local = _uses(fdef), set(A.assigned_locals(fdef))
    for parent in [n for n in ast.walk(fdef) if isinstance(getattr(n, "body", None), list)]:
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list):
                setattr(parent, field, [o for s in block for o in _unzipped(src, s, namer, loads, local)])


def _unzip_shaped(s):
    """``a, b = F(*rows)``: the statements ``_unzipped`` may rewrite (when ``F`` is the builtin ``zip``)."""
    return isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], (ast.Tuple, ast.List)) \
        and all(isinstance(t, ast.Name) for t in s.targets[0].elts) and isinstance(s.value, ast.Call) \
        and isinstance(s.value.func, ast.Name) and not s.value.keywords and len(s.value.args) == 1 \
        and isinstance(s.value.args[0], ast.Starred)


def _unzipped(src, s, namer, loads, local):
    if not (_unzip_shaped(s) and _is_unzip(src, s.value, local)):
        return [s]
    names = [t.id for t in s.targets[0].elts]
    rows, out = s.value.args[0].value, []
    if not isinstance(rows, ast.Name) or rows.id in names:     # evaluated once, before any target is bound
        out.append(A.assign(namer.fresh("rows"), rows, like=s))
        rows = A.name(out[-1].targets[0].id)
    # read through checked(rows, unzipped(rows, k)): a check whose value nothing read would be dropped
    call = [_runtime_name(n) for n in ("checked", "unzipped")]
    test = ast.Call(func=call[1], args=[A.clone(rows), A.const(len(names))], keywords=[])
    out.append(A.assign(namer.fresh("rows"), ast.Call(func=call[0], args=[rows, test], keywords=[])))
    rows = A.name(out[-1].targets[0].id)
    for j, name in enumerate(names):
        r = namer.fresh("row")
        gen = ast.comprehension(target=A.name(r, store=True), iter=A.clone(rows), ifs=[], is_async=0)
        column = ast.ListComp(elt=ast.Subscript(value=A.name(r), slice=A.const(j), ctx=ast.Load()), generators=[gen])
        if not all(_blind(src, use) for use in loads.get(name, ())):
            column = A.call("tuple", column)
        out.append(ast.Assign(targets=[A.name(name, store=True)], value=column))
    return [A.at(o, s) for o in out]


def _runtime_name(name):
    from ..rules import runtime
    node = A.name(name)
    node._s2sad_obj = getattr(runtime, name)
    return node


def _is_unzip(src, e, local):
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and not e.keywords and len(e.args) == 1 \
        and isinstance(e.args[0], ast.Starred) and dotted_object(src, e.func, local) is builtins.zip


def _uses(fdef):
    """name -> [(the Name read, its parent)] for every read of a name."""
    out = {}
    for parent in ast.walk(fdef):
        for child in ast.iter_child_nodes(parent):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                out.setdefault(child.id, []).append((child, parent))
    return out


def _blind(src, use):
    """Whether this read cannot tell a list from a tuple of the same items."""
    node, parent = use
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return not isinstance(parent.slice, ast.Slice)      # (a slice of a tuple is a tuple)
    if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node:
        return True
    if isinstance(parent, ast.Call) and node in parent.args:
        fn = dotted_object(src, parent.func)
        return any(fn is b for b in BLIND) or isinstance(fn, np.ufunc) \
            or str(getattr(fn, "__module__", None)).split(".")[0] == "numpy"
    return False
