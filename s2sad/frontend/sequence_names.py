"""Which local names certainly hold a list, a tuple or a NumPy array (stage 1c).

``list(xs)`` of such a name is ``[v for v in xs]``: Python builds the same list, and s2sad
follows comprehensions. Of any other name it is refused (``lower``/the rule table): a name may
hold a dict (whose ``list`` is its keys) or an iterator (which has no index), which the loop a
comprehension becomes cannot run over.

A name qualifies when every binding of it in the function (not in nested functions or
comprehensions, which have their own scopes) is ``name = e`` or ``name += e`` with ``e`` a list
or tuple display, a list comprehension, ``list(...)``, ``tuple(...)``,
``sorted(...)``, a call of a NumPy function that returns one array (``np.zeros``, ``np.sin``,
...), an operator on such a name or display (``xs + [v]``, ``2 * x`` of an array), or another
such name; and it is neither a parameter, nor declared ``global``/``nonlocal``, nor bound any
other way (a ``for`` or ``with`` target, a tuple unpacking, ``:=``, ``import``, ``del``).
"""
import ast
import builtins

import numpy as np

from ..analyses.list_names import int_names, is_int

SEQUENCE_CALLS = (builtins.list, builtins.tuple, builtins.sorted)   # (a range in a name: numba cannot index it)
# NumPy functions that return several arrays, or something other than an array
NOT_ONE_ARRAY = {"split", "array_split", "hsplit", "vsplit", "dsplit", "unstack", "meshgrid", "broadcast_arrays",
                 "ix_", "nonzero", "where", "unique", "histogram", "shape", "ndim", "size", "iterable", "ndindex",
                 "ndenumerate", "nditer", "isscalar", "allclose", "array_equal"}


def sequence_names(fdef, resolve, lists=False):
    """The names of ``fdef`` proven to hold a list, tuple or array (see the docstring);
    ``resolve(node)``: the object a dotted name refers to, or None. ``lists``: proven to hold a
    list (every binding a list display or comprehension, ``list(...)``, ``sorted(...)``, ``+``/``*``
    of one, or another such name)."""
    values, others = {}, set()
    params = fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs
    others |= {a.arg for a in params} | {a.arg for a in (fdef.args.vararg, fdef.args.kwarg) if a is not None}
    for node in _own_scope(fdef):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    values.setdefault(t.id, []).append(node.value)
                elif not isinstance(t, (ast.Subscript, ast.Attribute)):
                    others |= _stored(t)    # `xs[0] = v` stores an item: `xs` still holds its list
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            others |= set(node.names)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.NamedExpr, ast.Delete,
                               ast.Import, ast.ImportFrom, ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
            others |= _stored(node)
    names = set(values) - others
    ints = int_names(fdef) if lists else None     # lists only: `L * n` is a list for an int n
    while True:     # drop names bound to something not proven a sequence, until nothing changes
        bad = {n for n in names if not all(_sequence(v, names, resolve, ints) for v in values[n])}
        if not bad:
            return names
        names -= bad


def _sequence(e, names, resolve, ints=None):
    """``e`` is a list, tuple or array; with ``ints`` (the names holding ints), a list."""
    lists = ints is not None
    if isinstance(e, (ast.List, ast.ListComp)) or isinstance(e, ast.Tuple) and not lists:
        return True
    if isinstance(e, ast.Name):
        return e.id in names
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Mult)):
        sides = [_sequence(side, names, resolve, ints) for side in (e.left, e.right)]
        if not lists:
            return any(sides)
        if isinstance(e.op, ast.Add):   # `x + [1.0]` and `x * [1.0, 2.0]` of an array x are arrays
            return all(sides)
        return sides[0] and is_int(e.right, ints) or sides[1] and is_int(e.left, ints)
    if isinstance(e, ast.Call):
        fn = resolve(e.func)
        return fn in (builtins.list, builtins.sorted) if lists else fn in SEQUENCE_CALLS or _one_array(fn)
    return False


def _one_array(fn):
    name = getattr(fn, "__name__", "")
    module = str(getattr(fn, "__module__", "") or "")
    return (module == "numpy" or module.startswith("numpy.")) and name not in NOT_ONE_ARRAY \
        and not name.startswith(("is", "any", "all", "arg", "count")) and callable(fn) \
        and not isinstance(fn, type) and fn is not np.float64


def _own_scope(fdef):
    """The nodes of ``fdef``'s body outside nested functions, classes, lambdas and comprehensions."""
    stack = list(fdef.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
                                      ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                stack.append(child)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield ast.Global(names=[child.name])    # the def binds its name: not a sequence
            else:   # a comprehension's `:=` binds in the function's scope
                yield from (n for n in ast.walk(child) if isinstance(n, ast.NamedExpr))


def _stored(node):
    """Names ``node`` binds (its targets, ``as`` names, imports)."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        return {node.name} if node.name else set()
    parts = [node.target] if isinstance(node, (ast.For, ast.AsyncFor, ast.NamedExpr)) else \
        [i.optional_vars for i in node.items if i.optional_vars is not None] if isinstance(node, (ast.With, ast.AsyncWith)) \
        else node.targets if isinstance(node, ast.Delete) else [node]
    return {n.id for p in parts for n in ast.walk(p) if isinstance(n, ast.Name)}
