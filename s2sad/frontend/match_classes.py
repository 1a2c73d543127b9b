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
from .match_displays import NEVER, _bound_names, case_chain, value_tests, whole_pattern


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
    structural = (lambda p: _class(src, p, subject, cls) if isinstance(p, ast.MatchClass) else None)
    return case_chain(node, [whole_pattern(case.pattern, subject, structural) for case in node.cases], namer)


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
    return value_tests([(q, ast.Attribute(value=A.clone(subject), attr=attr, ctx=ast.Load()))
                        for attr, q in zip(attrs, list(p.patterns) + list(p.kwd_patterns))])
