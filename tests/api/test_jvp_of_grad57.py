"""``jvp(grad(f))`` and ``jvp(value_and_grad(f))`` (refused on the base: "derivatives of
derivatives only as hvp, hessian or grad(grad(f))"): the gradient and its derivative along a
tangent, by forward mode over the adjoint in one sweep (``nested.GradTangent``), for gradients of
any shape, mixed (``wrt`` of the jvp not the gradient's), several ``wrt``, through loops and
branches, bound methods and partials, with and without jit. Checked against autograd's
``make_jvp(grad(f))`` and central differences of the gradient; the arguments are never written."""
import functools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NonScalarOutputError, NotDifferentiableError

X = np.array([0.3, -0.7, 1.1])
Y = np.array([0.5, 2.0, -1.0])
T = np.array([1.0, -2.0, 0.5])


def energy(x, y):
    return np.sum(np.sin(x) * y ** 2) + np.prod(x) * y[0]


def energy_ag(x, y):
    return anp.sum(anp.sin(x) * y ** 2) + anp.prod(x) * y[0]


def looped(x, y):
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] > 0.0:
            s = s + np.exp(x[i] * y[i])
        else:
            s = s + x[i] ** 3 * y[i]
    k = 0
    while k < 2:
        s = s * 0.9 + np.sum(x * x * y)
        k += 1
    return s


def looped_ag(x, y):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + (anp.exp(x[i] * y[i]) if x[i] > 0.0 else x[i] ** 3 * y[i])
    for _ in range(2):
        s = s * 0.9 + anp.sum(x * x * y)
    return s


def _ag_tangent(f_ag, inner, outer, args, t):
    """autograd: d/ds grad_inner f(args with args[outer] + s t) at s = 0."""
    def moved(s):
        a = list(args)
        a[outer] = a[outer] + s * t
        return autograd.grad(f_ag, inner)(*a)
    return autograd.jacobian(moved)(0.0)


@pytest.mark.parametrize("f, f_ag", [(energy, energy_ag), (looped, looped_ag)])
@pytest.mark.parametrize("inner, outer", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_jvp_of_grad_matches_autograd(f, f_ag, inner, outer):
    x, y, t = X.copy(), Y.copy(), T.copy()
    g, tg = s2sad.jvp(s2sad.grad(f, wrt=inner), wrt=outer)(x, y, t)
    np.testing.assert_allclose(g, autograd.grad(f_ag, inner)(X, Y), rtol=1e-12)
    np.testing.assert_allclose(tg, _ag_tangent(f_ag, inner, outer, (X, Y), T), rtol=1e-10, atol=1e-12)
    assert np.array_equal(x, X) and np.array_equal(y, Y) and np.array_equal(t, T)


def _differences(f, args, t, eps=1e-6):
    """central differences of grad f (wrt both) along t (both)."""
    grad = s2sad.grad(f, wrt=(0, 1))
    hi = grad(*(a + eps * d for a, d in zip(args, t)))
    lo = grad(*(a - eps * d for a, d in zip(args, t)))
    return tuple((h - lo_) / (2 * eps) for h, lo_ in zip(hi, lo))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_jvp_of_value_and_grad_with_two_wrt(jit):
    (value, grads), (t_value, t_grads) = s2sad.jvp(
        s2sad.value_and_grad(looped, wrt=(0, 1), jit=jit), wrt=(0, 1))(X, Y, (T, -T))
    assert value == pytest.approx(looped(X, Y), rel=1e-14)
    step = 1e-6
    assert t_value == pytest.approx((looped(X + step * T, Y - step * T) - looped(X - step * T, Y + step * T))
                                    / (2 * step), rel=1e-7)
    for got, ref in zip(grads, autograd.grad(looped_ag, (0, 1))(X, Y)):
        np.testing.assert_allclose(got, ref, rtol=1e-12)
    for got, ref in zip(t_grads, _differences(looped, (X, Y), (T, -T))):
        np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-7)


@pytest.mark.jit
def test_jvp_of_grad_under_jit_is_the_python_result():
    ref = s2sad.jvp(s2sad.grad(energy, wrt=1), wrt=0)(X, Y, T)
    got = s2sad.jvp(s2sad.grad(energy, wrt=1, jit=True), wrt=0)(X, Y, tangent=T)
    for a, b in zip(got, ref):
        np.testing.assert_allclose(a, b, rtol=1e-12)


class Model:
    scale = 3.0

    def loss(self, w):
        return self.scale * np.sum(w ** 4)


def scaled(w, k):
    return k * np.sum(w ** 4)


@pytest.mark.parametrize("fn", [Model().loss, functools.partial(scaled, k=3.0)])
def test_jvp_of_grad_of_a_bound_method_or_partial(fn):
    g, tg = s2sad.jvp(s2sad.grad(fn))(X, T)
    np.testing.assert_allclose(g, 12.0 * X ** 3, rtol=1e-12)
    np.testing.assert_allclose(tg, 36.0 * X ** 2 * T, rtol=1e-12)


def test_scalar_and_float32_arguments():
    assert s2sad.jvp(s2sad.grad(lambda z: z ** 4))(2, 1.0) == (32.0, 48.0)
    g, tg = s2sad.jvp(s2sad.grad(lambda z: np.sum(z ** 3)))(X.astype(np.float32), T.astype(np.float32))
    assert g.dtype == np.float32 and tg.dtype == np.float32
    np.testing.assert_allclose(tg, 6.0 * X.astype(np.float32) * T, rtol=1e-6)


def test_what_stays_refused():
    with pytest.raises(NonScalarOutputError, match="scalar"):
        s2sad.jvp(s2sad.grad(lambda x: x * 2.0))(X, T)
    with pytest.raises(s2sad.S2sadError, match="shape"):
        s2sad.jvp(s2sad.grad(energy))(X, Y, T[:2])
    with pytest.raises(NotDifferentiableError, match="has_aux"):
        s2sad.jvp(s2sad.grad(lambda x: (np.sum(x ** 2), 1.0), has_aux=True))
    with pytest.raises(NotDifferentiableError):
        s2sad.jvp(s2sad.vjp(energy))
    with pytest.raises(NotDifferentiableError, match="higher-order"):
        s2sad.grad(s2sad.jvp(s2sad.grad(energy)))


def test_grad_of_value_and_grad_says_what_to_write():
    # grad of the pair (value, gradient) has no meaning; the refusal names the forms that exist
    with pytest.raises(NotDifferentiableError, match=r"value_and_grad\(s2sad.grad\(f\)\)"):
        s2sad.grad(s2sad.value_and_grad(energy))
