"""``rng.shuffle(a)`` of a local array is followed as ``a[:] = a[rng.permutation(len(a))]``
(s2sad/frontend/shuffles.py: the same draws, the same rows, written in place): it was refused as
a call "which may store or change `a`", with advice to allocate with np.zeros. A list, a
checkpointed loop, ``rng.spawn`` and ``collections.deque`` stay refused at their line, with advice
that names the user's own calls."""
import collections

import numpy as np
import pytest

import s2sad
from s2sad import UnsupportedSyntaxError


def vector(x, rng):
    a = x * 2.0
    rng.shuffle(a)
    return np.sum(a * np.arange(4.0))


def rows(x, rng):
    A = np.outer(x, x[:2])
    rng.shuffle(A)
    return np.sum(A * np.arange(8.0).reshape(4, 2))


def through_a_view(x, rng):
    a = x * 1.0
    v = a[1:]
    rng.shuffle(a)
    return np.sum(v * np.arange(3.0)) + a[0]


def in_a_loop(x, rng):
    a = x ** 2
    s = 0.0
    for k in range(3):
        rng.shuffle(a)
        s = s + a[0] * k
    return s


def legacy(x, rng):
    np.random.seed(4)
    a = np.copy(x)
    np.random.shuffle(a)
    return np.sum(a * np.arange(4.0))


def a_list(x, rng):
    L = [x[0], x[1], x[2]]
    rng.shuffle(L)
    return L[0] * 2 + L[1]


def a_list_advised(x, rng):
    L = [x[0], x[1], x[2]]
    L = [L[i] for i in rng.permutation(len(L))]
    return L[0] * 2 + L[1]


def spawned(x, rng):
    kids = rng.spawn(2)
    return np.sum(x * kids[0].normal(size=4))


def queue(x, rng):
    q = collections.deque()
    for i in range(4):
        q.append(x[i] * 2.0)
    s = 0.0
    while q:
        s = s + q.popleft() * len(q)
    return s


X = np.array([0.7, -1.3, 0.4, 2.1])
T = np.array([0.3, -0.7, 0.2, 1.1])


def _rng():
    return np.random.default_rng(11)     # the same draws at every call


def _differences(f, eps=1e-6):
    return np.array([(f(X + eps * e, _rng()) - f(X - eps * e, _rng())) / (2 * eps) for e in np.eye(4)])


@pytest.mark.parametrize("f", [vector, rows, through_a_view, in_a_loop, legacy, a_list_advised],
                         ids=lambda f: f.__name__)
def test_value_grad_and_jvp(f):
    want = _differences(f)
    value, g = s2sad.value_and_grad(f)(X, _rng())
    assert value == f(X, _rng())
    np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-8)
    _, dt = s2sad.jvp(f)(X, _rng(), tangent=T)
    np.testing.assert_allclose(dt, want @ T, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [vector, through_a_view], ids=lambda f: f.__name__)
def test_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X, _rng()), _differences(f), rtol=1e-6, atol=1e-8)


def test_the_callers_array_is_not_shuffled():
    x = X.copy()
    s2sad.grad(vector)(x, _rng())
    np.testing.assert_array_equal(x, X)


@pytest.mark.parametrize("f, line, words", [
    (a_list, 2, "`L = [L[i] for i in rng.permutation(len(L))]`"),
    (spawned, 2, "`.normal()`"),
    (queue, 1, "`deque`"),
], ids=["list", "spawn", "deque"])
def test_refused_at_the_line(f, line, words):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(f)(X, _rng())
    text = str(err.value)
    assert f"line {f.__code__.co_firstlineno + line}," in text and words in text


def test_a_checkpointed_loop_advises_permutations():
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(in_a_loop, checkpoint=2)(X, _rng())
    assert "`noise = [rng.permutation(...) for _ in range(n)]`" in str(err.value)


def test_a_deque_method_is_named_as_such_in_forward_mode():
    """jvp reaches `q.popleft()` first: it was refused as "a method call on one of your own objects"."""
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.jvp(queue)(X, _rng(), tangent=T)
    text = str(err.value)
    assert f"line {queue.__code__.co_firstlineno + 6}," in text and "`collections.deque`" in text
    assert "`v = q.pop(0)`" in text
