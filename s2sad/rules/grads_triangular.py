"""Reverse rule of ``scipy.linalg.solve_triangular`` (result first: ``a``'s adjoint reads ``x``).

Part of the rule table (``grads.py`` imports the parts in order); ``d[v]`` is the adjoint of ``v``.
Every parameter has a ``d[...]`` line or a declared reason; ``overwrite_b=True`` (SciPy may then
write into the caller's ``b``) is refused. The forward rule and the helpers' forward rules (hvp):
``tangents_triangular.py``; the helpers: ``runtime_triangular.py``.
"""
from .registry import adjoint
from .runtime_triangular import flip_trans, tri_solve, triangular_outer

TRIANGULAR = {"trans": "which system is solved (0, 1, 2, 'N', 'T', 'C')", "lower": "which triangle is read (a flag)",
              "unit_diagonal": "whether the diagonal is read as ones (a flag)",
              "overwrite_b": "only False is covered (True may overwrite the caller's b)",
              "check_finite": "whether inf and NaN are checked for (a flag)"}


@adjoint("scipy.linalg.solve_triangular", nondiff=TRIANGULAR, constants={"overwrite_b": (False,)})
def solve_triangular(x, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True):
    d[b] = tri_solve(a, d[x], flip_trans(trans), lower, unit_diagonal)
    d[a] = triangular_outer(tri_solve(a, d[x], flip_trans(trans), lower, unit_diagonal), x, trans, lower, unit_diagonal)
