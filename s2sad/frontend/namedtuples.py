"""Stage 1c, namedtuples: a local namedtuple read by its fields is the tuple it is.

``cam = Camera(f=x[0], cx=x[1], cy=x[2])`` then ``cam.f``: ``Camera`` (a class made by
``collections.namedtuple`` or ``typing.NamedTuple``, resolved in the function's scope) builds a
tuple whose item ``i`` is its ``i``-th field, so the local is rewritten to that tuple,
``cam = (x[0], x[1], x[2])``, and ``cam.f`` to ``cam[0]``; the compiler follows tuples.

Invariant: a local is rewritten only when every statement binding it is ``name = C(...)`` of
one namedtuple class ``C`` whose arguments bind its fields as Python would (no ``*``/``**``, no
unknown or repeated field, a missing one taking a default that is a number, string, bool or
None), and every read of it is ``name.<field>``, ``name[...]``, the value of an unpacking
``a, b = name``, what a loop runs over (``for f in name``), spread (``f(*name)``) or
``name._asdict()`` of the class's own ``_asdict`` (``{'f': name[0], ...}``, the fields in order)
(what a tuple does exactly as the namedtuple does; ``isinstance``,
passing it on... keep it as written, refused where they were). The arguments are evaluated in
the order written (those not in field order first go to fresh temporaries, in that order).
A plain dataclass built in the function (``records.py``: its generated ``__init__`` only stores
the fields) is the same record, read only by its fields (``p.a``: no write, index or unpacking,
which a dataclass does not have or does otherwise than a tuple); ``record_reads.py`` first
rewrites its other reads (class constants, methods, properties, ``dataclasses.replace``), and
``namedtuple_replace.py`` a namedtuple's ``q = p._replace(f=e)`` into ``q = C(f=e, g=p.g)``.

A namedtuple whose field's array is written into (``s.p[0] += dt * s.v[0]``), bound once and
read only by its fields, is its fields as variables instead (``s_p = ...; s_v = ...``, each
``s.p`` read as ``s_p``: ``_as_variables``): a tuple's item cannot follow an array changed in
place, a variable can, and each variable holds the very object the tuple would (an array
written into is the caller's own array only if it was, which the alias stage then refuses).
"""
import ast

from .. import arguments
from .. import astutil as A
from ..errors import unsupported
from . import record_helpers
from .namedtuple_replace import lift_replace
from .record_reads import expand_record_reads
from .records import FieldReads, own_asdict
from .resolve import Resolver

_DEFAULTS = (int, float, bool, str, type(None))


def tuples_for_namedtuples(src, fdef, namer, records=None):
    """Rewrite, in place, the namedtuple locals of ``fdef`` (see the module docstring);
    ``records``: for a helper's build, (its parameters given a record -> their class, the class
    its result must be), noted at the call (``record_helpers.mark_calls``)."""
    seeded, returns = records or ({}, None)
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    if returns is not None:
        _hoist_returns(fdef, namer)
    sites = record_helpers.binding_sites(fdef, seeded)
    expand_record_reads(src, fdef, resolver, sites)
    lift_replace(src, fdef, resolver, sites)
    found = record_helpers.local_classes(resolver, fdef, sites, seeded)
    passed = record_helpers.passed_names(resolver, fdef, sites, found) | ({
        id(r.value) for r in arguments.returns(fdef)} if returns is not None else set())
    chosen = [c for c in (_chosen(src, resolver, fdef, sites[name], name, found[name], passed, seeded)
                          for name in sorted(found)) if c is not None]
    for _, _, values in chosen:          # `r._replace(...)` as `C(...)` first: its `r.f` are then fields
        for a, value in values:
            a.value = value
    for name, found_cls, values in chosen:
        if name in seeded or not _as_variables(fdef, name, record_helpers.describe(found_cls), values, namer):
            _rewrite(fdef, name, record_helpers.describe(found_cls), {id(a) for a, _ in values}, namer)
    rewritten = {name: found_cls for name, found_cls, _ in chosen}
    _check_params(src, fdef, seeded, rewritten, returns)
    record_helpers.mark_calls(resolver, fdef, rewritten)


def _chosen(src, resolver, fdef, assigns, name, found_cls, passed, seeded):
    """``(name, class, [(binding, its C(...) value)])`` for a local to rewrite as a tuple, or None:
    left as written (refused there for a dataclass built otherwise, or a helper's record parameter)."""
    cls = record_helpers.describe(found_cls)
    other = _other_read(fdef, name, cls, passed)
    if other is not None:
        if name in seeded:
            raise record_helpers.refuse_param(src, other, fdef, name, found_cls)
        return None
    values = [(a, record_helpers.as_constructor(resolver, a.value, found_cls)) for a in assigns]
    built = [(a, v) for a, v in values if record_helpers.record_type(resolver, v) is not None]
    unbound = [v for _, v in built if _items(v, cls) is None]
    if unbound and getattr(cls, "record", False):   # a dataclass read by its fields: none else follows it
        raise _not_bound(src, unbound[0])
    return None if unbound else (name, found_cls, built)


def _as_variables(fdef, name, cls, values, namer):
    """Rewrite ``name`` as its fields' variables (module docstring) if it is bound once, read only
    as ``name.<field>`` (loads) and one such read is written into; else False (nothing changed)."""
    written = _written_into(fdef)
    reads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name]
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    fields = [parents.get(id(n)) for n in reads if isinstance(n.ctx, ast.Load)]
    if getattr(cls, "record", False) or len(values) != 1 or len(reads) != len(fields) + 1 \
            or not all(isinstance(f, ast.Attribute) and f.attr in cls._fields and isinstance(f.ctx, ast.Load)
                       for f in fields) or not any(id(f) in written for f in fields):
        return False
    stmt, call = values[0]
    items = _items(call, cls)
    if items is None or not (len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return False
    names = {f: namer.fresh(f"{name}_{f}") for f in cls._fields}
    namer.written.update({v: f"{name}.{f}" for f, v in names.items()})
    defaults = cls._field_defaults
    out = [A.at(A.assign(names[cls._fields[i]], e if e is not None else A.const(defaults[cls._fields[i]])), stmt)
           for i, e in items]
    for f in fields:
        A.become(f, A.at(A.name(names[f.attr]), f))
    _replace(fdef, lambda s: s is stmt, lambda s: out)
    return True


def _hoist_returns(fdef, namer):
    """``return C(...)`` -> ``r = C(...); return r`` (a local the rewrite follows)."""
    own = {id(r) for r in arguments.returns(fdef)}

    def hoist(s):
        r = namer.fresh("r")
        value, s.value = s.value, A.name(r)
        return [A.at(A.assign(r, value), s), s]
    _replace(fdef, lambda s: id(s) in own and s.value is not None and not isinstance(s.value, ast.Name), hoist)


def _check_params(src, fdef, seeded, rewritten, returns):
    """A helper's parameter given a record, and its result, must be tuples of their class here."""
    for name, cls in seeded.items():
        if rewritten.get(name) is not cls:
            raise record_helpers.refuse_param(src, fdef, fdef, name, cls)
    for r in sorted(arguments.returns(fdef), key=_written) if returns is not None else ():
        if not isinstance(r.value, ast.Name) or rewritten.get(r.value.id) is not returns:
            raise record_helpers.refuse_return(src, r, fdef, returns)


def _written(node):
    """Where ``node`` is written: the first refused ``return`` is named, whatever order found them."""
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _not_bound(src, call):
    cls = A.dotted_path(call.func)
    starred = any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
    how = "`*` or `**` arguments (the fields they fill are known only when it runs)" if starred else \
        "arguments that do not bind each field once, or a field left to a default that is not a number, string, " \
        "bool or None"
    return unsupported(src, call, f"a `{cls}` dataclass built with {how}",
                       f"Pass each field by position or keyword (`{cls}(x[0], x[1])`), a default as a constant.")


def _items(call, cls):
    """[(field index, expression or None for a default)] in the order written, defaults last;
    None if the call does not bind the fields as Python would or a default is not a constant."""
    fields = cls._fields
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords) \
            or len(call.args) > len(fields):
        return None
    given = list(enumerate(call.args))
    for k in call.keywords:
        if k.arg not in fields or fields.index(k.arg) in [i for i, _ in given]:
            return None
        given.append((fields.index(k.arg), k.value))
    defaults = getattr(cls, "_field_defaults", {})
    for i, f in enumerate(fields):
        if i not in [j for j, _ in given]:
            if f not in defaults or type(defaults[f]) not in _DEFAULTS:
                return None
            given.append((i, None))
    return given


def _other_read(fdef, name, cls, passed):
    """The first read of ``name`` that is not ``name.<field>``, ``name[...]``, an unpacking's
    value or an argument of a helper (``passed``: the ids of those names); None."""
    allowed, record = set(passed), getattr(cls, "record", False)   # a dataclass: only its fields read
    written = _written_into(fdef) if record else set()
    for node in A.walk(fdef):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in cls._fields \
                and (not record or isinstance(node.ctx, ast.Load) and id(node) not in written):
            allowed.add(id(node.value))
        elif record:
            continue
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            allowed.add(id(node.value))
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], (ast.Tuple, ast.List)) \
                and isinstance(node.value, ast.Name):
            allowed.add(id(node.value))
        elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.iter, ast.Name):
            allowed.add(id(node.iter))
        elif isinstance(node, ast.Starred) and isinstance(node.value, ast.Name):
            allowed.add(id(node.value))
        elif _asdict_call(node, cls):
            allowed.add(id(node.func.value))
    return next((n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name
                 and isinstance(n.ctx, ast.Load) and id(n) not in allowed), None)


def _written_into(fdef):
    """The ids of the expressions written into (``s.p`` of ``s.p[0] = v``, ``s.p[:] += v``): a
    dataclass's field written so is an array changed in place, which a tuple's item cannot follow
    (``local_objects.py`` follows it as a variable of its own)."""
    out = set()
    for node in A.walk(fdef):
        if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
            out.add(id(node.value))
    return out


def _asdict_call(node, cls):
    """Is ``node`` ``name._asdict()`` of a namedtuple whose ``_asdict`` is its own (a dict of its fields)?"""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "_asdict" \
        and isinstance(node.func.value, ast.Name) and not node.args and not node.keywords and own_asdict(cls)


def _rewrite(fdef, name, cls, assigns, namer):
    FieldReads({name: cls}).visit(fdef)
    _replace(fdef, lambda s: id(s) in assigns, lambda s: _as_tuple(s, cls, namer))


def _as_tuple(stmt, cls, namer):
    """``name = C(...)`` -> ``name = (item0, item1, ...)``, items evaluated in the order written."""
    items, before = _items(stmt.value, cls), []
    written = [i for i, e in items if e is not None]
    if written != sorted(written):        # not in field order: each to a temporary, in order
        named = []
        for i, e in items:
            if e is not None:
                t = namer.fresh("t")
                before.append(A.at(A.assign(t, e), stmt))
                e = A.name(t)
            named.append((i, e))
        items = named
    defaults = cls._field_defaults
    elts = [e if e is not None else A.const(defaults[cls._fields[i]]) for i, e in sorted(items, key=lambda p: p[0])]
    stmt.value = ast.copy_location(ast.Tuple(elts=elts, ctx=ast.Load()), stmt.value)
    return before + [stmt]


def _replace(node, chosen, make):
    """In every statement list under ``node``: each chosen statement replaced by ``make(s)``."""
    for field, value in ast.iter_fields(node):
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            out = []
            for s in value:
                _replace(s, chosen, make)
                out += make(s) if chosen(s) else [s]
            setattr(node, field, out)
