"""Run-time helpers of the rules of ``scipy.linalg.solve_triangular`` (``grads_triangular.py``).

``x = solve_triangular(a, b, trans, lower, unit_diagonal)`` solves ``op(T) x = b`` where ``T`` is
the triangle of ``a`` the solver reads (its lower one if ``lower``, else its upper one; with a
unit diagonal in place of ``a``'s if ``unit_diagonal``) and ``op`` transposes when ``trans`` is 1,
2, 'T' or 'C' (real values: the same). So ``b``'s adjoint is a solve with the other ``trans``, and
``a``'s is ``-(that adjoint) x^T``, transposed back when ``trans`` transposes, on the triangle
read only (the entries the solver never reads get exactly 0; so does the diagonal under
``unit_diagonal``). SciPy is never imported here (a program that called it has).
"""
import sys

import numpy as np

from .runtime import _public

_TRANS = {0: False, "N": False, 1: True, "T": True, 2: True, "C": True}


def transposes(trans):
    """Whether ``trans`` transposes the triangle (SciPy's ValueError for anything else)."""
    if not isinstance(trans, (int, str, np.integer)) or trans not in _TRANS:     # True is 1, as for SciPy
        raise ValueError(f"invalid trans argument {trans!r}: 0, 1, 2, 'N', 'T' or 'C'")
    return _TRANS[trans]


@_public
def flip_trans(trans):
    """The ``trans`` of the adjoint solve: 1 where ``trans`` does not transpose, else 0."""
    return 0 if transposes(trans) else 1


@_public
def tri_solve(a, b, trans=0, lower=False, unit_diagonal=False):
    """``scipy.linalg.solve_triangular(a, b, trans, lower, unit_diagonal)``."""
    solve = sys.modules["scipy.linalg"].solve_triangular
    return solve(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)


def read_part(m, lower, unit_diagonal):
    """The entries of ``m`` the solver reads (the rest 0; the diagonal 0 under ``unit_diagonal``)."""
    part = np.tril(m) if lower else np.triu(m)
    return part - np.diag(np.diag(part)) if unit_diagonal else part


@_public
def triangular_outer(gb, x, trans=0, lower=False, unit_diagonal=False):
    """The adjoint of ``a``, given ``gb`` (that of ``b``) and ``x``: ``-gb x^T`` (transposed when
    ``trans`` transposes) on the triangle read."""
    gb, x = np.asarray(gb, dtype=float), np.asarray(x, dtype=float)
    outer = np.outer(gb, x) if x.ndim == 1 else gb @ x.T
    return -read_part(outer.T if transposes(trans) else outer, lower, unit_diagonal)


@_public
def triangular_tangent(ta, x, a, trans=0, lower=False, unit_diagonal=False):
    """The change of ``x`` along ``ta`` (a's tangent): ``-op(T)^-1 op(dT) x``."""
    part = read_part(np.asarray(ta, dtype=float), lower, unit_diagonal)
    return -tri_solve(a, (part.T if transposes(trans) else part) @ x, trans, lower, unit_diagonal)
