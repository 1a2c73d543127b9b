"""What a generated adjoint took from the user's scopes, and the guard that checks it at each call.

While a gradient is built, every free name the compiler reads from the user's
scopes (closure cells, module globals, builtins, attributes of the user's
modules and classes) is recorded with where it came from (an ``Origin``) and
what it was. At the end of the build:

* **data** values (numbers, arrays, tuples, any non-callable object) become
  parameters of the generated adjoint, after the user's parameters and before
  ``dout``: they are read afresh at every call and never frozen, in either
  mode (numba compiles them as arguments, so a global array modified in place
  is seen as it is now);
* **code** (functions the build inlined or calls, modules, classes, rules) is
  an assumption of the build.

Invariant: a built adjoint runs only while every recorded code name still
refers to the same object (identity), every data value has the kind (type and
rank) the build specialised on, builtins it uses are not shadowed by a global,
and the derivative-rule registry is unchanged. ``scope_guard.make_guard`` compiles these
checks into one small function; it returns the current data values, or None
when the adjoint must be rebuilt. Attributes of library modules (numpy, math,
the standard library, s2sad) are assumed constant and not checked.

``guard.static`` is True when the adjoint reads no data from the user's scopes
and its code checks are only about library modules (``np``, and so ``np.exp``...)
and builtins; a user's name bound to a library function (``act = np.tanh``,
``from numpy import exp``) may be rebound, so it is checked at every call. A call path that cannot run Python code per call
(numba's C dispatch) may then skip the guard, provided it forgets what it
learned when the rule registry changes (``registry.watch``). Otherwise every
call must run the guard.
"""
import ast
import operator
import sys
import types

import numpy as np

from . import astutil as A

MISSING = object()
LIBRARIES = {"numpy", "scipy", "s2sad", "numba"} | set(getattr(sys, "stdlib_module_names", ()))


class Origin:
    """Where the user's code reads a free name: ``kind`` is 'cell' (``scope`` is the
    closure cell), 'global' (``scope`` is the function's globals dict) or 'builtin'
    (``scope`` is the globals dict, which must not shadow it; ``builtins`` holds it);
    ``attrs`` follows attributes from there (``consts.LAM``), and items of a dict: a 1-tuple
    ``(key,)`` (``PARAMS["lr"]``)."""

    __slots__ = ("kind", "scope", "name", "attrs", "builtins")

    def __init__(self, kind, scope, name, attrs=(), builtins=None):
        self.kind, self.scope, self.name, self.attrs, self.builtins = kind, scope, name, tuple(attrs), builtins

    def key(self):
        return self.kind, id(self.scope), self.name, self.attrs

    def __eq__(self, other):
        return isinstance(other, Origin) and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def with_attrs(self, attrs):
        return Origin(self.kind, self.scope, self.name, self.attrs + tuple(attrs), self.builtins)

    def root(self):
        return Origin(self.kind, self.scope, self.name, (), self.builtins)

    def current(self):
        """The value the user's code would read now, or MISSING."""
        try:
            if self.kind == "cell":
                value = self.scope.cell_contents
            elif self.kind == "global":
                value = self.scope[self.name]
            else:
                if self.name in self.scope:
                    return MISSING
                value = _builtin(self.builtins, self.name)
            for attr in self.attrs:     # an attribute, or (key,): an item of a dict
                value = value[attr[0]] if isinstance(attr, tuple) else getattr(value, attr)
        except (LookupError, AttributeError, ValueError, TypeError):
            return MISSING
        return value

    def describe(self):
        path = self.name + "".join(f"[{a[0]!r}]" if isinstance(a, tuple) else f".{a}" for a in self.attrs)
        return {"cell": f"closure variable `{path}`", "global": f"global `{path}`"}.get(
            self.kind, f"builtin `{path}`")


def _builtin(mapping, name):
    return mapping[name] if isinstance(mapping, dict) else getattr(mapping, name)


def is_data(obj):
    """Values (numbers, arrays, tuples, strings, None, plain objects), as opposed to code (a
    property or a static/class method is code: its identity is checked, not only its type)."""
    return not (callable(obj) or isinstance(obj, (types.ModuleType, property, staticmethod, classmethod)))


def reads_data(func):
    """True if Python function ``func`` reads a global or closure value that is data (numba
    would freeze it into a helper it compiles: the adjoint inlines such a helper instead,
    so the value becomes one of its parameters and is read at call time)."""
    if not isinstance(func, types.FunctionType):
        return False
    cells = [c.cell_contents for c in func.__closure__ or () if _filled(c)]
    if any(is_data(v) for v in cells):
        return True
    names, todo = set(), [func.__code__]
    while todo:
        code = todo.pop()
        names |= set(code.co_names)
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return any(n in func.__globals__ and is_data(func.__globals__[n]) for n in names)


def _filled(cell):
    try:
        cell.cell_contents
    except ValueError:  # an empty cell (a name assigned after the function was made)
        return False
    return True


def is_library(obj):
    """A module (or an object of a module) whose attributes are assumed never to change."""
    name = obj.__name__ if isinstance(obj, types.ModuleType) else getattr(obj, "__module__", None)
    return isinstance(name, str) and name.split(".")[0] in LIBRARIES


def kind_of(value):
    """What a build specialises on for a data value: its type and rank; for a list or tuple
    holding records (namedtuples, dataclass instances), also the classes of its items in the
    order first met, with their fields (``frontend/global_records.py`` reads ``d.f`` of an item
    as ``d[i]``: another class, or fields in another order, must rebuild the adjoint)."""
    if type(value) in (list, tuple):
        items = tuple(dict.fromkeys(map(type, value)))
        if any(map(_record_fields, items)):
            return type(value), None, tuple((c, _record_fields(c)) for c in items)
    from .analyses.expr_ranks import of_value
    return type(value), of_value(value)


def checked_each_call(value, kind):
    """Does a data value's kind change in place (a dict's keys, a list's records' classes)?"""
    return isinstance(value, dict) or isinstance(value, list) and len(kind) > 2


def _record_fields(cls):
    """The fields of a namedtuple class or a dataclass, in order; None for another class."""
    fields = getattr(cls, "_fields", None) if issubclass(cls, tuple) else None
    if isinstance(fields, tuple):
        return fields
    declared = getattr(cls, "__dataclass_fields__", None)
    return tuple(declared) if isinstance(declared, dict) else None


# ----------------------------------------------------------------- build side
def collect(ns):
    """Every (Origin, object) recorded while building, in a deterministic order."""
    out = {}
    for src in ns.sources:
        for origin, obj in src.reads.values():
            out.setdefault(origin, obj)
    for name, origin in ns.origins.items():
        out.setdefault(origin, ns.objects[name])
    return list(out.items())


def collect_values(ns):
    """Every (Origin, (type, items)) whose items a build used as constants (``Source.constant_items``)."""
    out = {}
    for src in ns.sources:
        for origin, snapshot in getattr(src, "values", {}).values():
            out[origin] = snapshot
    return list(out.items())


def same_items(origin, snapshot):
    """Does ``origin`` hold now what it held when the build read its items (``snapshot``: the
    type and the items, equal; or the very objects, when it ends with ``"is"``)?"""
    value = origin.current()
    if type(value) is not snapshot[0]:
        return False
    if len(snapshot) > 2:
        return len(value) == len(snapshot[1]) and all(map(operator.is_, value, snapshot[1]))
    return tuple(value) == snapshot[1]


def parametrize(fdef, ns, n_params):
    """Bind the builtins the stages wrote (``ns.bind_builtins``), then turn every data value
    the generated function reads from the user's scopes into a parameter (after the
    ``n_params`` user parameters, before ``dout``). Returns ``[(name, Origin)]`` in
    parameter order. One walk of the tree, unless data is read through a user's module."""
    names, paths = [], False
    for node in A.walk(fdef):
        if isinstance(node, ast.Name):
            if getattr(node, "_s2sad_builtin", False) and not getattr(node, "_s2sad_bound", False):
                ns.bind_builtins(node)
            elif getattr(node, "_s2sad_bound", False) and node.id in ns.origins \
                    and is_data(ns.objects[node.id]) and node.id not in names:
                names.append(node.id)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and not paths:
            paths = _DataPaths(ns).candidate(node)
    if paths:     # read again: an object whose attributes became names is no parameter unless read whole
        _DataPaths(ns, _dicts_used_whole(fdef, ns)).visit(fdef)
        read = list(dict.fromkeys(n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and getattr(
            n, "_s2sad_bound", False) and n.id in ns.origins and is_data(ns.objects[n.id])))
        names = [n for n in names if n in read] + [n for n in read if n not in names]
    args = fdef.args.args
    fdef.args.args = args[:n_params] + [ast.arg(arg=n) for n in names] + args[n_params:]
    return [(n, ns.origins[n]) for n in dict.fromkeys(names)]


def used_objects(fdef, ns):
    """The namespace entries the generated function refers to (what it was bound with while
    building but no longer uses, e.g. a module whose data became parameters, is left out)."""
    names = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name)}
    params = {a.arg for a in fdef.args.args}
    return {k: v for k, v in ns.objects.items() if k in names or (k in params and k in ns.origins)}


_VALUES = (np.ndarray, np.generic, int, float, complex, bool, str, bytes, tuple, list, dict, set, frozenset,
           type(None))


def _plain_object(obj):
    """An instance of a user's class holding values in attributes (``cfg = Config()``)."""
    return is_data(obj) and not isinstance(obj, _VALUES) and not is_library(obj)


def _holds_data(obj):
    """A user's module, class, plain object or dict, whose attributes or items may be data."""
    return _plain_object(obj) or type(obj) is dict or not (is_data(obj) or is_library(obj))


class _DataPaths(ast.NodeTransformer):
    """``consts.LAM``, ``cfg.opt.lr`` (data read through a user's module, class or plain object)
    -> a bound name ``LAM``, read afresh at each call like any global datum: numba compiles the
    number or array, never the object (which it cannot take)."""

    def __init__(self, ns, whole=frozenset()):
        self.ns, self.whole = ns, whole

    def candidate(self, node):
        """Could ``node`` (an attribute chain) read data through a user's module, class or object?"""
        root = _chain(node)[1]
        if not (isinstance(root, ast.Name) and getattr(root, "_s2sad_bound", False) and root.id in self.ns.origins):
            return False
        return _holds_data(self.ns.objects[root.id])

    def visit_Subscript(self, node):
        return self.path(node) if isinstance(node.ctx, ast.Load) and _key(node) is not None \
            else self.generic_visit(node)

    def visit_Attribute(self, node):
        return self.path(node)

    def path(self, node):
        """``node`` (an attribute / constant-key chain) with its data link replaced by a bound name."""
        chain, root = _chain(node)
        if not (isinstance(root, ast.Name) and getattr(root, "_s2sad_bound", False)
                and root.id in self.ns.origins and isinstance(node.ctx, ast.Load)):
            return self.generic_visit(node)
        obj = self.ns.objects[root.id]
        if not _holds_data(obj) or root.id in self.whole:
            return self.generic_visit(node)
        attrs = []
        for link in reversed(chain):
            step = (_key(link),) if isinstance(link, ast.Subscript) else link.attr
            obj = _follow(obj, step)
            attrs.append(step)
            if obj is MISSING:
                return self.generic_visit(node)
            if not _holds_data(obj):
                if not is_data(obj):
                    return self.generic_visit(node)
                origin = self.ns.origins[root.id].with_attrs(attrs)
                name = step if isinstance(step, str) else f"{root.id}_{step[0]}" if str(step[0]).isidentifier() \
                    else root.id + "_item"
                new = ast.copy_location(ast.Name(id=self.ns.bind(name, obj, origin), ctx=ast.Load()), link)
                new._s2sad_bound = True
                return self.generic_visit(_replace(node, link, new))
        return self.generic_visit(node)


def _dicts_used_whole(fdef, ns):
    """The global dicts ``fdef`` reads otherwise than by constant keys (iterated, passed, written,
    a method called, copied: ``_s2sad_whole``): such a dict goes to the adjoint whole, and its
    items are read from it."""
    keyed = {id(n.value) for n in A.walk(fdef) if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load)
             and isinstance(n.value, ast.Name) and _key(n) is not None and not getattr(n, "_s2sad_whole", False)}
    return {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and getattr(n, "_s2sad_bound", False)
            and type(ns.objects.get(n.id)) is dict and id(n) not in keyed}


def _key(node):
    """The constant key of ``d["lr"]`` / ``d[0]`` (a str or an int), or None."""
    k = node.slice
    return k.value if isinstance(k, ast.Constant) and type(k.value) in (str, int) else None


def _chain(node):
    """(the links of an attribute / constant-key item chain, top first; its root)."""
    chain, root = [], node
    while isinstance(root, ast.Attribute) or isinstance(root, ast.Subscript) and _key(root) is not None:
        chain.append(root)
        root = root.value
    return chain, root


def _follow(obj, step):
    """``obj.step``, or ``obj[key]`` for ``step == (key,)`` of a dict; MISSING if there is none."""
    if isinstance(step, tuple):
        return obj.get(step[0], MISSING) if isinstance(obj, dict) else MISSING
    return getattr(obj, step, MISSING)


def _replace(top, old, new):
    if top is old:
        return new
    parent = top
    while parent.value is not old:
        parent = parent.value
    parent.value = new
    return top


def live(built):
    """``adjoint(*params, dout=1.0)``: ``built.raw`` called with the current values of the
    globals it reads, after its guard; a StaleAdjointError when the guard fails."""
    name = built.name

    def stale(*args):
        from .errors import StaleAdjointError
        raise StaleAdjointError(f"a function, module or global value that the adjoint of `{name}` "
                                "was built with has changed (or the derivative rules did); build "
                                "it again, e.g. by calling the s2sad gradient function once more.")
    return caller(len(built.params), built.guard, built.raw, stale)[0]


def caller(n, guard, raw, stale):
    """``def adjoint(a0, .., a{n-1}, dout=1.0)``: ``raw(a0, .., *guard(), dout)``, or
    ``stale(a0, .., dout)`` when the guard fails. Returns (function, its globals) -- a
    caller may rebind ``_guard`` and ``_raw`` there after a rebuild."""
    params = [f"a{i}" for i in range(n)]
    load = [ast.Name(id=p, ctx=ast.Load()) for p in params]
    dout = ast.Name(id="dout", ctx=ast.Load())
    call = ast.Call(func=ast.Name(id="_raw", ctx=ast.Load()), keywords=[],
                    args=load + [ast.Starred(value=ast.Name(id="data", ctx=ast.Load()), ctx=ast.Load()), dout])
    body = [ast.Assign(targets=[ast.Name(id="data", ctx=ast.Store())],
                       value=ast.Call(func=ast.Name(id="_guard", ctx=ast.Load()), args=[], keywords=[])),
            ast.If(test=ast.Compare(left=ast.Name(id="data", ctx=ast.Load()), ops=[ast.Is()],
                                    comparators=[ast.Constant(None)]),
                   body=[ast.Return(ast.Call(func=ast.Name(id="_stale", ctx=ast.Load()), args=load + [dout],
                                             keywords=[]))], orelse=[]),
            ast.Return(call)]
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params + ["dout"]], kwonlyargs=[],
                         kw_defaults=[], defaults=[ast.Constant(1.0)])
    fdef = ast.FunctionDef(name="adjoint", args=args, body=body, decorator_list=[], returns=None, type_params=[])
    glb = {"_guard": guard, "_raw": raw, "_stale": stale}
    exec(compile(ast.fix_missing_locations(ast.Module(body=[fdef], type_ignores=[])), "<s2sad adjoint caller>",
                 "exec"), glb)
    fn = glb["adjoint"]
    fn.__name__ = getattr(raw, "__name__", "adjoint")
    fn.__wrapped__ = raw
    return fn, glb


def with_frozen_values(built, data):
    """``built`` whose namespace holds ``data``, the current values of its data parameters:
    for code that cannot take them as arguments (numba drivers and descent loops, which
    freeze globals when compiled; exported modules). A ``JitBuilt`` gets the numba module
    for these values (its cache key includes them, array contents too)."""
    import dataclasses

    import numpy as np
    namespace = dict(built.namespace)
    changed = False
    base = getattr(built, "base", None)
    for (name, _), value in zip(built.data, data):
        if base is not None:      # numba freezes a global list as a tuple (backends.frozen)
            from .backends.frozen import frozen
            value = frozen(name, value)
        if namespace.get(name) is not value or isinstance(value, np.ndarray):
            namespace[name] = value
            changed = True
    if not changed:
        return built
    if base is None:
        return dataclasses.replace(built, namespace=namespace)
    from .backends.jit import jit_built
    new = jit_built(dataclasses.replace(base, namespace=namespace))
    return built if new.module is built.module else new
