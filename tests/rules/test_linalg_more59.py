"""scipy.linalg.sqrtm and np.linalg.tensorsolve, refused on the base (stop 59's survey), with rules
now (s2sad/rules/grads_linalg_more.py, tangents_linalg_more.py, runtime_linalg_more.py): each
against central differences in reverse and forward mode (sqrtm of a symmetric positive definite
and of a non-symmetric matrix; tensorsolve of a 4-d tensor with a matrix right side and of a
3-d one), against autograd for tensorsolve's matrix case, the points with no real derivative
refused (a negative eigenvalue: a complex root; a singular root), and jit=True refused at the
user's line (numba has neither function)."""
import numpy as np
import pytest
import scipy.linalg as sl

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_jvp

RNG = np.random.default_rng(59)
S = RNG.normal(size=(3, 3))
SPD = S @ S.T + 3.0 * np.eye(3)
NONSYM = np.eye(3) * 4.0 + 0.5 * RNG.normal(size=(3, 3))
T4 = np.eye(6).reshape(2, 3, 2, 3) * 3.0 + 0.3 * RNG.normal(size=(2, 3, 2, 3))
B2 = RNG.normal(size=(2, 3))
T3 = np.eye(4).reshape(2, 2, 4) * 2.0 + 0.3 * RNG.normal(size=(2, 2, 4))
B3 = RNG.normal(size=(2, 2))


def roots(a):
    return np.sum(sl.sqrtm(a) * np.arange(9.0).reshape(3, 3)) + np.trace(sl.sqrtm(a @ a.T))


def tensor_system(a, b):
    return np.sum(np.tanh(np.linalg.tensorsolve(a, b)) * np.arange(6.0).reshape(2, 3))


def tensor_system3(a, b):
    return np.sum(np.linalg.tensorsolve(a, b) ** 2)


CASES = [(roots, (SPD,)), (roots, (NONSYM,)), (tensor_system, (T4, B2)), (tensor_system3, (T3, B3))]


@pytest.mark.parametrize("f,args", CASES, ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_against_differences(f, args):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=tuple(RNG.uniform(-1, 1, np.shape(a)) for a in args))


def matrix_system(a, b):
    return np.sum(np.linalg.tensorsolve(a, b) ** 2)


def matrix_system_reference(a, b):
    import autograd.numpy as anp
    return anp.sum(anp.linalg.solve(a, b) ** 2)


def test_tensorsolve_of_a_matrix_against_autograd():
    check_grad(matrix_system, NONSYM, B3[0, :1].repeat(3), wrt=(0, 1), reference=matrix_system_reference)


def root_sum(a):
    return np.sum(sl.sqrtm(a))


def test_roots_with_no_real_derivative_refused():
    with pytest.raises(S2sadError, match="complex"):
        s2sad.grad(root_sum)(-SPD)
    with pytest.raises(S2sadError, match="singular"):
        s2sad.grad(root_sum)(np.diag([1.0, 0.0, 2.0]))


@pytest.mark.parametrize("f,args", [(roots, (SPD,)), (tensor_system, (T4, B2))])
def test_jit_refused_at_the_line(f, args):
    with pytest.raises(S2sadError, match=f.__name__):
        s2sad.grad(f, jit=True)(*args)
