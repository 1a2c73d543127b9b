"""Name resolution: what a name or a call in the user's function refers to.

Global names are looked up in the function's own globals and closure at
transform time (each lookup is recorded with its origin, see ``scopes``);
``bind_globals`` then binds every free name of the generated code in one
``Namespace`` (renaming on clashes between modules and with locals).
"""
import ast
import builtins
import functools
import inspect
import os
import site
import sys
import sysconfig
import types

import numpy as np

from .. import astutil as A
from ..rules import registry as rules
from ..errors import S2sadError, locate
from ..subclasses import advice

NONDIFF_ATTRS = {"shape", "size", "ndim", "dtype", "itemsize", "nbytes"}
MISSING = object()


class Resolver:
    def __init__(self, src, local_names, inert=(), objects=()):
        self.src, self.locals = src, set(local_names)
        self.inert = set(inert)    # parameters whose attributes are plain values (not differentiated)
        self.objects = set(objects) & self.inert   # of them, those given neither a number nor an array

    def own_attribute(self, node):
        """``o.T`` of a parameter given an object (a namedtuple's field ``T``, ``self.real``): that
        object's attribute, not an array's transpose or real part."""
        return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in self.objects

    def obj(self, node):
        """The global object a dotted name refers to, or MISSING (local or unknown)."""
        path = A.dotted_path(node)
        if path is None:
            return MISSING
        root, *rest = path.split(".")
        if hasattr(node, "_s2sad_obj"):
            return node._s2sad_obj
        if root in self.locals:
            return MISSING
        try:
            value = self.src.lookup(root)
            for part in rest:
                if isinstance(value, (np.ndarray, np.generic)):
                    return MISSING  # a method or attribute of a global array: like one of a local
                value = getattr(value, part)
        except (KeyError, AttributeError):
            return MISSING
        if rest:
            self.src.note_path(root, rest, value)
        fn = python_function_of(value)
        if fn is not value and isinstance(value, types.FunctionType):
            from ..targets import seen_through      # a wrapper seen through: guarded on what it calls
            for origin, wrapped in seen_through(value):
                self.src.reads.setdefault(origin.key(), (origin, wrapped))
        if isinstance(fn, types.MethodType) and fn.__self__ is value:
            # the object's class's __call__ (_called_object), whatever its name: a function assigned to
            # it (`En.__call__ = lambda self, v: ...`) is named otherwise, and was left unguarded
            self.src.note_path(root, [*rest, "__call__"], fn)     # guarded: a class's __call__ replaced rebuilds
        return fn

    def call_kind(self, call):
        """'nondiff', 'rule', 'helper' (a user Python function) or 'unknown'."""
        fn = self.obj(call.func)
        if fn is MISSING:
            return "unknown"
        kws = [k.arg for k in call.keywords]
        if rules.nondiff_call_reason(fn, len(call.args), kws) is not None:
            return "nondiff"
        if rules.lookup(fn) is not None:
            return "rule"
        if isinstance(fn, types.FunctionType):
            return "unknown" if library_function(fn) else "helper"   # a library's: only through a rule
        from .own_methods import own_method
        return "helper" if own_method(fn) else "unknown"


def user_function(fn):
    """A function of the user's own (a helper s2sad may inline), not a library's nor a builtin."""
    return inspect.isfunction(fn) and not library_function(fn)


def library_function(fn):
    """True if ``fn`` is defined in a file of the standard library or of an installed package
    (under the interpreter's install paths: ``sysconfig``'s stdlib and site-packages, ``site``'s).
    Its source uses what s2sad does not model (``with np.errstate``, array-API namespaces,
    ``nonlocal``...): it is differentiated only through a rule, never read and inlined as a
    helper. The user's own files (scripts, tests, examples, an editable install) are not under
    those paths; s2sad's own functions are decided by their rules wherever s2sad is installed."""
    code = getattr(fn, "__code__", None)
    if code is None or (getattr(fn, "__module__", None) or "").split(".")[0] == "s2sad":
        return False
    name = code.co_filename
    if not name or name.startswith("<"):     # made by exec, a notebook cell, the REPL: the user's
        return False
    path = os.path.realpath(os.path.abspath(name))
    return any(path.startswith(d) for d in _library_dirs())


@functools.lru_cache(maxsize=1)
def _library_dirs():
    """The directories that hold the standard library and installed packages, each ending in os.sep."""
    found = set()
    for config in ({}, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
        paths = sysconfig.get_paths(vars=config)
        found.update(paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib"))
    found.update(getattr(site, "getsitepackages", list)())
    found.add(getattr(site, "getusersitepackages", lambda: None)())
    return tuple(sorted({os.path.join(os.path.realpath(d), "") for d in found if d}))


def dotted_object(src, node, local=()):
    """The object the dotted name ``node`` names in ``src``'s function now (``np.linalg.norm``,
    ``functools.reduce``, ``zip``), or None: not a dotted name, rooted at a name in ``local``,
    or not found."""
    path = A.dotted_path(node)
    if path is None:
        return None
    root, *rest = path.split(".")
    if root in local:
        return None
    try:
        obj = src.lookup(root)
        for part in rest:
            obj = getattr(obj, part)
    except (KeyError, AttributeError):
        return None
    return obj


def python_function_of(obj):
    """A user's ``@numba.njit`` function stands for the Python function numba compiles (same
    value): the analyses see that function, so it is inlined and differentiated like any
    helper (unless the user gave the compiled one a rule, or declared it non-differentiable);
    the generated code still calls the compiled one where it is not inlined."""
    py = getattr(obj, "py_func", None)
    if not (isinstance(py, types.FunctionType) and type(obj).__module__.startswith("numba")):
        return _called_object(obj)
    return obj if _has_rule(obj) else py


def _called_object(obj):
    """An object of the user's class whose ``__call__`` is the user's function stands for that
    bound method (``LAYER(x)`` and ``self(x)`` are ``LAYER.__call__(x)``, which
    ``frontend/own_methods.py`` inlines); anything else is left to ``_through_wrapper``."""
    if isinstance(obj, (type, types.FunctionType, types.MethodType)) or not callable(obj) or _has_rule(obj):
        return _through_wrapper(obj)
    call = inspect.getattr_static(type(obj), "__call__", None)     # a staticmethod is no plain function
    from .own_methods import own_method
    if isinstance(call, types.FunctionType) and user_function(call):
        bound = types.MethodType(call, obj)
        if own_method(bound):
            return bound
    return _through_wrapper(obj)


def _has_rule(obj):
    """A rule registered for the object itself, or declared non-differentiable, wins."""
    try:
        return rules.lookup(obj) is not None or bool(rules.nondiff_call_reason(obj, 0, []))
    except TypeError:      # unhashable
        return False


def _through_wrapper(obj):
    """A decorator's wrapper that only returns ``wrapped(*args, **kwargs)`` (``functools.wraps``
    around a logger's or a timer's pass-through) stands for the function it wraps, as it does
    when differentiated itself (``targets.resolve``): same value for every call. One that only
    forwards them and changes the result is read under the wrapped signature
    (``wrapper_shims.py``); a wrapper that does anything else is left as it is (its ``*args`` are
    refused at its line)."""
    from ..targets import _transparent
    from ..wrapper_shims import forwarding_shim
    wrapped = getattr(obj, "__wrapped__", None)
    if not isinstance(obj, types.FunctionType) or not callable(wrapped) or _has_rule(obj):
        return obj
    if not _transparent(obj):       # one forwarding its arguments, the result changed: under f's signature
        return forwarding_shim(obj) or obj
    return python_function_of(wrapped)


def positional_index(fn, name):
    """The position at which parameter ``name`` of ``fn`` can be passed by position (NumPy's
    ``dtype`` of ``np.mean``, ``out`` of a ufunc), or None (keyword-only, after ``*args``, or no
    signature Python can read)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    for k, p in enumerate(params):
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            return None
        if p.name == name:
            return k
    return None


def np_ref(path):
    """A reference to a numpy function that resolves to numpy whatever the user named it."""
    node = A.dotted(path)
    root = node
    while isinstance(root, ast.Attribute):
        root = root.value
    root._s2sad_obj = np
    node._s2sad_obj = eval(path, {"np": np})
    return node


def bind_globals(src, stmts, local_names, namespace):
    """Bind each free name in ``stmts`` in ``namespace``; rename nodes on clashes."""
    local_names = set(local_names)
    if not any(known is src for known in namespace.sources):
        namespace.sources.append(src)
    for stmt in stmts:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Name) or hasattr(node, "_s2sad_bound"):
                continue
            origin = None
            if hasattr(node, "_s2sad_obj"):
                obj = node._s2sad_obj
            elif getattr(node, "_s2sad_builtin", False):
                obj = getattr(builtins, node.id)
            elif node.id in local_names:
                continue
            else:
                try:
                    obj = src.lookup(node.id)
                except (KeyError, AttributeError):
                    raise S2sadError(f"{locate(src, node)}name `{node.id}` is not defined.") from None
                if advice(obj, node.id):    # the adjoint is ndarray's: wrong for a masked array...
                    raise S2sadError(f"{locate(src, node)}`{node.id}` is {advice(obj, node.id)}.")
                origin = src.origin(node.id)
            node.id = namespace.bind(node.id, obj, origin)
            node._s2sad_bound = True
