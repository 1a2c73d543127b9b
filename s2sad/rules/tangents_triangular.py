"""Forward rule of ``scipy.linalg.solve_triangular`` (beside ``grads_triangular.py``) and the
forward rules of the helpers its adjoint calls (for hvp, forward over reverse): ``tri_solve`` is
the solve itself, ``triangular_outer`` is bilinear in its two arrays."""
from .forward_registry import tangent
from .grads_triangular import TRIANGULAR
from .runtime_triangular import tri_solve, triangular_outer, triangular_tangent

FLAGS = {k: v for k, v in TRIANGULAR.items() if k in ("trans", "lower", "unit_diagonal")}


@tangent("scipy.linalg.solve_triangular", nondiff=TRIANGULAR)
def solve_triangular(x, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True):
    t[x] = tri_solve(a, t[b], trans, lower, unit_diagonal) + triangular_tangent(t[a], x, a, trans, lower, unit_diagonal)


@tangent(tri_solve, nondiff=FLAGS)
def tri_solve_(x, a, b, trans=0, lower=False, unit_diagonal=False):
    t[x] = tri_solve(a, t[b], trans, lower, unit_diagonal) + triangular_tangent(t[a], x, a, trans, lower, unit_diagonal)


@tangent(triangular_outer, nondiff=FLAGS)
def triangular_outer_(r, gb, x, trans=0, lower=False, unit_diagonal=False):
    t[r] = triangular_outer(t[gb], x, trans, lower, unit_diagonal) + triangular_outer(gb, t[x], trans, lower, unit_diagonal)
