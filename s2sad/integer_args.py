"""Integers passed where s2sad differentiates: a Python or NumPy integer (or an integer array)
given as a differentiated argument is differentiated as a float; when the function then fails,
or under jit would have failed, on the floats but runs on the caller's integers, it uses the
value as an integer (a count, an index, a shape) and that is refused at the user's line.

Invariant: a refusal here only ever replaces a failure the function itself has on the floats;
a function that fails on the caller's own integers too keeps its own error.
"""
from numbers import Integral

import numpy as np

from .arguments import copied, short_repr
from .errors import ArgumentError
from .record_args import field_names, is_dataclass_value, made
from .targets import call


def integers_taken_as_floats(original, args, params):
    """{position: (parameter name, the caller's value)} of the differentiated arguments that
    ``real_args`` converted from integers (a Python or NumPy integer, an integer array)."""
    return {i: (params[i], o) for i, (o, a) in enumerate(zip(original, args)) if a is not o and (
        isinstance(o, (Integral, np.integer)) or isinstance(o, np.ndarray) and o.dtype.kind in "iu")}


def refuse_integer_use(func, args, ints, failure, fname):
    """``func`` failed with ``failure`` on ``args``, where the integers ``ints`` (see
    ``integers_taken_as_floats``) are floats: if it runs on the caller's integers, it uses one
    as an integer (a count, an index, a shape), where it has no derivative. Refuse that,
    naming the user's line ``failure`` was raised at, instead of letting the error stand."""
    try:
        call(func, [copied(ints[i][1] if i in ints else a) for i, a in enumerate(args)])
    except Exception:  # noqa: BLE001  (fails on the caller's own values too: its error stands)
        return
    names = " or ".join(f"`{name}` is an integer {'array ' * (np.ndim(value) > 0)}({short_repr(value)})"
                        for name, value in ints.values())
    raise ArgumentError(f"{_user_frame(failure)}{fname}(): the differentiated argument {names}, "
                        f"which s2sad differentiates as floats; with floats `{fname}` fails here "
                        f"({type(failure).__name__}: {failure}): it uses the value as an integer (a count, an "
                        "index or a shape), where it has no derivative. Leave it out of wrt (its "
                        "gradient is not defined), or compute the integer from it outside the function.") from None


def check_integers_under_jit(func, args, ints, fname):
    """Under jit numba runs ``range(3.0)`` and the like, so the compiled adjoint does not fail
    where the function fails on the integers ``ints`` taken as floats: run the function once on
    ``args`` (copies) and refuse as ``refuse_integer_use`` does."""
    try:
        call(func, [copied(a) for a in args])
    except Exception as failure:  # noqa: BLE001  (refused only if the caller's integers run)
        refuse_integer_use(func, args, ints, failure, fname)


def _user_frame(exc):
    """'File "f.py", line 12, column 5, in func:' and the line, for the innermost frame of
    ``exc``'s traceback in the user's code (not NumPy's or s2sad's), or ''."""
    import os
    import traceback
    skip = tuple(os.path.dirname(path) + os.sep for path in (np.__file__, __file__))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(skip)]
    if not frames:
        return ""
    f = frames[-1]
    col = (f.colno or 0) + 1
    return f'File "{f.filename}", line {f.lineno}, column {col}, in {f.name}:\n    {(f.line or "").strip()}\n'


def refuse_integer_fields(func, original, args, params, failure, fname):
    """``func`` failed with ``failure`` on ``args``, where a differentiated record, tuple, list or
    dict of the caller's (``original``) holding integers has them as floats: if ``func`` runs on
    the caller's values, it uses such a field as an integer (an index, a count): refuse that at
    the user's line, naming the argument. Otherwise return (the function's own error stands)."""
    held = [i for i, (o, a) in enumerate(zip(original, args)) if a is not o and _holds_integers(o)]
    if not held:
        return
    try:
        call(func, [_fresh(o) for o in original])
    except Exception:  # noqa: BLE001  (fails on the caller's own values too: its error stands)
        return
    names = " or ".join(f"`{params[i]}` holds integers ({short_repr(original[i])})" for i in held)
    raise ArgumentError(f"{_user_frame(failure)}{fname}(): the differentiated argument {names}, which s2sad "
                        f"differentiates as floats; with floats `{fname}` fails here ({type(failure).__name__}: "
                        f"{failure}): it uses one as an integer (an index, a count or a shape), where it has no "
                        "derivative. Pass the integers as a separate argument left out of wrt.") from None


def _leaves(value):
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, (tuple, list)) or is_dataclass_value(value):
        items = [getattr(value, n) for n in field_names(type(value))] if is_dataclass_value(value) else value
        return [x for v in items for x in _leaves(v)]
    return [value]


def _holds_integers(value):
    """A record, tuple, list or dict with an integer (or integer array) among its leaves."""
    return (isinstance(value, (tuple, list, dict)) or is_dataclass_value(value)) and any(
        isinstance(x, (Integral, np.integer)) and not isinstance(x, (bool, np.bool_))
        or isinstance(x, np.ndarray) and x.dtype.kind in "iu" for x in _leaves(value))


def _fresh(value):
    """``value`` with its arrays copied, a dataclass's fields too (the run must not write the caller's)."""
    if is_dataclass_value(value):
        return made(type(value), [_fresh(getattr(value, n)) for n in field_names(type(value))])
    if isinstance(value, (tuple, list)) and type(value) not in (tuple, list):   # a namedtuple
        return made(type(value), [_fresh(v) for v in value])
    return copied(value)
