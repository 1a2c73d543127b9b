"""Records that cross a helper's boundary, for ``namedtuples.py``: the class each local holds.

``namedtuples.py`` makes a namedtuple or plain dataclass local (``records.py``) the tuple of its
fields. A loop's state is commonly built in the function and then passed to a helper that
returns a new one, ``for _ in range(n): s = step(s, dt)`` with ``def step(s, dt): return
State(...)`` (or ``s._replace(...)``, ``dataclasses.replace(s, ...)``). The class a local holds
is then found through the helpers: ``local_classes`` gives each candidate local the one class
all its bindings build, where a helper call builds the class every ``return`` of that helper
builds given the classes of its arguments (read from its source, ``returned_class``). A local
that becomes a tuple is passed to helpers as one: ``mark_calls`` notes on each such call which
parameters receive a record of which class and which class its result must be, and the helper's
own build (``frontend(records=...)``) makes those parameters and its returned value tuples too.

Invariant: the caller and the helper decide with this one analysis; the helper's build refuses,
located, a parameter so marked that it cannot read as a tuple (read otherwise than by its fields
or passed to a helper) and a ``return`` that does not give a tuple of the marked class, so a
caller's tuple never meets a helper that expects an object. A call so marked is always inlined
(``pipeline_inline.inline_helpers``), never run as a Python call on a tuple.
"""
import ast
import collections
import dataclasses
import functools

from .. import arguments
from .. import astutil as A
from ..analyses.sequence_args import bound_arguments
from ..errors import S2sadError, unsupported
from .namedtuple_replace import standard_replace
from .parsing import parse_function
from .records import record_class
from .resolve import MISSING, Resolver, user_function

_ARRAY_ATTRIBUTES = {"T", "real", "imag", "mT"}
_DEPTH = 8          # helpers returning records through helpers: followed this deep


def record_type(resolver, value):
    """The class ``C`` of ``C(...)``: a namedtuple class or a dataclass ``records.py`` describes."""
    cls = resolver.obj(value.func) if isinstance(value, ast.Call) else MISSING
    if cls is MISSING or not isinstance(cls, type):
        return None
    if dataclasses.is_dataclass(cls):
        return cls if record_class(cls) is not None else None
    tuple_like = issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple) and hasattr(cls, "_make")
    return cls if tuple_like else None


def describe(cls):
    """What ``namedtuples.py`` reads of a class: the namedtuple class itself, a dataclass's Record."""
    return record_class(cls) if dataclasses.is_dataclass(cls) else cls


def helper_args(resolver, call):
    """``fn, {parameter: argument}`` of a call to a user's helper, bound as Python binds it; None."""
    fn = resolver.obj(call.func) if isinstance(call, ast.Call) else MISSING
    args = bound_arguments(fn, call) if fn is not MISSING and user_function(fn) else None
    return None if args is None else (fn, args)


def replaced_source(resolver, call):
    """``r`` of ``r._replace(f=v)`` or ``dataclasses.replace(r, f=v)`` (keywords only), or None."""
    if not isinstance(call, ast.Call) or any(k.arg is None for k in call.keywords):
        return None
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "_replace" and isinstance(f.value, ast.Name) and not call.args:
        return f.value.id
    if resolver.obj(f) is dataclasses.replace and len(call.args) == 1 and isinstance(call.args[0], ast.Name):
        return call.args[0].id
    return None


def value_class(resolver, value, found, depth=0):
    """The record class ``value`` (a binding's value) builds, ``found`` the locals' classes; None."""
    cls = record_type(resolver, value)
    source = replaced_source(resolver, value)
    if cls is not None or source is not None:
        held = cls or found.get(source)
        method = isinstance(value.func, ast.Attribute) and value.func.attr == "_replace"
        ok = cls is not None or held is not None and (standard_replace(held) if method else
                                                      dataclasses.is_dataclass(held))
        return held if ok else None
    called = helper_args(resolver, value) if depth < _DEPTH else None
    if called is None:
        return None
    fn, args = called
    return returned_class(fn, {p: found[a.id] for p, a in args.items() if isinstance(a, ast.Name) and a.id in found},
                          depth + 1)


def returned_class(fn, params, depth):
    """The one record class every ``return`` of ``fn`` gives when ``params`` (name -> class)
    receive records; None if some return gives another value or it cannot be told."""
    try:
        src = parse_function(fn)
    except S2sadError:
        return None
    fdef = src.tree
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    returns = arguments.returns(fdef)
    found = local_classes(resolver, fdef, binding_sites(fdef, params), params, depth,
                          {r.value.id for r in returns if isinstance(r.value, ast.Name)})
    classes = {found.get(r.value.id) if isinstance(r.value, ast.Name) else value_class(resolver, r.value, found, depth)
               for r in returns}
    return classes.pop() if len(classes) == 1 and None not in classes else None


def binding_sites(fdef, seeded=()):
    """name -> its ``name = ...`` statements, for the locals bound only so (and the parameters
    ``seeded``, which receive a record, if they are bound only so after that)."""
    stores, sites = A.stores(fdef), {}
    for node in A.walk(fdef):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            sites.setdefault(node.targets[0].id, []).append(node)
    for p in seeded:
        sites.setdefault(p, [])
    params = {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)} - set(seeded)   # of every scope in it
    return {n: a for n, a in sites.items() if len(a) == len(stores.get(n, ())) and n not in params}


def local_classes(resolver, fdef, sites, seeded, depth=0, wanted=()):
    """name -> the one class all bindings of a local (and the record its parameter of ``seeded``
    receives) build, for the locals that may hold one: read by an attribute or passed to a function
    by name, built by a class or a ``replace``, ``seeded``, ``wanted``, or named by ``record_values.py``."""
    read = {n.value.id for n in A.walk(fdef) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)} \
        | {a.id for n in A.walk(fdef) if isinstance(n, ast.Call) and not isinstance(n.func, ast.Attribute)
           for a in n.args + [k.value for k in n.keywords] if isinstance(a, ast.Name)}
    candidates = {n for n, assigns in sites.items() if n in read or n in seeded or n in wanted or any(
        record_type(resolver, a.value) or replaced_source(resolver, a.value) or getattr(a, "_s2sad_record", False)
        for a in assigns)}
    found = {n: c for n, c in seeded.items() if n in sites}
    for first in [True] + [False] * (len(candidates) + 1):   # a loop's `s = step(s)` needs `s`'s class:
        new = {}                                             # first from the bindings known alone
        for n in sorted(candidates):
            classes = {value_class(resolver, a.value, found, depth) for a in sites[n]} | (
                {seeded[n]} if n in seeded else set())
            classes -= {None} if first else set()
            if len(classes) == 1 and None not in classes:
                new[n] = classes.pop()
        if new == found:
            break
        found = new
    return _consistent(resolver, sites, seeded, found, depth)


def _consistent(resolver, sites, seeded, found, depth):
    """``found`` less the locals one of whose bindings builds another class under it (to a fixed point)."""
    while True:
        wrong = {n for n, c in found.items() if n in seeded and seeded[n] is not c or any(
            value_class(resolver, a.value, found, depth) is not c for a in sites[n])}
        if not wrong:
            return found
        found = {n: c for n, c in found.items() if n not in wrong}


def passed_names(resolver, fdef, sites, found):
    """The ids of the ``Name`` nodes of the locals ``found`` given whole as an argument to a
    user's helper, or as the ``r`` of a ``replace`` binding one of them."""
    out = set()
    for call in (n for n in A.walk(fdef) if isinstance(n, ast.Call)):
        called = helper_args(resolver, call) if any(isinstance(a, ast.Name) and a.id in found
                                                     for a in call.args + [k.value for k in call.keywords]) else None
        if called is not None:
            out |= {id(a) for a in called[1].values() if isinstance(a, ast.Name) and a.id in found}
    for a in (a for n in found for a in sites[n]):
        if replaced_source(resolver, a.value) in found:
            out.add(id(a.value.func.value if isinstance(a.value.func, ast.Attribute)
                       and a.value.func.attr == "_replace" else a.value.args[0]))
    return out


def mark_calls(resolver, fdef, rewritten):
    """Note on each call to a helper what it receives and must return as a tuple (module docstring);
    a namedtuple parameter of the function differentiated (``param_records``) is such a record
    where it is passed whole to a helper that reads its fields."""
    results = {id(s.value): rewritten[s.targets[0].id] for s in A.walk(fdef) if isinstance(s, ast.Assign)
               and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) and s.targets[0].id in rewritten}
    given = param_records(fdef)
    for call in (n for n in A.walk(fdef) if isinstance(n, ast.Call)):
        called = helper_args(resolver, call)
        if called is None:
            continue
        params = {p: rewritten[a.id] for p, a in called[1].items() if isinstance(a, ast.Name) and a.id in rewritten}
        params.update({p: given[key] for p, key in ((p, given_key(a)) for p, a in called[1].items())
                       if key in given and key not in rewritten and _reads_fields(called[0], p, given[key])})
        if params or id(call) in results:
            call._s2sad_records = (params, results.get(id(call)))


def param_records(fdef):
    """name -> a namedtuple class of its fields, for the namedtuple parameters of the function
    differentiated and its loop names over a list of them, read by position
    (``tuple_params.namedtuple_fields`` notes them): passed whole to a helper, such a name is the
    tuple of its fields there as a local record is."""
    return {name: _field_class(fields) for name, fields in getattr(fdef, "_s2sad_namedtuples", {}).items()}


def given_key(arg):
    """``p`` for the name ``p``, ``(layers, "item")`` for ``layers[i]`` (not a slice); None."""
    if isinstance(arg, ast.Name):
        return arg.id
    if isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name) and not isinstance(arg.slice, ast.Slice):
        return arg.value.id, "item"
    return None


@functools.cache
def _field_class(fields):
    """One namedtuple class for a tuple of field names (the same at each call: classes compare by identity)."""
    return collections.namedtuple("namedtuple", fields)


def _reads_fields(fn, param, cls, depth=0):
    """Does helper ``fn`` read a field of its parameter ``param`` (``param.W``), itself or through
    the helpers it passes ``param`` to whole? A field named like an array's attribute (``T``,
    ``real``, ``imag``, ``mT``) is left as written: refused there, ``analyses/attribute_calls.py``."""
    try:
        src = parse_function(fn)
    except S2sadError:
        return False
    attrs = {n.attr for n in ast.walk(src.tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
             and n.value.id == param}
    if attrs & _ARRAY_ATTRIBUTES or depth >= _DEPTH:
        return False
    if attrs & set(cls._fields):
        return True
    resolver = Resolver(src, set(A.assigned_locals(src.tree)))
    calls = (helper_args(resolver, n) for n in ast.walk(src.tree) if isinstance(n, ast.Call))
    return any(_reads_fields(c[0], p, cls, depth + 1) for c in calls if c is not None
               for p, a in c[1].items() if isinstance(a, ast.Name) and a.id == param)


def as_constructor(resolver, value, cls):
    """``r._replace(a=e)`` / ``dataclasses.replace(r, a=e)`` as ``C(a=e, b=r.b)`` (the class pinned
    to the node: it need not be a name where the helper is written); other values unchanged."""
    source = replaced_source(resolver, value)
    if source is None:
        return value
    given = [k.arg for k in value.keywords]
    rest = [ast.keyword(arg=f, value=ast.Attribute(value=A.name(source), attr=f, ctx=ast.Load()))
            for f in describe(cls)._fields if f not in given]
    func = A.name(cls.__name__)
    func._s2sad_obj = cls
    new = ast.Call(func=func, args=[], keywords=list(value.keywords) + rest)
    for n in ast.walk(new):
        ast.copy_location(n, value)
    return new


def refuse_param(src, node, fdef, name, cls):
    return unsupported(src, node, f"the `{cls.__name__}` parameter `{name}` of `{fdef.name}` used otherwise than by reading its "
                       "fields (s2sad passes the record to the helper as the tuple of its fields)",
                       f"Read only its fields (`{name}.{describe(cls)._fields[0]}`), or pass them as separate "
                       "arguments.")


def refuse_return(src, node, fdef, cls):
    return unsupported(src, node, f"a `return` of `{fdef.name}` that does not give a `{cls.__name__}` (its caller keeps "
                       f"the `{cls.__name__}` it returns as the tuple of its fields)",
                       f"Return a `{cls.__name__}(...)` on every path.")
