"""Stop 50 (issue 8, left49's open items): ``(expr,) * 3`` with ``expr`` differentiated, and
extends of lists.

1. ``t = (x[0] * 2.0,) * 3`` was refused in reverse mode ("`*` of a Python list or tuple") while
   forward mode followed it: a tuple display with an item that computes was left as written.
   Its computing items are now bound to names first (``list_joins.hoist_repeated_items``, run by
   ``tuple_joins``), and the tuple of names is repeated as before: every mode, jit too.
2. ``xs.extend(ys)`` of another list the function makes was refused with advice to "append the
   items in a loop" (which a helper cannot do either); it is now ``for v in ys: xs.append(v)``
   (``list_extend.py``); in a helper, extending the caller's list by a parameter stays refused,
   with advice that holds there."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -1.2, 0.8])
T = np.array([1.0, 0.5, -2.0])


def repeated_item(x):
    t = (x[0] * 2.0,) * 3
    return t[0] * t[1] + t[2] * x[1]


def repeated_left(x):
    t = 3 * (x[0] ** 2,)
    s = 0.0
    for v in t:
        s = s * 0.5 + v
    return s


def repeated_pair(x):
    t = (x[0] * 2.0, np.sin(x[1])) * 2
    return np.sum(np.array(t)) * t[3]


def extended_by_a_list(x):
    xs = [x[0]]
    ys = [x[1], x[2] ** 2]
    xs.extend(ys)
    return xs[-1] * len(xs) + xs[0] * xs[1] + ys[0]


def add_two(xs, v):
    xs.extend([v, v * 2.0])


def helper_extends_a_callers_list(x):
    xs = []
    for i in range(3):
        add_two(xs, x[i])
    return sum(xs) * xs[1]


FOLLOWED = [repeated_item, repeated_left, repeated_pair, extended_by_a_list, helper_extends_a_callers_list]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("fn", FOLLOWED, ids=[f.__name__ for f in FOLLOWED])
def test_followed_in_every_mode(fn, jit):
    """On main: UnsupportedSyntaxError in reverse mode for the first four."""
    check_grad(fn, X.copy(), jit=jit)
    check_jvp(fn, X.copy(), tangent=T, jit=jit)


def extend_by(xs, ys):
    xs.extend(ys)
    return len(xs)


def test_helper_extending_by_a_parameter_says_what_holds():
    def uses(x):
        xs = [x[0]]
        n = extend_by(xs, [x[1], x[2] ** 2])
        return xs[-1] * n + xs[0]
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(uses)(X.copy())
    msg = str(info.value)
    assert "xs.extend(ys)" in msg and "Append the items in a loop" not in msg
    assert "not in a helper" in msg
