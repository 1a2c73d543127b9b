"""targets.py, frontend/resolve.py: a wrapper that only returns ``fn(*args, **kwargs)`` is seen
through, as the function it wraps, but Python's wrapper calls whatever its closure cell or global
holds at each call (hunt56b, issue 8 class 3). A dispatcher ``@functools.wraps(f_a) def
dispatch(*args, **kwargs): return IMPL(*args, **kwargs)`` after ``IMPL = f_b`` (or a decorator's
cell switched through ``nonlocal``) computes ``f_b``; on main ``grad(dispatch)`` still gave
``f_a``'s gradient ([0.76, 0.92, 0.27] for [1.4, -0.8, 2.6]), silently, with and without jit, and
so did a function calling the wrapper as a helper ([1.53, 1.84, 0.53] for [2.8, -1.6, 5.2]).
A target now refuses a call after the name was rebound (``ArgumentError``: make the gradient
again) and takes the checking call path; a helper's build is guarded on the name (rebuilt, and the
wrapper, no longer a pass-through, then forwards its arguments to the new function: stop 58's
frontend/forwarded_args.py; refused at its line before). Restored, both work again."""
import functools

import numpy as np
import pytest

import s2sad

X = np.array([0.7, -0.4, 1.3])


def f_a(x):
    return np.sum(np.sin(x))


def f_b(x):
    return np.sum(x ** 2)


IMPL = f_a


@functools.wraps(f_a)
def dispatch(*args, **kwargs):
    return IMPL(*args, **kwargs)


def _switchable():
    impl = f_a

    @functools.wraps(f_a)
    def wrapper(*args, **kwargs):
        return impl(*args, **kwargs)

    def switch(fn):
        nonlocal impl
        impl = fn
    return wrapper, switch


WRAPPER, SWITCH = _switchable()


def _set_impl(fn):
    globals()["IMPL"] = fn


def through_dispatch(x):
    return dispatch(x) * 2.0


def through_wrapper(x):
    return WRAPPER(x) * 2.0


CASES = {"global": (dispatch, through_dispatch, _set_impl), "cell": (WRAPPER, through_wrapper, SWITCH)}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("jit", [False, True])
def test_target_refused_after_rebinding(case, jit):
    target, _, switch = CASES[case]
    g = s2sad.grad(target, jit=jit)
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)     # (a jit gradient learns its fast path)
    switch(f_b)
    try:
        with pytest.raises(s2sad.ArgumentError, match="Make the gradient again"):
            g(X)
    finally:
        switch(f_a)
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)


@pytest.mark.parametrize("case", sorted(CASES))
def test_hvp_target_refused_after_rebinding(case):
    target, _, switch = CASES[case]
    h = s2sad.hvp(target)
    np.testing.assert_allclose(h(X, np.ones(3)), -np.sin(X), rtol=1e-12)
    switch(f_b)
    try:
        with pytest.raises(s2sad.ArgumentError):
            h(X, np.ones(3))
    finally:
        switch(f_a)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("jit", [False, True])
def test_helper_rebuilt_after_rebinding(case, jit):
    _, user, switch = CASES[case]
    g = s2sad.grad(user, jit=jit)
    np.testing.assert_allclose(g(X), 2 * np.cos(X), rtol=1e-12)
    switch(f_b)
    try:
        # rebuilt: no longer a pass-through, the wrapper forwards its *args/**kwargs to f_b
        # (frontend/forwarded_args.py, stop 58; refused at its line before)
        np.testing.assert_allclose(g(X), 2 * 2 * X, rtol=1e-12)
    finally:
        switch(f_a)
    np.testing.assert_allclose(g(X), 2 * np.cos(X), rtol=1e-12)


def _doubling():
    impl = f_a

    @functools.wraps(f_a)
    def doubled(*args, **kwargs):
        return 2.0 * impl(*args, **kwargs)

    def switch(fn):
        nonlocal impl
        impl = fn
    return doubled, switch


@pytest.mark.parametrize("jit", [False, True])
def test_forwarding_wrapper_follows_its_cell(jit):
    """A wrapper that changes the result is differentiated as itself, under the wrapped signature
    (``wrapper_shims``), from a source kept between builds (``__s2sad_source__``), whose record of
    the names read was shared by every build: after the cell was switched the rebuild refused with
    "the globals of `f_a` keep changing", and after it was switched back the gradient was
    ``f_b``'s ([2.8, -1.6, 5.2] for [1.53, 1.84, 0.53]), silently. Each build records afresh."""
    doubled, switch = _doubling()
    g = s2sad.grad(doubled, jit=jit)
    np.testing.assert_allclose(g(X), 2 * np.cos(X), rtol=1e-12)
    switch(f_b)
    try:
        np.testing.assert_allclose(g(X), 4 * X, rtol=1e-12)
    finally:
        switch(f_a)
    np.testing.assert_allclose(g(X), 2 * np.cos(X), rtol=1e-12)


def _method_a(self, x):
    return np.sum(np.sin(x)) * self.k


def _method_b(self, x):
    return np.sum(x ** 2) * self.k


METHOD = _method_a


class Model:
    k = 1.0

    @functools.wraps(_method_a)
    def loss(*args, **kwargs):
        return METHOD(*args, **kwargs)


@pytest.mark.parametrize("jit", [False, True])
def test_bound_method_through_a_wrapper(jit):
    """The same check for a method decorated with a pass-through wrapper (``grad(m.loss)``): the
    bound method's function was unwrapped without recording what the wrapper calls."""
    global METHOD
    g = s2sad.grad(Model().loss, jit=jit)
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
    METHOD = _method_b
    try:
        with pytest.raises(s2sad.ArgumentError, match="Make the gradient again"):
            g(X)
    finally:
        METHOD = _method_a
    np.testing.assert_allclose(g(X), np.cos(X), rtol=1e-12)
