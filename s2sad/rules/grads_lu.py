"""Reverse rules of ``scipy.linalg.lu_factor`` and of ``lu_solve`` (result first; the frontend writes
``lu_solve((lu, piv), b, trans)`` as ``lu_solve_of(lu, piv, b, trans)``, ``frontend/scipy_linalg_forms.py``).

Part of the rule table (``grads.py`` imports the parts in order); ``d[v]`` is the adjoint of ``v``.
``overwrite_a=True``/``overwrite_b=True`` (SciPy may then write into the caller's arrays) are refused.
The forward rules: ``tangents_lu.py``; the helpers: ``runtime_lu.py``.
"""
from .registry import adjoint
from .runtime_triangular import flip_trans
from .runtime_lu import lu_factor_grad, lu_solve_grad_lu, lu_solve_of

PIV = "the row interchanges: integers, piecewise constant in the matrix"
LU = {"overwrite_a": "only False is covered", "check_finite": "a check of the input (no value changes)"}
SOLVE = {"piv": PIV, "trans": "which system (a flag)"}


@adjoint("scipy.linalg.lu_factor", nondiff=LU, constants={"overwrite_a": (False,)})
def lu_factor(y, a, overwrite_a=False, check_finite=True):
    d[a] = lu_factor_grad(d[y], y, a)


@adjoint(lu_solve_of, nondiff=SOLVE)
def lu_solve_of_(x, lu, piv, b, trans=0):
    d[b] = lu_solve_of(lu, piv, d[x], flip_trans(trans))
    d[lu] = lu_solve_grad_lu(d[x], x, lu, piv, trans)
