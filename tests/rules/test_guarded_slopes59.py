"""Second order through the rules whose slope switches branch on a value (``np.where`` in the slope):
the audit of stop 59 (hvp against central differences of s2sad's checked gradient at each switch and
beside it). Where the function is twice differentiable the branch taken must carry the second
derivative (``expit`` at 0 and in its tails, ``sinc`` either side of its series at ``|x| = 0.03``,
``xlog1py`` either side of ``y = -1/2``, ``pseudo_huber`` at ``r = 0``); where only the first derivative
is continuous (``huber`` at ``|r| = delta``) hvp is one side's value, never a third one."""
import warnings

import numpy as np
import pytest
import scipy.special as sp

import s2sad


def grad_difference(f, x, v, eps=1e-6):
    g = s2sad.grad(f)
    return (g(x + eps * v) - g(x - eps * v)) / (2 * eps)


def one_side(f, x, v, eps=1e-7):
    g = s2sad.grad(f)
    return (g(x + eps * v) - g(x)) / eps


def expit_weighted(p):
    return np.sum(sp.expit(p) * p)


def sinc_weighted(p):
    return np.sum(np.sinc(p) * p)


def xlog1py_pair(p):
    return sp.xlog1py(p[0], p[1]) * (p[1] + 2.0)


def pseudo_huber_pair(p):
    return sp.pseudo_huber(p[0], p[1]) * (1.0 + p[0])


def huber_pair(p):
    return sp.huber(p[0], p[1]) * (1.0 + p[0])


SMOOTH = [(expit_weighted, [0.0, 40.0, -40.0, 1.0]), (sinc_weighted, [0.0, 0.0299, 0.03, 0.0301, -0.01, 1.0]),
          (xlog1py_pair, [0.0, -0.5]), (xlog1py_pair, [1.0, -0.5]), (xlog1py_pair, [0.5, -0.6]),
          (xlog1py_pair, [0.0, 0.0]), (pseudo_huber_pair, [1.0, 0.0]), (pseudo_huber_pair, [0.5, -1.0])]


@pytest.mark.parametrize("f, x", SMOOTH, ids=[f"{f.__name__}-{x}" for f, x in SMOOTH])
def test_hvp_at_a_branch_switch_where_smooth(f, x):
    x = np.array(x)
    v = np.linspace(1.0, -0.7, x.size)
    h = s2sad.hvp(f)(x, v)
    np.testing.assert_allclose(h, grad_difference(f, x, v), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("x", [[1.0, 1.0], [1.0, -1.0]])
def test_huber_hvp_on_its_boundary_is_one_sides(x):
    x, v = np.array(x), np.array([0.3, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = s2sad.hvp(huber_pair)(x, v)
        sides = [one_side(huber_pair, x, v), -one_side(huber_pair, x, -v)]
    assert any(np.allclose(h, s, rtol=1e-5, atol=1e-6) for s in sides), (h, sides)
