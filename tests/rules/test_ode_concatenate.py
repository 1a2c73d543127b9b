"""Issue 11's acceptance case: GradBench's RK4 ODE, whose right-hand side is built with
``np.concatenate``, differentiated in both modes (reverse and forward, Python and jit)
and checked against finite differences and against the hand-written adjoint of the
benchmark workload (benchmarks/workloads/ode.py)."""
import numpy as np
import pytest

from benchmarks.workloads.ode import ode, ode_hand
from s2sad.testing import check_grad, check_jvp

X = np.random.default_rng(5).uniform(0.5, 1.5, size=5)


def test_ode_reverse_against_finite_differences_and_the_hand_adjoint():
    (g,) = check_grad(ode, X, 12, wrt=(0,))
    np.testing.assert_allclose(g, ode_hand(X, 12)[0], rtol=1e-10, atol=1e-12)


def test_ode_forward_against_finite_differences():
    check_jvp(ode, X, 12, tangent=np.random.default_rng(6).normal(size=5), wrt=0)


@pytest.mark.jit
def test_ode_jit_reverse_and_forward():
    (g,) = check_grad(ode, X, 12, wrt=(0,), jit=True)
    np.testing.assert_allclose(g, ode_hand(X, 12)[0], rtol=1e-10, atol=1e-12)
    check_jvp(ode, X, 12, tangent=np.ones(5), wrt=0, jit=True)
