"""The adjoint of a number is a number no other adjoint shares; a 0-d array is told from a number.

NumPy returns a 0-d *array* (mutable in place) for many calls on a number (``np.where``,
``np.roll``, ``np.asarray``, ``np.reshape(x, ())`` of a float), a number for others (ufuncs,
reductions, ``np.flip``), and for some either, by the argument's Python type (``np.transpose``
of a float is a new 0-d array, of an ``np.float64`` the number itself). Two invariants:

* reverse sweep (transforms/accumulate.py): a number's adjoint is never added to in place, so a
  rule that hands it a 0-d array another adjoint holds too cannot change that other adjoint
  (``b_t = b_u; b_t += ...`` changed ``b_u``: silently wrong gradients of np.where, np.reshape,
  np.squeeze, np.median ... of numbers);
* primal (analyses/alias_flow.py): ``w = u; w += v`` changes ``u`` when ``u`` is a 0-d array and
  not when it is a number; s2sad follows it where the kind is certain and refuses (located)
  where it depends on the argument's type or the branch taken.

Each function is checked against central differences with jit=False and jit=True (a sample),
with float, np.float64 and 0-d array arguments, reverse and forward.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


# ---- a rule's result on a number flows to t, which gets another contribution afterwards
def where_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.where(t > 0.1, t, 2.0 * t)


def reshape_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.reshape(t, ())


def squeeze_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.squeeze(t)


def median_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.median(t)


def asarray_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.asarray(t)


def transpose_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.transpose(t)


def ravel_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.ravel(t)[0]


def cumsum_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.cumsum(t)[0]


def item_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.asarray(t).item()


def roll_shared(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.roll(t, 1)     # (a shift computed from the inputs is a whole number: refused, test_discrete_arguments)


def where_loop(x, y):
    t = x
    for i in range(3):
        t = t + 0.5 * np.where(t > 0.1, t, y * t)
    return t * t


def clip_aug(x, y):
    t = x * 1.0
    u = np.clip(t, y - 1.0, y)
    t += u
    t *= y
    return t + u


def copy_aug(x, y):
    t = x * 1.0
    u = np.copy(t)
    t += u
    t *= y
    return t + u


SHARED = [where_shared, reshape_shared, squeeze_shared, median_shared, asarray_shared, transpose_shared,
          ravel_shared, cumsum_shared, item_shared, roll_shared, where_loop, clip_aug, copy_aug]
POINTS = [(0.37, 0.8), (-0.61, 1.3)]


@pytest.mark.parametrize("f", SHARED, ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", [float, np.float64, np.array, int], ids=["float", "float64", "0d", "int"])
def test_rule_on_a_number_then_updated_reverse(f, kind):
    for x, y in POINTS if kind is not int else [(2, 0.8), (-1, 1.3)]:
        check_grad(f, kind(x), y, wrt=(0, 1), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f", SHARED, ids=lambda f: f.__name__)
def test_rule_on_a_number_then_updated_forward(f):
    for x, y in POINTS:
        check_jvp(f, x, y, tangent=(0.7, -0.3), wrt=(0, 1), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f", [where_shared, asarray_shared, where_loop, copy_aug],
                         ids=lambda f: f.__name__)
def test_rule_on_a_number_then_updated_jit(f):
    for x, y in POINTS:
        check_grad(f, x, y, wrt=(0, 1), jit=True, rtol=1e-5, atol=1e-7)


def test_the_gradient_of_a_float_is_a_float():
    g = s2sad.grad(where_shared, wrt=(0, 1))(0.37, 0.8)
    assert all(type(v) is float or isinstance(v, np.floating) for v in g), [type(v) for v in g]


# ---- the primal: `w = u; w += v` where u may be a 0-d array
def roll_then_alias(x, y):
    t = x * y
    u = np.roll(t, 1)        # a 0-d array for a number: w += t changes u too
    w = u
    w += t
    return w * u


def flip_then_alias(x, y):
    t = x * y
    u = np.flip(t)           # a number for a number: w += t rebinds w only
    w = u
    w += t
    return w * u


def transpose_then_alias(x, y):
    u = np.transpose(x)      # a new 0-d array for a float, x itself for an np.float64
    w = u
    w += y
    return w * u


def max_of_a_0d_array(x, y):
    u = np.copy(x)
    v = max(u, y)            # u itself when u >= y
    v += y
    return v * u


def roll_in_one_branch(x, y):
    t = x * y
    if y > 0.0:
        u = np.roll(t, 1)
    else:
        u = t
    w = u
    w += t
    return w * u


@pytest.mark.parametrize("f", [roll_then_alias, flip_then_alias], ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_write_through_a_0d_array_or_a_number_is_followed(f, jit):
    for x, y in POINTS:
        check_grad(f, x, y, wrt=(0, 1), jit=jit)
        check_grad(f, np.float64(x), y, wrt=(0, 1), jit=jit)


@pytest.mark.parametrize("f, line", [(transpose_then_alias, "w += y"), (max_of_a_0d_array, "v += y"),
                                     (roll_in_one_branch, "w += t")], ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("x", [0.37, np.float64(0.37)], ids=["float", "float64"])
def test_write_through_what_may_be_either_is_refused_located(f, line, x):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f, wrt=(0, 1))(x, 0.1)
    message = str(info.value)
    assert __file__ in message and line in message and "may share its memory" in message


def alias_of_a_parameter(x, y):
    w = x
    w += y
    return w * x


@pytest.mark.parametrize("jit", [False, True])
def test_a_0d_array_argument_is_refused_and_never_modified(jit):
    check_grad(alias_of_a_parameter, 0.37, 0.8, wrt=(0, 1), jit=jit)     # a number: rebound
    x = np.array(0.37)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="may share its memory"):
        s2sad.grad(alias_of_a_parameter, wrt=(0, 1), jit=jit)(x, 0.8)
    assert x == 0.37


def head_twice(x, y):
    t = x * y
    return t + x


@pytest.mark.parametrize("jit", [False, True])
def test_a_0d_head_gradient_is_never_modified(jit):
    dout = np.array(2.0)
    gx, gy = s2sad.vjp(head_twice, wrt=(0, 1), jit=jit)(0.3, 0.5, dout)
    assert dout == 2.0 and gx == pytest.approx(3.0) and gy == pytest.approx(0.6)


# ---- list(name) of a name proven a list, tuple or array: the comprehension Python's list is
def list_of_a_list(x):
    xs = [x, 2.0 * x]
    ys = list(xs)
    return ys[0] * ys[1]


def list_of_a_tuple_then_append(x):
    t = (x[0], x[1] * 2.0)
    ys = list(t)
    ys.append(x[2])
    return ys[0] * ys[1] * ys[2]


def list_copy_written(x):
    xs = [x, 2.0 * x]
    ys = list(xs)
    ys[0] = ys[0] * 3.0
    return ys[0] + ys[1] * xs[0]


def list_of_an_array(x):
    a = np.sin(x) * x
    rows = list(a)
    rows[1] = rows[1] * rows[0]
    return rows[1] + np.sum(a)


def list_of_a_range(x):
    total = 0.0
    for i in list(range(3)):
        total = total + x[i] ** 2
    return total


def list_of_a_parameter(x):
    ys = list(x)             # an array argument: the build knows it is one (hunt51)
    return ys[0] * ys[1]


LIST_FUNCS = [(list_of_a_list, 0.5), (list_of_a_tuple_then_append, None), (list_copy_written, 0.7),
              (list_of_an_array, None), (list_of_a_range, None), (list_of_a_parameter, None)]


@pytest.mark.parametrize("f, x", LIST_FUNCS, ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("jit", [False, True])
def test_list_of_a_proven_sequence_is_differentiated(f, x, jit):
    x = np.array([0.5, 1.5, -0.7]) if x is None else x
    check_grad(f, x, jit=jit)


def list_of_a_rebound_parameter(x):
    if x[0] > 0:
        x = x[::-1]
    ys = list(x)
    return ys[0] * ys[1]


def list_of_a_dict(x):
    d = {"a": x, "b": 2.0 * x}
    keys = list(d)           # its keys (transforms/dict_loops.py): read by position, not constants
    return d[keys[0]] * d[keys[1]]


@pytest.mark.parametrize("f, says", [(list_of_a_rebound_parameter, "list("), (list_of_a_dict, "d[keys[0]]")],
                         ids=lambda v: getattr(v, "__name__", None))
def test_list_of_what_may_be_a_dict_or_iterator_stays_refused_located(f, says):
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(np.array([0.5, 1.5, -0.7]))
    assert __file__ in str(info.value) and says in str(info.value)


def item_of_a_list_holding_a_0d_array(x, y):
    xs = [np.copy(x), y]
    u = xs[0]                # the 0-d array itself: w += y changes xs[0] and u too
    w = u
    w += y
    return w * u + xs[0]


def test_write_through_an_item_of_a_list_holding_a_0d_array_is_refused_located():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="may share its memory"):
        s2sad.grad(item_of_a_list_holding_a_0d_array, wrt=(0, 1))(0.37, 0.8)
