"""Corpus, part 2: control flow, helper functions, tuple unpacking.

Every case is checked with ``check_grad`` against finite differences; points
are chosen away from branch switches and loop trip-count changes.
"""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp


def case(f, *args, wrt=0, id=None):
    return pytest.param(f, args, wrt, id=id or f.__name__)


# ----------------------------------------------------------------- helpers
def _square(a):
    return a * a


def _sum_of_squares(a, b):
    return _square(a) + _square(b)


def _relu_ish(a):
    if a < 0.0:
        return 0.1 * a
    return a


def _polar(x, y):
    r = np.sqrt(x * x + y * y)
    t = np.arctan(y / x)
    return r, t


def _scale(a, k=2.0):
    return k * a


def _term(x, i):
    return x ** i / math.factorial(i)


# --------------------------------------------------------------- branches
def if_else(x):
    if x > 0:
        y = x * x
    else:
        y = -3.0 * x
    return y


def if_elif_else(x, y):
    if x > 1.0:
        z = x * y
    elif x > 0.0:
        z = x + y * y
    else:
        z = np.sin(x) * y
    return z


def if_no_else(x):
    y = x
    if x > 1.0:
        y = y * 3.0
    return y + x


def cond_expr(x):
    return x * x if x > 0 else 2.0 * x


def cond_expr_assign(x, y):
    z = np.exp(x) if x < y else np.exp(y)
    return z * y


def bool_ops(x, y):
    if x > 0 and y > 0:
        return x * y
    elif x > 0 or y > 0:
        return x + y
    return x - y


def not_condition(x):
    if not x > 2.0:
        x = x * x
    return x


def nested_if(x, y):
    if x > 0:
        if y > 0:
            z = x * y
        else:
            z = x - y
    else:
        z = y * y
    return z


def return_in_branch(x):
    if x > 1.0:
        return x * x
    return x * 3.0


# ------------------------------------------------------------------ loops
def while_data_dependent(x):
    while x < 100.0:
        x = x * 2.0
    return x


def while_counter(x):
    i = 0
    s = 0.0
    while i < 5:
        s = s + x ** i
        i += 1
    return s


def while_break(x):
    y = x
    while True:
        y = y * 1.5 + 0.1
        if y > 20.0:
            break
    return y


def for_range(x):
    s = 0.0
    for i in range(5):
        s = s + x * i
    return s


def for_range_product(x):
    p = 1.0
    for i in range(4):
        p = p * (x + i)
    return p


def for_range_start_stop_step(x):
    s = 0.0
    for i in range(1, 10, 3):
        s += np.sin(x * i)
    return s


def for_break(x):
    for i in range(10):
        x = x * 1.1
        if x > 5.0:
            break
    return x


def for_continue(x):
    s = 0.0
    for i in range(6):
        if i % 2 == 0:
            continue
        s += x ** i
    return s


def nested_loops(x, y):
    s = 0.0
    for i in range(3):
        for j in range(4):
            s += x * i + y * j * x
    return s


def nested_loop_dependent_bound(x):
    s = 0.0
    for i in range(4):
        for j in range(i):
            s = s + np.cos(x * j) * i
    return s


def return_in_loop(x, y):
    for i in range(10):
        x = x * 2.0
        if x > 10.0:
            return x * y
    return x


def loop_with_branch(x, y):
    s = 0.0
    for i in range(5):
        if i < 2:
            s += x * i
        else:
            s -= y * x
    return s


def iterated_map(x):
    for _ in range(8):
        x = np.sin(x) + 0.5 * x
    return x


def newton_sqrt(x):
    y = x
    for _ in range(20):
        y = 0.5 * (y + x / y)
    return y


def taylor_exp(x):
    s = 0.0
    for i in range(12):
        s += _term(x, i)
    return s


def recurrence_unpack(x, y):
    a, b = x, y
    for _ in range(5):
        a, b = b, a + 0.5 * b
    return a * b


def loop_pass(x):
    s = x
    for i in range(3):
        pass
    return s * s


def loop_over_rows(a):
    s = 0.0
    for row in a:
        s = s + np.sum(row * row)
    return s


def loop_over_elements(x):
    s = 0.0
    for v in x:
        s += np.sin(v) * v
    return s


def loop_range_len(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] * (i + 1)
    return s


def loop_enumerate(x):
    s = 0.0
    for i, v in enumerate(x):
        s += i * v * v
    return s


def loop_zip(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s += a * b
    return s


def while_norm_array(b):
    while np.sum(b * b) < 100.0:
        b = b * 1.5
    return np.sum(b)


def rnn(h, w):
    for _ in range(3):
        h = np.tanh(w @ h)
    return np.sum(h)


def mxnet_control(a):
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    if np.sum(b) > 0:
        c = b
    else:
        c = 100 * b
    return c


# ----------------------------------------------------- helpers & unpacking
def call_helper(x, y):
    return _square(x) + _square(y)


def helper_calls_helper(x, y):
    return _sum_of_squares(x * y, x + y)


def helper_early_return(x):
    return _relu_ish(x) * 2.0 + _relu_ish(x - 3.0)


def helper_tuple(x, y):
    r, t = _polar(x, y)
    return r * t


def helper_keyword(x):
    return _scale(x) + _scale(x, k=3.0) + _scale(x, 0.5)


def helper_in_loop(x):
    s = 0.0
    for i in range(4):
        s = s + _square(x * i)
    return s


def helper_result_reused(x):
    a = _square(x)
    return _square(a) + a


def tuple_unpacking(x, y):
    a, b = x * y, x + y
    return a * b


def swap(x, y):
    a, b = x, y
    a, b = b, a
    return a * a * b


def tuple_return_then_index(x, y):
    t = _polar(x, y)
    return t[0] + 2.0 * t[1]


def augmented_everything(x, y):
    s = 1.0
    for i in range(3):
        s += x
        s *= y
        s -= 0.5 * x
        s /= 1.0 + y * y
    return s


# ------------------------------------------------------------ more shapes
def int_accumulator(x):
    s = 0
    for i in range(4):
        s = s + x * i
    return s


def chained_comparison(x):
    if 0.0 < x < 1.0:
        return x * x
    return 2.0 * x


def while_all(b):
    while np.all(np.abs(b) < 10.0):
        b = b * 1.7
    return np.sum(b * b)


def shape_branch(x):
    if x.shape[0] > 2:
        return np.sum(x[:2] ** 2)
    return np.sum(x)


def loop_tape_array(x):
    for _ in range(3):
        x = x * x + 0.1
    return np.sum(x)


def break_inner_only(x, y):
    s = 0.0
    for i in range(3):
        for j in range(5):
            if j > i:
                break
            s = s + x ** j * y
    return s


def while_continue_break(x):
    i = 0
    s = 0.0
    while True:
        i += 1
        if i % 2 == 0:
            continue
        if i > 7:
            break
        s = s + np.sin(x * i)
    return s


def return_in_nested_loop(x):
    for i in range(4):
        for j in range(4):
            x = x + 0.1 * x * j
            if x > 3.0:
                return x * i
    return x


def _loop_helper(x, n):
    s = x
    for _ in range(n):
        s = s * x
    return s


def helper_with_loop(x):
    return _loop_helper(x, 3) + _loop_helper(x, 1)


def loop_var_after_loop(x):
    for i in range(3):
        pass
    return x * i


def zero_trip_for(x):
    for i in range(0):
        x = x * 2.0
    return x * x


def elif_in_loop(x):
    s = 0.0
    for i in range(4):
        if i == 0:
            s = s + x
        elif i == 1:
            s = s * x
        else:
            s = s - np.cos(x) * i
    return s


def list_append_then_array(x):
    vals = []
    for i in range(3):
        vals.append(x * i)
    return np.sum(np.array(vals) ** 2)


def int_trip_count(x):
    n = int(np.floor(x * 3.0))
    s = x
    for i in range(n):
        s = s * 1.1
    return s


def reversed_range(x):
    s = 0.0
    for i in reversed(range(len(x))):
        s = s * 0.5 + x[i]
    return s * s


def successive_differences(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += (x[i + 1] - x[i]) ** 2
    return s


def _rotate(a, b):
    return 0.8 * a - 0.6 * b, 0.6 * a + 0.8 * b


def tuple_helper_in_loop(x, y):
    for _ in range(3):
        x, y = _rotate(x, y)
    return x * y + x


def rows_with_break(m):
    s = 0.0
    for row in m:
        if np.sum(row) > 1.5:
            break
        s = s + np.sum(np.exp(row))
    return s


def running_max(x):
    best = x[0]
    for i in range(1, len(x)):
        if x[i] > best:
            best = x[i]
    return best * best


def chained_assignment(x):
    a = b = x * 2.0
    return a * b + a


def fixed_point_iteration(a):
    y = 1.0
    y_old = 0.0
    while abs(y - y_old) > 1e-13:
        y_old = y
        y = np.cos(a * y)
    return y


def alternating_series(x):
    s = 0.0
    for i in range(6):
        s = s + (-1) ** i * x ** i / (i + 1)
    return s


def name_reused_with_other_shape(y):
    t = np.mean(y)
    s = 0.0
    for i in range(2):
        s = s + t
    t = np.ones(3) * 2.0
    return s + np.sum(t)


def name_reused_in_branch(y):
    t = np.mean(y)
    s = 0.0
    for i in range(2):
        s = s + t
    if s > -10.0:
        t = np.ones(3) * 2.0
    return s


CASES = [
    case(if_else, 1.3, id="if_else_true"),
    case(if_else, -1.3, id="if_else_false"),
    case(if_elif_else, 1.5, 0.7, wrt=(0, 1), id="if_elif_else_1"),
    case(if_elif_else, 0.5, 0.7, wrt=(0, 1), id="if_elif_else_2"),
    case(if_elif_else, -0.5, 0.7, wrt=(0, 1), id="if_elif_else_3"),
    case(if_no_else, 1.5, id="if_no_else_taken"),
    case(if_no_else, 0.5, id="if_no_else_skipped"),
    case(cond_expr, 0.8, id="cond_expr_true"),
    case(cond_expr, -0.8, id="cond_expr_false"),
    case(cond_expr_assign, 0.3, 0.9, wrt=(0, 1)),
    case(bool_ops, 0.3, 0.9, wrt=(0, 1), id="bool_ops_and"),
    case(bool_ops, -0.3, 0.9, wrt=(0, 1), id="bool_ops_or"),
    case(not_condition, 1.2),
    case(nested_if, -0.4, 0.6, wrt=(0, 1), id="nested_if_outer_else"),
    case(nested_if, 0.4, -0.6, wrt=(0, 1), id="nested_if_inner_else"),
    case(return_in_branch, 1.7, id="return_in_branch_taken"),
    case(return_in_branch, 0.7, id="return_in_branch_fallthrough"),
    case(while_data_dependent, 0.7, id="while_data_dependent_8_trips"),
    case(while_data_dependent, 30.0, id="while_data_dependent_2_trips"),
    case(while_counter, 0.9),
    case(while_break, 0.8),
    case(for_range, 0.9),
    case(for_range_product, 0.4),
    case(for_range_start_stop_step, 0.3),
    case(for_break, 3.0, id="for_break_taken"),
    case(for_break, 1.3, id="for_break_not_taken"),
    case(for_continue, 0.8),
    case(nested_loops, 0.8, -0.3, wrt=(0, 1)),
    case(nested_loop_dependent_bound, 0.8),
    case(return_in_loop, 0.7, 1.4, wrt=(0, 1), id="return_in_loop_early"),
    case(return_in_loop, 0.001, 1.4, wrt=(0, 1), id="return_in_loop_fallthrough"),
    case(loop_with_branch, 0.7, 1.4, wrt=(0, 1)),
    case(iterated_map, 0.7),
    case(newton_sqrt, 2.0),
    case(taylor_exp, 0.7),
    case(recurrence_unpack, 0.7, 1.4, wrt=(0, 1)),
    case(loop_pass, 0.7),
    case(loop_over_rows, np.random.default_rng(0).normal(size=(4, 3))),
    case(loop_over_elements, np.random.default_rng(1).normal(size=5)),
    case(loop_range_len, np.random.default_rng(2).normal(size=5)),
    case(loop_enumerate, np.random.default_rng(3).normal(size=5)),
    case(loop_zip, *np.random.default_rng(4).normal(size=(2, 5)), wrt=(0, 1)),
    case(while_norm_array, np.array([0.3, -0.2, 0.5])),
    case(rnn, np.random.default_rng(5).normal(size=3),
         0.8 * np.random.default_rng(6).normal(size=(3, 3)), wrt=(0, 1)),
    case(call_helper, 0.7, -1.1, wrt=(0, 1)),
    case(helper_calls_helper, 0.7, -1.1, wrt=(0, 1)),
    case(helper_early_return, 1.1, id="helper_early_return_mixed"),
    case(helper_early_return, -1.1, id="helper_early_return_both"),
    case(helper_tuple, 0.7, 1.1, wrt=(0, 1)),
    case(helper_keyword, 0.7),
    case(helper_in_loop, 0.7),
    case(helper_result_reused, 0.7),
    case(tuple_unpacking, 0.7, 1.1, wrt=(0, 1)),
    case(swap, 0.7, 1.1, wrt=(0, 1)),
    case(tuple_return_then_index, 0.7, 1.1, wrt=(0, 1)),
    case(augmented_everything, 0.7, 1.1, wrt=(0, 1)),
    case(while_data_dependent, 150.0, id="while_data_dependent_0_trips"),
    case(int_accumulator, 0.7),
    case(chained_comparison, 0.5, id="chained_comparison_true"),
    case(chained_comparison, 1.5, id="chained_comparison_false"),
    case(while_all, np.array([0.3, -0.2, 0.5])),
    case(shape_branch, np.array([0.3, -0.2, 0.5]), id="shape_branch_long"),
    case(shape_branch, np.array([0.3, -0.2]), id="shape_branch_short"),
    case(loop_tape_array, np.array([0.3, -0.2, 0.5])),
    case(break_inner_only, 0.7, 1.3, wrt=(0, 1)),
    case(while_continue_break, 0.7),
    case(return_in_nested_loop, 1.2, id="return_in_nested_loop_early"),
    case(return_in_nested_loop, 0.2, id="return_in_nested_loop_fallthrough"),
    case(helper_with_loop, 0.7),
    case(loop_var_after_loop, 0.7),
    case(zero_trip_for, 0.7),
    case(elif_in_loop, 0.7),
    case(list_append_then_array, 0.7),
    case(int_trip_count, 1.7),
    case(chained_assignment, 0.7),
    case(alternating_series, 0.7),
    case(name_reused_with_other_shape, np.array([0.52, 0.14, 0.45, 0.3])),
    case(fixed_point_iteration, 0.9),
    case(reversed_range, np.array([0.3, -0.5, 0.8, 1.1])),
    case(successive_differences, np.array([0.3, -0.5, 0.8, 1.1])),
    case(tuple_helper_in_loop, 0.7, 1.2, wrt=(0, 1)),
    case(rows_with_break, np.array([[0.1, 0.2], [0.3, 0.4], [1.0, 1.0], [0.1, 0.1]])),
    case(running_max, np.array([0.3, -0.5, 0.8, 1.1, 0.2])),
]


@pytest.mark.parametrize("f, args, wrt", CASES)
def test_corpus_control(f, args, wrt, corpus_jit):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]  # shared data
    check_grad(f, *args, wrt=wrt, jit=corpus_jit)


# ------------------------------------------------------- acceptance numbers
def test_seed_mxnet_control_flow():
    a = np.random.default_rng(0).normal(size=3)
    c = mxnet_control(a)
    g = s2sad.vjp(mxnet_control)(a, np.ones(3))
    np.testing.assert_allclose(g, c / a, rtol=1e-12)
    check_vjp(mxnet_control, a, dout=np.ones(3))


def test_seed_mxnet_control_flow_negative_branch():
    a = -np.abs(np.random.default_rng(1).normal(size=3))
    c = mxnet_control(a)
    assert np.sum(c) < 0
    g = s2sad.vjp(mxnet_control)(a, np.ones(3))
    np.testing.assert_allclose(g, c / a, rtol=1e-12)


def test_branch_source_deterministic():
    assert s2sad.grad(helper_calls_helper).source == s2sad.grad(helper_calls_helper).source
    assert s2sad.grad(return_in_loop).source == s2sad.grad(return_in_loop).source


def test_gradient_object_reusable():
    g = s2sad.grad(return_in_loop, wrt=(0, 1))
    first = g(0.7, 1.4)
    g(0.001, 1.4)
    assert g(0.7, 1.4) == first
    assert s2sad.grad(return_in_loop, wrt=(0, 1))(0.001, 1.4) == g(0.001, 1.4)
