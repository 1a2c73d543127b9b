"""Arguments that share memory with what the function writes: checked on every call.

The alias stage copies a parameter the function writes into (the caller's array never changes)
and lists it, with the globals the function writes, in ``Built.written``. In Python the write
would also change any other argument or global sharing that memory (``f(x, x)``,
``f(x, x[1:])``, ``f(G)``); s2sad's copy keeps the write from the other, so such a call is
refused here (grad, vjp, jvp, hvp, jacobian and hessian call :func:`check_apart`), and so is a
list, tuple or dict written into whose own items share memory (``f([x, x])``). An object's
arrays count as its own: a bound method's ``self`` (or an object argument) whose attribute
shares memory with the argument written (``m.loss(m.w)``, ``f(model, model.w)``) is refused too.

Invariant: a call is refused exactly when two such arrays have an element in common, or when
NumPy cannot decide that within a bounded amount of work (then the call is refused too, never
let through). Interleaved views of one base (``x[::2]`` and ``x[1::2]``) share no element and
are accepted.
"""
import functools
import types

import numpy as np

from .errors import ArgumentError

#: bound on ``np.shares_memory``'s work for two strided views; beyond it the answer is "shared".
MAX_WORK = 100_000


def check_apart(args, params, fname, built, data):
    """Refuse a call passing a parameter the function writes into (``built.written``) and another
    argument, or a global the function reads (``data``: the values of ``built.data``), that has
    an element in common with it."""
    others = [(q, "argument", q, v) for q, v in zip(params, args)] + \
        [(n, "the global" if o.kind == "global" else "the variable", _spelled(o), v)
         for (n, o), v in zip(built.data, data)]
    values = {q: v for q, _, _, v in others}
    spelled = {q: said for q, _, said, _ in others}
    for p in built.written:
        _items_apart(values.get(p), p, fname)
        for a in _arrays(values.get(p)):
            for q, kind, said, other in others:
                clash = [path for path, b in _named_arrays(other, said) if overlap(a, b)] if q != p else []
                if clash:
                    what = f"`{clash[0]}`, an attribute of {kind} `{said}`," if "." in clash[0][len(said):] \
                        else f"{kind} `{said}`"
                    raise ArgumentError(
                        f"{fname}(): {what} shares memory with "
                        f"{'argument' if p in params else 'the global'} `{spelled.get(p, p)}`, which `{fname}` writes "
                        f"into: in Python the write changes both, which s2sad (it writes into a copy of "
                        f"an argument, never the caller's array) does not follow. Pass a copy "
                        f"(`.copy()`) or write into a copy in the function.")


def _spelled(origin):
    """A global's or closure variable's data as the user's code reads it: ``P["w"]``, ``self.w``."""
    return origin.name + "".join(f"[{a[0]!r}]" if isinstance(a, tuple) else f".{a}" for a in origin.attrs)


def _items_apart(value, p, fname):
    """Refuse a list, tuple or dict written into whose items share memory (``[x, x]``): s2sad
    copies each item on entry, so a write through one would not reach the other as in Python."""
    items = list(_arrays(value))
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if overlap(a, b):
                raise ArgumentError(
                    f"{fname}(): two items of argument `{p}` share memory, and `{fname}` writes into "
                    f"`{p}`'s items: in Python a write through one changes the other, which s2sad (it "
                    f"writes into copies, never the caller's arrays) does not follow. Pass distinct "
                    f"arrays (`[x, x.copy()]`).")


def overlap(a, b):
    """Whether arrays ``a`` and ``b`` may have an element in common: the cheap bounds test
    first, then NumPy's exact test within :data:`MAX_WORK` (too hard counts as shared)."""
    if not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=MAX_WORK))
    except np.exceptions.TooHardError:
        return True


def _arrays(value):
    return (a for _, a in _named_arrays(value, ""))


def _named_arrays(value, path):
    """``(path, array)`` for each array ``value`` holds: itself, the items of a list, tuple or
    dict, and the attributes of a user's object (``self.w``: the function reads them at call
    time, so an attribute sharing memory with the argument it writes is as another argument).
    Each container and object is walked once (a cycle ends)."""
    out, seen, todo = [], set(), [(path, value)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, np.ndarray):
            out.append((path, value))
        elif id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, (tuple, list)):
                todo += [(f"{path}[{i}]", v) for i, v in enumerate(value)]
            elif isinstance(value, dict):
                todo += [(f"{path}[{k!r}]", v) for k, v in value.items()]
            else:
                todo += [(f"{path}.{k}", v) for k, v in _attributes(value)]
    return out


_NOT_OBJECTS = (types.ModuleType, types.FunctionType, types.MethodType, types.BuiltinFunctionType,
                functools.partial, staticmethod, classmethod, property, np.generic, int, float, complex,
                bool, str, bytes, type(None))


_NUMERIC = {"numpy", "scipy", "numba", "s2sad", "builtins"}   # (builtins: descriptors, int, object)


def _numeric_library(obj):
    name = getattr(obj if isinstance(obj, type) else type(obj), "__module__", None)
    return isinstance(name, str) and name.split(".")[0] in _NUMERIC


def _attributes(obj):
    """``(name, value)`` for the attributes ``obj.name`` may read: an instance's own (its
    ``__dict__`` and ``__slots__``), then its class's and their bases' (``self.W`` of a class
    attribute); a class's (a classmethod's ``cls``). Nothing for numbers, code and modules, nor
    for built-in types and the numeric libraries' objects and classes (their arrays are their
    own). The standard library's plain objects (``argparse.Namespace``, ``SimpleNamespace``) are walked."""
    if isinstance(obj, _NOT_OBJECTS) or _numeric_library(obj):
        return []
    is_class = isinstance(obj, type)
    out = [] if is_class else list(getattr(obj, "__dict__", {}).items())
    for cls in obj.__mro__ if is_class else type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        for name in () if is_class else (slots,) if isinstance(slots, str) else slots:
            if name not in ("__dict__", "__weakref__") and hasattr(obj, name):
                out.append((name, getattr(obj, name)))
        if not _numeric_library(cls):
            out += [(k, v) for k, v in vars(cls).items() if not k.startswith("__")]
    return out
