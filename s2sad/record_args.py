"""Differentiated record arguments: a namedtuple, or a dataclass instance (JAX users' pytree
``@dataclass class Params: W: np.ndarray; b: np.ndarray``).

Such an argument is held as its fields by position (``arguments.TupleArgument``), its field names
are part of the build's kind (``analyses/expr_ranks.structure``: ``p.W`` reads position 0,
``frontend/tuple_params.py``), and its gradient goes back to the caller as an object of the same
class, one adjoint per field, as JAX's pytrees do.

Invariant: a dataclass is taken only when its fields are exactly what its generated ``__init__``
takes (no ``init=False`` field, no ``InitVar``, no ``__post_init__``, no ``__init__`` of its own):
then an object of the class holds exactly the values it was built from, each field is independent
of the others, and building the gradient (or a copy for the primal run) with the class is the
plain storing of the adjoints. Any other dataclass is refused with ``ArgumentError`` saying what to
pass instead; so are the modes that take no record (``jvp``, ``jit=True``) where they check it.
"""
import dataclasses

from .errors import ArgumentError


def is_dataclass_value(value):
    """A dataclass instance (not a dataclass class)."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def field_names(cls):
    """The fields of a namedtuple class, or of a dataclass, by position; None for another class."""
    fields = getattr(cls, "_fields", None) if isinstance(cls, type) and issubclass(cls, tuple) else None
    if isinstance(fields, tuple):
        return fields
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


def made(cls, items):
    """An object of the record class ``cls`` holding ``items`` (its fields in order)."""
    if dataclasses.is_dataclass(cls):
        return cls(**dict(zip(field_names(cls), items)))
    return cls(*items)


def dataclass_items(value, pname, fname):
    """The fields of a differentiated dataclass instance ``value`` in order, or a refusal when its
    class does more than store the values it is built from."""
    cls = type(value)
    why = _not_plain(cls)
    if why:
        raise ArgumentError(
            f"{fname}(): argument `{pname}` is a `{cls.__name__}` dataclass {why}; s2sad differentiates "
            "with respect to a dataclass whose generated __init__ only stores its fields (its gradient "
            f"is a `{cls.__name__}` of their adjoints). Pass its arrays as separate arguments, or a "
            "NamedTuple of them.")
    return [getattr(value, name) for name in field_names(cls)]


def _not_plain(cls):
    """Why building a ``cls`` from its fields' values would not just store them, or ""."""
    init = getattr(cls, "__init__", None)
    code = getattr(init, "__code__", None)
    if not getattr(getattr(cls, "__dataclass_params__", None), "init", False) or code is None \
            or code.co_filename != "<string>":
        return "with an __init__ of its own"
    if hasattr(cls, "__post_init__"):
        return "with a __post_init__ (a field it computes would depend on the others)"
    late = [f.name for f in dataclasses.fields(cls) if not f.init]
    if late:
        return f"with the field `{late[0]}` set outside __init__ (init=False)"
    if code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount] != field_names(cls):
        return "whose __init__ takes other arguments than its fields (an InitVar)"
    return ""
