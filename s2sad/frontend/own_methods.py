"""Methods of the user's own objects, inlined as helpers: ``ORBIT.true_anomaly(M)`` of a
global object, ``self.simulate(theta)`` inside the bound method differentiated.

A call of ``obj.m``, resolved at build time to a bound method whose function is the user's
own (``type(obj).m``, not a library's), is what Python computes: that function called with
``obj`` as its first parameter. The helper is parsed with its first parameter (``self``,
``cls``) removed from its signature and made a free name held by a closure cell of its own,
holding ``obj`` (as ``bound_objects`` does for the bound method differentiated): its reads of
``self.attr`` are then reads of the same object's attributes, recorded and guarded like a
global's (``scopes``), afresh at every call (under jit, as data parameters). The path to the
method (``ORBIT.true_anomaly``) is recorded and guarded too, so a method rebound on the class
or the object rebuilds the gradient.

Invariant: only a bound method whose ``__func__`` is a user's Python function and whose
``__self__`` is a user's object or class holding data is inlined; its call binds ``obj`` as
Python would. A method that binds its own first parameter again is refused, located; anything
else it does with the object (writes its attributes, passes it on) is what it would be for a
global object.
"""
import types

from ..errors import unsupported
from ..scopes import _holds_data
from .bound_objects import _rebound
from .parsing import parse_function
from .resolve import user_function


def own_method(fn):
    """Is ``fn`` a bound method of the user's own object (or class) whose function is the user's?"""
    return isinstance(fn, types.MethodType) and user_function(fn.__func__) and _holds_data(fn.__self__)


def method_source(fn):
    """The Source of the function of the bound method ``fn`` with its first parameter held by a
    cell holding ``fn.__self__`` (``None`` when ``fn`` is no method of the user's)."""
    if not own_method(fn):
        return None
    src = parse_function(fn.__func__)
    fdef = src.tree
    if not fdef.args.args:
        raise unsupported(src, fdef, f"the method `{fn.__name__}` (it declares no `self` parameter)",
                          "Declare `self` as its first parameter.")
    name = fdef.args.args[0].arg
    if _rebound(fdef, name):
        raise unsupported(src, fdef, f"the method `{fn.__name__}`, which assigns its own `{name}`",
                          f"Give the new value another name than `{name}`.")
    del fdef.args.args[0]
    src.cells = {**src.cells, name: types.CellType(fn.__self__)}
    return src


def bound_count(fn):
    """How many leading parameters of ``fn``'s code the call does not pass (``self``: 1)."""
    return 1 if isinstance(fn, types.MethodType) else 0
