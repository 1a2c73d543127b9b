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
from ..rules import registry as rules
from ..rules.runtime_ieee import ieee_div, ieee_pow, zero_nan

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


def elementwise(op, rule, ns, template):
    """Whether ``op``'s rule gives each argument's contribution at the result's shape, entry by
    entry: an elementwise call whose rule line ``template`` reads ``d[y]`` only through arithmetic
    and NumPy ufuncs (not through a helper that sums it, ``polyval_grad_p(d[y], p, x)``)."""
    if isinstance(op.stmt.value, ast.Call):
        fn = resolve(ns, op.stmt.value.func)
        if not (rule.broadcast or isinstance(fn, np.ufunc) and fn.nin == 1 and fn.nout == 1):
            return False
    elif not (rule.broadcast or isinstance(op.stmt.value, ast.UnaryOp)):
        return False
    return _entrywise(template.value, rule)


def _entrywise(node, rule):
    """Whether every ``d[...]`` under ``node`` is reached through entrywise operations only."""
    if rules._is_d(node):
        return True
    if isinstance(node, ast.Call):
        fn = rule.lookup(node.func.id)[0] if isinstance(node.func, ast.Name) else None
        if not (isinstance(fn, np.ufunc) or fn in (ieee_div, ieee_pow)):
            return not any(rules._is_d(n) for a in node.args + [k.value for k in node.keywords] for n in ast.walk(a))
        return all(_entrywise(a, rule) for a in node.args) and not node.keywords
    if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.MatMult):
        return _entrywise(node.left, rule) and _entrywise(node.right, rule)
    if isinstance(node, ast.UnaryOp):
        return _entrywise(node.operand, rule)
    return not any(rules._is_d(n) for n in ast.walk(node))


def masked(value, b_result, ns):
    """``zero_nan(b_result, value)``."""
    fn = A.name(ns.bind("zero_nan", zero_nan))
    fn._s2sad_bound = True
    return A.call(fn, A.name(b_result), value)
