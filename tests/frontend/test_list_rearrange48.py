"""``L.reverse()``, ``L.sort()`` and ``L.remove(v)`` on a local list (refused on main: "its result
is discarded and it receives the differentiated value"; hunt47's returns by ``list.reverse()``).

``frontend/list_mutation.py`` rebinds ``L`` to the list Python leaves, as for ``pop``/``insert``/
``del``: the items of a shallow copy last first; the items ``sorted(L, key=, reverse=)`` gives (a
permutation, like ``np.sort``); the list without the first item equal to ``v`` (Python's
ValueError when none is). A list someone else may hold (a parameter, ``M = L``) is left as written
and refused, located.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.7, 1.1, 0.45, -0.2])
V = np.linspace(-1.0, 1.0, 5)


def returns_reversed(r):
    out = []
    g = 0.0
    for t in range(len(r) - 1, -1, -1):
        g = r[t] + 0.9 * g
        out.append(g)
    out.reverse()
    return np.sum(np.array(out) * np.arange(1.0, 6.0))


def reversed_twice_then_grown(x):
    xs = [x[0], x[1] * 2.0, np.sin(x[2])]
    xs.reverse()
    xs.append(x[3] ** 2)
    xs.reverse()
    return xs[0] * 3.0 + xs[1] * xs[2] ** 2 + xs[3]


def sorted_in_place(x):
    xs = [x[0] * 3.0, x[1], x[2] ** 2, np.cos(x[3])]
    xs.sort()
    return xs[0] * 3.0 + xs[1] * 2.0 + xs[2] ** 2 - xs[3]


def sorted_by_key_descending(x):
    xs = [x[0] * 3.0, x[1], x[2] ** 2, np.cos(x[3])]
    xs.sort(key=abs, reverse=True)
    return xs[0] + xs[1] * 2.0 + xs[2] * xs[3]


def rows_sorted_by_key(x):
    rows = [x[:2] * 2.0, x[2:4], x[3:] + 1.0]
    rows.sort(key=lambda v: v[1])
    return np.sum(rows[0] * 3.0) + np.sum(rows[1] ** 2) + np.sum(rows[2])


def removed(x):
    xs = [x[0], x[1] * 2.0, x[2], x[4] ** 2]
    xs.remove(xs[1])
    xs.remove(x[2])
    return xs[0] * 3.0 + xs[1] ** 2 + len(xs)


FORMS = [returns_reversed, reversed_twice_then_grown, sorted_in_place, sorted_by_key_descending,
         rows_sorted_by_key, removed]


@pytest.mark.parametrize("fn", FORMS, ids=lambda f: f.__name__)
def test_exact_in_every_mode(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=V)
    check_hvp(fn, X.copy(), v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("fn", [returns_reversed, sorted_in_place, removed], ids=lambda f: f.__name__)
def test_against_autograd(fn):
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [returns_reversed, sorted_by_key_descending, removed], ids=lambda f: f.__name__)
def test_jit(fn):
    check_grad(fn, X.copy(), jit=True)


def remove_missing(x):
    xs = [x[0], x[1]]
    xs.remove(5.0)
    return xs[0]


def test_remove_of_a_missing_value_raises_as_python():
    with pytest.raises(ValueError, match="not in list"):
        remove_missing(X.copy())
    with pytest.raises(ValueError, match="not in list"):
        s2sad.grad(remove_missing)(X.copy())


def shared_then_reversed(x):
    xs = [x[0], x[1] * 2.0]
    ys = xs
    xs.reverse()
    return ys[0] * 3.0 + xs[1]


def test_a_list_another_name_holds_is_followed_as_before():
    check_grad(shared_then_reversed, X.copy())


def test_checkpointed():
    def grad2(f, wrt, jit):
        return s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2)
    check_grad(returns_reversed, X.copy(), grad_fn=grad2)
