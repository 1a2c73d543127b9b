"""frontend/anf.py: ``a or b`` / ``a and b`` used for their value are the operand Python's truth
test picks (``a if a else b``, ``b if a else a``), ``a`` evaluated once and ``b`` only when needed;
each operand keeps its own derivative."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def picks(x, y):
    return (x or y) * 2.0 + (x and y) ** 2


def chained(x, y, z):
    return x * (y or z or 3.0) + (x > 1.0 or y) + (x and y and z)


def in_a_conditional(x, c):
    return (c and x * 2.0) or x ** 2 if x > 0.0 else -x


def in_a_loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s = s + np.sin(x[i] or x[i + 1]) * (x[i + 1] and x[i])
    return s


X = np.array([0.5, 1.0, 2.0, -1.5, 0.3, 3.0])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_the_operand_picked_carries_the_derivative(jit):
    """Refused before ("`and`/`or` used for its value")."""
    ref = None if jit else "autograd"
    for y in (2.0, 0.0):
        check_grad(picks, 1.5, y, wrt=(0, 1), jit=jit, reference=ref)
    check_grad(picks, 0.0, 2.0, wrt=1, jit=jit)   # x = 0 is a jump in x: only y is differentiable there
    for y in (0.0, 1.0):
        check_grad(chained, 1.5, y, 2.0, wrt=(0, 2), jit=jit)
    for c in (0.0, 1.0):
        check_grad(in_a_conditional, 1.5, c, jit=jit)
    check_grad(in_a_conditional, -1.5, 1.0, jit=jit)


def test_zero_elements_pick_the_other_operand():
    def f(x):
        return (x[0] or x[1]) * 3.0 + (x[2] and x[3]) + in_a_loop(x)
    x = np.array([0.0, 1.0, 0.0, 5.0])
    # at an exact 0.0 the function jumps (finite differences are meaningless there): the pieces picked
    # are 3 * x[1] and x[2]; in_a_loop is checked against autograd at the same point
    loop = s2sad.grad(in_a_loop)(x)
    np.testing.assert_allclose(s2sad.grad(f)(x) - loop, [0.0, 3.0, 1.0, 0.0], rtol=1e-12)
    autograd = pytest.importorskip("autograd")
    np.testing.assert_allclose(loop, autograd.grad(in_a_loop)(x), rtol=1e-12)
    check_grad(in_a_loop, X, reference="autograd")


def test_forward_mode():
    check_jvp(picks, 1.5, 2.0, wrt=(0, 1), tangent=(1.0, -0.5))
    check_jvp(chained, 1.5, 0.0, 2.0, wrt=2, tangent=1.0)
    check_jvp(in_a_loop, X, tangent=np.linspace(-1.0, 1.0, len(X)))


def test_an_array_operand_raises_as_python_does():
    def f(x):
        return np.sum(x or 2.0 * x)
    with pytest.raises(ValueError, match="truth value"):
        f(np.ones(3))
    with pytest.raises(ValueError, match="truth value"):
        s2sad.grad(f)(np.ones(3))
