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
  :mod:`s2sad.backends.inplace`, which also guard the in-place adjoints): no one
  can observe that the old array changed;
* ``z`` holds float64 (``is_float64``, a constant in numba), so ``z op E`` has
  ``z``'s dtype: an int or bool ``z`` takes the ``else``;
* every array leaf of ``E`` has ``z``'s shape (tested when it runs), so ``z op E``
  has ``z``'s shape, and element ``i`` of the result reads only element ``i``;
* ``E`` is built from ``+ - *``, unary minus, names, numbers and views evaluated once
  before the loop (no division: numba's scalar division by zero raises where NumPy
  gives inf), and does not read ``z``.

A loop also allocates the arrays it defines anew at every pass (GMM's point loop: ``z =
qdiag[:, r] * xc[:, r]``, ``t15 = z * z``, ``sq = np.zeros(k)``, the terms of its
``logsumexp``: 7 + 2d arrays per point, where the hand-written adjoint allocates none). In a
loop, ``z = E`` (``E`` elementwise as for :mod:`s2sad.backends.fuse`: ``+ - *``, ``/`` by a
safe divisor, NumPy ufuncs such as ``np.exp``; views evaluated once before, no other call)
and ``z = np.zeros(shape)`` write into the array ``z`` held before:

    if _s2sad_has_z and is_float64(z, a, ...) and a.shape == z.shape ...:   # one call for the arrays
        for _i0 in range(z.shape[0]):
            z[_i0] = E[_i0]             # np.zeros: z.fill(0.0) when has_shape(z, shape)
    else:                               # the first pass (has_z False before the outermost loop),
        z = E                           # or arrays that do not fit (a shrinking loop, broadcasting)
    _s2sad_has_z = True

Invariant: the first condition above (``z``'s old array is this function's and nothing
read after the statement, nor ``E``, shares it: nobody can see it overwritten); every
array leaf is float64 of ``z``'s shape (so ``E`` is float64 of ``z``'s shape; in numba ``z``
has one type, so this is a constant there); ``E`` does not read ``z``; ``_s2sad_has_z`` is
True only once ``z`` is bound (``and`` reads ``z`` only then). ``E`` is written once: the
first pass and the passes whose arrays do not fit run the same ``else`` (which
:mod:`s2sad.backends.first_try` keeps, marked ``FIRST_PASS``). numba's bytecode reader wants a
store of ``z`` before its first read in the text: ``if _s2sad_never: z = None`` before the
outermost loop (a global False, pruned by numba before typing). ``shape`` reads names,
attributes and elements only (it is evaluated twice).

A rewritten statement keeps the array its target held, which the origins analysis, run on
the statements as written, takes for a new one: after ``w = t10`` (``w = w / w.sum()``), ``w
= np.exp(..)`` written into ``w``'s array and then ``t10 = w / t9`` written into ``t10``'s
(the same array) would overwrite ``w``. So the rewrite runs twice: a dry run on a copy finds
the statements it would take, and the real run checks each again with origins in which those
statements keep their target's old array (``Origins.keeps``), taking no other. Origins only grow with
``keeps``, so a statement that passes with them passes with any subset: the statements the
real run takes are safe together.

It runs last in the ``jit`` stage, after :mod:`s2sad.backends.array_tapes`: every tape push
then copies its value (a row, or a copy in the list), so ``sq = sq + z * z`` right after ``sq``
was pushed is updated in place too; a list tape still pushing by reference makes its value
escape, as before.
"""
import ast
import copy

import numpy as np

from .. import astutil as A
from ..rules.runtime_numeric import cast_like
from .inplace import Ranks, _Context
from . import concat_into
from .fuse import MAX_RANK, Names, _and, _at, _Leaves, _loops, _same_shapes, _view_rank

OPS = (ast.Add, ast.Sub, ast.Mult)
FIRST_PASS = "first pass"     # the ``_s2sad_fallback`` mark of a branch whose ``else`` also runs the first pass
COMMUTATIVE = (ast.Add, ast.Mult)


class PrimalInplace:
    """Rewrites ``fdef`` in place (see the module docstring)."""

    def __init__(self, fdef, ns, ranks, adjoints, keeps=None):
        self.ns, self.adjoints, self.keeps = ns, adjoints, keeps      # keeps: None in the dry run
        self.ranks = Ranks(ranks, adjoints, ns)
        self.ctx = _Context(fdef, self.ranks, adjoints, ns, "augmented", keeps or frozenset())
        self.taken = set()          # the ``_s2sad_pid`` of the statements rewritten
        self.names = Names(ns)
        self.params = {a.arg for a in fdef.args.args}
        self.flags, self.starting = {}, set()     # z -> its flag; flags the current outer loop sets
        self.loads = {}                           # name -> how many times fdef reads it
        for n in ast.walk(fdef):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                self.loads[n.id] = self.loads.get(n.id, 0) + 1

    def block(self, stmts, depth=0):
        out = []
        for s in stmts:
            if isinstance(s, (ast.For, ast.While)):
                s.body = self.block(s.body, depth + 1)
                s.orelse = self.block(s.orelse, depth)
                if depth == 0:          # the flags of the loop's rewritten statements start False
                    out += [A.at(A.assign(f, A.const(False)), s) for f in sorted(self.starting)] \
                        + self._declared(s)
                    self.starting = set()
                out.append(s)
            elif isinstance(s, ast.If):
                s.body = self.block(s.body, depth)
                if not getattr(s, "_s2sad_fallback", False):
                    s.orelse = self.block(s.orelse, depth)
                out.append(s)
            elif isinstance(s, ast.Assign) and self.keeps is not None and id(s) not in self.keeps:
                out.append(s)
            elif isinstance(s, ast.Assign):
                new = self.update(s) or (self.rewritten(s) or self.refilled(s) or self.joined(s, out)
                                         if depth else None)
                if new:
                    self.taken.add(getattr(s, "_s2sad_pid", None))
                out += new or [s]
            else:
                out.append(s)
        return out

    def split(self, s):
        """``(z, op, E)`` for ``z = z op E`` (or ``E op z``, ``op`` commutative), else None; also for
        ``z op= E`` (``z = cast_like(z op E, z)``: ``z op E`` itself for a float64 ``z`` of ``z op E``'s
        shape, which the rewritten loop requires)."""
        t, v = s.targets[0], s.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and len(v.args) == 2 and not v.keywords \
                and self.ns.objects.get(v.func.id) is cast_like and isinstance(v.args[1], ast.Name) \
                and isinstance(t, ast.Name) and v.args[1].id == t.id:
            v = v.args[0]
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
        read = [h for h in leaves.hoisted if h.targets[0].id in leaves.arrays]   # (the test reads their shapes)
        branch = ast.If(test=test, body=[h for h in leaves.hoisted if h not in read] + loop, orelse=[s])
        branch._s2sad_fallback = True
        return [A.at(h, s) for h in read] + [A.at(branch, s)]

    def rewritten(self, s):
        """``z = E`` in a loop: ``E`` written element by element into the array ``z`` held
        before, when nothing can read that array any more (the module docstring); else None."""
        t, e = s.targets[0], s.value
        if len(s.targets) != 1 or not isinstance(t, ast.Name) or t.id in self.adjoints or t.id in self.params \
                or not isinstance(e, (ast.BinOp, ast.UnaryOp, ast.Call)):
            return None
        z, rank = t.id, self.ranks.name(t.id)
        if not rank or rank > MAX_RANK or z in A.names_in(e):
            return None
        leaves = _Trailing(self.ranks, lambda: self.names.fresh("_s2sad_p"), rank, self.names)
        element = leaves.expr(e)
        if element is None or not leaves.arrays or any(isinstance(n, ast.Call) for h in leaves.hoisted
                                                       for n in ast.walk(h.value)) \
                or not self.ctx.owned(z, s, set(A.names_in(e))):
            return None             # a call kept whole would run twice when the statement runs
        floats = dict.fromkeys([z, *leaves.arrays, *sorted(leaves.lower)])
        test = A.call(self._is_float64(), *(A.name(n) for n in floats))   # one call: one branch
        test = _and(test, _same_shapes(leaves.arrays, z))
        for n, r in sorted(leaves.lower.items()):
            test = _and(test, ast.Compare(left=_shape(n), ops=[ast.Eq()], comparators=[
                ast.Subscript(value=_shape(z), slice=ast.Slice(lower=A.const(rank - r)), ctx=ast.Load())]))
        loop = _loops(self.names, z, rank, [ast.Assign(targets=[_at(self.names, z, rank, store=True)],
                                                       value=element)])
        return [A.at(h, s) for h in leaves.hoisted] + self._first_or(z, s, test, loop)

    def refilled(self, s):
        """``z = np.zeros(shape)`` in a loop: the array ``z`` held before, filled with zeros, when
        it has that shape and nothing can read it any more; else None."""
        t, e = s.targets[0], s.value
        if len(s.targets) != 1 or not isinstance(t, ast.Name) or t.id in self.adjoints or t.id in self.params \
                or not isinstance(e, ast.Call) or self.ranks.function(e) is not np.zeros or len(e.args) != 1 \
                or e.keywords or not self.ranks.name(t.id) or not _pure(e.args[0]) \
                or not self.ctx.owned(t.id, s, set(A.names_in(e))):
            return None
        z = t.id
        from .numba_helpers.numba_buffers import has_shape
        ref = A.name(self.ns.bind("_s2sad_has_shape", has_shape))
        ref._s2sad_bound = True
        test = _and(A.call(self._is_float64(), A.name(z)), A.call(ref, A.name(z), A.clone(e.args[0])))
        fill = ast.Expr(value=A.call(ast.Attribute(value=A.name(z), attr="fill", ctx=ast.Load()), A.const(0.0)))
        return self._first_or(z, s, test, [fill])

    def joined(self, s, out):
        """``z = np.concatenate((a, E))`` in a loop: the pieces written into the array ``z`` held
        before (:mod:`.concat_into`), when nothing can read it any more; else None. A tuple
        of pieces bound just before (the last of ``out``) moves into the fallbacks."""
        t = s.targets[0]
        found = concat_into.pieces(s, out[-1] if out else None, self.loads, self.ranks)
        if found is None or len(s.targets) != 1 or not isinstance(t, ast.Name) or t.id in self.adjoints \
                or t.id in self.params or self.ranks.name(t.id) != 1:
            return None
        elements, folded = found
        made = concat_into.rewrite(t.id, elements, self.ranks, self.names, lambda: self.names.fresh("_s2sad_p"))
        reads = set(A.names_in(s.value)) | set(A.names_in(folded.value) if folded else ())
        if made is None or not self.ctx.owned(t.id, s, reads):
            return None
        hoisted, arrays, test, body = made
        test = _and(A.call(self._is_float64(), *(A.name(n) for n in [t.id, *arrays])), test)
        if folded is not None:
            out.pop()
        stmts = [folded, s] if folded is not None else [s]
        return [A.at(h, s) for h in hoisted] + self._first_or(t.id, stmts, test, body)

    def _first_or(self, z, s, test, body):
        """``if has_z and test: body`` / ``else: s`` then ``has_z = True``: ``z`` is read only once
        a statement bound it, and ``s`` is written once, for the first pass and for the passes whose
        arrays do not fit (compile time: one copy of ``E`` to lower). ``s``: a statement or a list."""
        flag = self.flags.setdefault(z, self.names.fresh(f"_s2sad_has_{z}"))
        self.starting.add(flag)
        stmts = s if isinstance(s, list) else [s]
        test = A.and_(A.name(flag), *(test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)
                                     else [test]))
        branch = ast.If(test=test, body=body, orelse=stmts)
        branch._s2sad_fallback = FIRST_PASS
        return [A.at(branch, stmts[-1]), A.at(A.assign(flag, A.const(True)), stmts[-1])]

    def _declared(self, loop):
        """``if _s2sad_never: z = None`` for the targets of the loop's first passes: numba's bytecode
        reader needs a store of ``z`` before its first read in the text (``has_z and <fits>``
        reads it), and numba prunes the branch (a global False) before it types anything, so
        ``z`` keeps ``E``'s type; CPython keeps it (a global is not folded)."""
        targets = sorted(z for z, f in self.flags.items() if f in self.starting)
        if not targets:
            return []
        never = A.name(self.ns.bind("_s2sad_never", False))
        never._s2sad_bound = True
        return [A.at(ast.If(test=never, body=[A.assign(z, A.const(None)) for z in targets], orelse=[]), loop)]

    def _is_float64(self):
        from .numba_helpers.numba_buffers import is_float64
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


class _Trailing(_Leaves):
    """``_Leaves`` that also takes arrays of a lower rank ``r`` (``x[i]`` in ``x[i] - means``),
    read at the last ``r`` indices, as NumPy broadcasts them when their shape is the last ``r``
    axes of the result's; ``lower`` maps their names to ``r``."""

    def __init__(self, *args):
        super().__init__(*args)
        self.lower = {}

    def expr(self, e):
        r = _view_rank(e, self.ranks) if isinstance(e, ast.Subscript) else \
            self.ranks.of(e) if isinstance(e, ast.Name) else None
        if r is None or not 0 < r < self.rank:
            return super().expr(e)
        if isinstance(e, ast.Subscript):
            name = self.namer()
            self.hoisted.append(A.assign(name, A.clone(e)))
            e = A.name(name)
        self.lower[e.id] = r
        at = [A.name(self.names.index(k)) for k in range(self.rank - r, self.rank)]
        return ast.Subscript(value=A.name(e.id), slice=at[0] if r == 1 else ast.Tuple(elts=at, ctx=ast.Load()),
                             ctx=ast.Load())


def _shape(n):
    return ast.Attribute(value=A.name(n), attr="shape", ctx=ast.Load())


def _pure(e):
    """``e`` reads names, numbers, attributes, elements and tuples only (evaluating it twice is
    evaluating it once)."""
    return all(isinstance(n, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Tuple, ast.BinOp,
                              ast.UnaryOp, ast.Load, ast.operator, ast.unaryop, ast.Slice)) for n in ast.walk(e))


def rewrite(fdef, ns, ranks, adjoints):
    """Apply the rewrite to ``fdef`` (the adjoint, after its tapes are arrays); returns it."""
    concat_into.split_nested(fdef, Ranks(ranks, adjoints, ns), Names(ns))
    fdef.body = PrimalInplace(fdef, ns, ranks, adjoints, _candidates(fdef, ns, ranks, adjoints)).block(fdef.body)
    return fdef


def _candidates(fdef, ns, ranks, adjoints):
    """``id`` of the assignments of ``fdef`` a dry run of the rewrite (on a copy, with origins
    that take every assignment for a new array) would take."""
    stmts = [n for n in ast.walk(fdef) if isinstance(n, ast.Assign)]
    for k, n in enumerate(stmts):
        n._s2sad_pid = k
    scratch = _copy(fdef)
    dry = PrimalInplace(scratch, _scratch(ns), ranks, adjoints)
    dry.block(scratch.body)
    return frozenset(id(stmts[k]) for k in dry.taken)


def _copy(node):
    """A copy of the tree ``node`` keeping every annotation (by reference)."""
    if isinstance(node, list):
        return [_copy(n) for n in node]
    if not isinstance(node, ast.AST):
        return node
    new = copy.copy(node)
    for name, value in ast.iter_fields(node):
        setattr(new, name, _copy(value))
    return new


def _scratch(ns):
    """A copy of the namespace ``ns`` (and of its namer) for the dry run to bind and name in:
    the real run's names are what they would be without it."""
    dry = copy.copy(ns)
    dry.objects, dry.origins = dict(ns.objects), dict(ns.origins)
    if ns.namer is not None:
        dry.namer = copy.copy(ns.namer)
        dry.namer.taken, dry.namer.issued = set(ns.namer.taken), set(ns.namer.issued)
        dry.namer.counts, dry.namer.namespace = dict(ns.namer.counts), dry
    return dry
