"""A loop over a list of arrays of different shapes taken from a slice of a list (``ys = xs[1:]``):
the shape analysis lifted the slice, assigned once, to a 2-d shape (a list's rank counts its length
as an axis), so every item ``ys[k]`` had "one stable shape" and values read only for their shape
(``np.mean``'s size, ``np.sum``'s zeros) were taken from the last iteration: ``np.mean`` of a 3-item
got the 1-item's size (gradient 3x too large, silent); ``np.sum`` failed to broadcast (an internal
error). Items of a name that may hold a list now have no stable shape unless a display says so
(analyses/shape_terms.py). Checked against finite differences and autograd; jit=True refuses
a ragged list, located (numba keeps a list of arrays as one array)."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_vjp

X = np.array([0.3, -0.2, 0.5, 0.1])


def mean_of_ragged_items(x):
    xs = [x[:3], x[3:]]
    ys = xs[0:]
    s = 0.0
    for y in ys:
        s = s + np.mean(y ** 2)
    return s


def sum_of_sliced_items(x):
    xs = [x[:2], x[1:], x[::2]]
    ys = xs[1:]
    s = 0.0
    for y in ys:
        s = s + np.sum(y ** 2)
    return s + np.sum(xs[0])


def reversed_list(x):
    xs = [x[:2], x[1:], x[::2]]
    ys = xs[::-1]
    s = 0.0
    for k in range(len(ys)):
        s = s + np.mean(ys[k] * (k + 1.0))
    return s


def indexed_by_counter(x):
    xs = [x[:3] * 2.0, x[3:], x[1:]]
    zs = xs[1:]
    s = 0.0
    k = 0
    while k < len(zs):
        s = s + np.mean(np.sin(zs[k]))
        k += 1
    return s


def comprehension_over_slice(x):
    xs = [x[:3], x[3:], x[1:3]]
    ms = [np.mean(y * y) for y in xs[1:]]
    return ms[0] + 2.0 * ms[1]


def enumerated_slice(x):
    xs = [x[:3], x[3:], x[:2]]
    s = 0.0
    for k, y in enumerate(xs[1:]):
        s = s + (k + 1.0) * np.mean(np.exp(y))
    return s


def _avg_all(ys):
    t = 0.0
    for y in ys:
        t = t + np.mean(y)
    return t


def helper_loops_over_slice(x):
    xs = [x[:3], x[2:]]
    return _avg_all(xs[0:]) * 2.0


def nested_lists(x):
    """Rows of a list of lists: under checkpoint=K a step's body gets the list names of the whole
    function (a row, `grid[k]`, may be a list of arrays of two shapes)."""
    grid = [[x[:2], x[1:]], [x[2:], x[:1]]]
    s = 0.0
    for row in grid:
        for y in row:
            s = s + np.mean(y ** 2)
    return s


CASES = [mean_of_ragged_items, sum_of_sliced_items, reversed_list, indexed_by_counter, comprehension_over_slice,
         enumerated_slice, helper_loops_over_slice, nested_lists]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_ragged_items_exact(f):
    check_grad(f, X)
    check_vjp(f, X, dout=-0.7)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_ragged_items_checkpointed(f):
    check_grad(f, X, grad_fn=lambda g, wrt, jit: s2sad.grad(g, wrt=wrt, jit=jit, checkpoint=1))


def test_against_autograd():
    def ref(x):
        xs = [x[:3], x[3:]]
        return sum(anp.mean(y ** 2) for y in xs[0:])
    np.testing.assert_allclose(s2sad.grad(mean_of_ragged_items)(X), autograd.grad(ref)(X), rtol=1e-13)


@pytest.mark.jit
def test_jit_refuses_ragged_list():
    with pytest.raises(JitError, match="different shapes") as e:
        s2sad.grad(mean_of_ragged_items, jit=True)(X)
    assert "test_ragged_items46.py" in str(e.value)
