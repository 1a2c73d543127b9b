"""The objects a gradient has fixed (a bound method's ``self``, a classmethod's ``cls``, a
callable object, a ``functools.partial``'s object argument), read like closure variables: under
jit, and without jit when the function calls the object's methods (``self.simulate(theta)`` then
resolves to a method inlined, ``own_methods``).

numba cannot take a Python object as an argument, but it takes the numbers and arrays the
function reads from it. So, for the build, such a parameter is renamed (it stays in the adjoint's
signature, unread, and is passed a placeholder, None) and its name in the body becomes a free
name held by a closure cell of its own (the object, fixed by the gradient function and never
differentiated): ``self.w``, ``self.cfg["lr"]``, ``cls.scale`` then become data parameters
of the adjoint, read from the object afresh at every call, their kinds checked by the guard,
exactly as a closure variable's attributes are (``scopes``).

Invariant: a parameter is read through its cell only when every read of it in the function is
a read of that one object: it is fixed (never in ``wrt``), holds data in attributes (a user's
object or class: ``scopes``), and no statement or nested scope of the function binds its name.
Anything else the body does with the object (pass it whole, write its attributes) is what it
would be for a closure variable: compiled if provable, else a located refusal.
"""
import ast
import functools
import inspect
import types

from .. import astutil as A
from ..scopes import _holds_data

_CODE = (types.FunctionType, types.MethodType, types.ModuleType, types.BuiltinFunctionType, functools.partial)
_VALUES = (int, float, complex, bool, str, bytes, tuple, list, dict, set, frozenset, type(None))


def fixed_objects(target, wrt, jit=True):
    """``{parameter: object}`` for the fixed positional arguments of ``target`` read as cells.
    Without jit, only an object whose methods the function reads (``self.simulate``, inlined:
    ``own_methods``); the others stay parameters, so the build is shared (``api._cached``)."""
    out = {}
    for name, obj in zip(target.params, target.fixed):
        if name not in wrt and _object(obj) and (jit or _reads_a_method(target.func, obj)):
            out[name] = obj
    return out


def _reads_a_method(func, obj):
    """Does ``func``'s code name an attribute of ``obj`` that is a function of its class (a
    method, classmethod or staticmethod) or an object of the user's, whose methods it may call
    (``self.sub.f(x)``)? Looked up without running a property."""
    names, todo = set(), [getattr(func, "__code__", None)]
    while todo:      # (a comprehension's or nested function's code too)
        code = todo.pop()
        if code is not None:
            names |= set(code.co_names)
            todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    for n in sorted(names):
        try:
            raw = inspect.getattr_static(obj, n)
        except AttributeError:
            continue
        if isinstance(raw, (types.FunctionType, classmethod, staticmethod)) or _object(raw):
            return True
    return False


def placeholders(args, unread):
    """``args`` with None at positions ``unread``: the fixed objects the generated code reads
    through their cells (their parameters are unread)."""
    return tuple(None if i in unread else a for i, a in enumerate(args)) if unread else args


def _object(obj):
    """A user's object or class holding values in attributes (not a number, array, container)."""
    import numpy as np
    if isinstance(obj, (np.ndarray, np.generic) + _VALUES):
        return False
    return _holds_data(obj) and not isinstance(obj, _CODE)


def as_cells(src, objects, taken):
    """Make each parameter of ``objects`` in ``src.tree`` a free name held by a closure cell of
    ``src`` holding the object, the parameter itself renamed (it stays in the signature, unread);
    parameters some statement or nested scope binds again are left as they are. ``taken``: names
    the function uses. Messages name the object as the user wrote it (``self.inner``)."""
    fdef = src.tree
    for arg in fdef.args.args:
        name = arg.arg
        if name not in objects or _rebound(fdef, name):
            continue
        fresh, n = f"{name}_unread", 1
        while fresh in taken:
            n += 1
            fresh = f"{name}_unread{n}"
        taken.add(fresh)
        arg.arg = fresh
        src.cells[name] = types.CellType(objects[name])
    return src


def _rebound(fdef, name):
    """Does anything in ``fdef`` but its own parameter list bind ``name``?"""
    own = {id(a) for a in fdef.args.args}
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and node.id == name:
            return True
        if isinstance(node, ast.arg) and node.arg == name and id(node) not in own:
            return True
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return True
    return False
