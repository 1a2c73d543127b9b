"""The guard of a built adjoint: one small compiled function that checks, at each call, that
what the build took from the user's scopes still holds (see ``scopes``'s invariant).

It returns the tuple of the current data values (the adjoint's data parameters), or None
when a code name now refers to another object, a data value changed kind (type or rank; a
dict's keys, which change in place, are checked at each call), a
builtin the adjoint uses is shadowed, or the rule registry changed: the adjoint must then be
rebuilt. It is built as an AST, like every generated function.
"""
import ast
import types

from . import astutil as A
from .targets import same_kwdefaults
from .scopes import MISSING, _builtin, checked_each_call, is_data, is_library, kind_of, same_items


def make_guard(records, data, epoch_cell, epoch, func=None, values=()):
    """Compile the call-time check of a build's assumptions.

    ``records``: [(Origin, object)] read during the build; ``data``: [(name, Origin)]
    the adjoint's data parameters; ``func``: the function differentiated. The guard returns the
    tuple of current data values, or None when anything the build assumed has changed, also
    the code of the function or of a function of the user's it read, replaced in place
    (``f.__code__ = ...``, as IPython's ``%autoreload`` does), or a global whose items the build
    used as constants (``values``: [(Origin, (type, items))], ``scopes.collect_values``) now
    holds other items (rebound, or a list changed in place: checked at each call)."""
    g = _GuardBuilder()
    checks = [ast.Compare(left=ast.Subscript(value=g.const(epoch_cell), slice=ast.Constant(0), ctx=ast.Load()),
                          ops=[ast.Eq()], comparators=[ast.Constant(epoch)])]
    target = getattr(func, "__func__", func)
    if isinstance(target, types.FunctionType):     # checked on every call that runs the guard
        checks += _same_code(g, g.const(target), target)
    params = {origin for _, origin in data}
    kinds_only, static = [], not data and not values
    checks += [ast.Call(func=g.const(same_items), args=[g.const(origin), g.const(snapshot)], keywords=[])
               for origin, snapshot in values]
    for origin, obj in records:
        if origin in params or (origin.attrs and _library_root(origin)):
            continue
        if origin.kind == "builtin":
            checks.append(ast.Compare(left=ast.Constant(origin.name), ops=[ast.NotIn()],
                                      comparators=[g.const(origin.scope)]))
        elif is_data(obj):
            static = False
            if not (origin.attrs and is_data(origin.root().current())):
                kinds_only.append((origin, obj))
        else:
            # a user's name bound to library code (`act = np.tanh`, `from numpy import exp`) may be
            # rebound: only a library module (`np`) is assumed constant, like its attributes
            static = static and is_library(obj) and isinstance(obj, types.ModuleType)
            # a method of a data value (`W.items` of a global dict) is a new object at each read:
            # equal (the same function of the same object) is unchanged; so is a bound method of
            # the user's object or class (`A.f`, a classmethod `Lin.g`: inlined, frontend/own_methods.py)
            same = ast.Eq() if isinstance(obj, types.MethodType) or is_data(getattr(obj, "__self__", None)) and not \
                isinstance(getattr(obj, "__self__", None), type(None)) else ast.Is()
            checks.append(ast.Compare(left=g.fetch(origin), ops=[same], comparators=[g.const(obj)]))
            checks += _code_checks(g, origin, obj)
    watched = [origin for _, origin in data] + [origin for origin, _ in kinds_only]
    objects = dict(records)
    last = [objects[origin] if origin in objects else origin.current() for origin in watched]
    guard = g.compile(checks, watched, len(data), last)
    guard.static = static
    return guard


def _code_checks(g, origin, obj):
    """The code and defaults of a user's function the build read (``step``), or of the function
    under a bound method of the user's object (``M.energy``, whose ``__defaults__`` may be rebound
    while the method stays equal): [] for anything else."""
    fn, node = obj, g.fetch(origin)
    if isinstance(obj, types.MethodType):
        fn, node = obj.__func__, ast.Attribute(value=node, attr="__func__", ctx=ast.Load())
    return _same_code(g, node, fn) if isinstance(fn, types.FunctionType) and not is_library(fn) else []


def _same_code(g, node, fn):
    """``node.__code__ is <fn's code> and node.__defaults__ is <fn's defaults>``, and its keyword-only
    defaults the same objects (``__kwdefaults__`` is a dict: rebound or changed in place,
    ``h.__kwdefaults__["k"] = 3.0``, a helper's call that leaves ``k`` out must see the new value)."""
    same = [ast.Compare(left=ast.Attribute(value=node if k == 0 else A.clone(node), attr=attr, ctx=ast.Load()),
                        ops=[ast.Is()], comparators=[g.const(getattr(fn, attr))])
            for k, attr in enumerate(("__code__", "__defaults__"))]
    if not fn.__code__.co_kwonlyargcount:      # (no keyword-only parameter: nothing to default)
        return same
    pairs = tuple((fn.__kwdefaults__ or {}).items())
    kw = ast.Attribute(value=A.clone(node), attr="__kwdefaults__", ctx=ast.Load())
    return same + [ast.Call(func=g.const(same_kwdefaults), args=[kw, g.const(pairs)], keywords=[])]


def _library_root(origin):
    root = origin.root().current()
    return root is not MISSING and is_library(root)


class _GuardBuilder:
    """Builds the guard function as an AST (constants go into its globals)."""

    def __init__(self):
        self.glb = {"_kind_of": kind_of}
        self.ids = {}

    def const(self, obj):
        key = id(obj)
        if key not in self.ids:
            self.ids[key] = f"_c{len(self.ids)}"
            self.glb[self.ids[key]] = obj
        return ast.Name(id=self.ids[key], ctx=ast.Load())

    def fetch(self, origin):
        if origin.kind == "cell":
            node = ast.Attribute(value=self.const(origin.scope), attr="cell_contents", ctx=ast.Load())
        elif origin.kind == "global":
            node = ast.Subscript(value=self.const(origin.scope), slice=ast.Constant(origin.name), ctx=ast.Load())
        else:
            node = ast.Call(func=self.const(_builtin), args=[self.const(origin.builtins),
                                                             ast.Constant(origin.name)], keywords=[])
        for attr in origin.attrs:
            node = ast.Subscript(value=node, slice=ast.Constant(attr[0]), ctx=ast.Load()) \
                if isinstance(attr, tuple) else ast.Attribute(value=node, attr=attr, ctx=ast.Load())
        return node

    def compile(self, checks, watched, n_data, last):
        """def guard(): checks, then v_i = fetch_i (kind checked when v_i changed), return (v...)."""
        self.glb["_last"], self.glb["_kinds"] = last, [kind_of(v) for v in last]
        self.glb["_ok"] = _make_ok(last, self.glb["_kinds"])
        test = ast.BoolOp(op=ast.And(), values=checks) if len(checks) > 1 else checks[0]
        body = [ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test), body=[ast.Return(ast.Constant(None))],
                       orelse=[])]
        body += [ast.Assign(targets=[ast.Name(id=f"v{i}", ctx=ast.Store())], value=self.fetch(o))
                 for i, o in enumerate(watched)]
        errors = ast.Tuple(elts=[ast.Name(id=e, ctx=ast.Load()) for e in
                                 ("LookupError", "AttributeError", "ValueError")], ctx=ast.Load())
        stmts = [ast.Try(body=body, handlers=[ast.ExceptHandler(type=errors, name=None,
                                                                  body=[ast.Return(ast.Constant(None))])],
                         orelse=[], finalbody=[])]
        for i in range(len(watched)):
            same = ast.Compare(left=ast.Name(id=f"v{i}", ctx=ast.Load()), ops=[ast.IsNot()],
                               comparators=[ast.Subscript(value=ast.Name(id="_last", ctx=ast.Load()),
                                                          slice=ast.Constant(i), ctx=ast.Load())])
            ok = ast.Call(func=ast.Name(id="_ok", ctx=ast.Load()),
                          args=[ast.Constant(i), ast.Name(id=f"v{i}", ctx=ast.Load())], keywords=[])
            # a dict's kind is its keys, which change in place (`P["new"] = v`), a list's the classes of
            # the records it holds (`SCHEDULE[0] = Other(...)`): checked at each call
            test = ast.UnaryOp(op=ast.Not(), operand=ok) if checked_each_call(last[i], self.glb["_kinds"][i]) \
                else ast.BoolOp(op=ast.And(), values=[same, ast.UnaryOp(op=ast.Not(), operand=ok)])
            stmts.append(ast.If(test=test, body=[ast.Return(ast.Constant(None))], orelse=[]))
        stmts.append(ast.Return(ast.Tuple(elts=[ast.Name(id=f"v{i}", ctx=ast.Load()) for i in range(n_data)],
                                          ctx=ast.Load())))
        fdef = ast.FunctionDef(name="guard", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[],
                                                                kw_defaults=[], defaults=[]),
                               body=stmts, decorator_list=[], returns=None, type_params=[])
        module = ast.fix_missing_locations(ast.Module(body=[fdef], type_ignores=[]))
        exec(compile(module, "<s2sad guard>", "exec"), self.glb)
        return self.glb["guard"]


def _make_ok(last, kinds):
    def ok(i, value):
        """A data value changed: still the kind the build assumed? (then remember it)"""
        if kind_of(value) != kinds[i]:
            return False
        last[i] = value
        return True
    return ok
