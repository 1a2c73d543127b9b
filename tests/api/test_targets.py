"""What ``grad(f)`` differentiates is exactly what calling ``f`` runs (s2sad/targets.py).

partials, bound methods and callable objects are the Python function underneath with
fixed arguments (never differentiated); keyword arguments and defaults bind as in
Python; a decorator's wrapper is differentiated as written (or seen through when it
provably returns the wrapped result unchanged). Each is checked against finite
differences, and against autograd where the function is autograd-compatible.
"""
import functools

import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import check_grad, numeric_grad

autograd = pytest.importorskip("autograd")


def loss(w, data, scale=1.0):
    return scale * np.sum((data @ w - 1.0) ** 2)


W = np.array([0.3, -0.2])
DATA = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.1]])


def test_partial_with_positional_and_keyword_arguments():
    p = functools.partial(loss, data=DATA, scale=0.5)
    g = check_grad(p, W, reference="autograd")
    np.testing.assert_allclose(g, numeric_grad(lambda w: loss(w, DATA, 0.5), [W], 0), rtol=1e-6)
    q = functools.partial(loss, W)                     # the first parameter fixed: wrt is `data`
    check_grad(q, DATA, 2.0)
    both = s2sad.grad(q, wrt=("data", "scale"))(DATA, scale=2.0)
    np.testing.assert_allclose(both[1], loss(W, DATA, 1.0), rtol=1e-12)


def test_a_keyword_overrides_what_the_partial_fixed():
    p = functools.partial(loss, data=DATA, scale=0.5)
    np.testing.assert_allclose(s2sad.grad(p)(W, scale=3.0), 6.0 * s2sad.grad(p)(W), rtol=1e-12)


def scaled_power(x, *, scale=1.5, power=2):
    return np.sum(np.abs(x * scale) ** power)


def needs_k(x, y, *, k):
    return np.sum(x * y * k) + k ** 2


@pytest.mark.parametrize("jit", [False, True])
def test_keyword_only_parameters_of_the_function_differentiated(jit):
    """``def f(x, *, scale=1.5)`` was refused at its ``def`` (hunt10, fns77 kwonly_main): its keyword-only
    parameters bind as in Python (by keyword, defaults), can be differentiated by name, and one passed by
    position is an ArgumentError. With jit=True such a gradient takes the checking path: numba's C
    dispatch cannot tell a keyword from a positional argument (a partial binding keywords was never
    learned by it either: still exact)."""
    x = np.array([0.3, -1.2, 0.7])
    g = s2sad.grad(scaled_power, jit=jit)
    for kw in ({}, {"scale": 2.0}, {"power": 3, "scale": 2.0}, {"scale": 2.0}):
        expected = numeric_grad(lambda v: scaled_power(v, **kw), [x], 0)
        np.testing.assert_allclose(g(x, **kw), expected, rtol=1e-6)
    with pytest.raises(s2sad.ArgumentError, match="too many positional"):
        g(x, 2.0)
    by_name = s2sad.grad(needs_k, wrt=(0, "k"), jit=jit)(x, x, k=2.0)
    np.testing.assert_allclose(by_name[0], numeric_grad(lambda v: needs_k(v, x, k=2.0), [x], 0), rtol=1e-6)
    np.testing.assert_allclose(by_name[1], numeric_grad(lambda k: needs_k(x, x, k=k), [2.0], 0), rtol=1e-6)
    with pytest.raises(s2sad.ArgumentError, match="missing a required argument: 'k'"):
        s2sad.grad(needs_k, jit=jit)(x, x)
    p = s2sad.grad(functools.partial(loss, data=DATA, scale=0.5), jit=jit)
    np.testing.assert_allclose(p(W, scale=3.0), 6.0 * p(W), rtol=1e-12)
    np.testing.assert_allclose(p(W, scale=3.0), 6.0 * p(W), rtol=1e-12)
    if not jit:
        ag = autograd.grad(lambda v: autograd.numpy.sum(autograd.numpy.abs(v * 2.0) ** 3))(x)
        np.testing.assert_allclose(g(x, power=3, scale=2.0), ag, rtol=1e-12)


class Model:
    def __init__(self, data):
        self.data = data
        self.k = 0.5

    def loss(self, w):
        return self.k * np.sum(np.tanh(self.data @ w) ** 2)

    def __call__(self, w):
        return np.sum(np.cos(self.data @ w)) * self.k


def test_bound_method_and_callable_object():
    m = Model(DATA)
    check_grad(m.loss, W)
    check_grad(m, W)
    m.k = 3.0                                         # self is read at each call
    np.testing.assert_allclose(s2sad.grad(m.loss)(W), numeric_grad(m.loss, [W], 0), rtol=1e-6)
    assert repr(s2sad.grad(m.loss)).startswith("<s2sad grad of loss")


class Bad:
    def helper(self, w):
        return w * 2.0

    def uses_a_method(self, w):
        return np.sum(self.helper(w))

    def attribute_of_differentiated(self, w):
        return np.sum(w.base)       # (`.flat`, refused here before stop 48, is np.ravel's now)


def test_what_a_method_cannot_do_is_refused_where_it_is_written():
    check_grad(Bad().uses_a_method, W)      # refused before; self.helper(w) is inlined (meth25)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"`\.base`"):
        s2sad.grad(Bad().attribute_of_differentiated)(W)


def test_keyword_arguments_and_defaults():
    g = s2sad.grad(loss, wrt=(0, 2))
    a = g(W, DATA)
    b = g(data=DATA, w=W, scale=1.0)
    for x, y in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=1e-12)
    vg = s2sad.value_and_grad(loss)
    assert vg(W, DATA, scale=2.0)[0] == pytest.approx(loss(W, DATA, 2.0))


def penalized(w, data, *, lam=0.1, power):
    return np.sum(np.sin(data @ w)) + lam * np.sum(np.abs(w) ** power)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_keyword_only_parameters_in_every_mode_and_in_forward_mode(jit):
    """`def f(w, data, *, lam=0.1, power)` was refused at its `def` ("use plain positional
    parameters"); they bind by keyword only, as in Python, in every mode (also differentiated)."""
    g = s2sad.grad(penalized, wrt=(0, "lam"), jit=jit)
    gw, glam = g(W, DATA, power=3.0)
    check_grad(lambda w: penalized(w, DATA, power=3.0), W)
    np.testing.assert_allclose(gw, s2sad.grad(lambda w: penalized(w, DATA, power=3.0))(W), rtol=1e-12)
    assert glam == pytest.approx(np.sum(np.abs(W) ** 3.0), rel=1e-12)
    assert s2sad.value_and_grad(penalized, jit=jit)(W, DATA, lam=0.5, power=2.0)[0] == \
        pytest.approx(penalized(W, DATA, lam=0.5, power=2.0))
    with pytest.raises(ArgumentError, match="too many positional arguments"):
        g(W, DATA, 0.1, 3.0)
    with pytest.raises(ArgumentError, match="missing a required argument: 'power'"):
        g(W, DATA)
    v = np.ones_like(W)
    _, tangent = s2sad.jvp(penalized, jit=jit)(W, DATA, v, power=3.0)
    assert tangent == pytest.approx(gw @ v, rel=1e-10)
    hv = s2sad.hvp(penalized, jit=jit)(W, DATA, v, power=3.0)
    np.testing.assert_allclose(hv, s2sad.hessian(penalized)(W, DATA, power=3.0) @ v, rtol=1e-10)


def doubling(fn):
    @functools.wraps(fn)
    def wrapper(w, data):
        return 2.0 * fn(w, data)
    return wrapper


def transparent(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@doubling
def doubled_loss(w, data):
    return np.sum(np.sin(data @ w))


@transparent
def seen_through(w, data):
    return np.sum(np.cos(data @ w))


def test_decorated_functions_differentiate_what_runs():
    check_grad(doubled_loss, W, DATA)              # the wrapper's factor 2 is included
    np.testing.assert_allclose(s2sad.grad(doubled_loss)(W, DATA),
                               2.0 * s2sad.grad(doubled_loss.__wrapped__)(W, DATA), rtol=1e-12)
    check_grad(seen_through, W, DATA, reference="autograd")


def test_numba_dispatcher_is_its_python_function():
    numba = pytest.importorskip("numba")
    jitted = numba.njit(doubled_loss.__wrapped__)
    check_grad(jitted, W, DATA)


def test_lambda_and_integer_arguments():
    check_grad(lambda x, y: x * np.exp(y), 2, 0.5, wrt=(0, 1))


def scaling(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return 3.0 * fn(*args)
    return wrapper


@scaling
def scaled_loss(w, data):
    return np.sum(np.sin(data @ w))


def test_decorator_wrapper_taking_args_is_refused_with_what_to_write():
    # The wrapper changes the result and passes its arguments on through `*args`: refused at its
    # `def`, naming the wrapper and the function it wraps (the message said "cannot differentiate
    # *args", untrue since *args of the function differentiated are followed).
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(scaled_loss)(W, DATA)
    msg = str(info.value)
    assert "test_targets.py" in msg and "def wrapper(*args):" in msg
    assert "wrapper `wrapper(*args)` a decorator put around `scaled_loss`" in msg
    assert "scaled_loss.__wrapped__" in msg and "*args, **kwargs or positional-only" not in msg
    # what the message says to write instead works
    np.testing.assert_allclose(3.0 * s2sad.grad(scaled_loss.__wrapped__)(W, DATA),
                               3.0 * np.cos(DATA @ W) @ DATA, rtol=1e-12)


def test_jit_error_is_exported():
    """`except s2sad.JitError` works (it lived only in s2sad.backends.errors: AttributeError on main)."""
    from s2sad.backends.errors import JitError
    assert s2sad.JitError is JitError and issubclass(s2sad.JitError, s2sad.S2sadError)
    assert "JitError" in s2sad.__all__
