"""A decorator's `*args, **kwargs` wrapper that changes the result (wrapper_shims.py).
`def deco(f): @functools.wraps(f) def w(*a, **k): return 2 * f(*a, **k)` was refused on main
(pointing to `g.__wrapped__`). A wrapper that only forwards `*a, **k` to the wrapped function is now
differentiated under the wrapped function's signature -- the wrapper's code, never the undecorated
body. A wrapper doing anything else with its arguments (a named parameter beside them, changing
them, reading them for a cache key) keeps its refusal, located at its `def`."""
import functools

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 0.7, 1.1])
SCALE = 2.0


def doubled(f):
    @functools.wraps(f)
    def w(*a, **k):
        return 2.0 * f(*a, **k)
    return w


def scaled(f):
    @functools.wraps(f)
    def w(*args, **kwargs):
        y = f(*args, **kwargs)
        return SCALE * np.tanh(y)           # a global read at each call
    return w


def logged(f):
    calls = []

    @functools.wraps(f)
    def w(*a, **k):
        calls.append(len(calls))
        return f(*a, **k)
    w.calls = calls
    return w


@doubled
def energy(v):
    return np.sum(np.sin(v) * v)


@scaled
def loss(w, x, y):
    return np.sum((x * w - y) ** 2)


@doubled
@doubled
def four_times(v):
    return np.sum(v ** 3)


@logged
def counted(v):
    return np.sum(v ** 2)


def uses_energy(v):
    return energy(v) ** 2 + energy(v[::-1])


def test_the_wrapper_is_differentiated_not_the_undecorated_body():
    for jit in (False, True):
        g = s2sad.grad(energy, jit=jit)(X)
        np.testing.assert_allclose(g, 2.0 * (np.cos(X) * X + np.sin(X)), rtol=1e-12)
        check_grad(energy, X, jit=jit)
    check_jvp(energy, X, tangent=np.array([0.4, -1.0, 0.25]))


def test_several_parameters_by_position_and_by_keyword():
    x, y = np.array([1.0, 2.0, 0.5]), np.array([0.2, 0.1, 0.4])
    check_grad(loss, 0.3, x, y, wrt=(0, 1))
    check_jvp(loss, 0.3, x, y, tangent=0.7)
    assert s2sad.grad(loss)(w=0.3, x=x, y=y) == pytest.approx(s2sad.grad(loss)(0.3, x, y), rel=1e-14)


def test_a_global_the_wrapper_reads_is_read_at_each_call():
    global SCALE
    g = s2sad.grad(loss)
    x, y = np.array([1.0, 2.0, 0.5]), np.array([0.2, 0.1, 0.4])
    before = g(0.3, x, y)
    try:
        SCALE = 3.0
        assert g(0.3, x, y) == pytest.approx(1.5 * before, rel=1e-12)
    finally:
        SCALE = 2.0


def test_nested_wrappers_and_a_call_inside_the_function():
    for jit in (False, True):
        np.testing.assert_allclose(s2sad.grad(four_times, jit=jit)(X), 12.0 * X ** 2, rtol=1e-12)
        check_grad(uses_energy, X, jit=jit)
    check_jvp(uses_energy, X, tangent=np.array([0.4, -1.0, 0.25]))


def test_the_wrappers_own_effects_run_once_per_call_as_in_python():
    before = len(counted.calls)
    np.testing.assert_allclose(s2sad.grad(counted)(X), 2.0 * X, rtol=1e-14)
    assert len(counted.calls) == before + 1


def first_changed(f):
    @functools.wraps(f)
    def w(x, *a, **k):
        return f(np.sin(x), *a, **k)
    return w


def args_scaled(f):
    @functools.wraps(f)
    def w(*a, **k):
        return f(*[3.0 * v for v in a], **k)    # which argument is scaled depends on the call
    return w


def cached(f):
    cache = {}

    @functools.wraps(f)
    def w(*a, **k):
        if id(a[0]) not in cache:
            cache[id(a[0])] = f(*a, **k)
        return cache[id(a[0])]
    return w


@first_changed
def first(v):
    return np.sum(v ** 2)


@args_scaled
def scaled_args(v):
    return np.sum(v ** 2)


@cached
def remembered(v):
    return np.sum(v ** 2)


@pytest.mark.parametrize("f, line", [(first, "def w(x, *a, **k):"), (scaled_args, "def w(*a, **k):"),
                                     (remembered, "def w(*a, **k):")])
def test_other_wrappers_are_refused_at_their_line(f, line):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(f)(X)
    text = str(err.value)
    assert "test_wrapper_shims53.py" in text and ", line " in text and ", column " in text and line in text
