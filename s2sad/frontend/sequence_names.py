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
import inspect

import numpy as np

from ..analyses.list_names import int_names, is_int
from ..scopes import is_library
from .helper_appends import returns_parameter

SEQUENCE_CALLS = (builtins.list, builtins.tuple, builtins.sorted)   # (a range in a name: numba cannot index it)
# NumPy functions that return several arrays, or something other than an array
NOT_ONE_ARRAY = {"split", "array_split", "hsplit", "vsplit", "dsplit", "unstack", "meshgrid", "broadcast_arrays",
                 "ix_", "nonzero", "where", "unique", "histogram", "shape", "ndim", "size", "iterable", "ndindex",
                 "ndenumerate", "nditer", "isscalar", "allclose", "array_equal"}


def sequence_names(fdef, resolve, lists=False):
    """The names of ``fdef`` proven to hold a list, tuple or array (see the docstring);
    ``resolve(node)``: the object a dotted name refers to, or None. ``lists``: proven to hold a
    list (``proven_lists``)."""
    if lists:
        return proven_lists(fdef, resolve)
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
    while True:     # drop names bound to something not proven a sequence, until nothing changes
        bad = {n for n in names if not all(_sequence(v, names, resolve) for v in values[n])}
        if not bad:
            return names
        names -= bad


def _sequence(e, names, resolve):
    """``e`` is a list, tuple or array when the names of ``names`` are."""
    if isinstance(e, (ast.List, ast.ListComp, ast.Tuple)):
        return True
    if isinstance(e, ast.Name):
        return e.id in names
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Mult)):
        return _sequence(e.left, names, resolve) or _sequence(e.right, names, resolve)
    if isinstance(e, ast.Call):
        fn = resolve(e.func)
        return fn in SEQUENCE_CALLS or _one_array(fn)
    return False


def proven_lists(fdef, resolve, ints=None):
    """The local names of ``fdef`` that surely hold a Python list: the greatest set of names, none
    a parameter, declared ``global``/``nonlocal`` or bound any way but ``name = e`` (or
    ``name: T = e``), ``name += e`` or ``name *= n`` (an in-place extend or repetition keeps a list
    a list), every ``e`` of which is a list given that the names of the set are (``is_list``).
    One definition for every front-end stage that must tell a list from an array: ``a + b`` and
    ``a * n`` join and repeat lists but add and multiply arrays (``list_joins``), ``xs.copy()``
    (``desugar``). ``ints``: ``int_names(fdef)`` when the caller has it."""
    ints = int_names(fdef) if ints is None else ints
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    values, plain = {}, set()
    for node in ast.walk(fdef):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                values.setdefault(targets[0].id, []).append(node.value)
                plain.add(id(targets[0]))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and (
                isinstance(node.op, ast.Add) or isinstance(node.op, ast.Mult) and is_int(node.value, ints)):
            plain.add(id(node.target))
    others = params | {n for s in ast.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    others |= {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
               and id(n) not in plain}
    lists = set(values) - others
    bound = set(values) | others

    def res(func):      # a call of a name the function binds calls that binding, not the builtin
        return None if isinstance(func, ast.Name) and func.id in bound else resolve(func)
    while True:
        bad = {n for n in lists if not all(is_list(v, lists, res, ints) for v in values[n])}
        if not bad:
            return lists
        lists -= bad


def is_list(node, lists, resolve, ints):
    """``node`` surely evaluates to a list when the names of ``lists`` hold lists (and those of
    ``ints`` Python ints): a list display or comprehension, such a name, a join of two lists, a
    repetition of one by an int, a slice of one, ``xs.copy()`` of one, ``a if c else b`` of two,
    ``list(...)``, ``sorted(...)``, a call of the user's function that returns its parameter given a list."""
    if isinstance(node, (ast.List, ast.ListComp)):
        return isinstance(getattr(node, "ctx", ast.Load()), ast.Load)
    if isinstance(node, ast.Name):
        return node.id in lists
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):    # `x + [1.0]` of an array x is an array
        return is_list(node.left, lists, resolve, ints) and is_list(node.right, lists, resolve, ints)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):   # `x * [1.0, 2.0]` too
        return is_list(node.left, lists, resolve, ints) and is_int(node.right, ints) \
            or is_int(node.left, ints) and is_list(node.right, lists, resolve, ints)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return is_list(node.value, lists, resolve, ints)
    if isinstance(node, ast.IfExp):
        return is_list(node.body, lists, resolve, ints) and is_list(node.orelse, lists, resolve, ints)
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute) and node.func.attr == "copy" and not node.args and not node.keywords:
        return is_list(node.func.value, lists, resolve, ints)    # `xs.copy()` of a list is a list
    fn = resolve(node.func)
    if inspect.isfunction(fn) and not is_library(fn):     # `L = push(L, v)` of a helper handing back `L`
        given = list(enumerate(node.args)) + [(k.arg, k.value) for k in node.keywords if k.arg]
        return any(is_list(a, lists, resolve, ints) and returns_parameter(fn, where) for where, a in given)
    return fn is builtins.list and not node.keywords \
        or fn is builtins.sorted and all(k.arg in ("key", "reverse") for k in node.keywords)


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
