"""An option a public entry point does not have, written as a JAX, SciPy or optimiser user writes it
(``s2sad.grad(f, argnums=(0, 2))``, ``minimize(..., callback=cb)``, ``maxiter=``), or options given by
position (``value_and_grad(f, 0, True)``), is an ``ArgumentError`` naming s2sad's own option: on main
Python's TypeError reached the user about ``_decorator.<locals>.make()`` (found by hunt55)."""
import numpy as np
import pytest

import s2sad
from s2sad import ArgumentError


def loss(w, X, b):
    return np.sum(np.tanh(X @ w + b) ** 2)


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


X = np.array([[0.2, -0.4], [1.0, 0.3], [-0.5, 0.8]])
W = np.array([0.3, -0.6])


@pytest.mark.parametrize("make", [s2sad.grad, s2sad.value_and_grad, s2sad.vjp, s2sad.jvp, s2sad.hvp,
                                  s2sad.hessian, s2sad.jacobian])
def test_argnums_names_wrt(make):
    with pytest.raises(ArgumentError, match=r"no option `argnums`; s2sad's name for it is `wrt=`") as info:
        make(loss, argnums=(0, 2))
    assert "make()" not in str(info.value) and "<locals>" not in str(info.value)


@pytest.mark.parametrize("make, options", [(s2sad.grad, "wrt=, jit=, checkpoint=, has_aux="),
                                           (s2sad.hessian, "wrt=, jit="), (s2sad.jacobian, "wrt=, mode=, jit=")])
def test_options_by_position_name_them(make, options):
    with pytest.raises(ArgumentError, match="positional argument") as info:
        make(rosen, 0, None, True)
    assert options in str(info.value)


def test_the_options_still_work_after_the_check():
    g = s2sad.grad(loss, wrt=(0, 2))(W, X, 0.1)
    h = 1e-6
    num = [(loss(W + h * e, X, 0.1) - loss(W - h * e, X, 0.1)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(g[0], num, rtol=1e-6)
    np.testing.assert_allclose(g[1], (loss(W, X, 0.1 + h) - loss(W, X, 0.1 - h)) / (2 * h), rtol=1e-6)
    np.testing.assert_allclose(s2sad.grad(wrt=0)(rosen)(np.array([0.5, 1.2])), [-191.0, 190.0])


def test_minimize_callback_and_maxiter():
    with pytest.raises(ArgumentError, match="minimize has no option `callback`; its options are method="):
        s2sad.minimize(rosen, np.array([0.5, 1.2]), steps=3, jit=False, callback=print)
    with pytest.raises(ArgumentError, match="s2sad's name for it is `steps=`"):
        s2sad.minimize(rosen, np.array([0.5, 1.2]), maxiter=3, jit=False)
    with pytest.raises(ArgumentError, match="`lr=`"):
        s2sad.minimize(rosen, np.array([0.5, 1.2]), learning_rate=0.1)


def test_check_grad_argnums():
    with pytest.raises(ArgumentError, match="check_grad has no option `argnums`; s2sad's name for it is `wrt=`"):
        s2sad.testing.check_grad(loss, W, X, 0.1, argnums=2)
    np.testing.assert_allclose(s2sad.testing.check_grad(loss, W, X, 0.1, wrt=2),
                               s2sad.grad(loss, wrt=2)(W, X, 0.1))
