"""The ranks of the array rules' results, for the rank analysis (``analyses/expr_ranks.py``).

Each function gets the ranks of a call's positional arguments (None where unknown) and the
call itself (for constant ``axis``/``keepdims``/subscripts) and returns the result's rank, or
None when it cannot tell: an unknown rank is always safe (the adjoint then sums broadcasts
back and saves shapes), a wrong one is not, so each answer follows NumPy's definition.
"""
import ast

import numpy as np

from .registry import result_rank
from .runtime import conj_method
from .runtime_index_writes import added_at, scattered
from .runtime_checks import checked
from .runtime_ieee import ieee_div, ieee_pow
from .runtime_numeric import cast_like

_NOT_GIVEN = object()


def _argument(call, position, name):
    """The AST of an argument given by position or keyword, else _NOT_GIVEN."""
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), _NOT_GIVEN)


def _constant(node, default=_NOT_GIVEN):
    """The value of a constant argument; ``default`` if not given; _NOT_GIVEN if not constant."""
    if node is _NOT_GIVEN:
        return default
    return node.value if isinstance(node, ast.Constant) else _NOT_GIVEN


def _first(args):
    return args[0] if args else None


result_rank(np.flip, np.fliplr, np.flipud, np.roll, np.diff, np.pad, np.nan_to_num, np.real, np.conjugate, conj_method, scattered, added_at, checked,
            cast_like, np.i0, np.unwrap)(lambda args, call: _first(args))   # (element by element)
result_rank(np.convolve, np.correlate, np.bincount)(lambda args, call: 1)


@result_rank(np.broadcast_to)
def _broadcast_to(args, call):
    shape = _argument(call, 1, "shape")
    if isinstance(shape, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in shape.elts):
        return len(shape.elts)
    return 1 if isinstance(_constant(shape), int) or len(args) > 1 and args[1] == 0 else None   # an int: 1 axis


@result_rank(np.append)
def _append(args, call):
    axis = _constant(_argument(call, 2, "axis"), None)
    return 1 if axis is None else None if axis is _NOT_GIVEN else args[0]


@result_rank(np.inner)
def _inner(args, call):
    if len(args) != 2 or None in args:
        return None
    return max(args) if 0 in args else args[0] + args[1] - 2
result_rank(np.vander)(lambda args, call: 2)
result_rank(np.cov)(lambda args, call: 0 if args and args[0] == 1 else None)   # (1, n): one variable, squeezed
result_rank(np.interp)(lambda args, call: _first(args))


@result_rank(np.concatenate)
def _concatenate(args, call):
    axis = _constant(_argument(call, 1, "axis"), 0)
    if args[0] is None or axis is _NOT_GIVEN:
        return None
    return 1 if axis is None else args[0] - 1


def _stacked(least):
    """hstack/vstack/...: the pieces (one rank below the sequence) raised to at least ``least``."""
    return lambda args, call: None if args[0] is None else max(args[0] - 1, least)


result_rank(np.hstack)(_stacked(1))
result_rank(np.vstack)(_stacked(2))
result_rank(np.column_stack)(_stacked(2))
result_rank(np.dstack)(_stacked(3))
result_rank(np.atleast_1d)(lambda args, call: None if args[0] is None else max(args[0], 1))
result_rank(np.atleast_2d)(lambda args, call: None if args[0] is None else max(args[0], 2))
result_rank(np.atleast_3d)(lambda args, call: None if args[0] is None else max(args[0], 3))


def _along_axis(position):
    """cumprod/repeat: the argument's rank along a constant integer axis, 1 (flattened) without."""
    def rank(args, call):
        axis = _constant(_argument(call, position, "axis"), None)
        if axis is None:
            return 1
        return args[0] if isinstance(axis, int) else None
    return rank


result_rank(np.cumprod)(_along_axis(1))
result_rank(np.repeat)(_along_axis(2))


@result_rank(np.tile)
def _tile(args, call):
    reps = _argument(call, 1, "reps")
    d = len(reps.elts) if isinstance(reps, (ast.Tuple, ast.List)) else 1 if len(args) > 1 and args[1] == 0 else None
    return None if args[0] is None or d is None else max(args[0], d)


@result_rank(np.lib.stride_tricks.sliding_window_view)
def _sliding_window_view(args, call):
    """A window axis for each window length, after the array's own axes."""
    shape = _argument(call, 1, "window_shape")
    n = len(shape.elts) if isinstance(shape, (ast.Tuple, ast.List)) else 1 if len(args) > 1 and args[1] == 0 else None
    return None if args[0] is None or n is None else args[0] + n


@result_rank(np.diag)
def _diag(args, call):
    return {1: 2, 2: 1}.get(args[0])


result_rank(np.diagflat)(lambda args, call: 2)


@result_rank(np.diagonal)
def _diagonal(args, call):
    return args[0] - 1 if args[0] is not None and args[0] >= 2 else None


result_rank(np.tril, np.triu)(lambda args, call: None if args[0] is None else max(args[0], 2))


@result_rank(np.kron, ieee_div, ieee_pow)     # (a derivative's quotient and power broadcast, as `/` and `**`)
def _kron(args, call):
    return None if len(args) < 2 or None in args[:2] else max(args[0], args[1])


def _reduced(position):
    """median/trapezoid: one axis fewer (an int axis), or the same rank with keepdims."""
    def rank(args, call):
        axis = _constant(_argument(call, position, "axis"), None if position == 1 else -1)
        keep = _constant(_argument(call, 4, "keepdims"), False) if position == 1 else False
        if args[0] is None or keep is _NOT_GIVEN:
            return None
        if keep:
            return args[0]
        if axis is None:
            return 0
        return args[0] - 1 if isinstance(axis, int) else None
    return rank


result_rank(np.median)(_reduced(1))
for _f in (getattr(np, "trapezoid", None), getattr(np, "trapz", None)):
    if _f is not None:
        result_rank(_f)(_reduced(3))


@result_rank(np.cross)
def _cross(args, call):
    return None if None in args[:2] or len(args) < 2 else max(args[0], args[1])


@result_rank(np.squeeze)
def _squeeze(args, call):
    axis = _constant(_argument(call, 1, "axis"), None)
    return args[0] - 1 if isinstance(axis, int) and args[0] else None


@result_rank(np.einsum)
def _einsum(args, call):
    subscripts = _constant(_argument(call, 0, "subscripts"))
    if not isinstance(subscripts, str) or "->" not in subscripts or "." in subscripts:
        return None
    return len(subscripts.split("->")[1].strip())


@result_rank(np.expand_dims)
def _expand_dims(args, call):
    axis = _constant(_argument(call, 1, "axis"))
    if args[0] is None or axis is _NOT_GIVEN:
        if args[0] is not None and isinstance(_argument(call, 1, "axis"), ast.Tuple):
            return args[0] + len(_argument(call, 1, "axis").elts)
        return None
    return args[0] + 1


result_rank(np.swapaxes, np.moveaxis)(lambda args, call: _first(args))
result_rank(np.ravel)(lambda args, call: 1)
result_rank(np.eye, np.identity)(lambda args, call: 2)
result_rank(np.arange)(lambda args, call: 1)
result_rank(np.stack)(lambda args, call: _first(args))  # n pieces of rank r: the sequence's rank r + 1


@result_rank(np.reshape)
def _reshape(args, call):
    """As many axes as a literal shape has; one for a number (``-1``, ``n``); else unknown."""
    shape = _argument(call, 1, "shape")
    shape = _argument(call, 1, "newshape") if shape is _NOT_GIVEN else shape
    if isinstance(shape, (ast.Tuple, ast.List)):
        return None if any(isinstance(e, ast.Starred) for e in shape.elts) else len(shape.elts)
    return 1 if len(args) > 1 and args[1] == 0 else None


def _in_order(position):
    """np.sort/np.partition: the argument's rank along a constant integer axis (default -1), 1 with None."""
    def rank(args, call):
        axis = _constant(_argument(call, position, "axis"), -1)
        if axis is None:
            return 1
        return args[0] if isinstance(axis, int) and args[0] else None
    return rank


result_rank(np.sort)(_in_order(1))
result_rank(np.partition)(_in_order(2))


@result_rank(np.logspace)
@result_rank(np.linspace)
def _linspace(args, call):
    """One axis more than start and stop broadcast (1 for numbers); a tuple with ``retstep``."""
    if _argument(call, 4, "retstep") is not _NOT_GIVEN or len(args) < 2 or None in args[:2]:
        return None
    return max(args[0], args[1]) + 1
