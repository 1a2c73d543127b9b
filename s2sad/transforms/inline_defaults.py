"""A helper's default value that is data (an array, a NumPy scalar), for a call that leaves it out.

``def shifted(x, *, shift=np.array([1.0, 2.0]))`` called as ``shifted(x)``: Python passes the one
array the ``def`` made, read through ``shifted.__kwdefaults__["shift"]`` (``__defaults__[i]``
for a positional parameter) at each call. The inlined helper reads it as the function reads a
global array: a name bound in the build's namespace with that path as its ``scopes.Origin``
(the helper's own origin, then ``__kwdefaults__``, ``("shift",)``), so the adjoint takes it as a
data parameter read afresh at every call, in both modes: a default array written into in place
after the build is seen, and a default rebound (``shifted.__kwdefaults__ = {...}``) fails the
guard (``scope_guard._same_code``) and rebuilds the adjoint.

Invariant: a default is bound only when that path, followed from the helper's origin now, gives
that very object; anything else (a helper reached through no recorded name) returns None, and the
caller refuses the call as before.

A default that is a function of ``math`` or a builtin function (``f=math.exp``, ``g=abs``, stop 56)
is bound as that object under its own name (``default_function``): the helper's calls of the
parameter are then calls of it, whatever the caller's module imports (``math`` bound by path was
missing from the namespace of a caller that never named it: a NameError in the adjoint).

A default that is a container of data (``scale=(1.0, 2.0)``, ``ws=[1.0, 3.0]``,
``opts={"a": 1.0, "w": np.ones(3)}``, nested; stop 57) is bound the same way, by its path, and the
helper reads it as a function reads a global tuple, list or dict: its items are read at call time
(the scope guard snapshots them), and a helper writing into it is refused as a write into a global
(it would change the default for every later call). Containers holding code (``fns=(np.sin,)``)
stay refused.
"""
import ast
import builtins
import math

import numpy as np

from .. import astutil as A


def default_function(ns, value, call):
    """A bound name standing for ``value`` if it is a function of ``math`` or a builtin function
    (named by its own name), else None."""
    name = getattr(value, "__name__", None)
    if not isinstance(name, str) or isinstance(value, type) or not callable(value) \
            or not (getattr(math, name, None) is value or getattr(builtins, name, None) is value):
        return None
    node = A.at(ast.Name(id=ns.bind(name, value), ctx=ast.Load()), call)
    node._s2sad_bound, node._s2sad_obj = True, value
    return node


def default_node(ns, call, fn, param, value):
    """A bound name reading ``value``, ``fn``'s default of ``param``, where the caller's ``call``
    (``shifted(x)``, ``helpers.shifted(x)``) reaches ``fn``; None when it is no data or its path
    cannot be followed. A function of ``math`` or a builtin function: ``default_function``."""
    function = default_function(ns, value, call)
    if function is not None:
        return function
    if not _is_data_default(value) or not isinstance(call, ast.Call):
        return None
    path = A.dotted_path(call.func)
    root, *rest = path.split(".") if path else (None,)
    origin = ns.origins.get(root)
    step = _step(fn, param, value)
    if origin is None or step is None:
        return None
    origin = origin.with_attrs(list(rest) + step)
    if origin.current() is not value:
        return None
    prefix = fn.__name__ if fn.__name__.isidentifier() else "lambda"     # `<lambda>` is no name
    name = ns.bind(f"{prefix}_{param}_default", value, origin)
    if ns.namer is not None:      # a refusal quotes it as the user would read it: `acc.__defaults__[0]`
        ns.namer.written.setdefault(name, f"{path}.{step[0]}[{step[1][0]!r}]")
    node = A.at(ast.Name(id=name, ctx=ast.Load()), call)
    node._s2sad_bound = True
    return node


def _is_data_default(value):
    """An array, a NumPy scalar, or a tuple, list or dict whose items are numbers, strings, None,
    arrays or such containers again."""
    if isinstance(value, (np.ndarray, np.generic)):
        return True
    items = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(value, (tuple, list, dict)):
        return False
    return all(isinstance(v, (int, float, bool, str, type(None))) or _is_data_default(v) for v in items)


def _step(fn, param, value):
    """The attributes from ``fn`` to its default of ``param``: ``["__kwdefaults__", (param,)]`` or
    ``["__defaults__", (i,)]``; None if ``value`` is not that default."""
    if (fn.__kwdefaults__ or {}).get(param, None) is value:
        return ["__kwdefaults__", (param,)]
    code = fn.__code__
    names = code.co_varnames[:code.co_argcount]
    defaults = fn.__defaults__ or ()
    i = names.index(param) - (len(names) - len(defaults)) if param in names else -1
    return ["__defaults__", (i,)] if 0 <= i < len(defaults) and defaults[i] is value else None
