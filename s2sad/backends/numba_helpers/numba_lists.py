"""Stand-ins for NumPy and builtin calls whose numba version differs from Python's.

The numba stage (:mod:`s2sad.backends.numba_lower`) rebinds calls to the
functions in ``SUBSTITUTES`` to these. Each is an ordinary Python function
with the NumPy behaviour (so the rewritten adjoint still runs in Python) and
an ``overload`` that numba compiles instead:

* ``matmul`` (``np.matmul``, from :mod:`s2sad.backends.numba_helpers.numba_matmul`): numba only
  has the ``@`` operator, for vectors and matrices; ``outer`` (``np.outer``, same module): a loop
  for two float vectors, and ``dot`` (``np.dot``): a loop for a small float64 matrix and a vector
  (``LATE``: after the stages that read their rank and shape); ``amax``/``amin`` (``np.max(v)``,
  ``np.min(v)``, from :mod:`s2sad.backends.numba_helpers.numba_extremes`): a loop for a vector (``LATE``);
* ``array``: numba rewrites ``np.array(lst)`` of a list built by ``append`` in
  a loop into a preallocated array and then evaluates ``len(lst)`` inside that
  loop wrongly; a list of arrays becomes one array, row by row;
* ``stack``: numba's needs a tuple (a list is stacked along axis 0 and that axis moved where
  a constant ``axis`` puts it); ``copy``: of a list, a list of copies;
* ``sum_``: the builtin ``sum`` of arrays (numba's starts from the int 0);
* ``all_``, ``any_``: the builtins, which numba does not have (of a 1-d array or a list);
* ``average`` (``np.average``, from :mod:`s2sad.backends.numba_helpers.numba_average`): numba's has no ``axis``;
* ``nanmean``, ``nansum`` (from :mod:`s2sad.backends.numba_helpers.numba_nan`): numba's have no ``axis``;
* ``reshape``: numba's reshapes only C-contiguous arrays (``A.T.reshape(-1)`` raised at
  run time), and no number (here an array of one element); any other array is made contiguous first (a copy, as NumPy makes; s2sad refuses
  writes through a reshaped view, so a copy and a view cannot be told apart).

A list of arrays is stored by numba as one array with a row per element only
when every element has the same shape; ``rows`` checks that when it runs and
raises :class:`~s2sad.backends.errors.JitError` otherwise.
"""
import builtins
import math

import numpy as np
from numba import types
from numba.extending import overload, register_jitable
from numba.np.numpy_support import as_dtype

from ..errors import JitError
from .numba_average import average
from .numba_extremes import amax, amin
from .numba_matmul import dot, matmul, outer
from .numba_nan import nanmean, nansum
from .numba_reduce import axis_reduce
from .numba_support import array_tuple_copy, gen, idx, is_array, is_array_tuple, is_none, is_sequence


def _gen(src, name):
    return gen(src, name, {"np": np, "JitError": JitError}, __name__)


def array(obj, dtype=None):
    """``np.array``, compiled out of line."""
    return np.array(obj, dtype=dtype)


def rows(x):
    """A list (or tuple) of equally shaped arrays as one array, one row per element."""
    return np.array(x)


@overload(rows)
def _ov_rows(x):
    item = x.dtype if is_sequence(x) else None
    if not is_array(item):
        return None
    inner = [f"x[0].shape[{k}] if len(x) else 0" for k in range(item.ndim)]
    src = (f"def rows(x):\n    out = np.empty(({idx(['len(x)'] + inner)}))\n"
           f"    for k in range(len(x)):\n"
           f"        if x[k].shape != x[0].shape:\n"
           f"            raise JitError('s2sad (jit): a list holds arrays of different shapes; numba stores "
           f"it as one array. Use jit=False, or keep such arrays in separate variables.')\n"
           f"        out[k] = x[k]\n    return out\n")
    return _gen(src, "rows")


@overload(array)
def _ov_array(obj, dtype=None):
    if is_sequence(obj) and is_array(obj.dtype):
        return lambda obj, dtype=None: rows(obj)
    if is_none(dtype) and _zero_d_items(obj) is not None:
        return _zero_d_items(obj)
    if is_none(dtype) and _mixed_rows(obj) is not None:
        return _mixed_rows(obj)
    if is_array(obj) and is_none(dtype):          # numba's np.array takes no array: NumPy copies it
        return lambda obj, dtype=None: obj.copy()
    if is_none(dtype):
        return lambda obj, dtype=None: np.array(obj)
    if _integer_kind(dtype) is not None and isinstance(obj, types.Number):
        kind = _integer_kind(dtype)        # `n.astype(int)` of a number: the integer NumPy gives, usable
        return lambda obj, dtype=None: kind(obj)    # as an index (numba's 0-d array is not, in every helper)
    if isinstance(dtype, types.NumberClass) and is_array(obj):    # x.astype(np.float64), x.astype(float)
        return lambda obj, dtype=None: obj.astype(dtype)
    if isinstance(dtype, types.DType):           # np.array(v, dtype=w.dtype): the dtype of another array
        kind = as_dtype(dtype.dtype)
        if is_array(obj):
            return lambda obj, dtype=None: obj.astype(kind)
        if isinstance(obj, types.Number):
            return lambda obj, dtype=None: np.array(obj).astype(kind)
    if isinstance(dtype, types.Function) and dtype.typing_key in (float, int, bool):
        kind = {float: np.float64, int: np.int64, bool: np.bool_}[dtype.typing_key]
        if is_array(obj):
            return lambda obj, dtype=None: obj.astype(kind)
        return lambda obj, dtype=None: np.array(obj).astype(kind)
    return lambda obj, dtype=None: np.array(obj, dtype)


def _integer_kind(dtype):
    """The NumPy integer type ``dtype`` names (``int``, ``np.int64``, ``w.dtype`` of an integer
    array), or None."""
    if isinstance(dtype, types.Function) and dtype.typing_key is int:
        return np.int64
    if isinstance(dtype, types.NumberClass) and isinstance(dtype.instance_type, types.Integer):
        return as_dtype(dtype.instance_type).type
    if isinstance(dtype, types.DType) and isinstance(dtype.dtype, types.Integer):
        return as_dtype(dtype.dtype).type
    return None


def _zero_d_items(obj):
    """numba's ``np.array`` of a list display or tuple of numbers and 0-d arrays, at least one
    (``np.array([np.asarray(x[0]), np.sum(x)])``): the 1-d array of their values, of NumPy's
    common dtype; None for any other ``obj``."""
    items = list(getattr(obj, "types", ())) if isinstance(obj, (types.LiteralList, types.BaseTuple)) else []
    if not any(is_array(t) for t in items) or \
            not all(isinstance(t, types.Number) or is_array(t) and t.ndim == 0 for t in items):
        return None
    kind = np.result_type(*[as_dtype(t.dtype if is_array(t) else t) for t in items]).name
    fill = "".join(f"    out[{k}] = obj[{k}]{'[()]' if is_array(t) else ''}\n" for k, t in enumerate(items))
    return _gen(f"def array(obj, dtype=None):\n    out = np.empty({len(items)}, np.{kind})\n{fill}    return out\n",
                "array")


def _mixed_rows(obj):
    """numba's ``np.array`` of a list display or tuple of arrays of one rank and different dtypes
    (the rows ``[1, 0, 0]`` and ``[0, c, -s]`` of a rotation matrix), or of vectors and lists of
    numbers (``[[c, -s, 0.0], [s, c, 0.0], np.zeros(3)]``: a zero row s2sad's forward mode
    writes for a constant one), of NumPy's common dtype; None for any other ``obj``."""
    items = list(getattr(obj, "types", ())) if isinstance(obj, (types.LiteralList, types.BaseTuple)) else []
    rows = [_row(t) for t in items]
    if not items or None in rows or len({r for r, _ in rows}) != 1 or not any(is_array(t) for t in items):
        return None
    kind = np.result_type(*[as_dtype(d) for _, d in rows]).name
    first = next(k for k, t in enumerate(items) if is_array(t))
    inner = [f"obj[{first}].shape[{k}]" for k in range(rows[0][0])]
    fill = "".join(_fill_row(k, is_array(t)) for k, t in enumerate(items))
    src = f"def array(obj, dtype=None):\n    out = np.empty(({idx([str(len(items))] + inner)}), np.{kind})\n{fill}" \
          "    return out\n"
    return _gen(src, "array")


def _row(t):
    """(rank, dtype) of an item ``np.array`` stacks: an array, or a list/tuple of numbers (rank 1)."""
    if is_array(t):
        return t.ndim, t.dtype
    if isinstance(t, (types.List, types.UniTuple)) and isinstance(t.dtype, types.Number):
        return 1, t.dtype
    return None


def _fill_row(k, array):
    bad = "        raise JitError('s2sad (jit): np.array of rows of different shapes')\n"
    if array:
        return f"    if obj[{k}].shape != out.shape[1:]:\n{bad}    out[{k}] = obj[{k}]\n"
    return (f"    if len(obj[{k}]) != out.shape[1]:\n{bad}"
            f"    for j in range(len(obj[{k}])):\n        out[{k}, j] = obj[{k}][j]\n")


def stack(arrays, axis=0):
    """``np.stack``."""
    return np.stack(arrays, axis=axis)


@overload(stack)
def _ov_stack(arrays, axis=0):
    if isinstance(arrays, types.List) and is_array(arrays.dtype):
        if isinstance(axis, (int, types.Omitted)) or isinstance(axis, types.IntegerLiteral) \
                and axis.literal_value == 0:
            return lambda arrays, axis=0: rows(arrays)
        if isinstance(axis, types.IntegerLiteral) and -arrays.dtype.ndim - 1 <= axis.literal_value <= arrays.dtype.ndim:
            k = axis.literal_value % (arrays.dtype.ndim + 1)     # stacked along axis 0, moved to k
            return lambda arrays, axis=0: np.ascontiguousarray(np.moveaxis(rows(arrays), 0, k))
        return None
    if isinstance(arrays, (types.List, types.UniTuple)) and isinstance(arrays.dtype, types.Number) and (
            isinstance(axis, (int, types.Omitted)) or isinstance(axis, types.IntegerLiteral)
            and axis.literal_value in (0, -1)):
        return lambda arrays, axis=0: np.array(arrays)   # numbers: numba's np.stack takes arrays only
    return lambda arrays, axis=0: np.stack(arrays, axis=axis)


def copy(x):
    """``np.copy``; of a list (the tape of a list built with append) a list of copies."""
    return np.copy(x)


@overload(copy)
def _ov_copy(x):
    if is_array(x):
        return lambda x: np.copy(x)
    if isinstance(x, types.List):
        if is_array(x.dtype):
            return lambda x: [np.copy(e) for e in x]
        return lambda x: [e for e in x]
    if is_array_tuple(x):
        return array_tuple_copy(x)
    return lambda x: x


def sum_(x, start=0):
    """The builtin ``sum``."""
    return sum(x, start)


@overload(sum_)
def _ov_sum(x, start=0):
    if is_sequence(x) and is_array(x.dtype):
        def sum_arrays(x, start=0):
            acc = start + x[0]
            for k in range(1, len(x)):
                acc = acc + x[k]
            return acc
        return sum_arrays
    if is_array(x) and x.ndim >= 2:
        return lambda x, start=0: start + axis_reduce(x, 0, "sum")
    return lambda x, start=0: sum(x) + start


def all_(x):
    """The builtin ``all``."""
    return all(x)


def any_(x):
    """The builtin ``any``."""
    return any(x)


def _truth_loop(x, want):
    """numba has no builtin ``all``/``any``: a loop over a 1-d array or a sequence of numbers or
    booleans, stopping where Python's does (an array of higher rank has no truth value per row)."""
    if (is_array(x) and x.ndim == 1) or (is_sequence(x) and isinstance(x.dtype, (types.Number, types.Boolean))):
        def truth(x):
            for v in x:
                if bool(v) == want:
                    return want
            return not want
        return truth
    return None


@overload(all_)
def _ov_all(x):
    return _truth_loop(x, False)


@overload(any_)
def _ov_any(x):
    return _truth_loop(x, True)


def reshape(a, shape):
    return np.reshape(a, shape)


@overload(reshape)
def _ov_reshape(a, shape):
    if is_array(a) and a.layout != "C":   # numba reshapes C-contiguous arrays only (``A.T.reshape(-1)``)
        return lambda a, shape: np.reshape(np.ascontiguousarray(a), shape)
    if _number_reshaped(a, shape):
        return _reshape_number     # a number as an array of one element (NumPy's shape () stays refused)
    return lambda a, shape: np.reshape(a, shape)


def _number_reshaped(a, shape):
    """``a`` a number, ``shape`` an int or a non-empty tuple of ints."""
    return isinstance(a, (types.Number, types.Boolean)) and (isinstance(shape, types.Integer) or isinstance(
        shape, types.UniTuple) and shape.count and isinstance(shape.dtype, types.Integer))


@overload(np.reshape)
def _ov_np_reshape_number(a, shape):
    """``np.reshape`` of a number (forward mode calls it as written): an array of one element."""
    if _number_reshaped(a, shape):
        return lambda a, shape: _reshape_number(a, shape)
    return None


@register_jitable
def _reshape_number(a, shape):
    out = np.full(shape, a)
    if out.size != 1:
        raise ValueError("cannot reshape array of size 1 into the shape asked")
    return out


SUBSTITUTES = {np.matmul: matmul, np.array: array, np.copy: copy, np.stack: stack, builtins.sum: sum_,
               builtins.all: all_, builtins.any: any_, np.reshape: reshape,
               np.average: average, np.nanmean: nanmean, np.nansum: nansum}
POSITIONAL = {reshape: 2}   # substituted only when called with exactly this many arguments, no keywords
LATE = {np.outer: outer, np.dot: dot,    # substituted last: the jit stage's analyses read them
        np.max: amax, np.amax: amax, np.min: amin, np.amin: amin}
LATE_ARITY = {amax: 1, amin: 1}     # positional arguments (no keyword) of a substituted call; else 2


@overload(math.factorial)
def _ov_factorial(n):
    if isinstance(n, types.Integer):
        def factorial(n):
            if n < 0:
                raise ValueError("factorial() not defined for negative values")
            if n > 20:      # Python's exact integer; 21! wraps around numba's int64
                raise OverflowError("factorial() of more than 20 does not fit numba's int64")
            out = 1
            for k in range(2, n + 1):
                out *= k
            return out
        return factorial
    return None
