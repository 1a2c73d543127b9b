"""numba versions of the argument checks of :mod:`s2sad.rules.runtime_checks` (the NumPy forms of
``frontend/numpy_forms.py``). A check that depends only on types (a 0-d array accumulated, a
condition that is not boolean, a ``where=`` mask of more dimensions than the array) is refused at
typing time, which ``jit=True`` reports as a located ``JitError``; one that depends on values (a
mask's lengths, inf or NaN in a Cholesky factor's argument) raises NumPy's exception at run time.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.np.numpy_support import as_dtype

from ...errors import RefusedValuesError
from ...rules import runtime as rt
from ...rules.runtime_checks import int_write_message
from .numba_rules_base import helper, is_array, literal, refuse


def _boolean(t):
    return isinstance(t, types.Boolean) or is_array(t) and isinstance(t.dtype, types.Boolean)


@helper(rt.checked)
def _ov_checked(x, ok):
    return lambda x, ok: x


@helper(rt.accumulable)
def _ov_accumulable(x, axis):
    if not is_array(x) or x.ndim == 0:
        refuse("ufunc.accumulate of a number or 0-d array (NumPy raises TypeError: cannot accumulate on a scalar)")
    if isinstance(axis, types.BaseTuple) and len(axis) != 1 or \
            isinstance(axis, (types.NoneType, types.Omitted)) and x.ndim > 1:
        refuse("ufunc.accumulate over several axes (NumPy raises ValueError)")
    return lambda x, axis: True


@helper(rt.chainable)
def _ov_chainable(x, end):
    ndim = x.ndim if is_array(x) else 0
    if ndim != 2 and not (literal(end) and ndim == 1):
        refuse(f"np.linalg.multi_dot of a {ndim}-d array there (NumPy raises LinAlgError: "
               "Array must be two-dimensional)")
    return lambda x, end: True


@helper(rt.finite)
def _ov_finite(a, check=True):
    def finite(a, check=True):
        if check and not np.all(np.isfinite(a)):
            raise ValueError("array must not contain infs or NaNs")
        return True
    return finite


@helper(rt.condition)
def _ov_condition(c, i):
    if not _boolean(c):
        refuse(f"np.select's condition {c} is not boolean (NumPy raises TypeError)")
    return lambda c, i: c


@helper(rt.mask)
def _ov_mask(m, a):
    if not _boolean(m):
        refuse(f"the where= mask {m} is not boolean (NumPy raises TypeError)")
    if not is_array(m):
        return lambda m, a: m
    if not is_array(a) or m.ndim > a.ndim:
        refuse(f"the where= mask {m} has more dimensions than the array {a} (NumPy raises ValueError)")
    lead = a.ndim - m.ndim

    def mask(m, a):
        for k in range(m.ndim):
            if m.shape[k] != 1 and m.shape[k] != a.shape[lead + k]:
                raise ValueError("the where= mask does not broadcast to the shape of the array reduced")
        return m
    return mask


@helper(rt.infinite)
def _ov_infinite(r, x):
    if not is_array(x) or x.ndim != 2 and not (x.ndim == 3 and is_array(r) and r.ndim == 1):
        refuse(f"np.linalg.cond of {x}")
    if x.ndim == 2:
        def infinite(r, x):
            if x.size == 0:
                raise np.linalg.LinAlgError("cond is not defined on empty arrays")
            return np.isnan(r) and not np.any(np.isnan(x))
        return infinite

    def infinite_stack(r, x):
        if x.size == 0:
            raise np.linalg.LinAlgError("cond is not defined on empty arrays")
        out = np.empty(r.shape, np.bool_)
        for k in range(r.shape[0]):
            out[k] = np.isnan(r[k]) and not np.any(np.isnan(x[k]))
        return out
    return infinite_stack


@helper(rt.castable)
def _ov_castable(value, dst, casting="same_kind", shaped=False):
    rule = literal(casting, "same_kind")
    source = value.dtype if is_array(value) else value
    if not is_array(dst) or not isinstance(source, (types.Number, types.Boolean)) or not isinstance(rule, str):
        refuse(f"writing {value} into {dst} (np.copyto, a ufunc's out=)")
    if not np.can_cast(as_dtype(source), as_dtype(dst.dtype), rule):
        refuse(f"writing {value} into {dst}: NumPy raises TypeError (casting rule {rule!r})")
    if not literal(shaped, False):
        return lambda value, dst, casting="same_kind", shaped=False: True
    if (value.ndim if is_array(value) else 0) != dst.ndim:
        refuse(f"out= {dst} for a result {value} of another number of dimensions (s2sad follows the out= of a "
               "NumPy function that is not a ufunc only where it has the result's shape)")

    def shaped_castable(value, dst, casting="same_kind", shaped=False):
        if np.shape(value) != dst.shape:
            raise ValueError("out= of another shape than the result: s2sad follows the out= of a NumPy function "
                             "(not a ufunc) only where it has the result's shape")
        return True
    return shaped_castable


def _inexact(value):
    """The numba type ``value`` (a number, an array, a list or tuple of them) holds floats."""
    if isinstance(value, types.BaseTuple):
        return any(_inexact(t) for t in value.types)
    if isinstance(value, types.List):
        return _inexact(value.dtype)
    return isinstance(value.dtype if is_array(value) else value, (types.Float, types.Complex))


@helper(rt.float_target)
def _ov_float_target(value, dst, where):
    """Decided at typing (the dtypes are types): the located refusal ``where`` for a float
    written into an integer (or boolean) array, else True at no run-time cost."""
    if is_array(dst) and isinstance(dst.dtype, (types.Integer, types.Boolean)) and _inexact(value):
        raise TypingError(f"s2sad (jit): {int_write_message('')}")
    return lambda value, dst, where: True


@helper(rt.reducible)
def _ov_reducible(a, initial):
    if is_array(initial) and initial.ndim != 0 or not isinstance(initial, (types.Number, types.Boolean, types.Array)):
        refuse(f"np.max/np.min's initial= {initial} is not a number (NumPy raises ValueError)")

    def reducible(a, initial):
        if np.asarray(a).size == 0:
            raise RefusedValuesError("s2sad differentiates np.max/np.min(..., initial=) of a non-empty array only: "
                             "this array is empty (test its size before the call)")
        return True
    return reducible


@helper(rt.along_rows)
def _ov_along_rows(values, a, axis):
    if not is_array(values) or not is_array(a) or a.ndim == 0 or values.ndim > 2:
        refuse(f"np.apply_along_axis(f, axis, a) of {a} where f returns {values} (s2sad differentiates f "
               "returning a number or a 1-d array)")
    last, vector = a.ndim - 1, values.ndim == 2

    def along_rows(values, a, axis):
        if a.size == 0:
            raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
        if vector and axis != -1 and axis != last:
            raise RefusedValuesError("s2sad differentiates np.apply_along_axis(f, axis, a) where f returns a number, "
                             "or along a's last axis only: move the axis last first (np.moveaxis(a, axis, -1))")
        return True
    return along_rows


@helper(rt.zip_count)
def _ov_zip_count(rows, width):
    def zip_count(rows, width):
        n = len(rows)
        count = 0
        for i in range(n):
            c = len(rows[i])
            count = c if i == 0 or c < count else count
        if n != width and count > 0:
            raise ValueError("the rows of zip(*rows) do not unpack into the loop's names")
        return count
    return zip_count


@helper(rt.flat_items)
def _ov_flat_items(x):
    if not is_array(x) or x.ndim != 1 or not isinstance(x.dtype, types.Float):
        refuse(f"x.tolist() in a loop header of {x} (s2sad follows a 1-d float array's only)")
    return lambda x: True


@helper(rt.unzipped)
def _ov_unzipped(rows, width):
    def unzipped(rows, width):
        count = 0
        for i in range(len(rows)):
            c = len(rows[i])
            count = c if i == 0 or c < count else count
        if count != width:
            raise ValueError("the tuples of zip(*rows) do not unpack into the names assigned")
        return True
    return unzipped


@helper(rt.kept_items)
def _ov_kept_items(x):
    if not is_array(x) or x.ndim != 1 or not isinstance(x.dtype, (types.Float, types.Integer, types.Boolean)):
        refuse(f"lst = x.tolist() of {x} (s2sad follows a 1-d array of real numbers only)")
    return lambda x: True


@helper(rt.contractible)
def _ov_contractible(a, b, axis):
    if not is_array(a) or not is_array(b) or a.ndim == 0 or b.ndim == 0:
        refuse("np.vecdot of a number or 0-d array (NumPy raises ValueError)")

    def contractible(a, b, axis):
        i, j = axis + a.ndim if axis < 0 else axis, axis + b.ndim if axis < 0 else axis
        if not 0 <= i < a.ndim or not 0 <= j < b.ndim:
            raise ValueError("vecdot: axis is out of bounds")
        if a.shape[i] != b.shape[j]:
            raise ValueError("vecdot: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                             "signature (n),(n)->()")
        return True
    return contractible


@helper(rt.geometric)
def _ov_geometric(start, stop):
    if is_array(start) or is_array(stop):
        refuse("np.geomspace between arrays (numba's np.logspace takes numbers)")

    def geometric(start, stop):
        if start == 0 or stop == 0:
            raise ValueError("Geometric sequence cannot include zero")
        if np.sign(start) != np.sign(stop):
            raise RefusedValuesError("s2sad differentiates np.geomspace between numbers of the same sign only")
        return True
    return geometric


@helper(rt.periodic)
def _ov_periodic(period):
    def periodic(period):
        if period == 0:
            raise ValueError("period must be a non-zero value")
        return True
    return periodic


@helper(rt.one_matrix)
def _ov_one_matrix(x):
    if not is_array(x) or x.ndim != 2:
        refuse("np.linalg.matrix_norm(x, ord=...) of an array that is not one matrix (s2sad differentiates a 2-d x; "
               "loop over a stack's matrices, or use ord='fro')")
    return lambda x: True
