"""Functions written as scientists write them (hunt17: kinetics, epidemiology, astronomy,
structural mechanics, fluids, optics, geodesy, audio, queueing, reinforcement learning, graphs,
geometry, numerical linear algebra, idioms). The whole hunt lives in /work/scratch/hunt17
(harness.py); these are the cases where s2sad was wrong, crashed or refused without a line."""
import re

import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_hvp, check_jvp

HERE = re.escape(__file__.rsplit("/", 1)[-1])


def effective_resistance(w):
    B = np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0], [1.0, 0.0, -1.0]])
    L = B.T @ (w[:, None] * B)          # a graph Laplacian: rank n - 1
    Lp = np.linalg.pinv(L)
    return Lp[0, 0] + Lp[1, 1] - 2 * Lp[0, 1]


def test_hvp_refusal_in_forward_sweep_names_the_users_line():
    """The tangent of np.linalg.pinv refuses a rank-deficient matrix at run time; in the Hessian
    code that tangent sits in the adjoint's forward sweep, which had no location markers, so the
    refusal named no line (grad and jvp named it). Now it names the pinv line."""
    w = np.array([1.0, 2.0, 0.5])
    with pytest.raises(NoDerivativeError) as info:
        s2sad.hvp(effective_resistance)(w, np.ones(3))
    msg = str(info.value)
    assert re.search(rf'File ".*{HERE}", line \d+', msg), msg
    assert "Lp = np.linalg.pinv(L)" in msg


BUF = np.zeros(3)


def global_array_written(x):
    BUF[1:] = x[1:] * 2          # a module-level work array, written in place
    return (BUF * x).sum()


@pytest.mark.parametrize("jit", [False, True])
def test_jvp_of_a_global_array_written_in_place(jit):
    """jvp gave no tangent to a global array the function writes into (no statement defines
    it, so no zero tangent was made): the derivative code raised NameError (t_BUF)."""
    x, v = np.array([1.0, 2.0, 3.0]), np.array([0.3, -1.0, 2.0])
    check_jvp(global_array_written, x, tangent=v, jit=jit)
    check_hvp(global_array_written, x, v=v)
    BUF[:] = 0.0
    _, t = s2sad.jvp(global_array_written, jit=jit)(x, v)
    assert t == pytest.approx(4 * x[1] * v[1] + 4 * x[2] * v[2])
