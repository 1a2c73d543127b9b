"""Generator expressions compute their items when they are read (``frontend/lazy_generators.py``).

Before, s2sad computed every generator expression into a list where it was written, and so
returned a silently wrong value and gradient for a generator kept in a name and read twice
(Python: empty the second time), read after what it reads changed, or read by a ``for`` whose
body changes what it reads (``read_by_writing_loop``: Python 0.46, s2sad 0.38)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.2, 0.5, 0.1])


def read_by_writing_loop(x):
    y = x.copy()
    s = 0.0
    k = 0
    for t in (y[i] for i in range(3) if i != 5):
        y[k + 1] += t          # the next item reads the value written here
        k += 1
        s += t * t
    return s


def enumerate_writing_loop(x):
    y = x.copy()
    s = 0.0
    for k, t in enumerate(y[i] * 2.0 for i in range(3)):
        y[k + 1] = y[k + 1] + t
        s += t * y[k]
    return s


def zip_writing_loop(x):
    y = x.copy()
    s = 0.0
    for w, t in zip(x[1:], (np.sin(y[i]) for i in range(3))):
        y[1:] = y[1:] * w + t
        s += t
    return s + np.sum(y)


def stored_then_summed(x):
    w = x * 2.0
    terms = (a * b for a, b in zip(w, x))
    n = len(x)
    return sum(terms) / n


def stored_then_looped(x):
    y = x.copy()
    items = (y[0] * y[i] for i in range(3))
    s = 0.0
    for t in items:
        y[0] = y[0] + t        # read lazily: the loop body changes what later items read
        s += t * y[0]
    return s


@pytest.mark.parametrize("f", [read_by_writing_loop, enumerate_writing_loop, zip_writing_loop, stored_then_summed,
                               stored_then_looped], ids=lambda f: f.__name__)
def test_values_and_gradients_are_pythons(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.3, -0.1, 0.2, 0.4]))


@pytest.mark.jit
def test_jit_equals_python():
    np.testing.assert_allclose(s2sad.grad(read_by_writing_loop, jit=True)(X), s2sad.grad(read_by_writing_loop)(X),
                               rtol=1e-12)


def read_twice(x):
    g = (v * v for v in x)
    a = sum(g)
    return a + 2.0 * sum(g)        # Python: the generator is empty by now


def read_after_change(x):
    y = x.copy()
    g = (v * v for v in y)
    y *= 3.0
    return sum(g)


def read_after_helper_call(x):
    y = x.copy()
    g = (v * v for v in y)
    scale(y)
    return sum(g)


def scale(y):
    y *= 2.0


def read_in_a_loop(x):
    g = (v * v for v in x)
    s = 0.0
    for k in range(2):
        s += sum(g)
    return s


def read_by_next(x):
    g = (v * v for v in x)
    return next(g)


def nested_read_by_writing_loop(x):
    y = x.copy()
    s = 0.0
    for t in (y[i] * y[j] for i in range(2) for j in range(2)):
        y[0] += t
        s += t
    return s


def test_read_by_next_is_exact():
    """Refused until open47: a generator read by ``next`` is its items' list read by index
    (``frontend/generator_nexts.py``; see ``test_open47_generators.py``)."""
    check_grad(read_by_next, X)


@pytest.mark.parametrize("f", [read_twice, read_after_change, read_after_helper_call, read_in_a_loop,
                               nested_read_by_writing_loop], ids=lambda f: f.__name__)
def test_refused_where_python_differs(f):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f)(X)
    assert "test_lazy_generators.py" in str(info.value) and "list comprehension" in str(info.value)


def total_twice(it):
    s = 0.0
    for v in it:
        s += v
    for v in it:
        s += v      # Python: nothing left to read
    return s


def passed_to_helper(x):
    return total_twice(v * v for v in x)


def test_passed_to_a_helper_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(passed_to_helper)(X)
    assert "total_twice" in str(info.value) and "test_lazy_generators.py" in str(info.value)
