"""What forward mode and second order do with recursion and ``checkpoint=``: refuse,
with the place and the reason, never a wrong number or an internal error; what
they can do (has_aux beside checkpoint=, reverse-mode Jacobians of recursion) works."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError, UnsupportedSyntaxError

from test_recursion import det, power_tower, smooth


def loop(k, x):
    for i in range(20):
        x = np.sin(k * x) + 0.1 * x
    return np.sum(x * x)


def loop_aux(k, x):
    for i in range(20):
        x = np.sin(k * x) + 0.1 * x
    return np.sum(x * x), x[0]


RECURSIVE = {
    "jvp": (lambda A: s2sad.jvp(det)(A, np.ones((3, 3))), r"`det` \(it calls itself\) in forward mode \(jvp\)"),
    "hvp": (lambda A: s2sad.hvp(det)(A, np.ones((3, 3))), r"`det` \(it calls itself\) in forward mode over"),
    "hessian": (lambda A: s2sad.hessian(det)(A), r"`det` \(it calls itself\) in forward mode over"),
    "grad(grad)": (lambda A: s2sad.grad(s2sad.grad(power_tower))(0.8, 3), r"`power_tower` .* forward mode over"),
}


@pytest.mark.parametrize("name", sorted(RECURSIVE))
def test_forward_modes_refuse_recursion_where_it_is(name, rng):
    call, message = RECURSIVE[name]
    with pytest.raises(UnsupportedSyntaxError, match=message) as info:
        call(rng.normal(size=(3, 3)))
    text = str(info.value)
    assert "test_recursion.py" in text and ("det(minor(A, j))" in text or "power_tower(x, n - 1)" in text)
    assert "reverse mode only" in text


@pytest.mark.parametrize("make", [
    lambda: s2sad.jvp(loop, checkpoint=3),
    lambda: s2sad.hvp(loop, checkpoint=3),
    lambda: s2sad.hessian(loop, checkpoint=3),
    lambda: s2sad.grad(s2sad.grad(loop, checkpoint=3)),
    lambda: s2sad.grad(s2sad.grad(loop), checkpoint=3),
])
def test_checkpoint_outside_reverse_mode_is_refused(make):
    with pytest.raises(ArgumentError, match="checkpoint="):
        make()


@pytest.mark.parametrize("jit", [False, True])
def test_has_aux_with_checkpoint(jit, rng):
    x = rng.normal(size=4)
    (v, aux), g = s2sad.value_and_grad(loop_aux, wrt=(0, 1), has_aux=True, checkpoint=3, jit=jit)(0.3, x)
    (v0, aux0), g0 = s2sad.value_and_grad(loop_aux, wrt=(0, 1), has_aux=True)(0.3, x)
    assert v == pytest.approx(v0, rel=1e-14) and aux == pytest.approx(aux0, rel=1e-14)
    for a, b in zip(g, g0):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300)


def smooth3(x):
    return smooth(x, 3)


def test_jacobian_of_recursion_reverse_works_forward_refused(rng):
    x = rng.normal(size=4)
    J = s2sad.jacobian(smooth3, mode="rev")(x)
    eps = 1e-6
    fd = np.stack([(smooth3(x + eps * e) - smooth3(x - eps * e)) / (2 * eps) for e in np.eye(4)], axis=1)
    np.testing.assert_allclose(J, fd, rtol=1e-6, atol=1e-8)
    with pytest.raises(UnsupportedSyntaxError, match="`smooth` .* in forward mode"):
        s2sad.jacobian(smooth3, mode="fwd")(x)
