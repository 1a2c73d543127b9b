"""Purity: which expressions may be removed or moved (no side effects), and the names they read.

An expression is pure when every call in it is to NumPy (a ufunc or a function of
the ``numpy`` package), to s2sad's run-time helpers, to a function of ``math``, or
to one of the builtins in ``PURE_BUILTINS``; any other call may have a side effect
and is kept where it is. Used by dead-code elimination and copy propagation.

A random draw (``draws``: ``np.random.normal``, a generator's method) is pure in that sense, but
gives other numbers when it runs again: what re-runs the function's code (a checkpointed loop's
steps, ``jacobian`` and ``hessian``'s one sweep per element) refuses it (``draw_calls``,
``redraw_refusal``).
"""
import ast
import builtins
import inspect
import math
import random
import textwrap
import types

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..frontend.resolve import library_function
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


RANDOM_STATES = (np.random.Generator, np.random.RandomState, random.Random)


def draws(fn):
    """True if ``fn`` draws random numbers: two calls with the same arguments give different
    values (a function of ``numpy.random`` or ``random``, a method of a generator). Running
    such a call again (a checkpointed step, one sweep of a Jacobian per element) draws anew."""
    if isinstance(getattr(fn, "__self__", None), RANDOM_STATES):
        return True
    module = str(getattr(fn, "__module__", None) or "")
    return module == "random" or module.startswith("numpy.random")


def draw_calls(tree, ns):
    """The calls in ``tree`` (a node or a list of statements) that draw random numbers (see
    ``draws``), directly or in a function of the user's they call, in source order."""
    trees = tree if isinstance(tree, list) else [tree]
    return [n for t in trees for n in A.walk(t) if isinstance(n, ast.Call) and may_draw(resolve(ns, n.func))]


def may_draw(fn, depth=4):
    """``draws(fn)``, or ``fn`` is a function of the user's (not a library's) whose source calls one
    that may draw, ``depth`` calls deep: a helper the adjoint calls as it is (its result carries no
    derivative) runs again with each sweep. Names are looked up in the helper's globals; a method
    of an argument is not followed."""
    if draws(fn):
        return True
    if depth == 0 or not isinstance(fn, types.FunctionType) or library_function(fn):
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return False
    scope = {**vars(builtins), **fn.__globals__}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and may_draw(_lookup(scope, node.func), depth - 1):
            return True
    return False


def _lookup(scope, node):
    path = A.dotted_path(node)
    if path is None:
        return None
    root, *rest = path.split(".")
    obj = scope.get(root)
    for part in rest:
        obj = getattr(obj, part, None)
    return obj


def redraw_refusal(body, ns, src):
    """For the modes that run the function once per element (``jacobian``, ``hessian``): a located
    refusal of its first random draw (each run would draw other numbers and the result would mix
    the draws of several runs), or None. Returned, not raised: one sweep (grad, vjp, jvp, hvp)
    uses the numbers it drew."""
    from ..errors import unsupported
    for node in draw_calls(body, ns):
        return unsupported(getattr(node, "_s2sad_src", None) or src, node,
                           "a random draw in a function differentiated one sweep per element (jacobian, "
                           "hessian: each sweep would draw other numbers, and the result would mix them)",
                           "Draw the numbers outside and pass them as an argument, or use grad, vjp, jvp "
                           "or hvp (one sweep, of the numbers it drew).")
    return None


def uses(node):
    """The names ``node`` reads."""
    return {n.id for n in A.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} \
        if node is not None else set()
