"""Stage 1c, record values: a record no name holds gets one, so ``namedtuples.py`` follows it.

``namedtuples.py`` and ``record_helpers.py`` follow a namedtuple or plain dataclass held in a
local. A record built inline as a helper's argument, ``rebind(State(x[0], x[1]))``, or a helper's
returned record only read, ``step(s)[0]`` / ``step(s).pos``, is held by no name: each becomes
``t = State(x[0], x[1])`` / ``t = step(s)`` just before its statement, and the expression reads
``t``; the record local ``t`` is then the tuple of its fields, passed to and returned by the
helper as one.

Invariant: the statement runs as written. A value is named only in a simple statement
(assignment, an augmented one of a name, expression, ``return``), in its value, outside any part evaluated conditionally or
in a scope of its own (``if``-expression, ``and``/``or``, chained comparison, comprehension,
lambda, a dict display, a starred argument); every value Python evaluates before it in that
statement (the operands and arguments to its left at each level, but names, constants and the
called function itself, which a call leaves unchanged) is named first, in order, so each part
is still evaluated once and in Python's order. Only a ``C(...)`` of a record class
(``record_helpers.record_type``) or a call to a user's helper every return of which gives one
record class (``record_helpers.value_class``) is so named, and only where it is read by an
attribute or an index or passed to a user's helper.
"""
import ast
import itertools

from .. import astutil as A
from . import record_helpers
from .resolve import Resolver

_SIMPLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return)
_CONDITIONAL = (ast.IfExp, ast.BoolOp, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                ast.Dict, ast.Starred, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)


def name_record_values(src, fdef, namer):
    """Name, in place, the records of ``fdef`` no name holds (module docstring)."""
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    found = record_helpers.local_classes(resolver, fdef, record_helpers.binding_sites(fdef), {})
    _in_lists(fdef, lambda s: _named(resolver, found, s, namer) if isinstance(s, _SIMPLE) and s.value is not None
              and not (isinstance(s, ast.AugAssign) and not isinstance(s.target, ast.Name)) else [s])


def _in_lists(node, make):
    """Each statement ``s`` of every statement list under ``node`` replaced by ``make(s)``."""
    for field, value in ast.iter_fields(node):
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            out = []
            for s in value:
                if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    _in_lists(s, make)
                out += make(s)
            setattr(node, field, out)


def _named(resolver, found, stmt, namer):
    """``[t = value, ..., stmt]`` with the statement's unnamed records named (module docstring)."""
    before = []
    while True:
        path = _first(resolver, found, stmt.value, [])
        if path is None:
            return before + [stmt]
        for parent, child in _evaluated_before(path):
            before.append(_hoist(parent, child, stmt, namer))
        cls = record_helpers.value_class(resolver, path[-1], found)
        before.append(_hoist(path[-2], path[-1], stmt, namer))
        before[-1]._s2sad_record = True             # record_helpers.local_classes: a record local
        found[before[-1].targets[0].id] = cls       # a helper it is passed to is told its class


def _first(resolver, found, node, path):
    """The path (root first) to the first unnamed record in evaluation order, or None."""
    path = path + [node]
    if isinstance(node, _CONDITIONAL) or isinstance(node, ast.Compare) and len(node.ops) > 1:
        return None
    for child in _children(node):
        inner = _first(resolver, found, child, path)
        if inner is not None:
            return inner
    parent = path[-2] if len(path) > 1 else None
    return path if parent is not None and _read_record(resolver, found, parent, node) else None


def _children(node):
    """The sub-expressions of ``node`` in the order Python evaluates them."""
    if isinstance(node, ast.Call):
        return [node.func] + node.args + [k.value for k in node.keywords]
    return [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]


def _read_record(resolver, found, parent, node):
    """Is ``node`` a record (built, or a helper's) that ``parent`` reads or passes to a helper?"""
    if not isinstance(node, ast.Call):
        return False
    read = isinstance(parent, (ast.Attribute, ast.Subscript)) and parent.value is node \
        or isinstance(parent, ast.Call) and node is not parent.func and record_helpers.helper_args(resolver, parent)
    return bool(read) and record_helpers.value_class(resolver, node, found) is not None


def _evaluated_before(path):
    """(parent, child) of the values evaluated before the record in ``path``, to be named first."""
    out = []
    for parent, on_path in itertools.pairwise(path):
        for child in _children(parent):
            if child is on_path:
                break
            if not A.is_atom(child) and not (isinstance(parent, ast.Call) and child is parent.func):
                out.append((parent, child))
    return out


def _hoist(parent, child, stmt, namer):
    """``t = child`` (located at the statement), ``child`` replaced by ``t`` in ``parent``."""
    t = namer.fresh("t")
    A.replaced(parent, child, ast.copy_location(A.name(t), child))
    return A.at(A.assign(t, child), stmt)
