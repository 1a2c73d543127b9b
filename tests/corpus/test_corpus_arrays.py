"""Corpus, part 3: ndarrays — broadcasting, reductions, linear algebra,
subscripts, writes into local arrays, attributes/methods, non-differentiable
values passing through.  Also vjp / value_and_grad and caller-array safety.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp


def case(f, *args, wrt=0, id=None):
    return pytest.param(f, args, wrt, id=id or f.__name__)


_rng = np.random.default_rng(0)
V3 = _rng.normal(size=3)
V4 = _rng.normal(size=4)
W4 = _rng.normal(size=4)
M34 = _rng.normal(size=(3, 4))
M43 = _rng.normal(size=(4, 3))
M33 = _rng.normal(size=(3, 3))
C31 = _rng.normal(size=(3, 1))
R14 = _rng.normal(size=(1, 4))
T234 = _rng.normal(size=(2, 3, 4))
POS = _rng.uniform(0.5, 2.0, size=(3, 4))          # strictly positive
AWAY = np.array([-1.3, 0.4, 2.2, -0.7, 0.9])       # no zeros, no ties
Y2 = _rng.normal(size=(5, 2))
LABELS = np.array([0.0, 1.0, 1.0, 0.0, 1.0])


# ------------------------------------------------------ elementwise & bcast
def sum_of_squares(x):
    return np.sum(x * x)


def sum_method(x):
    return (x * x).sum()


def mean_method(x):
    return np.sin(x).mean()


def scalar_times_array(a, x):
    return np.sum(a * x + x / a - 2.0 * x)


def broadcast_col_row(c, r):
    return np.sum(np.sin(c + r) * (c * r))


def broadcast_row_vector(m, v):
    return np.sum((m * v) ** 2)


def unary_minus_array(x):
    return np.sum(-x * np.exp(-x))


def division_arrays(x, y):
    return np.sum(x / (1.0 + y * y))


def elementwise_funcs(x):
    return np.sum(np.exp(x) + np.log(x) + np.sqrt(x) + np.log1p(x) + np.tanh(x))


def trig_funcs(x):
    return np.sum(np.sin(x) * np.cos(x) + np.tan(0.3 * x) + np.arctan(x))


def abs_array(x):
    return np.sum(np.abs(x) * x)


def square_power(x):
    return np.sum(np.square(x) + np.power(x, 3) + x ** 4)


def power_array_exponent(x, p):
    return np.sum(np.power(x, p))


def three_d(t):
    return np.sum(np.sum(t * t, axis=2) * np.mean(t, axis=2)) + np.sum(np.max(t, axis=0))


# -------------------------------------------------------------- reductions
def sum_axis0(m):
    return np.sum(np.sum(m, axis=0) ** 2)


def sum_axis1(m):
    return np.sum(np.sin(np.sum(m, axis=1)))


def sum_method_axis(m):
    return (m.sum(axis=1) ** 2).sum()


def mean_axis(m):
    return np.sum(np.mean(m, axis=0) * np.mean(m, axis=1)[0])


def max_min_all(m):
    return np.max(m) * 2.0 - np.min(m)


def max_axis(m):
    return np.sum(np.max(m, axis=1) ** 2) + np.sum(np.min(m, axis=0))


def method_max_min(m):
    return m.max() - m.min() + m.max(axis=0).sum()


def prod_all(x):
    return np.prod(x)


def prod_axis(m):
    return np.sum(np.prod(m, axis=0))


def keepdims_softmax(m):
    e = np.exp(m - np.max(m, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return np.sum(p * np.arange(4.0))


def logsumexp(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


# ---------------------------------------------------------- linear algebra
def dot_1d_1d(x, y):
    return np.dot(x, y)


def dot_2d_1d(m, v):
    return np.sum(np.dot(m, v) ** 2)


def dot_1d_2d(v, m):
    return np.sum(np.sin(np.dot(v, m)))


def dot_2d_2d(a, b):
    return np.sum(np.dot(a, b) ** 2)


def matmul_func(a, b):
    return np.sum(np.tanh(np.matmul(a, b)))


def matmul_op_2d_2d(a, b):
    return np.sum((a @ b) * (a @ b))


def matmul_op_2d_1d(m, v):
    return np.sum(np.exp(m @ v))


def matmul_op_1d_2d(v, m):
    return np.sum((v @ m) ** 3)


def matmul_op_1d_1d(x, y):
    return (x @ y) ** 2


def quadratic_form(x, a):
    return x @ a @ x


def dot_method(x, y):
    return x.dot(y) * x.dot(x)


def outer_product(x, y):
    return np.sum(np.outer(x, y) ** 2 * np.arange(12.0).reshape(3, 4))


def transpose_func(m):
    return np.sum(np.transpose(m) @ m)


def transpose_attr(m):
    return np.sum((m.T @ m) ** 2)


def transpose_method(m, v):
    return np.sum(m.transpose() @ v)


def gram(x):
    g = x.T @ x
    return np.sum(g * g)


def norm_vector(x):
    return np.linalg.norm(x)


def norm_matrix(m):
    return np.linalg.norm(m) ** 3


def norm_of_difference(x, y):
    return np.linalg.norm(x - y)


def least_squares(w, a, b):
    r = a @ w - b
    return np.sum(r ** 2) / 2.0


def logistic_loss(w, x, t):
    z = x @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))


def mlp(w1, w2, x):
    h = np.tanh(x @ w1)
    out = h @ w2
    return np.mean(out ** 2)


# ---------------------------------------------------------------- reshape
def reshape_func(x):
    return np.sum(np.reshape(x, (4, 3)) @ np.arange(3.0))


def reshape_method(x):
    return np.sum(x.reshape(2, 6) ** 2 * np.arange(6.0))


def reshape_minus_one(x):
    y = x.reshape(-1)
    return np.sum(y * np.arange(y.size))


# ------------------------------------------------------ where / clip / max
def leaky_relu(x):
    return np.sum(np.where(x > 0, x, 0.1 * x))


def where_two_arrays(x, y):
    return np.sum(np.where(x > y, x * y, x + y))


def clip_func(x):
    return np.sum(np.clip(x, -1.0, 1.0) ** 2)


def clip_method(x):
    return np.sum(x.clip(-1.0, 1.0) * x)


def maximum_scalar(x):
    return np.sum(np.maximum(x, 0.0) ** 2)


def maximum_arrays(x, y):
    return np.sum(np.maximum(x, y) * np.minimum(x, y) + np.minimum(x, 0.5))


# ------------------------------------------------------------- subscripts
def index_1d(x):
    return x[0] * x[2] - x[-1]


def index_2d(m):
    return m[0, 1] * m[2, 3] + m[1][2]


def slice_1d(x):
    return np.sum(x[1:4] * x[:3])


def slice_2d(m):
    return np.sum(m[:, 0] * m[:, 1]) + np.sum(m[1:, 2:] ** 2)


def slice_step(x):
    return np.sum(x[::2]) * np.sum(x[1::2])


def row_index(m):
    return np.sum(m[1] ** 2) + np.sum(m[-1])


def int_arithmetic_index(x):
    n = x.shape[0]
    mid = n // 2
    return x[mid] * x[n % 3] + x[n - 1]


# ----------------------------------------------------- writes into locals
def write_zeros_loop(x):
    y = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        y[i] = x[i] * x[i]
    return np.sum(y * np.arange(5.0))


def write_augmented_loop(x):
    y = np.zeros(3)
    for i in range(x.shape[0]):
        y[i % 3] += np.sin(x[i])
    return np.sum(y ** 2)


def write_empty(x):
    n = len(x)
    y = np.empty(n)
    for i in range(n):
        y[i] = np.exp(x[i]) * (i + 1)
    return np.sum(y)


def write_zeros_like(x):
    y = np.zeros_like(x)
    y[0] = x[1] * 2.0
    y[1] = x[0] * x[2]
    y[2:] = x[2:] ** 2
    return np.sum(y * y)


def write_2d(m):
    out = np.zeros((m.shape[1], m.shape[0]))
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            out[j, i] = m[i, j] * (i - j)
    return np.sum(out ** 2)


def cumulative_sum(x):
    y = np.zeros(x.size)
    y[0] = x[0]
    for i in range(1, x.size):
        y[i] = y[i - 1] + x[i]
    return np.sum(y * y)


def overwrite_then_read(x):
    y = np.zeros(3)
    y[0] = x[0]
    y[0] = y[0] * y[0] + x[1]
    y[1] = y[0] * x[2]
    return y[1] + y[0]


def write_row(m):
    out = np.zeros((3, 4))
    for i in range(3):
        out[i] = np.tanh(m[i]) * i
    return np.sum(out * m)


def trace_loop(m):
    t = 0.0
    for i in range(m.shape[0]):
        t += m[i, i] ** 2
    return t


def rebind_array(x):
    x = x * 2.0
    x = x + np.sin(x)
    return np.sum(x)


# ------------------------------------------- non-differentiable pass-through
def argmax_index(x):
    i = np.argmax(x)
    return x[i] * 2.0 + np.sum(x)


def floor_factor(x):
    return np.sum(x * np.floor(x))


def comparison_mask(x):
    mask = x > 0
    return np.sum(x * mask)


def shape_size_len(m):
    rows, cols = m.shape
    return np.sum(m) * rows / m.size + len(m) * np.mean(m ** 2) * cols


def range_len_sum(x):
    s = 0.0
    for i in range(0, len(x), 2):
        s += x[i] ** 2
    return s

# ------------------------------------------------------------ more shapes
def power_with_param(x, p):
    return np.sum(x ** p)


def cube_at_zero(x):
    return np.sum(x ** 3 + np.power(x, 2))


def newaxis_outer(x, y):
    return np.sum(np.sin(x[:, None] * y[None, :]))


def reverse_slice(x):
    return np.sum(x * x[::-1] * np.arange(5.0))


def slice_write(x):
    y = np.zeros(6)
    y[1:3] = x[0:2] * 2.0
    y[3:] = np.exp(x[2:5])
    return np.sum(y * y)


def whole_array_augassign(x, w):
    y = np.zeros(4)
    y += x
    y *= w
    y -= x * x
    return np.sum(y * y)


def constant_arrays(m):
    a = np.eye(3) @ m
    b = np.ones(4) * m + np.full((3, 4), 2.0)
    return np.sum(a * b)


def norm_axis(m):
    return np.sum(np.linalg.norm(m, axis=1))


def sum_negative_and_tuple_axis(t):
    return np.sum(np.sum(t, axis=-1) ** 2) + np.sum(np.sum(t * t, axis=(0, 2)))


def ravel_flatten(m):
    return np.sum(m.ravel() * np.arange(12.0)) + np.sum(m.flatten() ** 2)


def mask_index(x):
    return np.sum(x[x > 0] ** 2)


def fancy_index(x):
    idx = np.array([0, 2, 3])
    return np.sum(x[idx] * np.array([1.0, 2.0, 3.0]))


def float_cast(x):
    return float(np.sum(x * x)) * 2.0


def ndim_and_min_shape(m):
    k = min(m.shape)
    return np.sum(m[:k, :k] ** 2) * m.ndim


def copy_then_write(x):
    y = x.copy()
    y[0] = 0.0
    return np.sum(y * x)


def same_arg_twice(x):
    return np.dot(x, x) + np.sum(np.outer(x, x))


def self_transpose_product(m):
    return np.sum(np.tanh(m @ m.T))


def helper_returning_array(w, x):
    h = x
    for _ in range(2):
        h = _affine(w, h)
    return np.sum(h ** 2)


def _affine(w, x):
    return np.tanh(w @ x + 1.0)


def mean_3d_axis1(t):
    return np.sum(np.mean(t, axis=1) ** 2)



# ----------------------------------------- in-place updates of local copies
def copy_by_multiply_then_write(x):
    y = x * 1.0
    y[0] = 0.0
    return np.sum(y * y)


def slice_read_write_same_array(x):
    y = x.copy()
    y[1:] = y[1:] * y[0]
    return np.sum(y * y)


def row_read_write_same_array(m):
    y = m.copy()
    y[0] = y[0] * y[1, 0]
    return np.sum(y * y)


def normalize_rows_in_place(m):
    y = m.copy()
    for i in range(y.shape[0]):
        y[i] = y[i] / np.sum(y[i])
    return np.sum(y * y * np.arange(4.0))


def slice_update_loop(x):
    y = x.copy()
    for i in range(1, 5):
        y[i:] = y[i:] * y[i - 1]
    return np.sum(y)



def prod_with_a_zero(x):
    return np.prod(x) + np.sum(np.prod(x.reshape(2, 2), axis=1))


def max_min_broadcast(c, r):
    return np.sum(np.maximum(c, r) ** 2 + np.minimum(c, r))


def transpose_with_axes(t):
    return np.sum(np.transpose(t, (1, 0, 2)) * np.arange(24.0).reshape(3, 2, 4))


def full_slice_write(x):
    y = np.zeros(5)
    y[:] = x * 2.0
    return np.sum(y ** 3)


def fancy_write(x):
    y = np.zeros(5)
    y[[0, 2]] = x[:2] * 3.0
    return np.sum(y * y)


def mask_write(x):
    y = x.copy()
    y[y < 0] = 0.0
    return np.sum(y * y)


def param_copy_write(x):
    x = x.copy()
    x[0] += 1.0
    return np.sum(x ** 2)


def center_columns(m):
    c = m - m.mean(axis=0, keepdims=True)
    return np.sum(c ** 2 * np.arange(4.0))


def standardize(x):
    return np.sum(((x - np.mean(x)) / np.std(x)) ** 3)



def global_alias_then_copy(y):
    x = V3
    x = x.copy()
    x[0] = 2.0
    if np.sum(y) > -10.0:
        x = x * (V3 * y)
    return np.sum(x * y)


def unused_array_arg(x, y):
    return np.sum(x * 2.0)


def array_arg_rebound(x, y):
    y = 2.0
    return np.sum(x * y)


def rebind_to_element(x):
    x = x[1] * 2.0
    return x * x


def arg_rebound_in_branch(x, y):
    if np.sum(x) > -10.0:
        y = np.mean(x)
    return np.sum(x * y)


CASES = [
    case(sum_of_squares, V4),
    case(sum_of_squares, M34, id="sum_of_squares_2d"),
    case(sum_method, M34),
    case(mean_method, M34),
    case(scalar_times_array, 1.7, V4, wrt=(0, 1)),
    case(broadcast_col_row, C31, R14, wrt=(0, 1)),
    case(broadcast_row_vector, M34, V4, wrt=(0, 1)),
    case(unary_minus_array, V4),
    case(division_arrays, V4, W4, wrt=(0, 1)),
    case(elementwise_funcs, POS),
    case(trig_funcs, M34),
    case(abs_array, AWAY),
    case(square_power, M34),
    case(power_array_exponent, POS, M34, wrt=(0, 1)),
    case(three_d, T234),
    case(sum_axis0, M34),
    case(sum_axis1, M34),
    case(sum_method_axis, M34),
    case(mean_axis, M34),
    case(max_min_all, M34),
    case(max_axis, M34),
    case(method_max_min, M34),
    case(prod_all, AWAY),
    case(prod_axis, M34),
    case(keepdims_softmax, M34),
    case(logsumexp, V4),
    case(dot_1d_1d, V4, W4, wrt=(0, 1)),
    case(dot_2d_1d, M34, V4, wrt=(0, 1)),
    case(dot_1d_2d, V3, M34, wrt=(0, 1)),
    case(dot_2d_2d, M34, M43, wrt=(0, 1)),
    case(matmul_func, M34, M43, wrt=(0, 1)),
    case(matmul_op_2d_2d, M43, M34, wrt=(0, 1)),
    case(matmul_op_2d_1d, M34, V4, wrt=(0, 1)),
    case(matmul_op_1d_2d, V3, M34, wrt=(0, 1)),
    case(matmul_op_1d_1d, V4, W4, wrt=(0, 1)),
    case(quadratic_form, V3, M33, wrt=(0, 1)),
    case(dot_method, V4, W4, wrt=(0, 1)),
    case(outer_product, V3, V4, wrt=(0, 1)),
    case(transpose_func, M34),
    case(transpose_attr, M34),
    case(transpose_method, M34, V3, wrt=(0, 1)),
    case(gram, M43),
    case(norm_vector, V4),
    case(norm_matrix, M34),
    case(norm_of_difference, V4, W4, wrt=(0, 1)),
    case(least_squares, V3, M43, V4, wrt=(0, 1, 2)),
    case(logistic_loss, Y2[0], Y2, LABELS, wrt=(0, 1)),
    case(mlp, M43, V3, M34, wrt=(0, 1, 2)),
    case(reshape_func, M34),
    case(reshape_method, M34),
    case(reshape_minus_one, T234),
    case(leaky_relu, AWAY),
    case(where_two_arrays, V4, W4, wrt=(0, 1)),
    case(clip_func, 1.5 * M34),
    case(clip_method, 1.5 * M34),
    case(maximum_scalar, AWAY),
    case(maximum_arrays, V4, W4, wrt=(0, 1)),
    case(index_1d, V4),
    case(index_2d, M34),
    case(slice_1d, AWAY),
    case(slice_2d, M34),
    case(slice_step, AWAY),
    case(row_index, M34),
    case(int_arithmetic_index, AWAY),
    case(write_zeros_loop, AWAY),
    case(write_augmented_loop, AWAY),
    case(write_empty, AWAY),
    case(write_zeros_like, AWAY),
    case(write_2d, M34),
    case(cumulative_sum, AWAY),
    case(overwrite_then_read, V3),
    case(write_row, M34),
    case(trace_loop, M33),
    case(rebind_array, M34),
    case(argmax_index, AWAY),
    case(floor_factor, 2.0 * AWAY),
    case(comparison_mask, AWAY),
    case(shape_size_len, M34),
    case(range_len_sum, AWAY),
    case(power_with_param, AWAY, 3.0, id="power_with_param_negative_base"),
    case(cube_at_zero, np.array([0.0, 1.0, -2.0])),
    case(newaxis_outer, V3, V4, wrt=(0, 1)),
    case(reverse_slice, AWAY),
    case(slice_write, AWAY),
    case(whole_array_augassign, V4, W4, wrt=(0, 1)),
    case(constant_arrays, M34),
    case(norm_axis, M34),
    case(sum_negative_and_tuple_axis, T234),
    case(ravel_flatten, M34),
    case(mask_index, AWAY),
    case(fancy_index, AWAY),
    case(float_cast, AWAY),
    case(ndim_and_min_shape, M34),
    case(copy_then_write, AWAY),
    case(same_arg_twice, V4),
    case(self_transpose_product, M34),
    case(helper_returning_array, 0.5 * M33, V3, wrt=(0, 1)),
    case(mean_3d_axis1, T234),
    case(copy_by_multiply_then_write, AWAY),
    case(slice_read_write_same_array, AWAY),
    case(row_read_write_same_array, M34),
    case(normalize_rows_in_place, POS),
    case(slice_update_loop, 0.5 * AWAY),
    case(prod_with_a_zero, np.array([0.0, 2.0, -1.5, 3.0])),
    case(max_min_broadcast, C31, R14, wrt=(0, 1)),
    case(transpose_with_axes, T234),
    case(full_slice_write, AWAY),
    case(fancy_write, AWAY),
    case(mask_write, AWAY),
    case(param_copy_write, AWAY),
    case(center_columns, M34),
    case(standardize, AWAY),
    case(global_alias_then_copy, np.array([0.52, 0.14, 0.45])),
    case(unused_array_arg, V4, W4, wrt=(0, 1)),
    case(array_arg_rebound, V4, W4, wrt=(0, 1)),
    case(rebind_to_element, V4),
]


@pytest.mark.parametrize("f, args, wrt", CASES)
def test_corpus_arrays(f, args, wrt, corpus_jit):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]  # shared data
    check_grad(f, *args, wrt=wrt, jit=corpus_jit)


JIT_CASES = [c for c in CASES if c.id in {
    "sum_of_squares", "broadcast_col_row", "dot_2d_1d", "matmul_op_2d_2d", "least_squares",
    "logistic_loss", "write_zeros_loop", "cumulative_sum", "max_axis", "leaky_relu"}]


@pytest.mark.jit
@pytest.mark.parametrize("f, args, wrt", JIT_CASES)
def test_corpus_arrays_jit(f, args, wrt):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    check_grad(f, *args, wrt=wrt, jit=True)


# ------------------------------------------------------------------- vjp
def twice_square(x):
    return 2 * x * x


def linear_layer(w, x):
    return np.tanh(x @ w)


def elementwise_pair(x, y):
    return x * np.sin(y)


def scale_vector(a, x):
    return a * np.exp(x)


def rows_normalized(m):
    return m / np.linalg.norm(m, axis=1, keepdims=True)


VJP_CASES = [
    pytest.param(twice_square, (M34,), 0, id="twice_square"),
    pytest.param(linear_layer, (M43, M34), (0, 1), id="linear_layer"),
    pytest.param(elementwise_pair, (V4, W4), (0, 1), id="elementwise_pair"),
    pytest.param(scale_vector, (1.3, V4), (0, 1), id="scale_vector_scalar_wrt"),
    pytest.param(rows_normalized, (M34,), 0, id="rows_normalized"),
]


@pytest.mark.parametrize("f, args, wrt", VJP_CASES)
def test_corpus_vjp(f, args, wrt):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    out = f(*args)
    dout = np.random.default_rng(7).normal(size=np.shape(out))
    check_vjp(f, *args, dout=dout, wrt=wrt)


def test_seed_vjp_two_x_squared():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(s2sad.grad(sum_twice_square)(x), 4 * x)
    head = np.array([[10.0, 1.0], [0.1, 0.01]])
    np.testing.assert_allclose(s2sad.vjp(twice_square)(x, head), [[40, 8], [1.2, 0.16]],
                               rtol=1e-12)


def sum_twice_square(x):
    return np.sum(twice_square(x))


def test_vjp_head_transposed_view():
    head = np.random.default_rng(8).normal(size=(4, 3)).T      # non-contiguous
    check_vjp(twice_square, M34, dout=head)


def test_vjp_head_not_modified_and_multiple_wrt():
    head = np.ones((3, 3))
    saved = head.copy()
    gw, gx = s2sad.vjp(linear_layer, wrt=(0, 1))(M43, M34, head)
    np.testing.assert_array_equal(head, saved)
    assert gw.shape == M43.shape and gx.shape == M34.shape


def test_value_and_grad_array():
    value, (gw, ga) = s2sad.value_and_grad(least_squares, wrt=("w", "a"))(V3, M43, V4)
    assert value == pytest.approx(least_squares(V3, M43, V4), rel=1e-14)
    r = M43 @ V3 - V4
    np.testing.assert_allclose(gw, M43.T @ r, rtol=1e-10)
    np.testing.assert_allclose(ga, np.outer(r, V3), rtol=1e-10)


def test_non_scalar_output_error_points_to_vjp():
    with pytest.raises(s2sad.NonScalarOutputError, match="vjp"):
        s2sad.grad(twice_square)(M34)


# ----------------------------------------------------- 2-layer sigmoid net
def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def two_layer_loss(w1, w2, x, t):
    h = _sig(w1 @ x)
    o = _sig(w2 @ h)
    return np.mean((o - t) ** 2)


def test_seed_two_layer_sigmoid_net():
    x = np.array([1.0])
    w1 = np.array([[1.0], [2.0]])
    w2 = np.array([[3.0, 4.0], [5.0, 6.0]])
    t = np.array([1.0, 0.0])
    value, (g1, g2) = s2sad.value_and_grad(two_layer_loss, wrt=(0, 1))(w1, w2, x, t)
    assert value == pytest.approx(0.49987, abs=1e-4)
    # by hand: chain rule with sigma' = sigma * (1 - sigma)
    h = 1.0 / (1.0 + np.exp(-(w1 @ x)))
    o = 1.0 / (1.0 + np.exp(-(w2 @ h)))
    d_o = 2.0 * (o - t) / o.size
    d_z2 = d_o * o * (1.0 - o)
    d_w2 = np.outer(d_z2, h)
    d_z1 = (w2.T @ d_z2) * h * (1.0 - h)
    d_w1 = np.outer(d_z1, x)
    np.testing.assert_allclose(g1, d_w1, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(g2, d_w2, rtol=1e-10, atol=1e-15)
    check_grad(two_layer_loss, w1, w2, x, t, wrt=(0, 1))


# ------------------------------------------------------ caller arrays safe
def local_write(x):
    y = np.zeros(x.shape)
    y[0] = x[0] * 3.0
    y[1] = y[0] * x[1]
    return np.sum(y)


def rebind_times_two(x):
    x = x * 2
    x[0] = 1.0
    return np.sum(x * x)


@pytest.mark.parametrize("f", [local_write, rebind_times_two, rebind_array, write_zeros_like])
def test_caller_arrays_unchanged(f):
    x = np.array([0.5, -1.5, 2.5, 3.5, -0.25])
    before = x.copy()
    s2sad.grad(f)(x)
    s2sad.value_and_grad(f)(x)
    np.testing.assert_array_equal(x, before)


def test_source_deterministic_arrays():
    for f in (write_2d, least_squares, keepdims_softmax):
        assert s2sad.grad(f).source == s2sad.grad(f).source


def test_against_autograd_arrays():
    pytest.importorskip("autograd")
    import autograd.numpy as anp

    def ag_logistic(w, x, t):
        p = 1.0 / (1.0 + anp.exp(-(x @ w)))
        return -anp.mean(t * anp.log(p) + (1.0 - t) * anp.log(1.0 - p))

    check_grad(logistic_loss, Y2[0], Y2, LABELS, wrt=(0, 1), reference=ag_logistic)


def test_one_gradient_object_many_shapes():
    g = s2sad.grad(sum_of_squares)
    np.testing.assert_allclose(g(V4), 2 * V4)
    np.testing.assert_allclose(g(M34), 2 * M34)
    np.testing.assert_allclose(g(T234), 2 * T234)
    assert g(1.5) == pytest.approx(3.0)


def add_then_sum(x, y):
    return np.sum(x + y)


def identity(x):
    return x


def test_gradients_do_not_alias():
    """Gradients must be fresh arrays: a user updating one in place (``gx += ...``)
    must not change another gradient, an argument or the head gradient."""
    x, y = V4.copy(), W4.copy()
    gx, gy = s2sad.grad(add_then_sum, wrt=(0, 1))(x, y)
    assert not np.shares_memory(gx, gy)
    for g in (gx, gy):
        assert not np.shares_memory(g, x) and not np.shares_memory(g, y)
    head = np.ones(4)
    v = s2sad.vjp(identity)(x, head)
    assert not np.shares_memory(v, head) and not np.shares_memory(v, x)


@pytest.mark.jit
def test_vjp_and_value_and_grad_jit():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    head = np.array([[10.0, 1.0], [0.1, 0.01]])
    np.testing.assert_allclose(s2sad.vjp(twice_square, jit=True)(x, head), [[40, 8], [1.2, 0.16]],
                               rtol=1e-12)
    value, (gw, ga) = s2sad.value_and_grad(least_squares, wrt=(0, 1), jit=True)(V3, M43, V4)
    assert value == pytest.approx(least_squares(V3, M43, V4), rel=1e-12)
    np.testing.assert_allclose(gw, M43.T @ (M43 @ V3 - V4), rtol=1e-10)
