"""How ``jvp``, ``hvp``, ``hessian`` and ``jacobian`` take their directions: ``split`` separates the
direction (the last positional argument, or ``tangent=`` / ``v=``) from the function's own
arguments; ``tangents`` checks each direction against its argument (real numbers, the argument's
shape) and returns floats or float64 arrays. ``fn`` is the transformed function
(``higher._Transformed``): its target, ``wrt``, parameters and ``_direction`` keyword.

Invariant: a direction that reaches the generated code is a float or a float64 array shaped like
its argument; anything else is refused with an ``ArgumentError`` saying what to pass.
"""
import numpy as np

from . import arguments
from .errors import S2sadError, ShapeError
from .subclasses import advice


def split(fn, args, what, kwargs=None):
    """(the function's full arguments, the directions): the direction is the last positional
    argument, or the keyword ``_direction`` (``v=``, ``tangent=``) when the function has no
    parameter of that name; the function's own arguments come before it, or by keyword."""
    kwargs, key, target = dict(kwargs or {}), fn._direction, fn.target
    usage = (f"{fn.__name__}() takes the arguments of `{target.name}` ({', '.join(target.visible)}), "
             f"then {what} as the last positional argument" + ("" if key in target.visible else f" or `{key}=`"))
    arguments.refuse_ambiguous_keyword(target, key, args, kwargs, fn.__name__, what)
    if key in kwargs and key not in target.visible:
        last = kwargs.pop(key)
    elif args:
        *args, last = args
    else:
        raise arguments.ArgumentError(f"{usage}; this call has none.")
    vs = tuple(last) if fn.many and isinstance(last, (tuple, list)) else (last,)
    if len(vs) != len(fn.wrt):
        raise S2sadError(f"{fn.__name__}: {what} must be a tuple of {len(fn.wrt)} values, one for "
                         f"each of {', '.join(fn.wrt)}")
    try:
        return fn._full(tuple(args), kwargs), vs
    except arguments.ArgumentError as exc:
        raise arguments.ArgumentError(f"{exc}\n{usage}.") from None


def tangents(fn, args, vs, what):
    """Check each direction against its argument's shape; floats or float64 arrays."""
    out = []
    for p, v in zip(fn._wrt_pos, vs):
        x = args[p]
        if isinstance(x, (tuple, list, dict)):
            kind = getattr(x, "kind", type(x))       # a tuple, namedtuple or dataclass held by position
            raise arguments.ArgumentError(
                f"{fn.__name__}: `{fn._params[p]}` is a {kind.__name__}; forward mode and second "
                "order take tangents of numbers and arrays. Pass its items as separate arguments "
                "(grad differentiates tuple, namedtuple, dataclass and dict parameters).")
        if type(v) is not float and not (type(v) is np.ndarray and v.dtype == np.float64):
            real_direction(v, f"{fn.__name__}: the {what} for `{fn._params[p]}`")
        if type(x) is np.ndarray:
            if type(v) is not np.ndarray or v.dtype != np.float64:
                v = np.asarray(v, dtype=np.float64)
            ok = v.shape == x.shape
        elif type(v) is float:
            ok = np.ndim(x) == 0 if type(x) is not float else True
        else:
            ok = np.ndim(v) == 0 and np.ndim(x) == 0
            v = float(v) if ok else v
        if not ok:
            raise ShapeError(f"{fn.__name__}: the {what} for `{fn._params[p]}` has shape "
                             f"{np.shape(v)}; it must have the argument's shape {np.shape(x)}")
        out.append(v)
    return out


def real_direction(v, what):
    """Refuse a tangent / direction that is not real numbers (complex would be cast to real)."""
    if isinstance(v, (bool, np.bool_)) or v is None or isinstance(v, (str, bytes, dict, set)):
        kind = "?"
    else:
        try:
            kind = np.asarray(v).dtype.kind
        except (ValueError, TypeError):
            kind = "?"
    if kind not in "iuf":
        raise arguments.ArgumentError(f"{what} is {arguments.describe(v)}; pass a float or a float array "
                                      "shaped like the argument (s2sad differentiates real functions).")
    if advice(v, "v"):
        raise arguments.ArgumentError(f"{what} is {advice(v, 'v')}.")
