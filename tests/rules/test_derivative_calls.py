"""A gradient made by ``s2sad.grad`` called inside a differentiated function: its derivative
is the Hessian times the incoming gradient (``s2sad.hvp``), checked against central
differences and against autograd's own second derivative; forms the rule does not cover
(several ``wrt``, ``value_and_grad``, a differentiated value reaching a parameter the inner
gradient is not taken for) stay refused at the caller's line."""
import math

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def energy(x):
    return np.sum(np.sin(x) * x ** 2)


def energy_ag(x):
    return anp.sum(anp.sin(x) * x ** 2)


denergy = s2sad.grad(energy)


def gradient_norm(x):              # a gradient-norm penalty: needs Hessian-vector products
    return np.sum(denergy(x) ** 2)


def cubic(x, w):
    return w * x ** 3 + math.sin(w * x)


dcubic_w = s2sad.grad(cubic, wrt=1)
dcubic_x = s2sad.grad(cubic, wrt=0)


def slope_in_w(x, w):
    return dcubic_w(x, w) * 2.0


def slope_in_x(x, w):
    return dcubic_x(x, w) ** 2


def newton_step(x):
    for _ in range(3):
        x = x - 0.1 * dcubic_x(x, 1.5)
    return x


X = np.array([0.3, -0.8, 1.2])


def test_gradient_of_a_gradient_norm_matches_autograd():
    g = check_grad(gradient_norm, X)
    reference = autograd.grad(lambda x: anp.sum(autograd.grad(energy_ag)(x) ** 2))(X)
    np.testing.assert_allclose(g, reference, rtol=1e-10)


@pytest.mark.parametrize("f, args, wrt", [(slope_in_w, (0.7, 1.3), 1), (slope_in_x, (0.7, 1.3), 0),
                                          (newton_step, (0.4,), 0)])
def test_gradients_through_inner_gradients(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


def test_mixed_second_derivatives_reach_the_other_parameters():
    check_grad(slope_in_w, 0.7, 1.3, wrt=(0, 1))
    check_grad(slope_in_x, -0.4, 0.9, wrt=(0, 1))


both = s2sad.grad(cubic, wrt=(0, 1))
value_and_slope = s2sad.value_and_grad(cubic)


def uses_both(x, w):
    return both(x, w)[0]


def uses_value_and_slope(x, w):
    return value_and_slope(x, w)[1]


@pytest.mark.parametrize("f", [uses_both, uses_value_and_slope])
def test_uncovered_gradient_objects_stay_refused(f):
    with pytest.raises(s2sad.NoDerivativeError) as info:
        s2sad.grad(f)(0.7, 1.3)
    assert "line" in str(info.value)


def test_the_rule_is_made_once_and_is_deterministic():
    a = s2sad.grad(gradient_norm)
    a(X)
    b = s2sad.grad(gradient_norm)
    b(X)
    assert a.source == b.source
