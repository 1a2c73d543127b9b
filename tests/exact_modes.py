"""Shared checks of a lifted form (open47): the gradient against finite differences and autograd,
jvp and hvp, and the gradient with checkpointed loops; differences of a function that reads its
argument's memory layout, on copies laid out as the argument (``s2sad.testing``'s are C-ordered)."""
import numpy as np

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp


def check_modes(fn, x, v, autograd=True):
    """grad (differences, and autograd unless it cannot run ``fn``), jvp and hvp along ``v``."""
    check_grad(fn, x.copy())
    if autograd:
        check_against_autograd(fn, x.copy(), rtol=1e-7, atol=1e-9)
    check_jvp(fn, x.copy(), tangent=v)
    check_hvp(fn, x.copy(), v=v, rtol=1e-4, atol=1e-5)


def check_value_and_modes(fn, x, v, autograd=True):
    """The value ``value_and_grad`` returns is ``fn``'s own, then ``check_modes``."""
    value, _ = s2sad.value_and_grad(fn)(x.copy())
    assert np.allclose(value, fn(x.copy()), rtol=1e-14, atol=0.0)
    check_modes(fn, x, v, autograd=autograd)


def check_checkpointed(fn, x):
    """The gradient with every loop checkpointed every 2 steps."""
    def grad2(f, wrt, jit):
        return s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2)
    check_grad(fn, x.copy(), grad_fn=grad2)


def layout_differences(f, x, v, h=1e-6):
    """The derivative of f at x along v, on copies laid out as x."""
    up, down = x.copy(order="K"), x.copy(order="K")
    up += h * v
    down -= h * v
    return (f(up) - f(down)) / (2 * h)


def layout_numeric_grad(f, x):
    """f's gradient at x by ``layout_differences`` along each element."""
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[i] = 1.0
        g[i] = layout_differences(f, x, e)
    return g
