"""Stage 1c'00, objects of the user's classes built in the function, read as variables (open46).

``o = Optim(0.1)`` then ``o.step(x, g)`` and ``o.lr``: s2sad follows the methods of ``self`` and
of global objects, and refused those of an object built inside the function (hunt44's most
frequent refusal). Where the class is simple enough that the object is only a set of variables,
this stage writes it so, before ``lift``:

* ``o = C(a, b)`` -> the arguments bound to fresh names (``o_lr = 0.1``), then ``__init__``'s
  ``self.x = e`` as ``o_x = e`` (its parameters renamed);
* ``o.x`` (read) -> ``o_x``; ``o.x = e`` and ``o.x += e`` in the function's own body -> ``o_x = e``
  (hunt48: rebinding the attribute, as Python does; ``o.x += e`` of an array adds into the same
  array object ``o_x`` names);
* ``o.m(u)`` -> ``o_m(o_x, o_y, u)``, a nested function made of ``C.m`` whose ``self.x`` are
  parameters (``lift`` then lifts it like any nested function).

Invariant (when it applies, Python's run is unchanged): the class derives from ``object`` only
and defines no ``__getattr__``/``__getattribute__``/``__setattr__``/``__slots__`` or properties
but read-only ones (a read is a call of the getter, hunt48);
``__init__`` only assigns each attribute once (``self.x = e``, ``e`` not reading ``self``);
every method called uses ``self`` only to read those attributes (never rebinds one, never calls
another method, never passes ``self``): so every attribute keeps the object ``__init__`` gave it,
and a method's ``self.x`` is that object (an array or list it changes in place is changed for
every reader, as in Python). ``o`` is bound once in the function and only read as ``o.x`` or
called as ``o.m(...)``; the class is defined in the function's own module and the names its
code reads are none of the function's locals (they mean the same there). Any other object is
left as written, and keeps its refusal.
"""
import ast
import dataclasses

from .. import astutil as A
from .object_hoist import evaluation_order, hoist
from .object_methods import Methods
from .object_model import ClassModel, InitWriter, property_calls
from .resolve import MISSING, Resolver


def local_objects(src, fdef, namer):
    _name_inline_objects(src, fdef, namer)
    tried = set()
    while _one_object(src, fdef, namer, tried):
        pass


def _one_object(src, fdef, namer, tried):
    """Write the first object not tried yet that can be written as variables; False if none."""
    resolver = Resolver(src, A.assigned_locals(fdef))
    local = set(A.assigned_locals(fdef))
    stores = {}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    params = {a.arg for a in fdef.args.args}
    for s in A.walk(fdef):
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                and isinstance(s.value, ast.Call) and stores.get(s.targets[0].id) == 1
                and s.targets[0].id not in params) or s.targets[0].id in tried:
            continue
        tried.add(s.targets[0].id)
        cls = resolver.obj(s.value.func)
        model = ClassModel.make(cls, src, local) if cls is not MISSING else None
        if model is not None and _Plan(model, fdef, s, namer).apply():
            return True
    return False


def _name_inline_objects(src, fdef, namer):
    """``C(...).x`` or ``C(...).m(u)`` (an object of a class this stage writes as variables, read at
    once: ``Poly().n``) -> ``o = C(...)`` before its statement, then ``o.x``: the form written above
    (``object_hoist`` keeps Python's order; where it cannot, the expression stays as written)."""
    resolver, local, tried = Resolver(src, A.assigned_locals(fdef)), set(A.assigned_locals(fdef)), set()
    while True:
        found = next((n for n in A.walk(fdef) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load)
                      and isinstance(n.value, ast.Call) and id(n.value) not in tried), None)
        if found is None:
            return
        call = found.value
        tried.add(id(call))
        cls = resolver.obj(call.func)
        if _plain_class(cls, src) and ClassModel.make(cls, src, local) is not None:
            name = namer.fresh("obj")
            hoist(fdef, call, [A.name(name, store=True)], name, set(), namer)


def _plain_class(cls, src):
    """A class of the function's own module, neither a record (namedtuple, dataclass: ``namedtuples``
    follows those as tuples) nor a library's."""
    return isinstance(cls, type) and not issubclass(cls, tuple) and not dataclasses.is_dataclass(cls) \
        and cls.__module__ == src.globals.get("__name__")


class _Plan:
    """How one object ``o = C(...)`` is written as variables (``apply``: nothing where it cannot be)."""

    def __init__(self, model, fdef, stmt, namer):
        self.model, self.fdef, self.stmt, self.namer, self.name = model, fdef, stmt, namer, stmt.targets[0].id

    def apply(self):
        work = _copy_function(self.fdef)
        stmt = work._s2sad_copies[id(self.stmt)]
        init = InitWriter(self.model, self.name, self.namer, _names(self.model))
        if not init.write(stmt.value):
            return False
        methods = Methods(self.model, init.names, self.name, self.namer)
        if not property_calls(work, self.name, self.model.properties):
            return False
        uses = _uses(work, self.name, init.names, methods)
        if uses is None or not all(methods.scan(k) for _, k in uses[1]) or not methods.close():
            return False
        reads, calls = uses
        defs = [methods.build(k) for k in sorted(methods.reads)]
        if any(d is None for d in defs):
            return False
        for p in reads:
            A.become(p, A.at(A.name(init.names[p.attr], store=not isinstance(p.ctx, ast.Load)), p))
        calls = {id(c): (c, k) for c, k in calls}
        for c in evaluation_order(work, calls):
            if not methods.call_site(work, c, calls[id(c)][1], init.names, c.args):
                return False
        _splice(work, stmt, init.out)
        work.body[:0] = defs
        del work._s2sad_copies
        self.fdef.__dict__.update(work.__dict__)
        return True


def _uses(fdef, o, attrs, methods):
    """([``o.x`` reads], [(call, method key)]) if every read of ``o`` is one of those, else None."""
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    reads, calls = [], []
    for n in A.walk(fdef):
        if not (isinstance(n, ast.Name) and n.id == o and isinstance(n.ctx, ast.Load)):
            continue
        p = parents.get(id(n))
        if isinstance(p, ast.Call) and p.func is n:
            k = methods.key("__call__")
            if not (k and _plain_call(p)):
                return None
            calls.append((p, k))
            continue
        if isinstance(p, ast.Attribute) and _rebinds(p, parents, fdef) and p.attr in attrs \
                and not methods.model.shadows(p.attr):
            reads.append(p)   # ``o.x = e`` / ``o.x += e`` in the function's own body: ``o_x = e``
            continue
        if not (isinstance(p, ast.Attribute) and isinstance(p.ctx, ast.Load)):
            return None
        call = parents.get(id(p))
        if isinstance(call, ast.Call) and call.func is p and p.attr not in attrs:
            k = methods.key(p.attr)
            if not (k and _plain_call(call)):
                return None
            calls.append((call, k))
        elif p.attr in attrs and not methods.model.shadows(p.attr):
            reads.append(p)
        else:
            return None
    return reads, calls


def _rebinds(p, parents, fdef):
    """``p`` (``o.x``) is the whole target of an assignment or augmented assignment of the
    function's own body (not of a nested function, where ``o_x`` would be a local of its own)."""
    stmt = parents.get(id(p))
    if not (isinstance(stmt, ast.Assign) and stmt.targets == [p] or isinstance(stmt, ast.AugAssign)
            and stmt.target is p):
        return False
    node = parents.get(id(stmt))
    while node is not fdef:
        if node is None or isinstance(node, A.SCOPES):
            return False
        node = parents.get(id(node))
    return True


def _plain_call(call):
    return not call.keywords and not any(isinstance(a, ast.Starred) for a in call.args)


def _names(model):
    """Every name the class's functions hold (the locals made for them must be none of those)."""
    out = set()
    for c in model.mro:
        for v in vars(c).values():
            code = getattr(v.fget if isinstance(v, property) else v, "__code__", None)
            if code is not None:
                out |= set(code.co_varnames) | set(code.co_names) | set(code.co_freevars)
    return out


def _copy_function(fdef):
    """A copy of ``fdef`` (s2sad's notes on its nodes kept by reference, as ``A.clone`` does) whose
    ``_s2sad_copies`` maps each node's id to its copy (a plan that fails half-way leaves the
    function untouched)."""
    memo = {}

    def clone(node):
        if isinstance(node, list):
            return [clone(n) for n in node]
        if not isinstance(node, ast.AST):
            return node
        new = type(node)()
        for field, value in ast.iter_fields(node):
            setattr(new, field, clone(value))
        for k, v in vars(node).items():
            if k not in node._fields:
                setattr(new, k, v)
        memo[id(node)] = new
        return new
    work = clone(fdef)
    work._s2sad_copies = memo
    return work


def _splice(fdef, stmt, out):
    for node in A.walk(fdef):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(s is stmt for s in block):
                k = next(i for i, s in enumerate(block) if s is stmt)
                block[k:k + 1] = out
                return
