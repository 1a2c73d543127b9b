"""Forward mode of a store into a list's slot of a value that carries no tangent: the slot's
tangent is a zero of the value's own shape (``zeros_like``), not the number 0.0, so the list's
tangents stack as its values do (``t_ps[1] = 0.0`` made ``np.array(t_ps)`` ragged: an internal
error in hvp and grad(grad) of alias40's seed 40500097, written with one name)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp, check_jvp


def slot_then_pop(c, z, params, eps=0.1):
    ps = [np.asarray([eps, c, eps]), np.power(np.logaddexp(0.0, z) + 0.1, -0.5), z]
    ps[1] = np.minimum(z, params)
    ps[-1] = ps[1] - z
    ps.pop()
    e = float(np.sum(np.array(ps) ** 2)) + len(ps)
    return e * c + np.sum(np.sin(z * e))


def slot_of_constants(c, z):
    rows = [z * c, z]
    rows[1] = np.ones(3)
    return np.sum(np.array(rows) ** 2) * c


Z, P = np.array([0.3, -0.2, 0.5]), np.array([0.1, 0.4, -0.3])


@pytest.mark.parametrize("f,args", [(slot_then_pop, (0.7, Z, P)), (slot_of_constants, (0.7, Z))])
def test_forward_modes_of_a_slot_given_a_constant_array(f, args):
    check_jvp(f, *args, tangent=1.0)
    check_hvp(f, *args, v=1.0)
    gg = s2sad.grad(s2sad.grad(f))(*args)
    h = 1e-5
    fd = (s2sad.grad(f)(args[0] + h, *args[1:]) - s2sad.grad(f)(args[0] - h, *args[1:])) / (2 * h)
    assert np.isclose(gg, fd, rtol=1e-5, atol=1e-7)
