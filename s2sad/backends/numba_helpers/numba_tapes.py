"""Run-time helpers of the array tapes (:mod:`s2sad.backends.array_tapes`).

Each is an ordinary Python function with the NumPy behaviour (so the rewritten
adjoint still runs in Python) and an ``overload`` that numba compiles once per
argument type, instead of the same statements at every push (the statements
written out at each of LSTM's 29 tapes doubled numba's compile time).

* ``new_rows(v)``: the rows of a tape whose first value is ``v``: room for 16;
* ``fits(rows, v)``: whether ``v`` has the shape of a row;
* ``push_row(rows, n, v)``: ``v`` written to row ``n``, the rows doubled first when
  full; returns ``(rows, n + 1)``;
* ``rows_for(v, capacity)`` / ``tape_for(v, capacity)``: as ``new_rows`` / ``new_tape``
  with room for ``capacity`` rows, for tapes whose pushes counted loops bound
  (:mod:`s2sad.backends.tape_capacity`): no growth test, the rows never reassigned;
* ``append_copy(lst, v)``: a copy of ``v`` appended to the list of a tape whose rows did not
  fit ``v`` (the rest of such a push, and the pops, are written out in the adjoint);
* ``list_pop(lst)``: ``lst.pop()``, the list's branch of a written-out pop (taken only once
  a push did not fit the rows): numba's ``list.pop`` written there is a length test, a raise
  and a resize inline at every pop, compiled with the adjoint; as a call, once per type;
* ``in_range(i, n)``: IndexError unless ``-n <= i < n``, the check of a view's int index
  (:mod:`s2sad.backends.views`), compiled once instead of a comparison and a raise at each view;
* ``shape_tape(v)`` / ``shape_rep(v)`` / ``shape_push(lst, v)``: the tapes of values read only
  for their shape (:mod:`s2sad.backends.tape_shapes`): one array of the first value's shape
  (and an empty list of its type); an array of ``v``'s shape appended to the list.

Every push copies ``v`` (into a row, or a copy into the list): no tape keeps a reference
to an array the adjoint may go on to update in place (:mod:`s2sad.backends.primal_inplace`).
The list holds C-ordered arrays whatever the layout of ``v`` (a transpose, a column): its
numba type is that of ``v.copy()``, which numba could not append to a list typed by an
F-ordered or strided ``v`` (an AssertionError inside numba).
"""
import numpy as np
from numba.extending import overload

from .numba_support import is_array

FIRST_ROWS = 16


def in_range(i, n):
    """IndexError unless ``-n <= i < n`` (what ``a[i]`` on an axis of length ``n`` checks).
    A raise written in the adjoint releases every array live there: about 560 LLVM
    instructions at each of the ODE's four tape pops, 41 as a call of this function."""
    if not -n <= i < n:
        raise IndexError("index out of bounds")


@overload(in_range)
def _ov_in_range(i, n):
    return in_range


def new_rows(v):
    return np.empty((FIRST_ROWS,) + v.shape, v.dtype)


def push_row(rows, n, v):
    if n == rows.shape[0]:
        rows = np.concatenate((rows, np.empty_like(rows)))
    rows[n] = v
    return rows, n + 1


@overload(new_rows)
def _ov_new_rows(v):
    return new_rows if is_array(v) else None


def rows_for(v, capacity):
    return np.empty((max(capacity, 1),) + v.shape, v.dtype)


@overload(rows_for)
def _ov_rows_for(v, capacity):
    return rows_for if is_array(v) else None


def tape_for(v, capacity):
    return rows_for(v, capacity), []


@overload(tape_for)
def _ov_tape_for(v, capacity):
    if not is_array(v):
        return None

    def impl(v, capacity):
        lst = [v.copy()]     # a typed empty list of the type pushes append (a copy: C-ordered)
        lst.pop()
        return rows_for(v, capacity), lst
    return impl


@overload(push_row)
def _ov_push_row(rows, n, v):
    return push_row if is_array(rows) and is_array(v) and rows.ndim == v.ndim + 1 else None


def new_tape(v):
    return new_rows(v), []


def push(rows, n, lst, v):
    if len(lst) == 0 and v.shape == rows.shape[1:]:
        return push_row(rows, n, v)
    lst.append(v.copy())
    return rows, n + 1


@overload(new_tape)
def _ov_new_tape(v):
    if not is_array(v):
        return None

    def impl(v):
        lst = [v.copy()]     # a typed empty list of the type pushes append (a copy: C-ordered)
        lst.pop()
        return new_rows(v), lst
    return impl


@overload(push)
def _ov_push(rows, n, lst, v):
    return push if is_array(rows) and is_array(v) and rows.ndim == v.ndim + 1 else None


def append_copy(lst, v):
    lst.append(v.copy())


@overload(append_copy)
def _ov_append_copy(lst, v):
    return append_copy if is_array(v) else None


def list_pop(lst):
    return lst.pop()


@overload(list_pop)
def _ov_list_pop(lst):
    return list_pop


def shape_rep(v):
    return np.empty(v.shape, v.dtype)


@overload(shape_rep)
def _ov_shape_rep(v):
    return shape_rep if is_array(v) else None


def shape_tape(v):
    return shape_rep(v), []


@overload(shape_tape)
def _ov_shape_tape(v):
    if not is_array(v):
        return None

    def impl(v):
        rep = shape_rep(v)
        lst = [rep]         # a typed empty list of the type shape_push appends
        lst.pop()
        return rep, lst
    return impl


def shape_push(lst, v):
    lst.append(np.empty(v.shape, v.dtype))


@overload(shape_push)
def _ov_shape_push(lst, v):
    return shape_push if is_array(v) else None
