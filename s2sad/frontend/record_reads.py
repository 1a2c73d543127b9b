"""Reads of a plain dataclass built in the function beyond its fields, rewritten to what Python
computes, before ``namedtuples.py`` makes the record the tuple of its fields:

- ``p.SCALE``, a class attribute that is no field and holds a constant (a number, bool, string,
  None or array): ``P.SCALE``, a read of the class, recorded and read afresh at each call like a
  global's attribute (rebinding it between calls is seen);
- ``p.energy(u)`` of a method, ``p.s`` of a ``@property``, whose body is one ``return <expr>``:
  that expression, ``self`` replaced by ``p`` and each parameter by its argument, bound by
  position or keyword as Python binds it, or by its default when that is a number, string, bool
  or None (the argument a name, a constant or a field ``p.a``; or arithmetic and indexing of
  those, for a parameter read once: substituting it is evaluating it once, with no effect to
  reorder); the path ``P.energy`` is recorded and guarded like a global's (a method rebound on
  the class rebuilds the gradient);
- ``q = dataclasses.replace(p, a=e)``: ``q = P(a=e, b=p.b)``, what ``replace`` calls (its
  keywords first, then the other fields read from ``p``; ``p`` may be ``q`` itself).

Invariant: applied only to a local ``p`` every binding of which is ``p = P(...)`` or
``p = dataclasses.replace(r, ...)`` of such a local, for one class ``P`` that ``records.py``
describes written as a dotted global name, and every other read of which is ``p.<attr>``: no
code ever stored anything on the object, so its attributes are its fields and its class's. A
method or property is inlined only when its expression holds no lambda, comprehension or
``:=`` and its free names are the same objects in the function's scope (no local shadows them,
no closure of its own). Any other attribute of such a local is refused here, located, naming it.
"""
import ast
import builtins
import dataclasses
import inspect
import types

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .calls import bind_values
from .parsing import parse_function
from .records import record_class
from .resolve import MISSING, python_function_of, user_function

_CONSTANTS = (int, float, complex, bool, str, type(None), np.ndarray, np.generic)
_SCOPED = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr, ast.Yield,
           ast.YieldFrom, ast.Await)
_PURE = (ast.Name, ast.Constant, ast.Subscript, ast.Slice, ast.Tuple, ast.BinOp, ast.UnaryOp, ast.operator,
         ast.unaryop, ast.expr_context)
_ITSELF = object()
_DEPTH = 16          # methods calling methods: inlined this deep at most


def expand_record_reads(src, fdef, resolver, sites):
    """Rewrite, in place, the reads of the dataclass locals of ``fdef`` (module docstring);
    ``sites``: name -> the ``name = ...`` statements binding it (all its bindings)."""
    _refuse_deep_copies(src, fdef, resolver, _classes(resolver, sites, set()))
    classes = _record_locals(resolver, fdef, sites)
    if classes:
        params = {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)}   # of every scope in it
        _Reads(src, resolver, classes, params).visit(fdef)


def _refuse_deep_copies(src, fdef, resolver, found):
    """``dataclasses.astuple(p)``/``asdict(p)`` of a record local: refused, located (they copy each
    field deeply, which a tuple of the fields is not once an array is written in place)."""
    for node in A.walk(fdef):
        if isinstance(node, ast.Call) and len(node.args) == 1 and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in found and resolver.obj(node.func) in (dataclasses.astuple, dataclasses.asdict):
            p, fields = node.args[0].id, record_class(resolver.obj(found[node.args[0].id]))._fields
            if resolver.obj(node.func) is dataclasses.astuple:
                built = "({})".format(", ".join(f"{p}.{f}" for f in fields) + ("," if len(fields) == 1 else ""))
            else:
                built = "{{{}}}".format(", ".join(f"'{f}': {p}.{f}" for f in fields))
            raise unsupported(src, node, f"`{A.dotted_path(node.func)}({p})` of a dataclass built in the function "
                              "(it copies each field deeply)", f"Write what it builds from the fields: `{built}`.")


def _record_locals(resolver, fdef, sites):
    """name -> the ``P`` expression of its class, for the locals the invariant admits."""
    excluded = set()
    while True:
        found = _classes(resolver, sites, excluded)
        escaping = {n for n in found if _escapes(resolver, fdef, n, found) or _runs_statements(resolver, fdef, n, found)}
        if not escaping:
            return found
        excluded |= escaping


def _runs_statements(resolver, fdef, name, found):
    """Does ``name`` call a method of its class that is more than one ``return <expression>``
    (``self.v = self.v + dt * a``)? Such an object is left to ``local_objects.py``, which follows
    a method rebinding the object's attributes (and refuses, located, what it cannot follow)."""
    cls = resolver.obj(found[name])
    for node in A.walk(fdef):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name:
            raw = inspect.getattr_static(cls, node.func.attr, None)
            if isinstance(raw, types.FunctionType) and _one_expression(raw) is None:
                return True
    return False


def _classes(resolver, sites, excluded):
    found, changed = {}, True
    while changed:
        changed = False
        for name, assigns in sites.items():
            if name in found or name in excluded:
                continue
            exprs = [_class_of(resolver, a.value, found, name) for a in assigns]
            known = [e for e in exprs if e is not _ITSELF]
            if known and known[0] is not None and all(e is not None and A.dotted_path(e) == A.dotted_path(known[0])
                                                      for e in known):
                found[name], changed = known[0], True
    return found


def _class_of(resolver, value, found, name):
    """The class expression ``P`` of ``P(...)`` (a record class) or of ``replace(r, ...)``
    (``_ITSELF`` for ``name = replace(name, ...)``: the class of its other bindings)."""
    if not isinstance(value, ast.Call):
        return None
    source = _replace_of(resolver, value)
    if source is not None:
        return _ITSELF if source == name else found.get(source)
    cls = resolver.obj(value.func)
    if A.dotted_path(value.func) is None or not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        return None
    return value.func if record_class(cls) is not None else None


def _replace_of(resolver, call):
    """``r`` of ``dataclasses.replace(r, f=v, ...)``, or None."""
    if resolver.obj(call.func) is not dataclasses.replace or len(call.args) != 1 \
            or not isinstance(call.args[0], ast.Name) or any(k.arg is None for k in call.keywords):
        return None
    return call.args[0].id


def _escapes(resolver, fdef, name, found):
    """Is ``name`` read otherwise than ``name.<attr>`` (or as the ``r`` of a ``replace`` binding a
    record local), written through an attribute, or a parameter of some scope?"""
    allowed = set()
    for node in A.walk(fdef):
        if isinstance(node, ast.arg) and node.arg == name:
            return True
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
            if not isinstance(node.ctx, ast.Load):
                return True
            allowed.add(id(node.value))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in found and isinstance(node.value, ast.Call) \
                and _replace_of(resolver, node.value) is not None:
            allowed.add(id(node.value.args[0]))
    return any(id(n) not in allowed for n in A.walk(fdef)
               if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))


class _Reads(ast.NodeTransformer):
    """``p.SCALE``, ``p.m(u)``, ``p.prop``, ``replace(p, ...)`` of the record locals, rewritten."""

    def __init__(self, src, resolver, classes, params):
        self.src, self.res, self.classes, self.depth = src, resolver, classes, 0
        self.params = params       # names an inlined expression must not read: they may be shadowed

    def visit_Assign(self, node):
        self.generic_visit(node)
        target = node.targets[0] if len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and target.id in self.classes and isinstance(node.value, ast.Call) \
                and _replace_of(self.res, node.value) is not None:
            node.value = self._replaced(node.value, self.classes[target.id])
        return node

    def _replaced(self, call, cls_expr):
        """``replace(r, a=e)`` -> ``P(a=e, b=r.b)``."""
        fields = self._record(cls_expr)._fields
        given = [k.arg for k in call.keywords]
        if any(k not in fields for k in given):
            raise unsupported(self.src, call, f"`dataclasses.replace` with a keyword that is no field of "
                              f"`{A.dotted_path(cls_expr)}`", "Name only its fields.")
        rest = [ast.keyword(arg=f, value=ast.Attribute(value=A.name(call.args[0].id), attr=f, ctx=ast.Load()))
                for f in fields if f not in given]
        new = ast.Call(func=A.clone(cls_expr), args=[], keywords=list(call.keywords) + rest)
        return _located(new, call)

    def _record(self, cls_expr):
        return record_class(self.res.obj(cls_expr))

    def visit_Call(self, node):
        f = node.func
        if isinstance(f, ast.Attribute) and self._local(f) and f.attr not in self._record(self._cls(f))._fields:
            node.args = [self.visit(a) for a in node.args]
            node.keywords = [self.visit(k) for k in node.keywords]
            raw = inspect.getattr_static(self.res.obj(self._cls(f)), f.attr, None)
            if isinstance(raw, types.FunctionType):
                return self._inlined(node, f, self._through_class(f), node.args, node.keywords)
            raise self._refused(f)
        return self.generic_visit(node)

    def visit_Attribute(self, node):
        if not self._local(node) or node.attr in self._record(self._cls(node))._fields:
            return self.generic_visit(node)
        cls = self.res.obj(self._cls(node))
        raw = inspect.getattr_static(cls, node.attr, None)
        if isinstance(raw, property) and raw.fget is not None:
            self._through_class(node)          # recorded: a property rebound on the class is seen
            return self._inlined(node, node, raw.fget, [], [])
        if isinstance(raw, _CONSTANTS) and type(cls).__getattribute__ is type.__getattribute__ \
                and not any(node.attr in vars(c) for c in type(cls).__mro__):   # P.SCALE is p.SCALE
            return _located(ast.Attribute(value=A.clone(self._cls(node)), attr=node.attr, ctx=ast.Load()), node)
        raise self._refused(node)

    def _field(self, node):
        """Is ``node`` ``p.<field>`` of a record local (a read with no effect, like a name's)?"""
        return isinstance(node, ast.Attribute) and self._local(node) \
            and node.attr in self._record(self._cls(node))._fields

    def _local(self, node):
        return isinstance(node.value, ast.Name) and node.value.id in self.classes and isinstance(node.ctx, ast.Load)

    def _cls(self, node):
        return self.classes[node.value.id]

    def _through_class(self, attr):
        """``P.attr`` resolved (and so recorded for the guard)."""
        return self.res.obj(ast.Attribute(value=A.clone(self._cls(attr)), attr=attr.attr, ctx=ast.Load()))

    def _inlined(self, node, attr, fn, args, keywords):
        """The one returned expression of the method ``fn``, ``self`` the record, its parameters
        the arguments; refused when that is not exactly what the call does."""
        expr = self._expression(fn, attr, args, keywords)
        if expr is None or self.depth >= _DEPTH:
            raise self._refused(attr, method=True)
        self.depth += 1
        try:
            return self.visit(_located(expr, node))
        finally:
            self.depth -= 1

    def _expression(self, fn, attr, args, keywords):
        found = _one_expression(fn)
        if found is None:
            return None
        params, expr = found
        bound = bind_values(params, [A.name(attr.value.id)] + args, keywords, fn)
        uses = A.names_in(expr)
        if bound is None or not _read_by_attributes(expr, params[0]) or not all(
                A.is_atom(v) or self._field(v) or _pure(v, self._field) and uses.count(p) == 1
                for p, v in bound.items()):
            return None
        for n in A.walk(expr):
            if isinstance(n, ast.Name) and n.id not in bound and not self._same_object(n.id, fn):
                return None
        return _Substitute(bound).visit(expr)

    def _same_object(self, name, fn):
        """Does ``name`` refer to the same object in ``fn``'s module and in the function's scope?"""
        theirs = fn.__globals__[name] if name in fn.__globals__ else getattr(builtins, name, MISSING)
        ours = self.res.obj(A.name(name))
        return theirs is not MISSING and name not in self.params and ours is python_function_of(theirs)

    def _refused(self, attr, method=False):
        cls = A.dotted_path(self._cls(attr))
        why = "a method or property not inlined" if method else "not a field, nor a constant of its class"
        what = f"the attribute `.{attr.attr}` of `{attr.value.id}`, a `{cls}` dataclass built in the function ({why})"
        return unsupported(self.src, attr, what,
                           "s2sad follows such a dataclass's fields, its class's constant attributes (numbers, "
                           "arrays...), `dataclasses.replace`, and inlines a method or property whose body is one "
                           "`return <expression>` of `self`'s attributes and the module's names, called with "
                           "names, constants, or arithmetic and indexing of those (no other call in them). "
                           "Give a computed argument a name first, or compute this value from the fields in the "
                           "function.")


def _one_expression(fn):
    """(parameter names, the returned expression) of a user's ``def`` whose body is one ``return``
    with no scope or suspension of its own, parameters plain (no ``*``, ``**``, keyword-only); or None."""
    if not user_function(fn) or fn.__code__.co_freevars:
        return None
    fdef = parse_function(fn).tree
    if not isinstance(fdef, ast.FunctionDef):      # a lambda set on the class
        return None
    a = fdef.args
    body = [s for s in fdef.body if not A.is_docstring(s)]
    if a.posonlyargs or a.vararg or a.kwonlyargs or a.kwarg or not a.args or len(body) != 1 \
            or not isinstance(body[0], ast.Return) or body[0].value is None \
            or any(isinstance(n, _SCOPED) for n in A.walk(body[0].value)):
        return None
    return [p.arg for p in a.args], body[0].value


def _pure(expr, field):
    """Arithmetic and indexing of names, constants and record fields (``field(node)``): evaluated
    once where the parameter is read, it is the value the call would have passed (no call, no
    attribute that could run code)."""
    fields = [n for n in A.walk(expr) if field(n)]
    inside = {id(n) for f in fields for n in A.walk(f)}
    return all(isinstance(n, _PURE) or id(n) in inside for n in A.walk(expr))


def _read_by_attributes(expr, name):
    """Is ``name`` read in ``expr`` only as ``name.<attr>``?"""
    ok = {id(n.value) for n in A.walk(expr) if isinstance(n, ast.Attribute)}
    return all(id(n) in ok for n in A.walk(expr) if isinstance(n, ast.Name) and n.id == name)


class _Substitute(ast.NodeTransformer):
    def __init__(self, bound):
        self.bound = bound

    def visit_Name(self, node):
        return A.clone(self.bound[node.id]) if node.id in self.bound else node


def _located(expr, at):
    """``expr`` with every node located at ``at`` (an inlined method reads as its call site)."""
    for n in A.walk(expr):
        if isinstance(n, (ast.expr, ast.keyword)):
            ast.copy_location(n, at)
    return expr
