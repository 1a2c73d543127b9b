"""``g.compiled``'s drivers are inlined by numba into the user's ``@njit`` code (``inline='always'``).

Called from numba code, a driver compiled as a function of its own linked the adjoint's machine
code into its library and optimised it there, then again in the caller's library: linreg GD's
loop calling ``g.compiled`` optimised the adjoint three times. Inlined, the driver's few
statements (argument checks, the adjoint's call, the gradients' copies) become the caller's, and
the driver is compiled only when Python calls it. Results, conversions and refusals as before
(tests/backends/test_driver_inline.py); a call with extra arguments is now numba's typing error
where the extra arguments were ignored."""
import numba
import numpy as np
import pytest

import s2sad


def mse(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def _expected(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r), 2.0 * np.mean(r * x), 2.0 * np.mean(r)


X = np.linspace(0.0, 1.0, 7)
Y = 3.0 * X + 1.0


def _made(maker, wrt):
    g = maker(mse, wrt=wrt, jit=True)
    g(0.5, -0.2, X, Y)
    return g, g.compiled


def test_the_grad_driver_is_not_compiled_on_its_own_when_numba_code_calls_it():
    g, c = _made(s2sad.grad, (0, 1))

    @numba.njit
    def descend(w, b, x, y, steps):
        for _ in range(steps):
            gw, gb = c(w, b, x, y)
            w, b = w - 0.5 * gw, b - 0.5 * gb
        return w, b

    got = descend(0.5, -0.2, X, Y, 200)
    w, b = 0.5, -0.2
    for _ in range(200):
        gw, gb = g(w, b, X, Y)
        w, b = w - 0.5 * gw, b - 0.5 * gb
    np.testing.assert_allclose(got, (w, b), rtol=1e-12)
    np.testing.assert_allclose(got, (3.0, 1.0), rtol=1e-2)
    assert not c.overloads                 # inlined in descend: no compile of its own
    np.testing.assert_allclose(c(0.5, -0.2, X, Y), _expected(0.5, -0.2, X, Y)[1:], rtol=1e-12)   # from Python
    assert c.overloads


@pytest.mark.parametrize("maker, wrt", [(s2sad.grad, 0), (s2sad.grad, (0, 1)), (s2sad.value_and_grad, 0),
                                        (s2sad.value_and_grad, (0, 1))])
def test_each_kind_of_driver_inlined_gives_the_checking_path_s_result(maker, wrt):
    g, c = _made(maker, wrt)

    @numba.njit
    def call(w, b, x, y):
        return c(w, b, x, y)

    got, want = call(0.5, -0.2, X, Y), g(0.5, -0.2, X, Y)
    flat = lambda v: np.hstack([np.ravel(np.asarray(e, dtype=float)) for e in np.atleast_1d(v)]) \
        if not isinstance(v, tuple) else np.hstack([flat(e) for e in v])
    np.testing.assert_allclose(flat(got), flat(want), rtol=1e-12)
    value, gw, gb = _expected(0.5, -0.2, X, Y)
    full = {(s2sad.grad, 0): [gw], (s2sad.grad, (0, 1)): [gw, gb], (s2sad.value_and_grad, 0): [value, gw],
            (s2sad.value_and_grad, (0, 1)): [value, gw, gb]}[(maker, wrt)]
    np.testing.assert_allclose(flat(got), full, rtol=1e-12)


def test_the_vjp_driver_inlined_scales_by_its_head_gradient():
    g = s2sad.vjp(mse, wrt=0, jit=True)
    want = g(0.5, -0.2, X, Y, 3.0)
    c = g.compiled

    @numba.njit
    def call(w, b, x, y, d):
        return c(w, b, x, y, d)

    np.testing.assert_allclose(call(0.5, -0.2, X, Y, 3.0), want, rtol=1e-12)
    np.testing.assert_allclose(want, 3.0 * _expected(0.5, -0.2, X, Y)[1], rtol=1e-12)


def test_an_extra_argument_from_numba_code_is_refused_not_ignored():
    _, c = _made(s2sad.grad, 0)

    @numba.njit
    def call(w, b, x, y):
        return c(w, b, x, y, 7.0)

    with pytest.raises(numba.core.errors.TypingError):
        call(0.5, -0.2, X, Y)
