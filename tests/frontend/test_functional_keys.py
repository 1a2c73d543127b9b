"""frontend/functional.py: ``max(S, key=F)`` / ``min(..., key=F)`` are the loop CPython runs (the
first item whose key beats every earlier one); ``sorted(S, key=F)`` and ``sorted(zip(a, b))`` put
the items in the order ``sorted`` puts their keys in (stable); the items keep their derivatives."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def by_magnitude(x):
    return max([x[0], -x[1], x[2]], key=abs) * 2.0 + min(x[0], x[1] * x[2], key=lambda v: (v - 0.5) ** 2)


def pairs(x):
    ps = [(x[0], 2.0), (x[1], 1.0), (x[2] * x[0], 1.0)]
    return min(ps, key=lambda t: t[1])[0] + max(ps, key=lambda t: t[0])[1] * x[1]


def _square(v):
    return v * v


def generated(x):
    def shifted(v):
        return abs(v - x[0])
    best = max((x[i] * x[i + 1] for i in range(len(x) - 1)), key=_square)
    return best + max(map(np.sin, x), key=abs) + min(x, key=shifted) * x[1]


def rows(xs):
    r = max([xs[i] for i in range(xs.shape[0])], key=np.sum)
    return np.sum(r ** 2)


X = np.array([1.5, -0.3, 0.7, 2.0])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_the_item_chosen_by_its_key_carries_the_derivative(jit):
    """Refused before (`max`'s rule takes no `key=`; a lambda used as a value)."""
    ref = None if jit else "autograd"
    check_grad(by_magnitude, X[:3], jit=jit, reference=ref)
    check_grad(pairs, X[:3], jit=jit, reference=ref)
    check_grad(generated, X, jit=jit)
    check_grad(rows, np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]), jit=jit, reference=ref)


def test_forward_mode():
    check_jvp(by_magnitude, X[:3], tangent=np.array([1.0, -2.0, 0.5]))
    check_jvp(generated, X, tangent=np.array([1.0, -2.0, 0.5, 0.25]))


def test_ties_pick_the_first_item_as_python_does():
    def tie(x):
        return max([x[0] * 3.0, -x[1] * 5.0], key=abs) + min([x[1] * 5.0, x[0] * 3.0], key=abs)
    x = np.array([1.0, 0.6])     # |3 x0| == |5 x1|: the first item each time
    np.testing.assert_allclose(s2sad.grad(tie)(x), [3.0, 5.0], rtol=1e-12)


def test_no_items_raises_as_python_does():
    def empty(x):
        return max(x[:0], key=abs)
    with pytest.raises(ValueError, match="empty"):
        s2sad.grad(empty)(X)


def with_a_default(x):
    return max([x[0], x[1]], key=abs, default=0.0)


def test_a_form_not_rewritten_stays_refused():
    with pytest.raises(s2sad.S2sadError, match="max"):
        s2sad.grad(with_a_default)(X)


def sorted_by_key(x):
    s = sorted([x[0], x[1] * 2.0, x[2], -x[0] * x[2]], key=abs)
    ps = sorted([(x[0], 2.0), (x[1], 1.0), (x[2] * x[0], 3.0)], key=lambda t: t[1])
    return s[0] * 3.0 + s[2] * s[1] + s[-1] + ps[0][0] * 2.0 + ps[1][0] * ps[2][0]


def sorted_rows(xs):
    s = sorted([xs[i] for i in range(xs.shape[0])], key=lambda r: r[1])
    return np.sum(s[0] * 2.0 + s[-1] ** 2)


def sorted_pairs(a, b):
    p = sorted(zip(a, b))
    return p[0][1] * p[1][0] + p[2][1] ** 2 + p[3][0] * p[3][1]


A = np.array([1.5, -0.3, 2.0, 1.5])
B = np.array([1.0, 2.0, 3.0, 0.5])     # a[0] == a[3]: the pair with the smaller b comes first


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_sorted_by_a_key_carries_each_item_to_its_place(jit):
    """Refused before (no derivative rule for `sorted` with `key=`, or of tuples)."""
    ref = None if jit else "autograd"
    check_grad(sorted_by_key, X[:3], jit=jit, reference=ref)
    check_grad(sorted_rows, np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]), jit=jit, reference=ref)
    check_grad(sorted_pairs, A + [0.0, 0.0, 0.0, 0.25], B, wrt=(0, 1), jit=jit, reference=ref)
    check_grad(sorted_pairs, A, B, wrt=1, jit=jit, reference=ref)   # a tie in a: b decides, as in Python


def test_sorted_in_forward_mode():
    check_jvp(sorted_by_key, X[:3], tangent=np.array([1.0, -2.0, 0.5]))
    check_jvp(sorted_pairs, A, B, wrt=(0, 1), tangent=(np.ones(4), np.linspace(-1.0, 1.0, 4)))


def reversed_sort(x):
    return sorted([x[0], x[1]], key=abs, reverse=bool(x[0] > 0))[0]    # (a constant reverse= is lifted:
                                                                        # test_functional_reverse.py)


def test_a_sort_not_rewritten_stays_refused():
    with pytest.raises(s2sad.S2sadError, match="sorted"):
        s2sad.grad(reversed_sort)(X)


def over_iterators(x, y):
    i = max(range(len(x)), key=lambda k: x[k])                  # an argmax
    j, v = min(enumerate(x), key=lambda t: t[1])
    p = max(zip(x, y), key=lambda t: t[0] * t[1])
    s = sorted(enumerate(y), key=lambda t: t[1])
    return x[i] * 2.0 + v * j + p[0] + p[1] ** 2 + s[0][1] * s[-1][1] * s[1][0]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_iterators_are_listed_first(jit):
    """Before the items were listed, `enumerate(x)[0]` raised in the adjoint (a located refusal)."""
    check_grad(over_iterators, X[:3], np.array([1.0, 2.0, 0.5]), wrt=(0, 1), jit=jit,
               reference=None if jit else "autograd")
