"""``*args``, ``**kwargs``, keyword-only and positional-only parameters of the function differentiated.

SciPy's convention ``fun(x, *args)`` (``minimize(fun, x0, args=(a, b), jac=s2sad.grad(fun))``
calls ``jac(x, a, b)``) was refused at the ``def``. Now a call is bound by the function's own
signature: ``args`` is the tuple of the extra positional arguments, ``kwargs`` the dict of the
extra keywords, as in Python (``frontend/check.signature_as_parameters``, ``targets.call``).
``wrt`` selects parameters: the first by default; ``wrt="args"`` differentiates the tuple (its
gradient a tuple); a *position* at or after ``*args`` is refused, since which argument it means
depends on the call.
"""
import numpy as np
import pytest
import scipy.optimize

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp, check_vjp


def scipy_style(x, *args):
    a, b = args
    return np.sum(a * np.sin(x) ** 2) + b * np.sum(x ** 3)


def loop_over_extras(x, *params):
    s = np.sum(x ** 2)
    for p in params:
        s = s + np.sum(p * np.tanh(x))
    return s * len(params)


def keyword_only(x, *, k=2.0, shift=0.5):
    return np.sum((x - shift) ** 2) * k


def with_kwargs(x, scale=1.0, **kw):
    return np.sum(np.exp(x * scale)) * kw.get("weight", 1.0) + kw["bias"] * np.sum(x)


def positional_only(x, w, /, c=1.0):
    return np.sum(w * x ** 2) * c


def every_kind(x, a, /, b, *rest, k=1.0, **kw):
    out = np.sum(a * x) + b * np.sum(x ** 2) * k
    for r in rest:
        out = out + np.sum(r * np.cos(x))
    return out + kw.get("c", 0.0) * np.sum(x ** 3)


X = np.array([0.3, -0.8, 1.1])
A = np.array([1.5, 0.4, -0.7])


def _fd(f, x, *args, h=1e-6, **kwargs):
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e, *args, **kwargs) - f(x - e, *args, **kwargs)) / (2 * h)
    return g


def _fd_item(f, extra, k):
    """Differences of ``f(X, *extra)`` in the extra argument ``k``."""
    def of_item(v):
        e = list(extra)
        e[k] = v
        return f(X, *e)
    return _fd(of_item, extra[k])


CASES = [
    (scipy_style, (A, 0.7), {}),
    (loop_over_extras, (), {}),
    (loop_over_extras, (A,), {}),
    (loop_over_extras, (A, 2.0 * A, 0.5), {}),
    (keyword_only, (), {}),
    (keyword_only, (), {"k": 3.0}),
    (with_kwargs, (), {"bias": 0.2}),
    (with_kwargs, (0.5,), {"bias": 0.2, "weight": 3.0}),
    (positional_only, (A,), {}),
    (every_kind, (A, 0.3, A, 2 * A), {"k": 2.0, "c": 0.1}),
]
IDS = [f"{f.__name__}-{len(a)}-{'_'.join(k)}" for f, a, k in CASES]


@pytest.mark.parametrize("f, extra, kw", CASES, ids=IDS)
def test_grad_against_differences(f, extra, kw):
    saved = [np.copy(e) for e in extra]
    g = s2sad.grad(f)(X, *extra, **kw)
    np.testing.assert_allclose(g, _fd(f, X, *extra, **kw), rtol=1e-7, atol=1e-9)
    for e, s in zip(extra, saved):
        np.testing.assert_array_equal(e, s)


@pytest.mark.parametrize("f, extra, kw", CASES, ids=IDS)
def test_jvp_and_hvp(f, extra, kw):
    v = np.array([1.0, -0.5, 0.25])
    value, t = s2sad.jvp(f)(X, *extra, v, **kw)
    np.testing.assert_allclose(value, f(X, *extra, **kw), rtol=1e-12)
    np.testing.assert_allclose(t, _fd(f, X, *extra, **kw) @ v, rtol=1e-6)
    h = 1e-5
    fd = (s2sad.grad(f)(X + h * v, *extra, **kw) - s2sad.grad(f)(X - h * v, *extra, **kw)) / (2 * h)
    np.testing.assert_allclose(s2sad.hvp(f)(X, *extra, v, **kw), fd, rtol=1e-5, atol=1e-7)


def test_positional_calls_checked_against_autograd():
    for f, extra in ((scipy_style, (A, 0.7)), (loop_over_extras, (A, 2.0 * A)), (positional_only, (A,))):
        check_grad(f, X.copy(), *extra, reference="autograd")
        check_jvp(f, X.copy(), *extra, tangent=np.ones(3))
        check_hvp(f, X.copy(), *extra, v=np.ones(3), rtol=1e-4, atol=1e-5)
        check_vjp(f, X.copy(), *extra, dout=2.0)


def test_value_and_grad_and_has_aux():
    value, g = s2sad.value_and_grad(scipy_style)(X, A, 0.7)
    assert value == scipy_style(X, A, 0.7)
    np.testing.assert_allclose(g, _fd(scipy_style, X, A, 0.7), rtol=1e-7)

    def aux(x, *args):
        return np.sum(args[0] * x ** 2), len(args)
    g, n = s2sad.grad(aux, has_aux=True)(X, A, 0.7, "tag")
    assert n == 3
    np.testing.assert_allclose(g, 2 * A * X, rtol=1e-12)


def test_the_tuple_differentiated_by_name():
    """``wrt="params"``: the tuple of extra arguments, its gradient a tuple item by item."""
    extra = (A, 2.0 * A)
    g = s2sad.grad(loop_over_extras, wrt="params")(X, *extra)
    assert isinstance(g, tuple) and len(g) == 2
    for i in range(2):
        np.testing.assert_allclose(g[i], _fd_item(loop_over_extras, extra, i), rtol=1e-7, atol=1e-9)
    gx, gp = s2sad.grad(loop_over_extras, wrt=(0, "params"))(X, A, 0.5)
    np.testing.assert_allclose(gx, _fd(loop_over_extras, X, A, 0.5), rtol=1e-7)
    np.testing.assert_allclose(gp[1], 2 * np.sum(np.tanh(X)), rtol=1e-7)


def test_keywords_differentiated_by_name():
    g = s2sad.grad(keyword_only, wrt="k")(X, k=3.0)
    np.testing.assert_allclose(g, np.sum((X - 0.5) ** 2), rtol=1e-12)
    g = s2sad.grad(with_kwargs, wrt="kw")(X, bias=0.2, weight=3.0)
    assert set(g) == {"bias", "weight"}
    np.testing.assert_allclose(g["bias"], np.sum(X), rtol=1e-12)
    np.testing.assert_allclose(g["weight"], np.sum(np.exp(X)), rtol=1e-12)


def test_one_gradient_called_with_different_extras():
    """The extra arguments' count and kinds change between calls: each call exact (no build of
    another call's arguments reused wrongly)."""
    g = s2sad.grad(loop_over_extras)
    for extra in ((A,), (), (0.5, A), (A, A, A), (np.float64(2.0),), (A[None, :],)):
        np.testing.assert_allclose(g(X, *extra), _fd(loop_over_extras, X, *extra), rtol=1e-7, atol=1e-9)
    gp = s2sad.grad(loop_over_extras, wrt="params")
    for extra in ((A,), (0.5, A), (A, A, 1.0)):
        got = gp(X, *extra)
        assert len(got) == len(extra)
        for gi, e in zip(got, extra):
            assert np.shape(gi) == np.shape(e)


def test_scipy_minimize_with_args_and_s2sad_jac():
    def fun(x, *args):
        target, weight = args
        return weight * np.sum((x - target) ** 2) + np.sum(x ** 4)
    r = scipy.optimize.minimize(fun, np.zeros(3), args=(A, 2.0), jac=s2sad.grad(fun), method="BFGS")
    assert r.success
    np.testing.assert_allclose(s2sad.grad(fun)(r.x, A, 2.0), 0.0, atol=1e-5)
    check_grad(fun, r.x, A, 2.0)


@pytest.mark.parametrize("jit", [False, True])
def test_s2sad_minimize_with_star_args(jit):
    def fun(x, *ps):
        s = 0.0
        for p in ps:
            s = s + np.sum((x - p) ** 2)
        return s
    r = s2sad.minimize(fun, np.zeros(3), args=(A, 2.0 * A), method="adam", lr=0.05, steps=2000, jit=jit)
    np.testing.assert_allclose(r.x, 1.5 * A, atol=1e-3)


def test_under_jit():
    g = s2sad.grad(scipy_style, jit=True)
    for extra in ((A, 0.7), (A, 1.5), (0.5, 0.7)):
        np.testing.assert_allclose(g(X, *extra), _fd(scipy_style, X, *extra), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(s2sad.grad(keyword_only, jit=True)(X, k=3.0), 6 * (X - 0.5), rtol=1e-12)
    v = np.array([1.0, -0.5, 0.25])
    _, t = s2sad.jvp(scipy_style, jit=True)(X, A, 0.7, v)
    np.testing.assert_allclose(t, _fd(scipy_style, X, A, 0.7) @ v, rtol=1e-6)


def test_refusals_name_the_parameter():
    with pytest.raises(ArgumentError, match=r"position 1 .*`\*args`.*wrt='args'"):
        s2sad.grad(scipy_style, wrt=1)
    with pytest.raises(ArgumentError, match=r"`\*\*kw`.*wrt='kw'"):
        s2sad.grad(with_kwargs, wrt=2)
    with pytest.raises(ArgumentError, match=r"`args` is a tuple; with jit=True"):
        s2sad.grad(scipy_style, wrt="args", jit=True)(X, A, 0.7)
    with pytest.raises(ArgumentError, match=r"`args` of `scipy_style`.*\*args"):
        check_grad(scipy_style, X, A, 0.7, wrt="args")
    import functools
    with pytest.raises(ArgumentError, match=r"into its `\*args`"):
        s2sad.grad(functools.partial(scipy_style, X, A))


def test_a_failing_call_reports_the_users_error():
    """The function's own error on these extra arguments reaches the caller as Python raises it
    (the primal run after a failure calls it with ``*args`` spread again)."""
    with pytest.raises(ValueError, match="not enough values to unpack"):
        s2sad.grad(scipy_style)(X, A)


def test_autograd_agrees_on_keywords():
    check_against_autograd(keyword_only, X.copy())
    check_against_autograd(every_kind, X.copy(), A, 0.3, A)


def test_vjp_with_dout_by_keyword_counts_only_named_parameters():
    """A vjp counted ``*args``/``**kwargs`` as required arguments: ``vjp(f)(x, a, dout=2.0)`` of
    ``def f(x, *args, k=1.0, **kw)`` was refused ("got 3 argument(s)")."""
    got = s2sad.vjp(every_kind)(X, A, 0.3, dout=2.0)
    np.testing.assert_allclose(got, 2.0 * _fd(every_kind, X, A, 0.3), rtol=1e-7)


def test_kwargs_under_jit_refused_when_made():
    for make in (s2sad.grad, s2sad.jvp, s2sad.hvp):
        with pytest.raises(ArgumentError, match=r"`\*\*kw` holds a dict"):
            make(with_kwargs, jit=True)


def test_jacobian_hessian_second_derivative_and_checkpoint():
    np.testing.assert_allclose(s2sad.jacobian(scipy_style)(X, A, 0.7), _fd(scipy_style, X, A, 0.7), rtol=1e-7)
    h = 1e-5
    H = s2sad.hessian(loop_over_extras)(X, A, 0.5)
    for i in range(3):
        e = np.zeros(3)
        e[i] = h
        col = (s2sad.grad(loop_over_extras)(X + e, A, 0.5) - s2sad.grad(loop_over_extras)(X - e, A, 0.5)) / (2 * h)
        np.testing.assert_allclose(H[:, i], col, rtol=1e-5, atol=1e-7)

    def scalar(t, *args):
        return t ** 3 * args[0]
    np.testing.assert_allclose(s2sad.grad(s2sad.grad(scalar))(0.7, 2.0), 6 * 0.7 * 2.0, rtol=1e-12)
    g = s2sad.grad(loop_over_extras, checkpoint=1)(X, A, 2.0 * A)
    np.testing.assert_allclose(g, _fd(loop_over_extras, X, A, 2.0 * A), rtol=1e-7)


def _model(x, *params):
    s = 0.0
    for p in params:
        s = s + np.sum(p * np.tanh(x))
    return s + len(params)


def _layer(x, *wb, scale=1.0):
    W, b = wb
    return np.tanh(W @ x + b) * scale


def calls_star_helpers(x, W, b):
    return _model(x, W @ x, b) + np.sum(_layer(x, W, b, scale=2.0) ** 2) + _model(x)


def spreads_into_a_star_helper(x, W):
    args = (W @ x, x)
    return _model(x, *args)      # of known length: _model(x, args[0], args[1]) (frontend/starred_calls.py)


def spreads_a_grown_list(x, W):
    args = []
    args.append(W @ x)
    return _model(x, *args)


W3 = np.array([[1.0, 0.5, 0.0], [-0.3, 0.2, 0.4], [0.1, 0.0, -0.6]])


def test_helpers_with_star_args():
    """A helper's ``*args`` was refused at its ``def``; a call now binds it to the tuple display of
    the extra positional arguments (``_model(x)``: the empty tuple)."""
    check_grad(calls_star_helpers, X.copy(), W3, A, wrt=(0, 1, 2), reference="autograd")
    check_jvp(calls_star_helpers, X.copy(), W3, A, tangent=np.ones(3))
    check_hvp(calls_star_helpers, X.copy(), W3, A, v=np.ones(3), rtol=1e-4, atol=1e-5)
    check_grad(spreads_into_a_star_helper, X.copy(), W3, wrt=(0, 1), reference="autograd")
    with pytest.raises(s2sad.S2sadError, match=r"unpacked with `\*` of `_model`"):
        s2sad.grad(spreads_a_grown_list)(X, W3)


def test_star_helper_under_jit():
    def f(x, W, b):
        return np.sum(_layer(x, W, b, scale=2.0) ** 2)
    check_grad(f, X.copy(), W3, A, wrt=(0, 1, 2), jit=True)


def star_rest(x, *args):
    a, *rest = args
    return np.sum(a * x) + np.sum(sum(rest) * x ** 2)


def star_as_list(x, *args):
    L = list(args)
    L.append(x)
    return np.sum(L[0] * L[-1]) + np.sum(np.stack(L[1:]) ** 2)


def star_sliced(x, *args):
    s = 0.0
    for i, a in enumerate(args[1:]):
        s = s + np.sum(a * x) * (i + 1)
    return s + np.sum(np.stack(args) @ x)


def star_zipped(x, *args):
    return sum(np.sum(a * b * x) for a, b in zip(args, args[1:]))


@pytest.mark.parametrize("f", [star_rest, star_as_list, star_sliced, star_zipped], ids=lambda f: f.__name__)
def test_the_star_tuple_used_whole(f):
    """``a, *rest = args``, ``list(args)`` then appended, ``args[1:]``, ``zip(args, ...)``: exact for
    ``x`` and for the tuple selected by name (each item's gradient against differences)."""
    extra = [A, np.array([-0.5, 0.4, 0.1]), np.array([0.2, 0.9, -0.3])]
    gx, gargs = s2sad.grad(f, wrt=(0, "args"))(X, *extra)
    np.testing.assert_allclose(gx, _fd(f, X, *extra), rtol=1e-7, atol=1e-9)
    for k in range(3):
        np.testing.assert_allclose(gargs[k], _fd_item(f, extra, k), rtol=1e-6, atol=1e-8)
    _, t = s2sad.jvp(f)(X, *extra, np.ones(3))
    np.testing.assert_allclose(t, _fd(f, X, *extra).sum(), rtol=1e-6)
