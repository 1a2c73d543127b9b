"""What every numba overload of s2sad needs: type predicates and generated helpers.

numba cannot hold a float and an array in one variable, so each overload picks
its implementation at typing time from the argument types (scalar or array,
number of dimensions, ``axis`` None or a constant). Where the code depends on
the number of dimensions it is generated as source text for that ``ndim`` and
compiled once by :func:`gen` (the text is a template filled in at typing time,
never a patch of generated adjoint code).
"""
import numpy as np
from numba import types

_GEN_CACHE = {}


def gen(src, name, glb, module):
    """Compile helper source ``src`` once (per text) and return its function ``name``.
    ``glb``: the names it uses; ``module``: the module numba's disk cache imports it from."""
    key = (src, name, module)
    if key not in _GEN_CACHE:
        scope = dict(glb)
        scope["__name__"] = module     # numba's disk cache re-imports a function's module by this name
        exec(compile(src, f"<s2sad numba helper {name}>", "exec"), scope)
        _GEN_CACHE[key] = scope[name]
    return _GEN_CACHE[key]


def is_none(t):
    if isinstance(t, types.Omitted):
        return t.value is None
    return t is None or isinstance(t, types.NoneType)


def literal_bool(t):
    """The value of a compile-time constant bool argument, else None."""
    if isinstance(t, bool):
        return t
    if isinstance(t, types.Omitted):
        return bool(t.value)
    if isinstance(t, types.BooleanLiteral):
        return t.literal_value
    return None


def literal_int(t):
    """The value of a compile-time constant int argument, else None."""
    if isinstance(t, int) and not isinstance(t, bool):
        return t
    if isinstance(t, types.Omitted) and isinstance(t.value, int):
        return t.value
    if isinstance(t, types.IntegerLiteral):
        return t.literal_value
    return None


def literal_axes(axis, n):
    """The sorted non-negative axes of a constant tuple ``axis`` (e.g. ``(0, -1)``), else None."""
    if isinstance(axis, types.BaseTuple) and len(axis) and \
            all(isinstance(t, types.IntegerLiteral) for t in axis.types):
        return sorted({t.literal_value % max(n, 1) for t in axis.types})
    return None


def is_array(t):
    return isinstance(t, types.Array)


def is_scalar(t):
    return isinstance(t, (types.Number, types.Boolean))


def is_sequence(t):
    return isinstance(t, (types.List, types.UniTuple))


def ndim(t):
    return t.ndim if is_array(t) else 0


def idx(names):
    """``a, b`` (a trailing comma for one name: a tuple in generated code)."""
    return ", ".join(names) + ("," if len(names) == 1 else "")



def is_array_tuple(t):
    """A tuple of arrays of one type (numba's UniTuple), as a tuple parameter of arrays is."""
    return isinstance(t, types.UniTuple) and isinstance(t.dtype, types.Array)


def array_tuple_copy(t):
    """For the tuple type ``t`` (``is_array_tuple``), a function returning a tuple of copies of
    its arrays: a copy whose arrays a later write cannot share with the caller's (returning the
    tuple itself let a write into a tuple parameter's array change the user's array)."""
    items = "".join(f"np.copy(x[{i}]), " for i in range(t.count))
    return gen(f"def tuple_copy(x):\n    return ({items})\n", "tuple_copy", {"np": np}, __name__)
