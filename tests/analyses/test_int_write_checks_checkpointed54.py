"""``checkpoint=K`` with ``jit=True`` of a loop that writes into an array made by ``np.zeros_like``
(hunt54): ``un = np.zeros_like(u); un[1:-1] = ...; u = un`` (a stencil step, a leapfrog with
``un = np.zeros_like(u)``) failed on main with "numba could not compile the adjoint ... numba says
(TypeError): cannot pickle '_dynfunc._Closure' object". The integer-write guard
(``analyses/int_writes``) checks such a write at run time with ``checked``/``float_target``, whose
names it bound without marking them as module-level (``_s2sad_bound``), so the checkpoint transform
took them for locals the loop reads and passed them to its step functions as arguments: numba
cannot cache a function that takes functions. grad, jvp and ``jit=True`` without checkpoints were
right; now the checks are module-level names everywhere (``int_writes._helper``)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad

U = np.array([0.31, 0.57, 0.93, 1.43, 1.12, 0.74])


def smoothing_steps(u0):
    u = u0.copy()
    for _ in range(6):
        un = np.zeros_like(u)
        un[1:-1] = u[1:-1] * 0.5 + u[2:] * 0.25
        u = un
    return np.sum(u ** 2)


def leapfrog(u0):
    up = u0.copy()
    u = u0.copy()
    for _ in range(5):
        un = np.zeros_like(u)
        un[1:-1] = 2 * u[1:-1] - up[1:-1] + 0.25 * (u[2:] - 2 * u[1:-1] + u[:-2])
        up, u = u, un
    return np.sum(u ** 2)


def into_int_like(u0, a):
    u = u0.copy()
    for _ in range(3):
        un = np.zeros_like(a)
        un[1:-1] = u[1:-1] * 10
        u = un * u
    return np.sum(u)


@pytest.mark.parametrize("f", [smoothing_steps, leapfrog], ids=lambda f: f.__name__)
def test_checkpointed_jit_matches_the_plain_gradient(f):
    want = s2sad.grad(f)(U.copy())
    check_grad(f, U.copy())
    np.testing.assert_allclose(s2sad.grad(f, checkpoint=2)(U.copy()), want, rtol=1e-12)
    np.testing.assert_allclose(s2sad.grad(f, checkpoint=2, jit=True)(U.copy()), want, rtol=1e-12)


def test_the_run_time_check_still_refuses_an_integer_target_under_checkpoints():
    ints = np.arange(6)
    with pytest.raises(UnsupportedSyntaxError) as e:
        s2sad.grad(into_int_like, checkpoint=2)(U.copy(), ints)
    assert "un[1:-1] = u[1:-1] * 10" in str(e.value)
    np.testing.assert_allclose(s2sad.grad(into_int_like, checkpoint=2)(U.copy(), U * 0 + 1.0),
                               s2sad.grad(into_int_like)(U.copy(), U * 0 + 1.0), rtol=1e-12)
