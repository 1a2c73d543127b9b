"""Forward rules of ``scipy.linalg.lu_factor`` and ``lu_solve_of`` (beside ``grads_lu.py``)."""
from .forward_registry import tangent
from .grads_lu import LU, SOLVE
from .runtime_lu import lu_factor_tangent, lu_solve_of, lu_solve_tangent_lu


@tangent("scipy.linalg.lu_factor", nondiff=LU)
def lu_factor(y, a, overwrite_a=False, check_finite=True):
    t[y] = lu_factor_tangent(t[a], y, a)


@tangent(lu_solve_of, nondiff=SOLVE)
def lu_solve_of_(x, lu, piv, b, trans=0):
    t[x] = lu_solve_of(lu, piv, t[b], trans) + lu_solve_tangent_lu(t[lu], x, lu, piv, trans)
