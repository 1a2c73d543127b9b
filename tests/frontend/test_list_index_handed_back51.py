"""A list rebound to what a helper that appends to it returns (``L = push(L, v)`` of ``def push(c, a):
c.append(a); return c``), read from its end before the call.

Reads of a list that grows are made absolute (``frontend/list_index.py``), and a helper's append
counts, but only for names proven to hold lists: ``L = push(L, v)`` binds ``L`` to a call, so
``L`` was not one, and ``L[-1]`` in the call's own argument (or before it) kept its relative
index. The reverse sweep then sent its gradient to the pushed element: **silently wrong** in grad,
checkpoint and jit (jvp was right). Found by the fuzz51 productions (``rebinds51.mutate_helper``);
``L = push(L, x[2] * L[-1]); return L[-1]`` gave ``x[1]``'s gradient 0 for ``x[2]``.
Now a call of the user's function that returns its parameter given a list is a list
(``sequence_names.is_list``: ``L`` is a proven list again, so every way a helper may grow it counts,
``xs += [v]`` and passing it on included), any name given to a helper that calls ``.append``/``.extend``
on the parameter counts (only a list has them), and ``L = push(L, v)`` of a helper that returns that
very parameter is a rebinding to the same list (as ``M = L``), not a list made otherwise. A helper
appending through a name bound to its parameter (``out = c; out.append(a)``) was not seen either,
even without the rebinding (``push(L, v)`` after ``u = L[-1]``: wrong on main): names bound to the
parameter inside the helper now count as the parameter. ``M = push(L, v)`` then grown through
``M`` stays refused at its line.
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError


def push(c, a):
    c.append(a)
    return c


def push_only(c, a):
    c.append(a)


def extend_in_place(c, a):
    c += [a]
    return c


def pushed_on(c, a):
    push_only(c, a)
    return c


def push_through_a_name(c, a):
    out = c
    out.append(a)
    return out


def once(x):
    L = [x[0], x[1]]
    L = push(L, x[2] * L[-1])
    return L[-1] + sum(L) * L[0]


def in_a_loop(x):
    L = [x[0], x[1]]
    for _ in range(2):
        L = push(L, x[2] * L[-1])
    return L[-1] * L[-2] + L[0]


def in_a_branch(x):
    L = [x[0], x[1]]
    if x[3] > 0:
        L = push(L, x[2] * L[-1])
    return L[-1] * 3.0 + L[0]


def by_keyword(x):
    L = [x[0], x[1]]
    L = push(a=x[2] * L[-1], c=L)
    return L[-1] + L[-2]


def by_in_place_add(x):
    L = [x[0], x[1]]
    L = extend_in_place(L, x[2] * L[-1])
    return L[-1] + L[-2]


def passed_on(x):
    L = [x[0], x[1]]
    for _ in range(2):
        L = pushed_on(L, x[2] * L[-1])
    return L[-1] * L[0] + L[-3]


def rebound_to_the_helpers_name(x):
    L = [x[0], x[1]]
    L = push_through_a_name(L, x[2] * L[-1])
    return L[-1] + L[-2]


def grown_through_the_helpers_name(x):
    L = [x[0], x[1]]
    u = L[-1] * x[3]
    push_through_a_name(L, x[2])
    return u + L[-1] + L[-2]


def grown_through_the_result(x):
    L = [x[0], x[1]]
    M = push(L, x[2])
    u = L[-1] * x[0]
    push_only(M, x[3])
    return u + M[-1] * 2.0 + L[-2]


FUNCTIONS = [once, in_a_loop, in_a_branch, by_keyword, by_in_place_add, passed_on, rebound_to_the_helpers_name,
             grown_through_the_helpers_name]
X = np.array([0.7, -0.4, 1.1, 0.3])


def _fd(f, h=1e-6):
    return np.array([(f(X + h * e) - f(X - h * e)) / (2 * h) for e in np.eye(4)])


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_grad_checkpoint_and_jvp(f):
    np.testing.assert_allclose(s2sad.grad(f)(X.copy()), _fd(f), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(s2sad.grad(f, checkpoint=1)(X.copy()), _fd(f), rtol=1e-6, atol=1e-9)
    value, tangent = s2sad.jvp(f)(X.copy(), np.ones(4))
    assert value == f(X.copy())
    np.testing.assert_allclose(tangent, _fd(f).sum(), rtol=1e-6, atol=1e-9)


def test_jit():
    np.testing.assert_allclose(s2sad.grad(in_a_loop, jit=True)(X.copy()), _fd(in_a_loop), rtol=1e-6, atol=1e-9)


def test_grown_through_the_result_is_refused_at_its_line():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(grown_through_the_result)(X.copy())
    assert "M = push(L, x[2])" in str(info.value)
