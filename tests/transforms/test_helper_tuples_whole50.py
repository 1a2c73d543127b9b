"""A helper's tuple result read whole (`for v in pair(a, b)`, `sum(t)`, `max(t)`, `np.stack(t)`, a
generator over it) is built where it is read from the names its items are kept in
(transforms/inline._rebuilt_wholes). On main before stop 50 each was refused ("using the tuple
`seq1` as a whole"), `sum(pair(...))` as "the parameter `x` of `sum`"."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def pair(a, b):
    return a * b, a - b


def loop_over_a_result(x):
    s = 0.0
    for k, v in enumerate(pair(x[0], x[1])):
        s += (k + 1) * v ** 2
    return s


def generator_over_a_result(x):
    return sum(v ** 2 for v in pair(x[0], x[1])) + sum([v * 2.0 for v in pair(x[2], x[3])])


def reductions_of_a_result(x):
    t = pair(x[0], x[1])
    return sum(t) + max(t) * min(pair(x[2], x[3])) + len(t)


def arrays_of_a_result(x):
    t = pair(x[:2], x[2:])
    return np.sum(np.stack(t) ** 2) + np.sum(np.array(pair(x[0], x[3])) * 3.0)


def carried_through_a_loop(x):
    t = (x[0], x[1])
    s = 0.0
    for _ in range(3):
        t = pair(*t)
        s = s + sum(v ** 2 for v in t)
    return s


PROGRAMS = [loop_over_a_result, generator_over_a_result, reductions_of_a_result, arrays_of_a_result,
            carried_through_a_loop]


@pytest.mark.parametrize("f", PROGRAMS)
def test_whole_tuple_reads(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X, reference="autograd" if f is not arrays_of_a_result else None)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 4))


@pytest.mark.parametrize("f", [loop_over_a_result, carried_through_a_loop])
def test_hvp_and_jit(f):
    check_hvp(f, X, v=np.linspace(-1.0, 1.0, 4), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def read_in_a_while_test(x):
    t = pair(x[0], x[1])
    k = 0
    while k < 3 and sum(t) < 10.0:      # a call's argument in a loop's test: the display itself
        k += 1
    return t[0] * k


def test_a_call_in_a_loop_test():
    check_grad(read_in_a_while_test, X)


def three_then_a_pair(x, k):
    s = (x[0], x[1], x[2])
    if k > 0:
        s = pair(x[0], x[1])
    return s[0] * 2.0 + s[-1]


def two_then_a_pair(x, k):
    s = (x[0], x[1])
    if k > 0:
        s = pair(x[0], x[1])
    return sum(s) + max(s) * s[-1]


def test_a_name_holding_tuples_of_two_lengths_is_refused():
    """`s` held a 3-tuple on one path and a helper's pair on the other: the pair was kept as its items
    `s_0, s_1` and the 3-tuple's store cut to them, so `s[-1]` read `x[1]` for `x[2]` — a silently
    wrong value and gradient on main in grad, jvp and jit (2, 1, 0, 0 for 2, 0, 1, 0)."""
    for mode in (s2sad.grad, s2sad.jvp):
        with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line \d+.*s = \(x\[0\], x\[1\], x\[2\]\).*"
                                                               r"different names"):
            f = mode(three_then_a_pair)
            f(X, -1.0) if mode is s2sad.grad else f(X, -1.0, np.ones(4))


@pytest.mark.parametrize("k", [1.0, -1.0])
def test_a_name_holding_pairs_on_both_paths(k):
    check_grad(two_then_a_pair, X, k)
    check_jvp(two_then_a_pair, X, k, tangent=np.linspace(-1.0, 1.0, 4))


def pair2(a, b):
    return a + b, a * a


def rebound_on_a_path(x):
    s = pair(x[0], x[1])
    if x[2] > 0:
        s = pair2(x[0], x[1])
    return s[0] * 3.0 + s[1]


def rebound_in_a_loop(x):
    s = pair(x[0], x[1])
    for _ in range(2):
        s = pair2(s[0], s[1])
    return s[0] * 3.0 + s[1]


@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("f", [rebound_on_a_path, rebound_in_a_loop])
def test_a_name_bound_to_two_helpers_tuples(f, sign):
    """Each binding of `s` to a helper's tuple got items of its own (`s_0`, then `s_0_2`) and every
    read took the last: on a path where the second did not run, an unbound name — an
    AdjointFailedError without jit, a silently wrong gradient (zeros) with jit on main."""
    x = X * np.array([1.0, 1.0, sign, 1.0])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.linspace(-1.0, 1.0, 4))
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(x), s2sad.grad(f)(x), rtol=1e-12)


def triple(a, b):
    return a * b, a - b, a + b


def pair_then_triple(x):
    s = pair(x[0], x[1])
    if x[2] > 0:
        s = triple(x[0], x[1])
    return s[-1]


def test_two_helpers_tuples_of_two_lengths_are_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)s = triple\(x\[0\], x\[1\]\).*different names"):
        s2sad.grad(pair_then_triple, jit=True)(X * np.array([1.0, 1.0, -1.0, 1.0]))
