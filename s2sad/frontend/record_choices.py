"""Stage 1c, record choices: ``s = C(a, b) if c else C(b, a)`` written as the ``if`` it means.

``namedtuples.py`` and ``record_helpers.py`` follow a local bound to records by assignments
(``if c: s = C(a, b)`` / ``else: s = C(b, a)``), but not one bound to a conditional expression,
which they refused ("the attribute `.p` of a local value"). An assignment of one name to
``A if c else B``, each branch (nested ``if``-``else`` expressions included) building a record
(``record_helpers.value_class``: a namedtuple or plain dataclass, or a helper returning one),
becomes::

    if c:
        s = A
    else:
        s = B

Invariant: Python evaluates ``c``, then exactly one of ``A`` and ``B``, then binds ``s``; the
statement does the same. Whether the two records' classes agree is left to the stages after,
which refuse a local holding two classes at its line.
"""
import ast

from .. import astutil as A
from . import record_helpers
from .resolve import Resolver


def record_choices(src, fdef):
    """Rewrite, in place, each ``s = A if c else B`` of records in ``fdef`` (module docstring)."""
    if not any(isinstance(n, ast.IfExp) for n in A.walk(fdef)):
        return
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    A.map_blocks(fdef, lambda s: [_as_if(s, resolver)])


def _as_if(s, resolver):
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
            and isinstance(s.value, ast.IfExp) and _records(s.value, resolver)):
        return s
    return _choice(s.targets[0].id, s.value, s)


def _records(value, resolver):
    if isinstance(value, ast.IfExp):
        return _records(value.body, resolver) and _records(value.orelse, resolver)
    return record_helpers.value_class(resolver, value, {}) is not None


def _choice(name, value, like):
    if not isinstance(value, ast.IfExp):
        return A.at(A.assign(name, value), like)
    return A.at(ast.If(test=value.test, body=[_choice(name, value.body, like)],
                       orelse=[_choice(name, value.orelse, like)]), like)
