"""Writes through chains of views (s2sad/analyses/alias_chain.py): ``W.T[0] = ...``,
``x.reshape(3, 3)[i, j] += v``, ``row = A[i]; seg = row[2:4]; seg *= 2``, a view of a copy of a
view, siblings and descendants of the name written. Each is exact (value and gradient against
central differences, and against autograd on a copy-based equivalent, since autograd has no
in-place writes), in both modes, the caller's arrays untouched; where NumPy may copy instead of
viewing, or a link of the chain changed since the view was taken, the write is refused at its line.

Before this module every one of these was refused ("shares memory with ... in a way s2sad
cannot follow"); in a 1,500-program fuzz sample they were most of the alias refusals."""
import inspect
import re

import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

K2 = np.arange(1.0, 10.0).reshape(3, 3)
K1 = np.arange(1.0, 10.0)


def _unit(n, i):
    e = np.zeros(n)
    e[i] = 1.0
    return e


# ---- forms made exact: each with a copy-based autograd twin -------------------------------------
def transpose_row_written(W):
    C = W * 1.0
    C.T[0] = 2.0 * C[0, 1] * W[1, 0]
    return np.sum(C ** 2 * K2)


def transpose_row_written_ag(W):
    C = W * 1.0
    col = 2.0 * C[0, 1] * W[1, 0] * anp.ones((3, 1))
    C = anp.concatenate([col, C[:, 1:]], axis=1)
    return anp.sum(C ** 2 * K2)


def permuted_axes_written(T):
    P = np.transpose(T * 1.0, (2, 0, 1))
    Q = np.transpose(P, (1, 2, 0))
    P[1] *= T[0, 0, 0]
    return np.sum(Q ** 2 * np.arange(24.0).reshape(2, 3, 4))


def permuted_axes_written_ag(T):
    mask = np.zeros((2, 3, 4))
    mask[:, :, 1] = 1.0
    Q = T * (1.0 + mask * (T[0, 0, 0] - 1.0))
    return anp.sum(Q ** 2 * np.arange(24.0).reshape(2, 3, 4))


def swapaxes_written(A):
    B = A * 1.0
    S = np.swapaxes(B, 0, 1)
    S[0] *= 2.0
    V = B.T
    V[2, 1] = A[0, 0]
    return np.sum(B ** 2 * K2)


def swapaxes_written_ag(A):
    B = A * np.array([2.0, 1.0, 1.0])
    B = B + (A[0, 0] - B[1, 2]) * np.outer(_unit(3, 1), _unit(3, 2))
    return anp.sum(B ** 2 * K2)


def reshape_of_a_vector_updated(x):
    y = x * 1.0
    y.reshape(3, 3)[1, 2] += y[0]
    return np.sum(y ** 2 * K1)


def reshape_of_a_vector_updated_ag(x):
    return anp.sum((x + x[0] * _unit(9, 5)) ** 2 * K1)


def reshape_of_a_contiguous_matrix_written(W):
    C = np.ascontiguousarray(W * 1.0)     # (as the refusal of `W * 1.0` advises)
    R = C.reshape(9)
    R[0] = 5.0 * W[0, 1]
    Z = np.ones((3, 3))
    Z[1:] = W[1:]
    Z.ravel()[4] *= W[1, 1]
    return np.sum(C ** 2 * K2) + np.sum(Z ** 3)


def reshape_of_a_contiguous_matrix_written_ag(W):
    C = W + (5.0 * W[0, 1] - W[0, 0]) * np.outer(_unit(3, 0), _unit(3, 0))
    Z = anp.concatenate([np.ones((1, 3)), W[1:]], axis=0)
    Z = Z * (1.0 + (W[1, 1] - 1.0) * np.outer(_unit(3, 1), _unit(3, 1)))
    return anp.sum(C ** 2 * K2) + anp.sum(Z ** 3)


def ravel_expand_squeeze_written(x):
    y = x * 1.0
    r = np.ravel(y)
    r *= 2.0
    e = np.expand_dims(y, 0)
    e[0, 1] -= 0.5 * y[2]
    s = np.squeeze(e, axis=0)   # (numba needs the axis)
    s += 1.0
    return np.sum(y ** 2 * K1)


def ravel_expand_squeeze_written_ag(x):
    y = x * 2.0
    y = y - 0.5 * y[2] * _unit(9, 1)
    return anp.sum((y + 1.0) ** 2 * K1)


def slice_of_a_row_scaled(A):
    B = A * 1.0
    row = B[1]
    seg = row[0:2]
    seg *= 2.0
    t = B[1:][0]
    t += A[0, 0]
    return np.sum(B ** 2 * K2)


def slice_of_a_row_scaled_ag(A):
    mask = np.zeros((3, 3))
    mask[1, :2] = 1.0
    B = A * (1.0 + mask)
    B = B + A[0, 0] * np.outer(_unit(3, 1), np.ones(3))
    return anp.sum(B ** 2 * K2)


def slices_of_slices_written(theta):
    # fuzz campaign 3300000, seed 3300097: a slice of a slice, written element by element
    prob = theta * 1.0
    prob[0] = 0.0
    coef = prob[1:]
    coef[1:] = np.sqrt(theta[1:4] ** 2 + 0.1)
    m = coef[:-1]
    m[0] = np.sum(m ** 2)
    return np.sum(np.sin(m)) + np.sum(prob ** 2)


def slices_of_slices_written_ag(theta):
    tail = anp.sqrt(theta[1:4] ** 2 + 0.1)
    head = anp.sum(theta[1:2] ** 2) + anp.sum(tail[:2] ** 2)
    prob = anp.concatenate([anp.zeros(1), anp.reshape(head, (1,)), tail])
    return anp.sum(anp.sin(prob[1:4])) + anp.sum(prob ** 2)


def view_of_a_copy_updated(theta):
    # fuzz seed 3300028: `u = theta; w = u[1:]; w += ...` with theta read later
    theta = theta + 0.5
    u = theta
    w = u[1:]
    w += theta[1]
    return np.sum(theta ** 2 * np.arange(1.0, 6.0))


def view_of_a_copy_updated_ag(theta):
    theta = theta + 0.5
    shift = theta[1] * np.array([0.0, 1.0, 1.0, 1.0, 1.0])
    return anp.sum((theta + shift) ** 2 * np.arange(1.0, 6.0))


def siblings_and_descendants(A, x):
    B = A * 1.0
    a = B[0]
    b = B[0:2]
    row = B[1]
    seg = row[1:]
    V = B.T
    a[1] = x * B[2, 2]
    B[1, 2] = 5.0 * x
    return np.sum(b ** 2 * K2[:2]) + np.sum(seg * x) + np.sum(V * K2)


def siblings_and_descendants_ag(A, x):
    B = A * 1.0
    B = B + (x * A[2, 2] - A[0, 1]) * np.outer(_unit(3, 0), _unit(3, 1))
    B = B + (5.0 * x - A[1, 2]) * np.outer(_unit(3, 1), _unit(3, 2))
    return anp.sum(B[:2] ** 2 * K2[:2]) + anp.sum(B[1, 1:] * x) + anp.sum(B.T * K2)


def new_axis_view_updated(x):
    y = x * 1.0
    v = y[:, None]
    v += 1.0
    return np.sum(y ** 3)


def new_axis_view_updated_ag(x):
    return anp.sum((x + 1.0) ** 3)


def stores_through_calls_and_attributes(x):
    y = x * 1.0
    y[1:][0] += 2.0 * x[0]
    y.reshape(2, 2).T[0, 1] *= 3.0      # y[2]
    np.exp(y)[0] = 5.0                  # a new array: nothing else changes, as in NumPy
    return np.sum(y ** 2 * np.arange(1.0, 5.0))


def stores_through_calls_and_attributes_ag(x):
    y = x + 2.0 * x[0] * _unit(4, 1)
    y = y * (1.0 + 2.0 * _unit(4, 2))
    return anp.sum(y ** 2 * np.arange(1.0, 5.0))


def _args(f):
    rng = np.random.default_rng(len(f.__name__))
    shapes = {"transpose_row_written": [(3, 3)], "permuted_axes_written": [(2, 3, 4)],
              "swapaxes_written": [(3, 3)], "slice_of_a_row_scaled": [(3, 3)],
              "reshape_of_a_contiguous_matrix_written": [(3, 3)],
              "slices_of_slices_written": [(5,)], "view_of_a_copy_updated": [(5,)],
              "siblings_and_descendants": [(3, 3), ()], "new_axis_view_updated": [(4,)],
              "stores_through_calls_and_attributes": [(4,)]}
    return tuple(rng.normal(size=s) if s else 0.7 for s in shapes.get(f.__name__, [(9,)]))


EXACT = [transpose_row_written, permuted_axes_written, swapaxes_written, reshape_of_a_vector_updated,
         reshape_of_a_contiguous_matrix_written, ravel_expand_squeeze_written, slice_of_a_row_scaled, slices_of_slices_written, view_of_a_copy_updated,
         siblings_and_descendants, new_axis_view_updated, stores_through_calls_and_attributes]
REFERENCES = {f: globals()[f.__name__ + "_ag"] for f in EXACT}


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", EXACT, ids=[f.__name__ for f in EXACT])
def test_a_write_through_a_chain_of_views_is_exact(f, jit):
    args = _args(f)
    before = [np.copy(a) for a in args]
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt, jit=jit, reference=REFERENCES[f] if not jit else None)
    value, _ = s2sad.value_and_grad(f, wrt=wrt, jit=jit)(*args)
    assert value == pytest.approx(f(*[np.copy(a) for a in args]))
    assert value == pytest.approx(REFERENCES[f](*args))
    for a, b in zip(args, before):
        np.testing.assert_array_equal(a, b)   # the caller's arrays are not modified


def test_a_0d_view_made_by_reshape_is_written_back():
    """``s = y.reshape(())`` of a one-element ``y`` is a 0-d view of it (rank 0, yet an array):
    ``s *= 3`` changes ``y``. It was taken for a number, so the write was dropped: value 0.98
    instead of 2.94 and a gradient of 2.8 instead of 8.4, silently (alias_flow._makes_0d_array)."""
    def f(x):
        y = x * 2.0
        s = y.reshape(())
        s *= 3.0
        return y[0] * x[0]
    x = np.array([0.7])
    check_grad(f, x, reference=lambda x: 6.0 * x[0] * x[0])
    assert s2sad.value_and_grad(f)(x)[0] == pytest.approx(f(x.copy()))


# ---- forms still refused, at their line ------------------------------------------------------------
def reshape_of_a_matrix_written(W):
    C = W * 1.0
    R = C.reshape(9)
    R[0] = 5.0 * W[0, 1]
    return np.sum(C ** 2)


def ravel_of_a_strided_slice_written(x):
    y = x * 1.0
    r = np.ravel(y[::2])
    r *= 2.0
    return np.sum(y ** 2)


def ravel_of_a_parameter_written(x):
    r = np.ravel(x)      # a copy when the caller's x is strided (x[::2]): x unchanged in NumPy
    r[0] = 5.0 * x[1]
    return np.sum(x * x)


def chain_whose_link_changes_round_a_loop(A):
    B = A * 1.0
    row = B[0]
    for i in range(2):
        seg = row[0:2]
        seg *= 2.0
        row = B[i + 1]
    return np.sum(B ** 2)


def reshape_of_a_matrix_written_in_one_store(W):
    C = W * 1.0
    C.reshape(9)[0] = 5.0
    return np.sum(C ** 2)


def reshape_in_fortran_order_written(x):    # (of a 1-d array, a view NumPy and s2sad follow: frontend/numpy_forms_more.py)
    y = np.reshape(x, (3, 3)) * 1.0
    Y = np.reshape(y, 9, order="F")
    Y[1] = 2.0
    return np.sum(y ** 2)


REFUSED = [
    (reshape_of_a_matrix_written, (3, 3), "R[0] = 5.0", "only when `C` is C-contiguous"),
    (ravel_of_a_strided_slice_written, (9,), "r *= 2.0", "is C-contiguous"),
    (reshape_of_a_matrix_written_in_one_store, (3, 3), "C.reshape(9)[0] = 5.0",
     "memory that `np.reshape(C, 9)` may share"),
    (ravel_of_a_parameter_written, (9,), "r[0] = 5.0", "only when `x` is C-contiguous"),
    (chain_whose_link_changes_round_a_loop, (3, 3), "seg *= 2.0", "shares memory with `B`"),
    (reshape_in_fortran_order_written, (9,), "Y[1] = 2.0", "only when"),
]


def _line_of(f, text):
    lines, start = inspect.getsourcelines(f)
    return start + next(k for k, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, shape, line, why", REFUSED, ids=[c[0].__name__ for c in REFUSED])
def test_a_write_numpy_may_not_share_or_through_a_changed_link_is_refused_at_its_line(f, shape, line, why, jit):
    """A reshape NumPy answers with a copy when the array is not C-contiguous (a 2-d array
    made from a parameter may be Fortran-ordered), ``order='F'``, or a chain one of whose names
    was rebound since the view was taken: the write-back would be a guess."""
    x = np.random.default_rng(1).normal(size=shape)
    before = x.copy()
    pattern = rf"(?s)line {_line_of(f, line)}, column \d+.*{re.escape(line)}.*{re.escape(why)}"
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=pattern):
        s2sad.grad(f, jit=jit)(x)
    np.testing.assert_array_equal(x, before)
