"""The reverse sweep of a function that leaves NaN entries out: an entry left out contributes 0.

``np.nanmean(m * m)`` ignores a NaN entry of ``m * m``, so its adjoint there is 0; but the rule of
``m * m`` multiplies that 0 by its partial ``2 * m``, NaN at that entry, and IEEE's ``0 * nan`` is
NaN: the gradient was NaN at the entry (and NaN in a parameter summing over it,
``np.nanmean((data - mu) ** 2)`` with ``mu`` a scalar) where the right derivative is 0 (the value
does not move when the entry does: NaN stays NaN). In a function calling one of ``NAN_IGNORING``,
each elementwise rule's contribution ``v`` (computed at the result's shape, before any
``unbroadcast``) is written ``zero_nan(g, v)``, ``v`` with 0 where the result's adjoint ``g`` is 0
and ``v`` is NaN. Invariant: only a NaN produced from an adjoint that is exactly 0 is replaced, so
wherever the result's adjoint is not 0 the rule's value is unchanged; other functions' adjoints are
untouched (no cost). A non-elementwise rule (``W @ v``, ``np.outer``) still gives IEEE's NaN from a
NaN operand.
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..rules.runtime_ieee import zero_nan

NAN_IGNORING = (np.nansum, np.nanmean, np.nanmax, np.nanmin, np.nanprod, np.nanvar, np.nanstd, np.nanmedian,
                np.nanquantile, np.nanpercentile, np.nancumsum, np.nancumprod, np.isnan, np.nan_to_num,
                np.fmax, np.fmin)


def ignores_nan(stmts, ns):
    """Whether ``stmts`` call a function that leaves NaN entries out (or tells them apart)."""
    for s in stmts:
        for node in ast.walk(s):
            if isinstance(node, ast.Call):
                fn = resolve(ns, node.func)
                if any(fn is f for f in NAN_IGNORING):
                    return True
    return False


def elementwise(op, rule, ns):
    """Whether ``op``'s rule gives each argument's contribution at the result's shape."""
    if rule.broadcast or isinstance(op.stmt.value, ast.UnaryOp):
        return True
    if isinstance(op.stmt.value, ast.Call):
        fn = resolve(ns, op.stmt.value.func)
        return isinstance(fn, np.ufunc) and fn.nin == 1 and fn.nout == 1
    return False


def masked(value, b_result, ns):
    """``zero_nan(b_result, value)``."""
    fn = A.name(ns.bind("zero_nan", zero_nan))
    fn._s2sad_bound = True
    return A.call(fn, A.name(b_result), value)
