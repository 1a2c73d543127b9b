"""``q = p._replace(f=e)`` of a namedtuple local, rewritten to what the method builds, before
``namedtuples.py`` makes the locals the tuples of their fields.

``collections.namedtuple``'s ``_replace`` (also that of ``typing.NamedTuple``) is
``self._make(map(kwds.pop, fields, self))``: a new instance of the same class, each field the
keyword of its name if given, else the field of ``p``. So ``q = p._replace(x=e)`` is
``q = C(x=e, y=p.y)`` with ``C`` the class ``p`` was built by (its keywords first, in the
order written, then the other fields read from ``p``; ``p`` may be ``q`` itself).

Invariant: applied only when every binding of ``p`` is ``p = C(...)`` or ``p = r._replace(...)``
of such a local (one namedtuple class ``C``, written as a dotted name, whose ``_replace`` is the
standard library's), ``_replace`` is given keywords only (no ``**``) and no ``:=`` (which could
rebind ``p`` before it is read). A keyword that is no field (a ValueError in Python) is refused,
located. Anything else keeps its refusal (``frontend/methods.py`` names the method).
"""
import ast
import collections

from .. import astutil as A
from ..errors import unsupported

_ITSELF = object()
_NAMEDTUPLE_CODE = collections.namedtuple("_T", "a")._replace.__code__


def lift_replace(src, fdef, resolver, sites):
    """Rewrite, in place, the ``_replace`` bindings of the namedtuple locals (module docstring);
    ``sites``: name -> the ``name = ...`` statements binding it (all its bindings)."""
    classes, changed = {}, True
    while changed:
        changed = False
        for name, assigns in sites.items():
            exprs = [] if name in classes else [_class_of(resolver, a.value, classes, name) for a in assigns]
            known = [e for e in exprs if e is not _ITSELF]
            if known and all(e is not None and A.dotted_path(e) == A.dotted_path(known[0]) for e in known):
                classes[name], changed = known[0], True
    for name, cls_expr in classes.items():
        for a in sites[name]:
            if _source(a.value) is not None:
                a.value = _replaced(src, a.value, cls_expr, resolver.obj(cls_expr))


def _class_of(resolver, value, classes, name):
    """The class expression ``C`` of ``C(...)`` (a namedtuple class) or of ``r._replace(...)``
    (``_ITSELF`` for ``name = name._replace(...)``: the class of its other bindings)."""
    if not isinstance(value, ast.Call):
        return None
    source = _source(value)
    if source is not None:
        return _ITSELF if source == name else classes.get(source)
    cls = resolver.obj(value.func)
    return value.func if A.dotted_path(value.func) is not None and standard_replace(cls) else None


def standard_replace(cls):
    """Is ``cls`` a namedtuple class whose ``_replace`` is the standard library's?"""
    if not (isinstance(cls, type) and issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)):
        return False
    return getattr(getattr(cls, "_replace", None), "__code__", None) is _NAMEDTUPLE_CODE


def _source(call):
    """``r`` of ``r._replace(f=v, ...)`` (keywords only, no ``**``, no ``:=``), or None."""
    f = call.func if isinstance(call, ast.Call) else None
    if not (isinstance(f, ast.Attribute) and f.attr == "_replace" and isinstance(f.value, ast.Name)) \
            or call.args or any(k.arg is None for k in call.keywords) \
            or any(isinstance(n, ast.NamedExpr) for n in A.walk(call)):
        return None
    return f.value.id


def _replaced(src, call, cls_expr, cls):
    """``r._replace(a=e)`` -> ``C(a=e, b=r.b)``."""
    given = [k.arg for k in call.keywords]
    wrong = [k for k in call.keywords if k.arg not in cls._fields]
    if wrong:
        raise unsupported(src, wrong[0].value, f"`._replace({wrong[0].arg}=...)` of a `{cls.__name__}`, which has "
                          f"no field `{wrong[0].arg}` (Python raises ValueError)",
                          f"Name only its fields ({', '.join(cls._fields)}).")
    r = call.func.value.id
    rest = [ast.keyword(arg=f, value=ast.Attribute(value=A.name(r), attr=f, ctx=ast.Load()))
            for f in cls._fields if f not in given]
    func = A.clone(cls_expr)
    for n in A.walk(func):                  # the class as read here, not where `r` was built
        ast.copy_location(n, call)
    return A.at(ast.Call(func=func, args=[], keywords=list(call.keywords) + rest), call)
