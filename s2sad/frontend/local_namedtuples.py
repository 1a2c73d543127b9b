"""Stage 1c, local namedtuple classes: ``P = namedtuple("P", ["a", "b"])`` inside the function is
the class it makes, so ``namedtuples.py`` follows ``p = P(x[0], x[1])`` as it follows a global one.

Invariant: a local ``P`` is taken for a namedtuple class only when its one binding in the function
is ``P = namedtuple(<str>, <str or list/tuple of str>)`` (``collections.namedtuple`` resolved in
the function's scope, no other argument) and every read of it is the called function of a call
``P(...)``: the class is made here from those constants, as the statement makes it when it runs,
and pinned to those calls (``_s2sad_obj``). After ``namedtuples.py``, the statement is dropped if
no read of ``P`` is left (each ``P(...)`` became the tuple of its fields); otherwise it stays,
and so does what refuses the calls left.
"""
import ast
import collections

from .. import astutil as A
from .resolve import Resolver

_MARK = "_s2sad_local_namedtuple"


def pin_local_namedtuples(src, fdef):
    """Pin, in place, the class each local namedtuple ``P(...)`` call makes (module docstring)."""
    resolver, stores = Resolver(src, set(A.assigned_locals(fdef))), A.stores(fdef)
    for node in A.walk(fdef):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and len(stores.get(node.targets[0].id, ())) == 1):
            continue
        cls = _made(resolver, node.value)
        if cls is None:
            continue        # (the two walks below only read: first the one test that can fail cheaply)
        name = node.targets[0].id
        calls = [n.func for n in A.walk(fdef) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id == name]
        reads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
        if len(calls) == len(reads) and not any(
                isinstance(a, ast.arg) and a.arg == name for a in A.walk(fdef)):
            for func in calls:
                func._s2sad_obj = cls
            setattr(node, _MARK, True)


def drop_unused_classes(fdef):
    """Drop the pinned ``P = namedtuple(...)`` statements whose ``P`` is no longer read."""
    read = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for node in A.walk(fdef):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and any(getattr(s, _MARK, False) for s in value):
                kept = [s for s in value if not (getattr(s, _MARK, False) and s.targets[0].id not in read)]
                setattr(node, field, kept or [ast.copy_location(ast.Pass(), value[0])])


def _made(resolver, value):
    """The class ``namedtuple(<str>, <fields>)`` makes, or None."""
    if not (isinstance(value, ast.Call) and resolver.obj(value.func) is collections.namedtuple
            and len(value.args) == 2 and not value.keywords):
        return None
    typename, fields = value.args
    if isinstance(fields, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in fields.elts):
        names = [e.value for e in fields.elts]
    elif isinstance(fields, ast.Constant) and isinstance(fields.value, str):
        names = fields.value
    else:
        return None
    if not (isinstance(typename, ast.Constant) and isinstance(typename.value, str)):
        return None
    try:
        return collections.namedtuple(typename.value, names)
    except (ValueError, TypeError):      # what the statement raises when it runs: left to it
        return None
