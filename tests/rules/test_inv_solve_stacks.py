"""np.linalg.inv and np.linalg.solve of one matrix and of stacks of matrices (grads_reductions.py,
tangents_reductions.py, runtime_linalg.py's solve helpers), and np.linalg.lstsq refusing stacks.

The rules transpose the last two axes only (they used np.transpose, which reverses every axis of
a stack: fuzz seed 2400054) and follow NumPy 2's solve: ``b`` is a vector only when it is 1-d,
else a stack of matrices broadcast against ``a``'s batch, whose adjoint is summed back over the
broadcast axes. Checked against central differences in grad, vjp, jvp and hvp, against autograd
where its solve agrees with NumPy 2 (a 2-d ``b``/stack of the same rank as ``a``), and with
jit=True for one matrix; numba's inv/solve take one matrix, so a stack is a located JitError."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp, check_vjp

R = np.random.default_rng(3)
EYE = 3.0 * np.eye(2)
A2 = R.normal(size=(2, 2)) + EYE
A3 = R.normal(size=(3, 2, 2)) + EYE
A1B = R.normal(size=(1, 2, 2)) + EYE          # a batch of one, broadcast against b's batch of 3
A4 = R.normal(size=(2, 3, 2, 2)) + EYE
W = np.arange(12.0).reshape(3, 2, 2) / 7.0


def solve_sq(a, b):
    return np.sum(np.linalg.solve(a, b) ** 2)


def solve_sq_ag(a, b):
    return anp.sum(anp.linalg.solve(a, b) ** 2)


def inv_w(a):
    return np.sum(np.linalg.inv(a) ** 3 * np.sin(a))


def inv_w_ag(a):
    return anp.sum(anp.linalg.inv(a) ** 3 * anp.sin(a))


def inv_then_solve(a, b):     # both rules, one stack, b a vector beside it
    return np.sum(np.linalg.inv(a) * W) + np.sum(np.linalg.solve(a, b) * np.arange(6.0).reshape(3, 2))


# (a, b) forms: NumPy 2's solve: b 1-d -> a vector (broadcast over a's batch); else matrices
SOLVE_FORMS = {
    "one matrix, vector b": (A2, R.normal(size=2)),
    "one matrix, matrix b": (A2, R.normal(size=(2, 3))),
    "stack, vector b": (A3, R.normal(size=2)),
    "stack, stack b": (A3, R.normal(size=(3, 2, 4))),
    "stack, one matrix b": (A3, R.normal(size=(2, 4))),
    "one matrix, stack b": (A2, R.normal(size=(3, 2, 4))),
    "batch of one a, stack b": (A1B, R.normal(size=(3, 2, 2))),
    "4-d stack, vector b": (A4, R.normal(size=2)),
    "4-d stack, 3-d b": (A4, R.normal(size=(3, 2, 1))),
}


@pytest.mark.parametrize("form", SOLVE_FORMS)
def test_solve_of_stacks_is_exact_in_every_mode(form):
    a, b = SOLVE_FORMS[form]
    check_grad(solve_sq, a, b, wrt=(0, 1))
    check_vjp(_solve, a, b, wrt=(0, 1), dout=R.normal(size=np.linalg.solve(a, b).shape))
    for k, arg in enumerate((a, b)):
        check_jvp(solve_sq, a, b, wrt=k, tangent=R.normal(size=arg.shape))
        check_hvp(solve_sq, a, b, wrt=k, v=R.normal(size=arg.shape))


def _solve(a, b):
    return np.linalg.solve(a, b) * 1.5


@pytest.mark.parametrize("form", ["one matrix, vector b", "one matrix, matrix b", "stack, stack b"])
def test_solve_agrees_with_autograd(form):
    # autograd's solve reads b as a vector when b.ndim == a.ndim - 1 (NumPy 1), and its adjoint
    # of a broadcast batch raises ValueError: only the forms where both agree are compared
    a, b = SOLVE_FORMS[form]
    _against_autograd(solve_sq, solve_sq_ag, a, b)


def _against_autograd(f, f_ag, *args):
    import autograd
    ours = s2sad.grad(f, wrt=tuple(range(len(args))))(*args)
    theirs = autograd.grad(f_ag, tuple(range(len(args))))(*args)
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o, t, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("a", [A2, A3, A4], ids=["matrix", "stack", "4-d stack"])
def test_inv_of_stacks_is_exact_in_every_mode(a):
    check_grad(inv_w, a)
    check_vjp(_inv, a, dout=R.normal(size=a.shape))
    check_jvp(inv_w, a, tangent=R.normal(size=a.shape))
    check_hvp(inv_w, a, v=R.normal(size=a.shape))
    _against_autograd(inv_w, inv_w_ag, a)


def _inv(a):
    return np.linalg.inv(a) * 2.0


def test_inv_and_solve_of_one_stack_together():
    """fuzz seed 2400054's shape: a (3, 2, 2) stack used by inv and by solve with a vector b
    (the old rules reversed every axis and gave a wrong gradient or an internal error)."""
    b = np.array([0.3, -0.7])
    check_grad(inv_then_solve, A3, b, wrt=(0, 1))
    check_jvp(inv_then_solve, A3, b, wrt=0, tangent=R.normal(size=A3.shape))


@pytest.mark.parametrize("form", ["one matrix, vector b", "one matrix, matrix b"])
def test_solve_and_inv_of_one_matrix_with_jit(form):
    a, b = SOLVE_FORMS[form]
    check_grad(solve_sq, a, b, wrt=(0, 1), jit=True)
    for k, arg in enumerate((a, b)):
        check_jvp(solve_sq, a, b, wrt=k, tangent=R.normal(size=arg.shape), jit=True)
    check_grad(inv_w, A2, jit=True)
    check_jvp(inv_w, A2, tangent=R.normal(size=A2.shape), jit=True)


@pytest.mark.parametrize("f, args", [(solve_sq, SOLVE_FORMS["stack, vector b"]), (inv_w, (A3,))],
                         ids=["solve", "inv"])
def test_a_stack_with_jit_is_a_located_jit_error(f, args):
    with pytest.raises(JitError, match=r"(?s)line \d+, column \d+.*numba has no implementation"):
        s2sad.grad(f, jit=True)(*args)


def lstsq_of(a, b):
    return np.sum(np.linalg.lstsq(a, b)[0] ** 2)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("a, b, param", [(R.normal(size=(2, 4, 3)), R.normal(size=4), "a"),
                                         (R.normal(size=(4, 3)), R.normal(size=(2, 4, 2)), "b")],
                         ids=["stack a", "stack b"])
def test_lstsq_of_a_stack_is_refused_at_the_line(a, b, param, mode):
    """NumPy's lstsq solves one system: a stack raised NumPy's LinAlgError inside the sweep."""
    with pytest.raises(s2sad.NoDerivativeError,
                       match=rf"(?s)line \d+, column \d+.*lstsq` covers `{param}` of rank.*3-d array"):
        if mode == "grad":
            s2sad.grad(lstsq_of, wrt=(0, 1))(a, b)
        else:
            s2sad.jvp(lstsq_of)(a, b, np.ones_like(a))
    check_grad(lstsq_of, a[0] if param == "a" else a, b if param == "a" else b[0], wrt=(0, 1))
