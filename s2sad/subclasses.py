"""ndarray subclasses at the boundary of a derivative: the generated code sees plain arrays.

Invariant: every array the generated code reads is a plain ``np.ndarray`` (a ``np.memmap``
is viewed as one): each argument, differentiated or not, each head gradient or direction,
each global or closure array the function reads. A subclass whose operators, reductions or
indexing differ from ndarray's (``np.matrix``'s ``*``, a masked array's mask, arrays with
units) is refused, saying what to pass instead: the derivative rules are ndarray's, so the
adjoint would be silently wrong for it (``np.sum(x * m)`` with a masked ``m`` skips the
masked entries; its adjoint does not). The checking path refuses here; the fast ``jit=True``
call path, where numba's C dispatch types a subclass as a plain array, refuses in the
compiled driver (``backends.drivers.plain``).
"""
import numpy as np

from .errors import ArgumentError


def advice(value, name="x"):
    """What ``value`` (an ndarray subclass) is and what to pass instead; '' for a plain
    ndarray or a memmap (and anything that is not an ndarray)."""
    if not isinstance(value, np.ndarray) or type(value) is np.ndarray or type(value) is np.memmap:
        return ""
    if isinstance(value, np.matrix):
        return ("np.matrix: its `*` is a matrix product and its rows stay 2-d, which s2sad does "
                f"not model. Pass np.asarray({name}) (and write @ for a matrix product)")
    if isinstance(value, np.ma.MaskedArray):
        return (f"a masked array: s2sad does not differentiate through masks. Pass {name}.filled(value) "
                f"or {name}.compressed(), or a plain array and a boolean mask as a second argument")
    return (f"a `{type(value).__name__}`, a subclass of np.ndarray whose operations s2sad does not "
            f"model. Pass np.asarray({name})")


def plain_array(value, pname, fname):
    """``value`` (an ndarray) as a plain ``np.ndarray`` (a memmap is viewed as one), or a refusal."""
    if type(value) is np.ndarray:
        return value
    if type(value) is np.memmap:
        return value.view(np.ndarray)
    raise ArgumentError(f"{fname}(): argument `{pname}` is {advice(value, pname)}.")


def any_subclass(args):
    """True if an item of ``args`` is an ndarray of a subclass (a memmap included), or a list,
    tuple or dict holding one."""
    for a in args:
        if isinstance(a, np.ndarray):
            if type(a) is not np.ndarray:
                return True
        elif isinstance(a, (list, tuple)) and any_subclass(a) or isinstance(a, dict) and any_subclass(a.values()):
            return True
    return False


def plain_args(args, params, fname):
    """``args`` (a tuple, one per parameter in ``params``) with every ndarray plain
    (``plain_array``; in a list, tuple or dict too); the same tuple when nothing changes."""
    if not any_subclass(args):
        return args
    return tuple(_plain(a, p, fname) for a, p in zip(args, params))


def _plain(a, where, fname):
    if isinstance(a, np.ndarray):
        return plain_array(a, where, fname)
    if isinstance(a, dict) and any_subclass(a.values()):
        return type(a)((k, _plain(v, f"{where}[{k!r}]", fname)) for k, v in a.items())
    if type(a) in (list, tuple) and any_subclass(a):
        return type(a)(_plain(v, f"{where}[{i}]", fname) for i, v in enumerate(a))
    return a
