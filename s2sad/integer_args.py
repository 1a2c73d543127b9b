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
