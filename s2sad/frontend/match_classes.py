"""Stage 1a, ``match`` on a dataclass object built in the function: class patterns as field tests.

A name bound once, by a call of a dataclass (``p = Point(x[0], x[1])``), holds an object of that
class wherever it is read, so a class pattern's ``isinstance`` is known when the function is built,
and its sub-patterns are tests of the fields, read when the ``match`` runs (as Python reads them)::

    p = Point(x[0], x[1])                 p = Point(x[0], x[1])
    match p:                              if p.x == 0:
        case Point(x=0, y=y):                 y = p.y
            r = y                             r = y
        case Point(u, v):                 else:
            r = u * v                         u = p.x
                                              v = p.y
                                              r = u * v

Patterns written out: a class pattern whose class is the object's or one of its bases (another
class never matches, and its case is dropped), its positional sub-patterns named by the class's
``__match_args__``, every sub-pattern one ``match_ifs`` writes (values, ``None``, ``_``, captures,
``|`` of values, ``as``), each naming a field of the dataclass; a capture or ``_`` of the whole
subject. Anything else (a nested class pattern, a mapping pattern, a class that is not a dataclass,
a subject bound more than once) leaves the statement to ``check``'s refusal.

Invariant: the chain runs the body of the case Python's ``match`` runs, with the same names bound
to the same values (each field read once per case, when its test runs).
"""
import ast
import dataclasses

from .. import astutil as A
from .match_displays import NEVER, _alternatives, _bound_names, _case
from .match_ifs import _captures, _test


def record_names(src, fdef):
    """name -> the dataclass of the one call binding it (``p = Point(...)``), for names bound once."""
    from .resolve import dotted_object
    stores, held = {}, {}
    for n in ast.walk(fdef):
        for name in _bound_names(n):
            stores[name] = stores.get(name, 0) + 1
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.Call):
            cls = getattr(n.value.func, "_s2sad_obj", None) or dotted_object(src, n.value.func)
            if isinstance(cls, type) and dataclasses.is_dataclass(cls):
                held[n.targets[0].id] = cls
    return {k: v for k, v in held.items() if stores.get(k) == 1}


def class_match(src, node, namer, records):
    """The statements a ``match`` on such a name becomes, or None (module docstring)."""
    subject = node.subject
    cls = records.get(subject.id) if isinstance(subject, ast.Name) else None
    if cls is None:
        return None
    tests = [_pattern(src, case.pattern, subject, cls) for case in node.cases]
    if any(t is None for t in tests):
        return None
    orelse = []
    for case, (test, binds) in reversed(list(zip(node.cases, tests))):
        if test is NEVER:
            continue
        binds = [A.at(ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v), case.pattern) for n, v in binds]
        orelse = _case(case, test, binds, orelse, namer)
    return orelse


def _pattern(src, p, subject, cls):
    """(test, [(name, value)]) of ``p`` on the whole subject; test None: always, NEVER: never."""
    if isinstance(p, ast.MatchClass):
        return _class(src, p, subject, cls)
    if isinstance(p, ast.MatchAs):
        inner = (None, []) if p.pattern is None else _pattern(src, p.pattern, subject, cls)
        if inner is None:
            return None
        return inner[0], inner[1] + ([(p.name, A.clone(subject))] if p.name else [])
    if isinstance(p, ast.MatchOr):
        return _alternatives([_pattern(src, q, subject, cls) for q in p.patterns])
    return None


def _class(src, p, subject, cls):
    from .resolve import dotted_object
    pcls = getattr(p.cls, "_s2sad_obj", None) or dotted_object(src, p.cls)
    if not isinstance(pcls, type):
        return None
    if not issubclass(cls, pcls):
        return NEVER, []
    names = getattr(pcls, "__match_args__", ())
    if not isinstance(names, tuple) or len(p.patterns) > len(names):
        return None         # (Python's TypeError: too many positional sub-patterns)
    attrs = list(names[:len(p.patterns)]) + list(p.kwd_attrs)
    fields = {f.name for f in dataclasses.fields(cls)}
    if len(set(attrs)) != len(attrs) or not set(attrs) <= fields:
        return None
    tests, binds = [], []
    for attr, q in zip(attrs, list(p.patterns) + list(p.kwd_patterns)):
        if _captures(q) is None:
            return None
        value = ast.Attribute(value=A.clone(subject), attr=attr, ctx=ast.Load())
        test, names_bound = _test(q, value)
        tests += [test] if test is not None else []
        binds += [(n, A.clone(value)) for n in names_bound]
    test = None if not tests else tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)
    return test, binds
