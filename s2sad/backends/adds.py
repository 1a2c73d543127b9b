"""Gradients of whole-array reductions added into their adjoint in place (part of the ``jit`` stage).

``np.max(v)`` in a loop (every ``logsumexp``: GMM's, once per point) has the reverse
statement ``b_v += extreme_grad(b_mx, mx, v, None, False)``: numba builds the gradient as
a new array (``1.0 * g / count`` where ``v == mx``, ``0.0 * g / count`` elsewhere) and then
adds it, one allocation per iteration for a few floats. Here such a statement becomes

    extreme_grad_add(b_v, b_mx, mx, v)

whose compiled version counts the hits and adds each element into ``b_v`` directly
when ``b_v`` and ``v`` are float64 vectors of one shape (``b_v[i] += on if v[i] == mx else
off``, with ``on``/``off`` the very numbers the array had), and otherwise (another shape,
a broadcast; no hit, a NaN maximum; another rank) runs the statement as written. In
Python it *is* the statement.

Invariant: the rewritten statement is ``b += extreme_grad(g, y, x, None, False)`` (no axis)
with ``b`` an adjoint name whose rank is ``x``'s (at least 1), ``g`` and ``y`` numbers, and
``b`` read by neither ``g``, ``y`` nor ``x`` (so adding into ``b`` element by element reads
what the whole array read); ``b += ...`` on a NumPy array updates it in place, as the
helper does.
"""
import ast

from numba import types
from numba.extending import overload

from .. import astutil as A
from ..rules import runtime as rt
from .inplace import Ranks
from .numba_helpers.numba_support import is_array


def extreme_grad_add(b, g, y, x):
    """``b += extreme_grad(g, y, x)``: the gradient of ``y = np.max(x)`` (or min) added into ``b``."""
    b += rt.extreme_grad(g, y, x, None, False)


@overload(extreme_grad_add)
def _ov_extreme_grad_add(b, g, y, x):
    if not (is_array(b) and is_array(x) and isinstance(g, (types.Float, types.Integer))
            and isinstance(y, (types.Float, types.Integer))):
        return None
    if not (b.ndim == 1 and x.ndim == 1 and b.dtype == types.float64):
        def as_written(b, g, y, x):
            b += rt.extreme_grad(g, y, x, None, False)
        return as_written

    def impl(b, g, y, x):
        count = 0
        for i in range(x.shape[0]):
            if x[i] == y:
                count += 1
        if count == 0 or b.shape != x.shape:
            b += rt.extreme_grad(g, y, x, None, False)
            return
        on, off = (1.0 * g) / count, (0.0 * g) / count
        for i in range(x.shape[0]):
            b[i] += on if x[i] == y else off
    return impl


def rewrite(fdef, ns, ranks, adjoints):
    """Rewrites the statements of ``fdef`` described in the module docstring; returns it."""
    r = Ranks(ranks, adjoints, ns)
    for node in ast.walk(fdef):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                setattr(node, field, [_added(s, r, ns, adjoints) or s for s in block])
    return fdef


def _added(s, ranks, ns, adjoints):
    if not (isinstance(s, ast.AugAssign) and isinstance(s.op, ast.Add) and isinstance(s.target, ast.Name)
            and s.target.id in adjoints and isinstance(s.value, ast.Call)
            and ranks.function(s.value) is rt.extreme_grad and not s.value.keywords):
        return None
    args = s.value.args
    if len(args) < 3 or any(not _is_const(a, v) for a, v in zip(args[3:], (None, False))) or len(args) > 5:
        return None
    b, (g, y, x) = s.target.id, args[:3]
    rank = ranks.name(b)
    if not rank or ranks.of(x) != rank or ranks.of(g) != 0 or ranks.of(y) != 0 \
            or any(b in A.names_in(a) for a in (g, y, x)):
        return None
    fn = A.name(ns.bind("_s2sad_extreme_grad_add", extreme_grad_add))
    fn._s2sad_bound = True
    return A.at(ast.Expr(value=A.call(fn, A.name(b), A.clone(g), A.clone(y), A.clone(x))), s)


def _is_const(node, value):
    return isinstance(node, ast.Constant) and node.value is value

