"""``jacobian(grad(f))`` (JAX's ``jacfwd(grad(f))``, the Hessian) was refused on the base ("derivatives
of derivatives only as hvp, hessian or grad(grad(f))"): it is one forward sweep over the adjoint per
input element (``nested.GradTangent``), whatever ``mode`` asks (a gradient has no reverse sweep here;
the numbers are the same). Checked against ``s2sad.hessian`` and autograd's ``jacobian(grad(f))``,
mixed blocks, ``value_and_grad``, bound methods, float32, empty arrays, jit; a random draw, has_aux
and ``vjp`` stay refused."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NotDifferentiableError, UnsupportedSyntaxError

X = np.array([0.5, 2.0, -0.3])


def cubic(x):
    return np.sum(x ** 3) + x[0] * x[1] * np.sin(x[2])


def cubic_ag(x):
    return anp.sum(x ** 3) + x[0] * x[1] * anp.sin(x[2])


def mixed(x, y):
    return np.sum(np.sin(x) * y ** 2) + np.prod(x) * y[0]


def mixed_ag(x, y):
    return anp.sum(anp.sin(x) * y ** 2) + anp.prod(x) * y[0]


def draws(x):
    return np.sum(x ** 3 * np.random.rand())


class Model:
    def loss(self, w):
        return np.sum(w ** 4)


@pytest.mark.parametrize("mode", [None, "fwd", "rev"])
@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_jacobian_of_grad_is_the_hessian(mode, jit):
    x = X.copy()
    H = s2sad.jacobian(s2sad.grad(cubic, jit=jit), mode=mode)(x)
    np.testing.assert_allclose(H, autograd.jacobian(autograd.grad(cubic_ag))(X), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(H, s2sad.hessian(cubic)(X), rtol=1e-12)
    assert np.array_equal(x, X)


def test_mixed_blocks_and_value_and_grad():
    y = X + 1.0
    blocks = s2sad.jacobian(s2sad.grad(mixed, wrt=0), wrt=(0, 1))(X, y)
    for j, block in enumerate(blocks):
        np.testing.assert_allclose(block, autograd.jacobian(autograd.grad(mixed_ag, 0), j)(X, y), rtol=1e-12,
                                   atol=1e-14)
    value_row, grad_block = s2sad.jacobian(s2sad.value_and_grad(mixed, wrt=0), wrt=1)(X, y)
    np.testing.assert_allclose(value_row, autograd.grad(mixed_ag, 1)(X, y), rtol=1e-12)
    np.testing.assert_allclose(grad_block, blocks[1], rtol=1e-12)


def test_bound_method_scalar_float32_and_empty():
    np.testing.assert_allclose(s2sad.jacobian(s2sad.grad(Model().loss))(X), np.diag(12.0 * X ** 2), rtol=1e-12)
    assert s2sad.jacobian(s2sad.grad(lambda t: t ** 3))(2.0) == 12.0
    H = s2sad.jacobian(s2sad.grad(lambda v: np.sum(v ** 3)))(X.astype(np.float32))
    assert H.dtype == np.float32
    np.testing.assert_allclose(H, np.diag(6.0 * X.astype(np.float32)), rtol=1e-6)
    assert s2sad.jacobian(s2sad.grad(lambda v: np.sum(v ** 3)))(np.zeros(0)).shape == (0, 0)


def test_what_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match="random draw"):
        s2sad.jacobian(s2sad.grad(draws))(X)
    with pytest.raises(NotDifferentiableError, match="jacobian"):
        s2sad.jacobian(s2sad.grad(lambda v: (np.sum(v), 1.0), has_aux=True))
    with pytest.raises(NotDifferentiableError, match="jacobian"):
        s2sad.jacobian(s2sad.vjp(lambda v: v))
