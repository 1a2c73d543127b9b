"""Joins and copies of tuples in reverse mode (``frontend/tuple_joins.py``, ``param_copies.py``).

Reverse mode refused ``t = t + (v,)`` in a loop, ``tuple(xs) + (v,)``, ``(a,) * n``,
``t[:1] + (v,) + t[2:]`` and ``t += (v,)`` ("cannot differentiate `+` of Python lists or tuples"),
and ``list(t)`` of a tuple parameter then appended to, or ``[*ws]`` of a differentiated tuple. A
join of two sure tuples is now ``tuple([*a, *b])`` (a fresh list of the same items, as Python's
join), a repetition a comprehension; a tuple parameter (the build key now says which parameters
are given tuples) is copied by a comprehension. ``a + b`` where a side may be an array stays
NumPy's sum.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp


def grown_in_loop(x):
    t = ()
    for i in range(3):
        t = t + (np.sin(x * (i + 1)),)
    return np.sum(t[0] * t[2]) + np.sum(t[1])


def read_while_grown(x):
    t = (x,)
    for _ in range(3):
        t = t + (np.sin(t[-1]),)
    return np.sum(t[-1]) + np.sum(t[0] * t[2])


def grown_in_place(x):
    t = (x ** 2,)
    for i in range(2):
        t += (np.cos(x) * i, x * 3.0)
    return np.sum(t[0] * t[4]) + np.sum(t[3])


def list_then_tuple(x):
    xs = [x, x * 2.0]
    t = tuple(xs) + (np.cos(x),)
    return np.sum(t[0] * t[1] * t[2])


def repeated(x):
    a = np.tanh(x)
    t = (a,) * 3
    return np.sum(t[0] * t[1]) + np.sum(t[2])


def repeated_by_count(x):
    a = np.tanh(x)
    b = x ** 2
    n = len(x)
    t = 2 * (a, b) * n
    return np.sum(t[0] * t[3]) + np.sum(t[-1]) * len(t)


def one_item_replaced(x):
    t = (x, x * 2.0, x * 3.0)
    u = t[:1] + (np.exp(x),) + t[2:]
    return np.sum(u[0] * u[1] * u[2])


def either_tuple(x):
    t = (x, x * x) if x[0] > 0 else (x * 2.0,)
    u = t + (np.sin(x),)
    return np.sum(u[0] * u[-1]) + len(u)


def summed_whole(x):
    t = ()
    for k in range(3):
        t = t + (x * (k + 1.0),)
    return np.sum(np.stack(t) ** 2) + np.sum(sum(t))


def copied_and_appended(x):
    t = (x, x ** 2)
    ys = list(t)
    ys.append(np.sin(x))
    return np.sum(ys[0] * ys[2]) + np.sum(ys[1])


def rest_used_whole(x):
    t = (x, 2.0 * x, x ** 2)
    a, *rest = t
    return np.sum(a * sum(rest)) + np.sum(np.stack(rest))


LOCAL = [grown_in_loop, read_while_grown, grown_in_place, list_then_tuple, repeated, repeated_by_count,
         one_item_replaced, either_tuple, summed_whole, copied_and_appended, rest_used_whole]
X = np.array([0.3, -0.7])
V = np.array([1.0, -0.5])


@pytest.mark.parametrize("f", LOCAL, ids=lambda f: f.__name__)
def test_every_mode_against_differences_and_autograd(f):
    check_grad(f, X.copy())
    check_against_autograd(f, X.copy(), rtol=1e-7, atol=1e-9)
    check_jvp(f, X.copy(), tangent=V)
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("f, line", [(grown_in_loop, "t = t + (np.sin(x * (i + 1)),)")],
                         ids=["grown_in_loop"])   # (`(a,) * 3` is a display now: test_tuple_joins49.py)
def test_under_jit_a_located_refusal(f, line):
    """numba cannot make a tuple of a list (a tuple's length is part of its type): with jit=True
    the join is a JitError naming the user's line, never a wrong value."""
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(f, jit=True)(X.copy())
    assert "test_tuple_joins48.py" in str(e.value) and line in str(e.value)


def test_checkpointed():
    check_grad(read_while_grown, X.copy(), grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, checkpoint=2))


def param_copy(x, t):
    ys = list(t)
    ys.append(x)
    return np.sum(ys[0] * ys[2]) + np.sum(ys[1] * x)


def param_join(x, t):
    u = t + (x,)
    return np.sum(u[0] * u[-1] ** 2)


def param_grown(x, t):
    for k in range(2):
        t = t + (x * (k + 1.0),)
    return np.sum(t[0] * t[-1]) + np.sum(t[1] * t[2])


def star_join(x, *args):
    u = args + (x * 2.0,)
    s = 0.0
    for a in u:
        s = s + np.sum(a * x)
    return s


A = np.array([1.5, 0.25])


def test_tuple_parameters_copied_and_joined():
    t = (A, 2.0 * A)
    for f in (param_copy, param_join, param_grown):
        check_grad(f, X.copy(), t)
        check_jvp(f, X.copy(), t, tangent=V)
        check_hvp(f, X.copy(), t, v=V, rtol=1e-4, atol=1e-5)
    check_grad(star_join, X.copy(), A, 3.0)
    check_grad(star_join, X.copy())
    check_jvp(star_join, X.copy(), A, tangent=V)
    assert t[0] is not None and np.array_equal(t[1], 2.0 * A)    # the caller's tuple and arrays as they were


def test_the_same_parameter_given_an_array_is_not_joined():
    """``t + (x[0],)`` joins when the build is given a tuple for ``t``; given an array (another
    build: the key says which parameters are tuples) it is NumPy's sum, refused at its line as
    before (the analysis cannot tell), never a join of an array."""
    def join(x, t):
        u = t + (x[0],)
        return np.sum(u[0] * x) * u[1]
    g = s2sad.grad(join)
    np.testing.assert_allclose(g(X, (A,)), A * X[0] + np.array([np.sum(A * X), 0.0]), rtol=1e-12)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"u = t \+ \(x\[0\],\)"):
        g(X, np.array([1.0, 2.0]))
    np.testing.assert_allclose(g(X, (A,)), A * X[0] + np.array([np.sum(A * X), 0.0]), rtol=1e-12)


def differentiated_copy(ws, x):
    L = list(ws)
    L.append(x)
    return np.sum(L[0] * L[-1]) + np.sum(L[1] ** 2)


def differentiated_spread(ws, x):
    return np.sum(np.hstack([*ws]) ** 3)


def differentiated_join(ws, x):
    u = ws + (x,)
    return np.sum(u[0] * u[2]) + np.sum(u[1] ** 2)


@pytest.mark.parametrize("f", [differentiated_copy, differentiated_spread, differentiated_join],
                         ids=lambda f: f.__name__)
def test_a_differentiated_tuple_copied_or_joined(f):
    ws = (A, np.array([0.5, -1.0]))
    gws, gx = s2sad.grad(f, wrt=(0, 1))(ws, X.copy())
    assert isinstance(gws, tuple) and len(gws) == 2
    h = 1e-6
    for k in range(2):
        for i in range(2):
            e = np.zeros(2)
            e[i] = h
            up = tuple(w + e if j == k else w for j, w in enumerate(ws))
            down = tuple(w - e if j == k else w for j, w in enumerate(ws))
            np.testing.assert_allclose(gws[k][i], (f(up, X) - f(down, X)) / (2 * h), rtol=1e-7, atol=1e-9)
    check_grad(f, ws, X.copy(), wrt=1)


def joined_on_one_branch(x):
    t = (x,)
    u = t + (x * 2.0,) if x[0] > 0 else t
    return np.sum(u[-1] ** 2)


def test_a_join_under_a_conditional_expression_is_left_as_written():
    """Its appends could not be hoisted out of the branch: forward mode joins it exactly, as
    before; reverse mode refuses it at its line, as before (not a starred display it never wrote)."""
    check_jvp(joined_on_one_branch, X.copy(), tangent=V)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)u = t \+ \(x \* 2.0,\) if.*joins them"):
        s2sad.grad(joined_on_one_branch)(X.copy())
