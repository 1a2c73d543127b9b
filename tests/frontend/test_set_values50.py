"""frontend/set_values.py (stop 50, issue 8's misleading messages): a set display ``{0, 1, 2}``
was refused as "s2sad cannot differentiate a set. Use an array." although a set of ints or
strings holds no derivative; and a loop over a set made by ``set(...)`` raised AdjointFailedError
("'set' object is not subscriptable"), or under ``jit=True`` numba's getitem error. Now sets of
values with no derivative are followed (a loop visits Python's order), a set of differentiated
values is refused as such, and ``jit=True`` refuses a loop over a set it cannot order as Python."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.5, 1.2, 0.8])
T = np.array([1.0, 0.5, -1.0, 2.0])


def loop_over_display(x):
    s = 0.0
    for k in {0, 9, 2}:  # noqa: PLC0208 (CPython visits 0, 9, 2 (9 % 8 == 1): the order matters below)
        s = s * 0.5 + x[k % 4] ** 2
    return s


def membership(x):
    allowed = {0, 2}
    s = 0.0
    for k in range(4):
        if k in {1, 2} or k not in allowed:
            s = s + np.sin(x[k]) * (k + 1)
    return s


def comprehension(x):
    evens = {2 * k for k in range(2)}
    return sum([x[k] * x[k + 1] for k in range(3) if k in evens])


def strings(x):
    s = 0.0
    for name in {"bb", "a", "cccc"}:  # noqa: PLC0208
        s = s * 0.5 + x[len(name) - 1] ** 3
    return s


def grown_set(x):
    ks = {3, 0}
    ks.add(9)
    s = 0.0
    for k in ks:
        s = s * 0.5 + x[k % 4]
    return s


FOLLOWED = [loop_over_display, membership, comprehension]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("fn", FOLLOWED, ids=[f.__name__ for f in FOLLOWED])
def test_sets_of_numbers_are_followed(fn, jit):
    """On main: "s2sad cannot differentiate a set (comprehension). Use an array." in both modes."""
    check_grad(fn, X.copy(), jit=jit)
    check_jvp(fn, X.copy(), tangent=T, jit=jit)


@pytest.mark.parametrize("fn", [strings, grown_set], ids=["strings", "grown_set"])
def test_loop_over_a_set_in_pythons_order(fn):
    """A set whose order only the running process knows (strings) or that grows (``add``): looped
    over as ``list(s)``. On main: refused (display) or AdjointFailedError (``set(...)``)."""
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


def test_jit_refuses_a_loop_over_a_set_it_cannot_order():
    """numba's sets visit their elements in another order than CPython's: refused, located."""
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(grown_set, jit=True)(X.copy())
    msg = str(info.value)
    assert "a loop over a set" in msg and "for k in ks:" in msg and "getitem" not in msg


def test_set_of_differentiated_values_says_so():
    def spread(x):
        a = x[0] * 2.0
        t = 0.0
        for v in {a, x[1]}:
            t = t * 0.5 + v
        return t
    for f in (lambda: s2sad.grad(spread)(X.copy()), lambda: s2sad.jvp(spread)(X.copy(), T)):
        with pytest.raises(s2sad.NoDerivativeError) as info:
            f()
        msg = str(info.value)
        assert "for v in {a, x[1]}:" in msg and "A set (`{a, b}` or `set(...)`) of values being " \
            "differentiated" in msg and "Use a list or a tuple" in msg
