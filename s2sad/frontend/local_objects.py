"""Stage 1c'00, objects of the user's classes built in the function, read as variables (open46).

``o = Optim(0.1)`` then ``o.step(x, g)`` and ``o.lr``: s2sad follows the methods of ``self`` and
of global objects, and refused those of an object built inside the function (hunt44's most
frequent refusal). Where the class is simple enough that the object is only a set of variables,
this stage writes it so, before ``lift``:

* ``o = C(a, b)`` -> the arguments bound to fresh names (``o_lr = 0.1``), then ``__init__``'s
  ``self.x = e`` as ``o_x = e`` (its parameters renamed);
* ``o.x`` (read) -> ``o_x``;
* ``o.m(u)`` -> ``o_m(o_x, o_y, u)``, a nested function made of ``C.m`` whose ``self.x`` are
  parameters (``lift`` then lifts it like any nested function).

Invariant (when it applies, Python's run is unchanged): the class derives from ``object`` only
and defines no ``__getattr__``/``__getattribute__``/``__setattr__``/``__slots__`` or properties;
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
import copy
import inspect

from .. import astutil as A
from .calls import bind_arguments
from .parsing import parse_function
from .resolve import MISSING, Resolver, user_function

_HOOKS = ("__getattr__", "__getattribute__", "__setattr__", "__slots__", "__delattr__")


def local_objects(src, fdef, namer):
    resolver = Resolver(src, A.assigned_locals(fdef))
    local = set(A.assigned_locals(fdef))
    stores = {}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    params = {a.arg for a in fdef.args.args}
    for s in list(A.walk(fdef)):
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                and isinstance(s.value, ast.Call) and stores.get(s.targets[0].id) == 1
                and s.targets[0].id not in params):
            continue
        cls = resolver.obj(s.value.func)
        plan = _Plan.make(src, fdef, s, cls, local) if cls is not MISSING else None
        if plan is not None:
            plan.apply(fdef, namer)


class _Plan:
    """How one object ``o = C(...)`` is written as variables (``make``: None where it cannot be)."""

    @classmethod
    def make(cls, src, fdef, stmt, klass, local):
        if not (isinstance(klass, type) and klass.__mro__ == (klass, object)
                and not any(h in vars(klass) for h in _HOOKS)):
            return None
        init = vars(klass).get("__init__")
        if not user_function(init) or init.__globals__ is not src.globals:
            return None
        plan = cls()
        plan.src, plan.stmt, plan.name, plan.klass = src, stmt, stmt.targets[0].id, klass
        plan.init = _plain_function(init, local)
        if plan.init is None or not plan.read_init() or not plan.uses(fdef):
            return None
        plan.methods = {}
        for m in plan.called:
            fn = vars(klass).get(m)
            tree = _plain_function(fn, local) if user_function(fn) and fn.__globals__ is src.globals else None
            if tree is None or not _reads_attributes_only(tree, plan.attrs):
                return None
            plan.methods[m] = tree
        return plan

    def read_init(self):
        """The attributes ``__init__`` assigns (``self.x = e``), each once, in order."""
        body = self.init.body[1:] if _docstring(self.init) else self.init.body
        self.assigns, attrs = [], []
        selfname = self.init.args.args[0].arg
        for s in body:
            if not isinstance(s, ast.Assign) or len(s.targets) != 1:
                return False
            t, v = s.targets[0], s.value
            pairs = list(zip(t.elts, v.elts)) if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple) \
                and len(t.elts) == len(v.elts) else [(t, v)]
            for tt, vv in pairs:
                if not (isinstance(tt, ast.Attribute) and isinstance(tt.value, ast.Name)
                        and tt.value.id == selfname) or any(isinstance(n, ast.Name) and n.id == selfname
                                                            for n in ast.walk(vv)):
                    return False
                attrs.append(tt.attr)
            self.assigns.append(s)
        self.attrs = attrs
        return len(set(attrs)) == len(attrs)

    def uses(self, fdef):
        """Every read of ``o`` is ``o.x`` of an attribute or a call ``o.m(...)`` of a method."""
        parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
        self.reads, self.calls, self.called = [], [], set()
        for n in A.walk(fdef):
            if not (isinstance(n, ast.Name) and n.id == self.name and isinstance(n.ctx, ast.Load)):
                continue
            p = parents.get(id(n))
            if not (isinstance(p, ast.Attribute) and isinstance(p.ctx, ast.Load)):
                return False
            call = parents.get(id(p))
            if isinstance(call, ast.Call) and call.func is p:
                if p.attr in self.attrs or not inspect.isfunction(vars(self.klass).get(p.attr)) or any(
                        isinstance(a, ast.Starred) for a in call.args) or call.keywords:
                    return False
                self.calls.append(call)
                self.called.add(p.attr)
            elif p.attr in self.attrs:
                self.reads.append(p)
            else:
                return False
        return True

    def apply(self, fdef, namer):
        o = self.name
        names = {x: namer.fresh(f"{o}_{x}") for x in self.attrs}
        args = _bind(self.init, self.stmt.value)
        if args is None:
            return
        renamed = {p: namer.fresh(f"{o}_{p}") for p in args}
        out = [A.at(A.assign(renamed[p], v), self.stmt) for p, v in args.items()]
        selfname = self.init.args.args[0].arg
        for s in self.assigns:
            s = _renamed(copy.deepcopy(s), renamed, selfname, names)
            out.append(s)
        defs = {m: self.method_def(m, tree, namer, names) for m, tree in self.methods.items()}
        for p in self.reads:
            _replace(p, A.name(names[p.attr]))
        for call in self.calls:
            m = call.func.attr
            call.func = A.at(A.name(defs[m].name), call.func)
            call.args = [A.name(names[x]) for x in defs[m]._s2sad_attrs] + call.args
        _splice(fdef, self.stmt, out)
        fdef.body[:0] = list(defs.values())

    def method_def(self, m, tree, namer, names):
        """``C.m`` as a nested function: ``self.x`` reads are its first parameters."""
        tree = copy.deepcopy(tree)
        selfname = tree.args.args[0].arg
        used = sorted({n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                       and isinstance(n.value, ast.Name) and n.value.id == selfname})
        taken = set(A.assigned_locals(tree)) | {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        own = {x: _fresh(namer, f"self_{x}", taken) for x in used}
        for n in list(ast.walk(tree)):
            for field, value in ast.iter_fields(n):
                if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
                        and value.value.id == selfname:
                    setattr(n, field, A.at(A.name(own[value.attr]), value))
                elif isinstance(value, list):
                    value[:] = [A.at(A.name(own[v.attr]), v) if isinstance(v, ast.Attribute) and isinstance(
                        v.value, ast.Name) and v.value.id == selfname else v for v in value]
        tree.args.args = [ast.arg(arg=own[x]) for x in used] + tree.args.args[1:]
        tree.name = namer.fresh(f"{self.name}_{m}")
        tree.decorator_list = []
        tree._s2sad_attrs = used
        return tree


def _fresh(namer, base, taken):
    """A fresh name of the function's that is none of ``taken`` (the method's own names)."""
    name = namer.fresh(base)
    while name in taken:
        name = namer.fresh(base)
    return name


def _plain_function(fn, local):
    """The tree of ``fn`` if its signature is plain (positional parameters, constant defaults, a
    first parameter) and the names it reads from its module are none of ``local``; else None."""
    try:
        tree = parse_function(fn).tree
    except Exception:   # no source: left as written (and refused where it is used)
        return None
    a = tree.args
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or not a.args or tree.decorator_list \
            or not all(isinstance(d, ast.Constant) for d in a.defaults):
        return None
    own = set(A.assigned_locals(tree))
    free = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in own}
    if free & local or any(isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.Global, ast.Nonlocal,
                                          ast.Yield, ast.YieldFrom)) and n is not tree for n in ast.walk(tree)):
        return None
    return tree


def _reads_attributes_only(tree, attrs):
    """``self`` is used only as ``self.x`` read, ``x`` an attribute ``__init__`` assigns, and never
    rebound."""
    selfname = tree.args.args[0].arg
    parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and n.id == selfname and n is not tree.args.args[0]:
            p = parents.get(id(n))
            if not isinstance(n.ctx, ast.Load) or not (isinstance(p, ast.Attribute) and isinstance(p.ctx, ast.Load)
                                                       and p.attr in attrs):
                return False
            call = parents.get(id(p))
            if isinstance(call, ast.Call) and call.func is p:
                return False
    return True


def _bind(init, call):
    """parameter -> argument node for ``C(...)`` (defaults filled), or None."""
    params = [a.arg for a in init.args.args[1:]]
    out = bind_arguments(call, params)
    if out is None:
        return None
    defaults = dict(zip(params[len(params) - len(init.args.defaults):], init.args.defaults))
    for p in params:
        if p not in out:
            if p not in defaults:
                return None
            out[p] = copy.deepcopy(defaults[p])
    return {p: out[p] for p in params}


def _renamed(s, renamed, selfname, names):
    for n in ast.walk(s):
        if isinstance(n, ast.Name) and n.id in renamed:
            n.id = renamed[n.id]
    targets = s.targets[0].elts if isinstance(s.targets[0], ast.Tuple) else s.targets
    new = [A.at(A.name(names[t.attr], store=True), t) for t in targets]
    s.targets = [ast.Tuple(elts=new, ctx=ast.Store())] if isinstance(s.targets[0], ast.Tuple) else new
    return s


def _replace(node, new):
    """Turn ``node`` (an ``o.x`` read) into ``new`` in place."""
    A.at(new, node)
    node.__class__ = type(new)
    node.__dict__.clear()
    node.__dict__.update(new.__dict__)


def _docstring(fdef):
    return fdef.body and isinstance(fdef.body[0], ast.Expr) and isinstance(fdef.body[0].value, ast.Constant)


def _splice(fdef, stmt, out):
    for node in A.walk(fdef):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(s is stmt for s in block):
                k = next(i for i, s in enumerate(block) if s is stmt)
                block[k:k + 1] = out
                return
