"""Purity: which expressions may be removed or moved (no side effects), and the names they read.

An expression is pure when every call in it is to NumPy (a ufunc or a function of
the ``numpy`` package), to s2sad's run-time helpers, to a function of ``math``, or
to one of the builtins in ``PURE_BUILTINS``; any other call may have a side effect
and is kept where it is. Used by dead-code elimination and copy propagation.
"""
import ast
import math
import types

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..rules import runtime

PURE_BUILTINS = {len, range, float, int, abs, min, max, bool, round, slice}


def pure(expr, ns):
    """True if evaluating ``expr`` has no effect but its value."""
    for node in A.walk(expr):
        if isinstance(node, ast.Call):
            fn = resolve(ns, node.func)
            if fn is None:
                return False
            if isinstance(fn, np.ufunc) or getattr(fn, "__module__", "") and (
                    str(getattr(fn, "__module__", "")).startswith("numpy")
                    or fn.__module__ == runtime.__name__):
                continue
            if isinstance(fn, types.BuiltinFunctionType) and fn in vars(math).values():
                continue
            if fn in PURE_BUILTINS:
                continue
            return False
    return True


def uses(node):
    """The names ``node`` reads."""
    return {n.id for n in A.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} \
        if node is not None else set()
