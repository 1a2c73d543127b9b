"""Reverse rule of ``scipy.linalg.solve`` (result first: ``a``'s adjoint reads ``z``).

Part of the rule table (``grads.py`` imports the parts in order); ``d[v]`` is the adjoint of ``v``.
``z = M^-1 b`` for the matrix ``M = solved_matrix(a, lower, assume_a)`` SciPy solves with, so the
adjoints are ``np.linalg.solve``'s (``runtime_linalg``) taken at ``M``, and ``a``'s is brought back
to the entries SciPy reads (``runtime_scipy_solve``). Covered: ``assume_a`` general or symmetric
('gen', 'sym', 'her', 'pos' and their long names, None); the structured solvers ('diagonal',
'tridiagonal', 'banded', 'upper triangular', 'lower triangular', which read a band or a triangle
only), ``transposed=True`` and ``overwrite_a``/``overwrite_b`` (SciPy may write into the caller's
arrays) are refused at the call's line. The forward rules: ``tangents_scipy_solve.py``.
"""
from .registry import adjoint
from .runtime_linalg import solve_grad_a, solve_grad_b
from .runtime_scipy_solve import GENERAL, SYMMETRIC, read_entries_grad, solved_matrix

SOLVE = {"lower": "which triangle is read (a flag)", "overwrite_a": "only False is covered (True may overwrite the caller's a)",
         "overwrite_b": "only False is covered (True may overwrite the caller's b)",
         "check_finite": "whether inf and NaN are checked for (a flag)",
         "assume_a": "which solver: general or symmetric only are covered (not covered: the banded and triangular "
                     "solvers, which read part of a; use scipy.linalg.solve_triangular for a triangle)",
         "transposed": "only False is covered (not covered: transposed=True; write scipy.linalg.solve(a.T, b))"}
KINDS = GENERAL + SYMMETRIC


@adjoint("scipy.linalg.solve", nondiff=SOLVE,
         constants={"overwrite_a": (False,), "overwrite_b": (False,), "transposed": (False,), "assume_a": KINDS})
def solve(z, a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None, transposed=False):
    d[a] = read_entries_grad(solve_grad_a(d[z], solved_matrix(a, lower, assume_a), z), lower, assume_a)
    d[b] = solve_grad_b(d[z], solved_matrix(a, lower, assume_a), b)
