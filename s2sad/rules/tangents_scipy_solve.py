"""Forward rule of ``scipy.linalg.solve`` (beside ``grads_scipy_solve.py``) and the forward rules of
the helpers its adjoint calls (for hvp, forward over reverse): both are linear in their array."""
from .forward_registry import tangent
from .grads_scipy_solve import SOLVE
from .runtime_linalg import solve_tangent_a, solve_tangent_b
from .runtime_scipy_solve import read_entries_grad, solved_matrix

KIND = {k: SOLVE[k] for k in ("lower", "assume_a")}


@tangent("scipy.linalg.solve", nondiff=SOLVE)
def solve(z, a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None, transposed=False):
    t[z] = solve_tangent_b(t[b], solved_matrix(a, lower, assume_a), z) \
        + solve_tangent_a(solved_matrix(t[a], lower, assume_a), solved_matrix(a, lower, assume_a), z)


@tangent(solved_matrix, nondiff=KIND)
def solved_matrix_(m, a, lower=False, assume_a=None):
    t[m] = solved_matrix(t[a], lower, assume_a)


@tangent(read_entries_grad, nondiff=KIND)
def read_entries_grad_(r, G, lower=False, assume_a=None):
    t[r] = read_entries_grad(t[G], lower, assume_a)
