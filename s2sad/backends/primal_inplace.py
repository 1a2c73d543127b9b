"""Primal arrays updated in place in compiled code (part of the ``jit`` stage).

A loop that accumulates into a small array, ``z = z + a * b`` (GMM's ``z = z +
icf[:, j] * xc[:, c]``), allocates two arrays per iteration under numba and runs
its ufunc machinery twice; updating ``z`` element by element allocates nothing.
(Measured, interleaved in one process on a loaded machine: by itself within noise on
GMM, whose arrays hold 5 or 25 floats; with ``sq`` updated after its push too and the
direct column updates of :mod:`s2sad.backends.fuse`, GMM's adjoint went from 9.6-10x
to 7-7.8x the hand-written one at d=2.) So, with ``jit=True``,

    z = z + E        (also ``z - E``, ``z * E``, ``E + z``, ``E * z``)

becomes

    if is_float64(z) and a.shape == z.shape and b.shape == z.shape:
        for _i0 in range(z.shape[0]):
            z[_i0] += a[_i0] * b[_i0]
    else:
        z = z + E

Invariant (what makes the loop compute exactly what the statement computes):

* the array in ``z`` before the statement was allocated by this function and no
  name read after the statement shares it (the origins and liveness analyses of
  :mod:`s2sad.transforms.inplace`, which also guard the in-place adjoints): no one
  can observe that the old array changed;
* ``z`` holds float64 (``is_float64``, a constant in numba), so ``z op E`` has
  ``z``'s dtype: an int or bool ``z`` takes the ``else``;
* every array leaf of ``E`` has ``z``'s shape (tested when it runs), so ``z op E``
  has ``z``'s shape, and element ``i`` of the result reads only element ``i``;
* ``E`` is built from ``+ - *``, unary minus, names, numbers and views evaluated once
  before the loop (no division: numba's scalar division by zero raises where NumPy
  gives inf), and does not read ``z``.

It runs last in the ``jit`` stage, after :mod:`s2sad.backends.array_tapes`: every tape push
then copies its value (a row, or a copy in the list), so ``sq = sq + z * z`` right after ``sq``
was pushed is updated in place too; a list tape still pushing by reference makes its value
escape, as before.
"""
import ast

from .. import astutil as A
from ..transforms.inplace import Ranks, _Context
from .fuse import MAX_RANK, Names, _at, _Leaves, _loops, _same_shapes

OPS = (ast.Add, ast.Sub, ast.Mult)
COMMUTATIVE = (ast.Add, ast.Mult)


class PrimalInplace:
    """Rewrites ``fdef`` in place (see the module docstring)."""

    def __init__(self, fdef, ns, ranks, adjoints):
        self.ns, self.adjoints = ns, adjoints
        self.ranks = Ranks(ranks, adjoints, ns)
        self.ctx = _Context(fdef, self.ranks, adjoints, ns, "augmented")
        self.names = Names(ns)
        self.params = {a.arg for a in fdef.args.args}

    def block(self, stmts):
        out = []
        for s in stmts:
            if isinstance(s, (ast.If, ast.For, ast.While)):
                s.body = self.block(s.body)
                if not getattr(s, "_s2sad_fallback", False):
                    s.orelse = self.block(s.orelse)
                out.append(s)
            elif isinstance(s, ast.Assign):
                out += self.update(s) or [s]
            else:
                out.append(s)
        return out

    def split(self, s):
        """``(z, op, E)`` for ``z = z op E`` (or ``E op z``, ``op`` commutative), else None."""
        t, v = s.targets[0], s.value
        if len(s.targets) != 1 or not isinstance(t, ast.Name) or t.id in self.adjoints or t.id in self.params \
                or not isinstance(v, ast.BinOp) or not isinstance(v.op, OPS):
            return None
        if isinstance(v.left, ast.Name) and v.left.id == t.id:
            return t.id, v.op, v.right
        if isinstance(v.right, ast.Name) and v.right.id == t.id and isinstance(v.op, COMMUTATIVE):
            return t.id, v.op, v.left
        return None

    def update(self, s):
        parts = self.split(s)
        if parts is None:
            return None
        z, op, e = parts
        rank = self.ranks.name(z)
        if not rank or rank > MAX_RANK or z in A.names_in(e) or not _plain(e):
            return None
        leaves = _Leaves(self.ranks, lambda: self.names.fresh("_s2sad_p"), rank, self.names)
        element = leaves.expr(e)
        if element is None or not self.ctx.owned(z, s, set(A.names_in(e))):
            return None
        loop = _loops(self.names, z, rank, [ast.AugAssign(target=_at(self.names, z, rank, store=True), op=op,
                                                         value=element)])
        test = _same_shapes(leaves.arrays, z)
        floats = A.call(self._is_float64(), A.name(z))
        test = floats if isinstance(test, ast.Constant) else A.and_(floats, *(
            test.values if isinstance(test, ast.BoolOp) else [test]))
        branch = ast.If(test=test, body=leaves.hoisted + loop, orelse=[s])
        branch._s2sad_fallback = True
        return [A.at(branch, s)]

    def _is_float64(self):
        from .numba_lists import is_float64
        ref = A.name(self.ns.bind("_s2sad_is_float64", is_float64))
        ref._s2sad_bound = True
        return ref


def _plain(e):
    """``E`` uses only ``+ - *``, unary minus, names, numbers and subscripts (no calls, no division)."""
    for n in ast.walk(e):
        if isinstance(n, ast.BinOp) and not isinstance(n.op, OPS) or isinstance(n, ast.UnaryOp) \
                and not isinstance(n.op, (ast.USub, ast.UAdd)) or isinstance(n, (ast.Call, ast.Lambda, ast.IfExp,
                                                                                  ast.NamedExpr)):
            return False
    return True


def rewrite(fdef, ns, ranks, adjoints):
    """Apply the rewrite to ``fdef`` (the adjoint, after its tapes are arrays); returns it."""
    fdef.body = PrimalInplace(fdef, ns, ranks, adjoints).block(fdef.body)
    return fdef
