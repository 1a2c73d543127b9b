"""A function that writes into a parameter, called with another argument sharing its memory
(`f(x, x)`, `f(x, x[1:])`): s2sad writes into a copy (the caller's arrays never change), so the
other argument would not see the write Python's own run shows it. Refused at the call
(arguments.check_apart), in every mode, also after jit=True's fast path has learned the types.

Before: grad(f)(x, x) returned the gradient of a function whose value was 29.0 where f(x, x) is 128.0."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import check_grad


def writes_first(a, b):
    a[0] = 5.0 * a[1]
    return np.sum(b * b) + np.sum(a)


def reads_only(a, b):
    return np.sum(a * b)


X = np.array([1.0, 2.0, 3.0])


@pytest.mark.parametrize("call", [
    lambda x, y: s2sad.grad(writes_first, wrt=(0, 1))(x, y),
    lambda x, y: s2sad.value_and_grad(writes_first)(x, y),
    lambda x, y: s2sad.vjp(writes_first)(x, y, 1.0),
    lambda x, y: s2sad.jvp(writes_first)(x, y, np.ones(3)),
    lambda x, y: s2sad.hvp(writes_first)(x, y, np.ones(3)),
])
@pytest.mark.parametrize("other", [lambda x: x, lambda x: x[::-1], lambda x: x[1:].reshape(1, 2)[0]])
def test_a_written_parameter_sharing_memory_with_another_argument_is_refused(call, other):
    x = X.copy()
    y = other(x)
    with pytest.raises(ArgumentError, match="argument `b` shares memory with argument `a`, which `writes_first` writes into"):
        call(x, y)
    assert np.array_equal(x, X)


G = np.array([1.0, 2.0, 3.0])


def writes_and_reads_a_global(a):
    a *= 2.0
    return np.sum(a * G)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_written_parameter_sharing_memory_with_a_global_the_function_reads_is_refused(jit):
    g = s2sad.grad(writes_and_reads_a_global, jit=jit)
    np.testing.assert_allclose(g(np.ones(3)), 2 * G)
    with pytest.raises(ArgumentError, match="the global `G` shares memory with argument `a`"):
        g(G)
    assert np.array_equal(G, [1.0, 2.0, 3.0])


def test_apart_arrays_are_differentiated_and_sharing_is_fine_where_nothing_is_written():
    check_grad(writes_first, X.copy(), X + 1.0, wrt=(0, 1))
    np.testing.assert_allclose(s2sad.grad(reads_only)(X, X), X)


@pytest.mark.jit
def test_under_jit_the_checking_path_keeps_refusing_after_calls_with_apart_arrays():
    g = s2sad.grad(writes_first, wrt=(0, 1), jit=True)
    for _ in range(3):        # a driver is learned on the second checked call of other functions
        ga, gb = g(X.copy(), X + 1.0)
    np.testing.assert_allclose(gb, 2 * (X + 1.0))
    x = X.copy()
    with pytest.raises(ArgumentError, match="shares memory"):
        g(x, x)


BUF = np.zeros(3)


def writes_a_global(x):
    BUF[:] = 2.0 * x
    return np.sum(x * BUF)


def test_an_argument_sharing_memory_with_a_global_the_function_writes_is_refused():
    g = s2sad.grad(writes_a_global)
    np.testing.assert_allclose(g(np.array([1.0, 2.0, 3.0])), [4.0, 8.0, 12.0])
    with pytest.raises(ArgumentError, match="argument `x` shares memory with the global `BUF`, which"):
        g(BUF)


def test_interleaved_views_of_one_array_share_no_element_and_are_differentiated():
    """x[::2] and x[1::2] lie within the same bounds (np.may_share_memory says yes) but have no
    element in common: the write into one cannot change the other, so the call is Python's.
    Before: refused as sharing memory."""
    x = np.arange(1.0, 7.0)
    a, b = x[::2], x[1::2]
    ga, gb = s2sad.grad(writes_first, wrt=(0, 1))(a, b)
    check_grad(writes_first, a.copy(), b.copy(), wrt=(0, 1))
    np.testing.assert_allclose(gb, 2 * b)
    np.testing.assert_allclose(ga, [0.0, 6.0, 1.0])   # a[0] is overwritten by 5 * a[1]
    np.testing.assert_array_equal(x, np.arange(1.0, 7.0))


def test_strided_views_with_an_element_in_common_are_still_refused():
    x = np.arange(1.0, 13.0)
    with pytest.raises(ArgumentError, match="shares memory"):
        s2sad.grad(writes_first, wrt=(0, 1))(x[::2][:3], x[::3][:3])   # both hold x[0] and x[6]


def writes_list_item(L, w):
    L[0][0] = L[0][0] * w
    return np.sum(L[0] * L[1]) * w


def writes_dict_item(P, w):
    a = P["a"]
    a[0] = a[0] * w
    return np.sum(a * P["b"]) * w


@pytest.mark.parametrize("f, container", [(writes_list_item, lambda x: [x, x]),
                                          (writes_list_item, lambda x: (x, x[::-1])),
                                          (writes_dict_item, lambda x: {"a": x, "b": x})])
def test_items_of_a_written_container_sharing_memory_are_refused(f, container):
    # before: 8.0 where Python's run of f([x, x], w) changes both items and the derivative is 16.0
    x = np.array([1.0, 2.0])
    with pytest.raises(ArgumentError, match="two items of argument `[LP]` share memory"):
        s2sad.grad(f, wrt=(1,))(container(x), 2.0)
    assert np.array_equal(x, [1.0, 2.0])


def test_distinct_items_of_a_written_container_are_differentiated():
    x = np.array([1.0, 2.0])
    g = s2sad.grad(writes_list_item, wrt=(1,))([x, x.copy()], 2.0)[0]
    fd = (writes_list_item([x.copy(), x.copy()], 2.0 + 1e-6) - writes_list_item([x.copy(), x.copy()], 2.0 - 1e-6)) / 2e-6
    np.testing.assert_allclose(g, fd, rtol=1e-6)       # w * (w + 4): 2 w + 4 = 8
    np.testing.assert_array_equal(x, [1.0, 2.0])


def appends_only(L, w):
    L.append(L[0] * w)
    return np.sum(L[2] * L[1]) * w


def test_a_list_only_appended_to_may_hold_one_array_twice():
    x = np.array([1.0, 2.0])
    L = [x, x]
    np.testing.assert_allclose(s2sad.grad(appends_only, wrt=(1,))(L, 2.0)[0], 2 * 2.0 * np.sum(x * x))
    assert len(L) == 2 and L[0] is x and np.array_equal(x, [1.0, 2.0])
