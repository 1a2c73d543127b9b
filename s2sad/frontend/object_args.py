"""Objects passed to helpers: a parameter given an object (a namedtuple, dataclass or other
instance, not differentiated) passed whole to a helper of the user's is an object there too.

The function differentiated reads the attributes of such a parameter as the values they hold
(``Resolver.inert``/``objects``: ``p.W`` is read from the caller's object when the gradient
runs, a constant of the derivative). A helper used to see the same object as a local value and
refused ``p.W``; now each call passing such a name whole (``layer(p, x)``) is marked with the
helper's parameters that receive it (``_s2sad_objects``, ``mark_object_args``), and the helper's
build (``frontend(objects=...)``) reads their attributes the same way, and marks its own calls
passing them on.

A loop name over a list of such objects (``for p in layers``, bound by that loop only:
``loop_objects``) is one too, and so is an item passed whole (``layer(layers[i], h)``).

Invariant: a helper's parameter is an object only when the caller's argument is the bare name of
such a parameter (or loop name) the caller never rebinds, or an item of one, and the helper never rebinds it (no store, ``del``,
``global`` or ``nonlocal`` of the name): its attributes are then the caller's object's. A write
into an attribute (``p.W = v``, ``p.W[0] = v``) is no read: the parameter is left a local
value there, refused at its line as before.
"""
import ast

from ..analyses.sequence_args import bound_arguments
from .resolve import MISSING, user_function


def object_params(fdef, given):
    """Of the names ``given`` (parameters that receive an object), those ``fdef`` never rebinds
    and never writes an attribute of."""
    stored = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    stored |= {name for n in ast.walk(fdef) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
    stored |= {_root(n) for n in ast.walk(fdef) if isinstance(n, (ast.Attribute, ast.Subscript))
               and not isinstance(n.ctx, ast.Load)}
    params = {a.arg for a in fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs}
    return set(given) & params - stored


def loop_objects(fdef, objects):
    """The loop names over one of ``objects`` (``for p in layers``, a list of objects given to a
    parameter not differentiated), bound by that one ``for`` only: each is one of its items, an
    object whose attributes are constants of the derivative as its list's are."""
    stores = [n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)]
    nested = {n.id for f in ast.walk(fdef) if f is not fdef and isinstance(f, (ast.FunctionDef, ast.Lambda, ast.comprehension))
              for n in ast.walk(f) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return {n.target.id for n in ast.walk(fdef) if isinstance(n, ast.For) and isinstance(n.target, ast.Name)
            and isinstance(n.iter, ast.Name) and n.iter.id in objects and stores.count(n.target.id) == 1} - nested


def _root(node):
    """``p.W[0]`` -> ``"p"``; None for another base."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def mark_object_args(resolver, fdef, objects):
    """Note on each call to a user's helper the helper's parameters given one of ``objects``."""
    if not objects:
        return
    for call in (n for n in ast.walk(fdef) if isinstance(n, ast.Call)):
        if not any(_object(a, objects) for a in call.args + [k.value for k in call.keywords]):
            continue
        fn = resolver.obj(call.func)
        bound = bound_arguments(fn, call) if fn is not MISSING and user_function(fn) else None
        given = frozenset(p for p, a in (bound or {}).items() if _object(a, objects))
        if given:
            call._s2sad_objects = given


def _object(arg, objects):
    """Is ``arg`` one of ``objects`` or an item of one (``layers[i]``, not a slice)?"""
    if isinstance(arg, ast.Subscript) and not isinstance(arg.slice, ast.Slice):
        arg = arg.value
    return isinstance(arg, ast.Name) and arg.id in objects
