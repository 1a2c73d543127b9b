"""The values numba freezes into code that cannot take them as arguments (the drivers of
``g.compiled``, the descent loops of ``minimize``): numba compiles a global as a constant, and
has no constant form for a Python list ("reflected list ... in globals").

Invariant: a global list the adjoint reads reaches that code as a tuple of the same items (arrays
C-contiguous copies), which numba freezes like any tuple, and which the module's cache key
describes item by item (``jit_module._describe``), so a list changed in place between two
``g.compiled`` gives a new module, as a changed array does. A list numba cannot hold as one
tuple type (items of different numba types, lists in it) is refused with a JitError naming the
global; the calls from Python pass the list itself at each call and are not concerned.
"""
import numpy as np

from .errors import JitError


def frozen(name, value):
    """``value`` as the numba drivers freeze it: a list becomes a tuple of like items."""
    if not isinstance(value, list):
        return value
    items = tuple(np.ascontiguousarray(v) if isinstance(v, np.ndarray) else v for v in value)
    kinds = []
    for v in items:
        kind = _kind(v)
        if kind not in kinds:
            kinds.append(kind)
    if len(kinds) > 1 or None in kinds:
        what = "items numba has no type for (a list, say)" if None in kinds else \
            " and ".join(str(k) for k in kinds[:2])
        raise JitError(f"`{name}` (a global the function reads) is a list: numba's compiled drivers "
                       f"(g.compiled, minimize) freeze it as a tuple, which needs items of one type, "
                       f"and these are {what}. Make its items alike (all floats, or arrays of one "
                       f"dtype and rank), or pass `{name}` to the function as an argument.")
    return items


def _kind(value):
    """numba's type of ``value``, None if numba has none."""
    import numba
    if isinstance(value, list):
        return None
    try:
        return numba.typeof(value)
    except (ValueError, TypeError):
        return None
