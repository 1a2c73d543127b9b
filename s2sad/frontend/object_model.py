"""Classes of objects built in the differentiated function, read as variables (open47): which
classes qualify, their methods found along the MRO as Python finds them, and ``__init__`` (with
``super().__init__(...)`` of a base class) written as straight-line assignments.

``local_objects`` (open46) took classes deriving from ``object`` only whose ``__init__`` only
assigns attributes; the classes of ordinary code inherit (``class Child(Base)``, a method of the
base, ``super().__init__(w)``) and set up locals in ``__init__`` (``n = len(w); self.n = n``).

Invariant (when ``ClassModel.make`` accepts a class, a lookup here is Python's): every class of
the MRO but ``object`` is a plain class (metaclass ``type``) of the function's module, or of another
whose methods read from it only modules and builtins the function's module names the same (stop 56,
``_reads_same_modules``), defines no
attribute hook, ``__new__``, ``__slots__`` or descriptor under a name the object uses but
read-only properties, so ``o.m`` is the first ``m`` found in ``vars`` along ``__mro__``, an
instance attribute ``o.x`` is what ``__init__`` assigned, and a read ``o.p`` of a property whose
getter is a function of the module is the call of that getter (hunt48: ``property_calls`` writes
it ``o.p()``, and the getter is found as a method). ``flatten_init`` writes ``__init__``'s body only where it is
straight-line: assignments of attributes and locals, and ``super().__init__(...)``.
"""
import ast
import builtins
import types

from .calls import bind_arguments
from .object_dataclass import dataclass_init, field_default, generated_init
from .parsing import parse_function
from .resolve import user_function

from .. import astutil as A

_HOOKS = ("__getattr__", "__getattribute__", "__setattr__", "__slots__", "__delattr__", "__new__",
          "__class_getitem__", "__set_name__")


class ClassModel:
    """A class accepted as a set of variables; ``lookup`` finds a method as Python does."""

    @classmethod
    def make(cls, klass, src, local):
        if not (isinstance(klass, type) and type(klass) is type and klass.__mro__[-1] is object):
            return None
        mro = klass.__mro__[:-1]
        if any(h in vars(c) for c in mro for h in _HOOKS):
            return None
        model = cls()
        model.klass, model.mro, model.src, model.local, model.trees = klass, mro, src, local, {}
        model.properties = _getters(mro, src)
        return model

    def lookup(self, name, after=-1):
        """(index in the MRO, tree) of ``name`` looked up in the classes after ``after``: None if
        no class there defines it (``object``'s own), False if what is found is no plain function
        of the module's (a class attribute, a function without source, a property with a setter).
        A read-only property's getter is found as a method (``properties``: its reads are calls)."""
        for i in range(after + 1, len(self.mro)):
            found = vars(self.mro[i]).get(name)
            if found is None:
                continue
            if (i, name) not in self.trees:
                self.trees[(i, name)] = self._tree(found, i)
            tree = self.trees[(i, name)]
            return (i, tree) if tree is not None else False
        return None

    def _tree(self, found, i):
        if generated_init(self.mro[i], found, self.mro):
            return dataclass_init(self.mro[i])
        getter = isinstance(found, property)
        fn = found.fget if getter and found in self.properties.values() else found
        if not user_function(fn):
            return None
        tree = plain_function(fn, self.local, getter)
        if tree is None or not property_calls(tree, tree.args.args[0].arg, self.properties):
            return None
        if fn.__globals__ is self.src.globals:
            return tree
        foreign = _foreign_read(fn, tree, self.src)
        if foreign is not None:     # noted for the refusal at the call (``methods.method_call``)
            notes = self.src.__dict__.setdefault("foreign_methods", {})
            notes.setdefault(fn.__name__, (self.mro[i].__name__, fn.__module__, foreign))
            return None
        return tree

    def shadows(self, attr):
        """Whether a class of the MRO defines ``attr`` (a descriptor would take over ``o.attr``)."""
        return any(attr in vars(c) and not field_default(c, attr) for c in self.mro)


def _reads_same_modules(fn, tree, src):
    """Whether method ``fn`` of another module (``tree``) reads from its module only modules and
    builtins that the function's module names the same (``np``, ``math``, ``len``): written into the
    function, its code then means what it means in its own module. A helper function or a value of
    that module is refused (the function would read its own module's, or nothing, under that name)."""
    return _foreign_read(fn, tree, src) is None


def _foreign_read(fn, tree, src):
    """The first name (sorted) ``_reads_same_modules`` refuses, or None."""
    own = set(A.assigned_locals(tree)) | {a.arg for a in ast.walk(tree.args) if isinstance(a, ast.arg)}
    for name in sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - own):
        there = fn.__globals__[name] if name in fn.__globals__ else getattr(builtins, name, _NOTHING)
        try:
            here = src.lookup(name)
        except (KeyError, AttributeError):
            return name
        if here is not there or not (isinstance(there, types.ModuleType)
                                     or name not in fn.__globals__ and hasattr(builtins, name)):
            return name
    return None


_NOTHING = object()


def plain_function(fn, local, getter=False):
    """The tree of ``fn`` if its signature is plain (positional parameters, constant defaults, a
    first parameter) and the names it reads from its module are none of ``local``; else None.
    ``getter``: ``fn`` is a property's getter (its decorators dropped: it runs as ``fn(o)``)."""
    try:
        tree = parse_function(fn).tree
    except Exception:   # no source: left as written (and refused where it is used)
        return None
    if getter:   # the property object calls it with the object alone
        if len(tree.args.args) != 1:
            return None
        tree.decorator_list = []
    a = tree.args
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or not a.args or tree.decorator_list \
            or not all(isinstance(d, ast.Constant) for d in a.defaults):
        return None
    own = set(A.assigned_locals(tree))
    free = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in own}
    if free & local or any(isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.Global, ast.Nonlocal,
                                          ast.Yield, ast.YieldFrom, ast.AsyncFunctionDef, ast.NamedExpr))
                           and n is not tree for n in ast.walk(tree)):
        return None
    return tree


def _getters(mro, src):
    """name -> property, of the read-only properties (no setter, no deleter) the object's
    attribute lookup finds, whose getter is a function of the function's module."""
    out, seen = {}, set()
    for c in mro:
        for name, v in vars(c).items():
            if name in seen:
                continue
            seen.add(name)
            if isinstance(v, property) and v.fset is None and v.fdel is None and user_function(v.fget) \
                    and v.fget.__globals__ is src.globals:
                out[name] = v
    return out


def property_calls(root, o, properties):
    """Each read ``o.p`` of a property under ``root`` made the call ``o.p()`` of its getter, as
    Python runs it; False (nothing changed) where ``o.p`` is called, written or deleted."""
    def hit(n):
        return isinstance(n, ast.Attribute) and n.attr in properties and isinstance(n.value, ast.Name) \
            and n.value.id == o
    nodes = A.walk(root)
    if any(isinstance(n, ast.Call) and hit(n.func) for n in nodes) \
            or any(hit(n) and not isinstance(n.ctx, ast.Load) for n in nodes):
        return False
    replace_children(root, hit, lambda n: A.at(ast.Call(func=n, args=[], keywords=[]), n))
    return True


def is_super(node, attr=None):
    """``super().attr`` (any attribute if ``attr`` is None)."""
    return (isinstance(node, ast.Attribute) and (attr is None or node.attr == attr)
            and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "super" and not node.value.args and not node.value.keywords)


def is_self_attr(node, selfname):
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == selfname


def replace_children(root, pred, make):
    """Replace, in place, every node under ``root`` for which ``pred`` holds by ``make(node)``
    (outermost first; the nodes made are not looked into)."""
    for n in A.walk(root):
        for field, value in ast.iter_fields(n):
            if isinstance(value, ast.AST) and pred(value):
                setattr(n, field, make(value))
            elif isinstance(value, list):
                value[:] = [make(v) if isinstance(v, ast.AST) and pred(v) else v for v in value]


def docstring(fdef):
    return bool(fdef.body) and isinstance(fdef.body[0], ast.Expr) and isinstance(fdef.body[0].value, ast.Constant)


class InitWriter:
    """``o = C(...)`` as assignments: ``o_p = arg`` for each parameter, ``o_x = e`` for each
    ``self.x = e`` (``names``: attribute -> its local, in order of first assignment)."""

    def __init__(self, model, o, namer, taken):
        self.model, self.o, self.namer, self.taken = model, o, namer, taken
        self.names, self.out = {}, []

    def fresh(self, base):
        name = self.namer.fresh(base)
        while name in self.taken:
            name = self.namer.fresh(base)
        return name

    def write(self, call, after=-1, like=None):
        """Bind ``call`` (``C(...)`` or ``super().__init__(...)``) to the ``__init__`` found after
        ``after``; False where it is no straight-line body."""
        found = self.model.lookup("__init__", after)
        if found is None:
            return not call.args and not call.keywords
        if found is False:
            return False
        i, tree = found
        args = bind(tree, call)
        if args is None:
            return False
        like = like or call
        if getattr(tree, "_s2sad_dataclass", False):   # written by s2sad: the call's position
            for s in tree.body:
                A.at(s, like)
        renamed = {p: self.fresh(f"{self.o}_{p}") for p in args}
        for v in A.assigned_locals(tree):
            if v not in renamed and v != tree.args.args[0].arg:
                renamed[v] = self.fresh(f"{self.o}_{v}")
        self.namer.written.update({new: v for v, new in renamed.items()})     # a refusal names `p`
        self.out += [A.at(A.assign(renamed[p], v), like) for p, v in args.items()]
        selfname = tree.args.args[0].arg
        for s in tree.body[1:] if docstring(tree) else tree.body:
            if not self.statement(s, i, selfname, renamed):
                return False
        return True

    def statement(self, s, i, selfname, renamed):
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and is_super(s.value.func, "__init__"):
            call = A.clone(s.value)
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return False
            call.args = [self.value(a, selfname, renamed) for a in call.args]
            for k in call.keywords:
                k.value = self.value(k.value, selfname, renamed)
            if any(a is None for a in call.args + [k.value for k in call.keywords]):
                return False
            return self.write(call, i, like=s)
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1):
            return False
        t, v = s.targets[0], s.value
        pairs = list(zip(t.elts, v.elts)) if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple) \
            and len(t.elts) == len(v.elts) else [(t, v)]
        values = [self.value(A.clone(vv), selfname, renamed) for _, vv in pairs]
        if any(vv is None for vv in values):
            return False
        targets = []
        for tt, _ in pairs:
            if isinstance(tt, ast.Name) and tt.id in renamed:
                targets.append(A.at(A.name(renamed[tt.id], store=True), tt))
            elif isinstance(tt, ast.Attribute) and isinstance(tt.value, ast.Name) and tt.value.id == selfname \
                    and not self.model.shadows(tt.attr):
                if tt.attr not in self.names:
                    self.names[tt.attr] = self.fresh(f"{self.o}_{tt.attr}")
                    self.namer.written[self.names[tt.attr]] = f"{self.o}.{tt.attr}"   # and `s.p`, not `s_p`
                targets.append(A.at(A.name(self.names[tt.attr], store=True), tt))
            else:
                return False
        if len(pairs) == 1:
            self.out.append(A.at(ast.Assign(targets=targets, value=values[0]), s))
        else:
            self.out.append(A.at(ast.Assign(targets=[ast.Tuple(elts=targets, ctx=ast.Store())],
                                            value=ast.Tuple(elts=values, ctx=ast.Load())), s))
        return True

    def value(self, node, selfname, renamed):
        """``node`` with the locals of an ``__init__`` renamed and its reads ``self.x`` of attributes
        already assigned made names; None if it reads ``self`` otherwise."""
        box, made, missing = ast.Expression(body=node), set(), []

        def read(sub):
            if sub.attr not in self.names:
                missing.append(sub)
                return sub
            new = A.at(A.name(self.names[sub.attr]), sub)
            made.add(id(new))
            return new
        replace_children(box, lambda n: is_self_attr(n, selfname) and isinstance(n.ctx, ast.Load), read)
        if missing:
            return None
        for n in ast.walk(box):
            if isinstance(n, ast.Name) and id(n) not in made:
                if n.id == selfname:
                    return None
                if n.id in renamed:
                    n.id = renamed[n.id]
        return box.body


def bind(init, call):
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
            out[p] = A.clone(defaults[p])
    return {p: out[p] for p in params}
