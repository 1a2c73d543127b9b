"""frontend/starred_displays.py: ``[*xs, v]``, ``[v, *xs]``, ``(*a, *b)`` are written out: item
by item for a local of known length, by appends for a list display; anything else (a tuple of
unknown length, a display evaluated on some paths only) keeps its located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def known_lengths(x):
    xs = [x[0], x[1] * 2.0]
    ys = [*xs, x[2]]
    zs = [x[2] ** 2, *ys, *xs]
    a = (x[0], x[1])
    b = (np.sin(x[2]),)
    t = (*a, *b)
    u = (*t, *a, x[0] * x[2])
    return ys[0] * ys[2] + zs[0] * zs[3] - zs[-1] + t[0] * t[2] + u[1] * u[-1] + len(u)


def grown_then_starred(x):
    xs = []
    for i in range(len(x)):
        xs.append(x[i] * (i + 1.0))
    ys = [x[0], *xs, x[-1] * 3.0]
    total = 0.0
    for v in [*ys, *np.cos(x)]:
        total = total + v * v
    return total + ys[1] * ys[-1]


def in_a_loop(x):
    acc = [x[0]]
    for i in range(3):
        pair = [x[i], x[i] * acc[-1]]
        acc = [*acc, *pair]
    return acc[-1] * acc[1] + acc[-2]


def of_arrays(x):
    rows = [x, x * 2.0]
    more = [*rows, np.sin(x)]
    return np.sum(np.array([*more, x ** 2]) ** 2) + np.sum(more[2] * more[0])


X = np.array([0.7, -1.3, 0.4])
CASES = [known_lengths, grown_then_starred, in_a_loop, of_arrays]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert np.allclose(s2sad.value_and_grad(f)(X)[0], f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (a starred expression outside a call)."""
    check_grad(f, X, jit=jit, reference=None if jit else "autograd")


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def _grow(L, v):
    L.append(v)


def tuple_of_unknown_length(x):
    xs = []
    for i in range(2):
        xs.append(x[i])
    t = (*xs, x[2])
    return t[0] * t[-1]


def grown_by_a_helper(x):
    xs = [x[0], x[1]]
    _grow(xs, x[2])                      # xs now has 3 items: not of known length
    t = (*xs, x[0])
    return t[2] * t[3]


def some_paths_only(x):
    xs = [x[0], x[1]]
    xs.append(x[2])
    ys = [*xs, 1.0] if x[0] > 0 else xs
    return ys[0] * ys[-1]


def slice_assigned(x):
    xs = [x[0], x[1]]
    xs[0:1] = [x[2], x[2], x[0]]          # now 4 items
    t = (*xs, x[1])
    return t[3] * t[4]


def item_deleted(x):
    xs = [x[0], x[1], x[2]]
    del xs[0]
    t = (*xs, x[1])
    return t[1] * t[2]


@pytest.mark.parametrize("f", [tuple_of_unknown_length, grown_by_a_helper, some_paths_only, slice_assigned,
                               item_deleted])
def test_what_is_not_written_out_keeps_its_refusal(f):
    with pytest.raises(s2sad.S2sadError, match="starred"):
        s2sad.grad(f)(X)


def test_a_list_grown_by_a_helper_is_starred_as_it_is_then():
    def f(x):
        xs = [x[0], x[1]]
        _grow(xs, x[2])
        ys = [*xs, x[0]]
        return ys[2] * ys[3]
    assert f(X) == X[2] * X[0]
    assert np.allclose(s2sad.grad(f)(X), [X[2], 0.0, X[0]])    # iterated as it is at the display
    check_grad(f, X)
