"""Stage 1c, record values: a record no name holds gets one, so ``namedtuples.py`` follows it.

``namedtuples.py`` and ``record_helpers.py`` follow a namedtuple or plain dataclass held in a
local. A record built inline as a helper's argument, ``rebind(State(x[0], x[1]))``, or a helper's
returned record only read, ``step(s)[0]`` / ``step(s).pos``, is held by no name: each becomes
``t = State(x[0], x[1])`` / ``t = step(s)`` just before its statement, and the expression reads
``t``; the record local ``t`` is then the tuple of its fields, passed to and returned by the
helper as one.

Invariant: the statement runs as written: ``object_hoist.hoist`` moves the record before its
statement only where Python's order of evaluation is kept (a simple statement, through nodes that
evaluate each child once and in order), naming first what Python evaluates before it; elsewhere
(a conditional part, a comprehension, a loop's header) the record is left as written, and keeps
its refusal. Only a ``C(...)`` of a record class
(``record_helpers.record_type``) or a call to a user's helper every return of which gives one
record class (``record_helpers.value_class``) is so named, and only where it is read by an
attribute or an index or passed to a user's helper.
"""
import ast

from .. import astutil as A
from . import record_helpers
from .object_hoist import evaluation_order, hoist
from .resolve import Resolver


def name_record_values(src, fdef, namer):
    """Name, in place, the records of ``fdef`` no name holds (module docstring)."""
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    found = record_helpers.local_classes(resolver, fdef, record_helpers.binding_sites(fdef), {})
    tried = set()
    while True:
        node = next(iter(_unnamed(resolver, found, fdef, tried)), None)
        if node is None:
            return
        tried.add(id(node))
        cls, t = record_helpers.value_class(resolver, node, found), namer.fresh("t")
        if hoist(fdef, node, [ast.Name(id=t, ctx=ast.Store())], t, set(), namer):
            found[t] = cls                  # a helper it is passed to is told its class
            binding = next(s for s in A.walk(fdef) if isinstance(s, ast.Assign) and s.value is node)
            binding._s2sad_record = True    # record_helpers.local_classes: a record local


def _unnamed(resolver, found, fdef, tried):
    """The records no name holds, read or passed to a helper, in evaluation order (not ``tried``)."""
    wanted = set()
    for parent in A.walk(fdef):
        if isinstance(parent, (ast.Attribute, ast.Subscript)):
            children = [parent.value]
        elif isinstance(parent, ast.Call) and record_helpers.helper_args(resolver, parent):
            children = parent.args + [k.value for k in parent.keywords]
        else:
            continue
        wanted |= {id(c) for c in children if isinstance(c, ast.Call) and id(c) not in tried
                   and record_helpers.value_class(resolver, c, found) is not None}
    return evaluation_order(fdef, wanted) if wanted else []
