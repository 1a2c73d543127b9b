"""Loop fusion across statements for compiled adjoints (part of the ``jit`` stage).

A run of consecutive statements that each compute elementwise over arrays of one
rank, or reduce such a computation with ``np.sum``/``np.mean`` (no axis), becomes
one loop over the elements. The adjoint of ``np.mean((w * x + b - y) ** 2)``::

    t2 = w * x + b;  r = t2 - y;  t3 = r * r;  t = np.mean(t3)
    b_t3 = np.full(t3.shape, (dout + 0.0) / t3.size);  b_r = b_t3 * r;  b_r += b_t3 * r
    b_t2 = unbroadcast(b_r, t2);  b_b = np.sum(b_t2);  b_w = np.sum(b_t2 * x)

makes one pass over ``x`` and ``y`` and allocates nothing: inside the loop
every intermediate array is a float of the current element, the three
reductions are accumulators. Numba otherwise allocates each intermediate and
makes a pass per statement (measured: the descent of linear regression via
``minimize`` went from 3.6-8x the hand-written numba loop to about 1x).

Invariant: the fused form computes what the statements compute, elementwise,
under a run-time test that every array the run reads (and every shape a
``unbroadcast``/``np.full``/``zeros_like`` refers to) has the shape of the first
one (and, if the run divides by a ``.size``, is not empty); otherwise the original
statements run (NumPy's broadcasting). A run over one array that divides by no size has
no test and no fallback: numba compiles the loop alone. Inside the loop only the run's own intermediates are written,
never an array that existed before it, so no aliasing can be observed. An
intermediate read anywhere outside the run (or before its definition inside it)
is stored from the loop into a new array (float64 for an adjoint, else the dtype
of its value over empty slices of the inputs), or only allocated when read for
its shape. A statement holding reductions (``b_p[1] += np.sum(b_t2)``)
accumulates them in the loop and runs after it; nothing in the loop may read
what such a statement binds or writes. A statement that neither reads nor binds
anything of the run and only allocates (``b_p = zeros_like(p)``) moves before it.
An array is divided only by a nonzero constant or by a ``.size`` (numba's scalar
division raises where NumPy gives inf), raised only to a nonnegative constant; a number
divided by a number (``np.full(t.shape, dout / t3)``) is numba's scalar division fused or not.
Inside a loop, a kept adjoint that :mod:`s2sad.backends.reuse` marked is stored into the
array it held at the previous iteration (``reused(b, x)``) rather than a new one. A kept
adjoint defined once as ``unbroadcast(g, x)`` is ``g``'s array after the loop (the shape test
makes the unbroadcast the identity), as the statement as written makes it.
"""
import ast

from .. import astutil as A
from ..frontend.resolve import np_ref
from ..analyses.list_names import list_names
from .inplace import Ranks
from .fuse import MAX_RANK, Names, _at, _loops, _same_shapes
from .fuse_runs import Fail, Run
from .numba_helpers.numba_buffers import fits
from .reuse import MARK


class LoopFuse:
    """Rewrites the adjoint ``fdef`` in place (see the module docstring)."""

    def __init__(self, ns, ranks, adjoints):
        self.ranks, self.names, self.adjoints, self.ns = Ranks(ranks, adjoints, ns), Names(ns), adjoints, ns

    def run(self, fdef):
        self.loads, self.shape_reads = _reads(fdef)
        self.lists = _lists(fdef)
        fdef.body = self.block(fdef.body)
        return fdef

    def block(self, stmts):
        out, run = [], None
        for s in stmts:
            if run is not None:
                try:
                    run.add(s)
                    continue
                except Fail:
                    if run.move(s):
                        continue
                    out += self.emit(run)
                    run = None
            if isinstance(s, (ast.If, ast.For, ast.While)):
                s.body, s.orelse = self.block(s.body), self.block(s.orelse)
                out.append(s)
                continue
            run = self.start(s)
            if run is None:
                out.append(s)
        return out + (self.emit(run) if run is not None else [])

    def start(self, s):
        """A new run holding ``s``, or None if ``s`` cannot start one."""
        if not isinstance(s, ast.Assign) or len(s.targets) != 1 or not isinstance(s.targets[0], ast.Name):
            return None
        rank = self.ranks.name(s.targets[0].id)
        if rank == 0 and isinstance(s.value, ast.Call) and len(s.value.args) == 1:
            rank = self.ranks.of(s.value.args[0])
        if not rank or rank > MAX_RANK:
            return None
        run = Run(self, rank)
        try:
            run.add(s)
        except Fail:
            return None
        return run

    # ---- the fused form -----------------------------------------------------------
    def kept(self, run):
        """``(kept, shaped)``: the intermediates read outside the run (or inside it before their
        definition), and those of them read there only for ``.shape``/``.size``."""
        inside, inside_shape, defined = {}, {}, set()
        for s in run.stmts:
            loads, shapes = _reads(s)
            for n in defined:
                inside[n] = inside.get(n, 0) + loads.get(n, 0)
                inside_shape[n] = inside_shape.get(n, 0) + shapes.get(n, 0)
            if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and s.targets[0].id in run.local:
                defined.add(s.targets[0].id)
        kept = [n for n in run.local if self.loads.get(n, 0) > inside.get(n, 0)]
        shaped = [n for n in kept if self.loads[n] - inside.get(n, 0)
                  == self.shape_reads.get(n, 0) - inside_shape.get(n, 0)]
        return kept, shaped

    def emit(self, run):
        trailing = []
        while A.is_comment(run.stmts[-1]):                # a comment belongs to what follows the run
            trailing.insert(0, run.stmts.pop())
            run.items.pop()
            run.order.remove(trailing[0])
        fused = self.fused(run)
        return (run.order if fused is None else run.moved + fused) + trailing

    @staticmethod
    def invariant(run, item, kept):
        """A definition the same at every element (``np.full(t.shape, c)``), never updated or
        defined again in the run: computed once, before the loop (as the statements compute it)."""
        scalars = set(run.local.values())
        if item[1] in kept or any(isinstance(n, ast.Subscript) or isinstance(n, ast.Name) and n.id in scalars
                                  for n in ast.walk(item[2])):
            return False
        return sum(1 for i in run.items if i[0] in ("def", "update") and i[1] == item[1]) == 1

    def body(self, run, kept, whole):
        """The loop's statements and the invariant ones (before it); each kept intermediate
        is stored into its array after its last definition or update."""
        body, hoisted, last = [], [], {}
        for item in run.items:
            if item[0] == "comment":
                body.append(A.clone(item[1]))
            elif item[0] == "def" and self.invariant(run, item, kept):
                hoisted.append(A.assign(run.local[item[1]], item[2]))
            elif item[0] == "def":
                body.append(A.assign(run.local[item[1]], item[2]))
            elif item[0] == "update":
                body.append(ast.AugAssign(target=A.name(run.local[item[1]], store=True), op=item[2], value=item[3]))
            elif item[0] == "acc":
                body.append(ast.AugAssign(target=A.name(item[1], store=True), op=ast.Add(), value=item[2]))
            if item[0] in ("def", "update") and item[1] in kept:
                last[item[1]] = len(body)
        for n in sorted(kept, key=lambda n: -last[n]):
            body.insert(last[n], A.assign(_at(self.names, whole[n], run.rank, store=True), A.name(run.local[n])))
        return body, hoisted

    def reusable(self, run, n):
        """Kept ``n`` may be stored into its previous array (:mod:`s2sad.backends.reuse`): an
        adjoint the run defines once, by a marked statement, and never reads before."""
        defs = [s for s in run.stmts if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)
                and s.targets[0].id == n]
        return n in self.adjoints and n not in run.leaves and len(defs) == 1 and getattr(defs[0], MARK, False)

    @staticmethod
    def alias(run, n, stored):
        """Kept ``n`` is the gradient of its one ``unbroadcast`` (``run.aliases``), which the run's
        shape test gives ``n``'s shape: after the loop ``n`` names that array, as the statement
        as written makes it, instead of a copy stored element by element (GMM's ``b_t17 =
        unbroadcast(b_logsumexp_v, t17)`` allocated a copy per data point). The gradient is an
        input the run neither binds nor writes, or an intermediate stored after the run (a
        copy itself) that nothing in the run defines or updates after ``n``'s definition."""
        g, at = run.aliases.get(n, (None, None))
        if g is None or sum(1 for i in run.items if i[0] in ("def", "update") and i[1] == n) != 1:
            return False
        if g not in run.local:
            return g not in run.written
        return g in stored and g not in run.aliases and not any(
            i[0] in ("def", "update") and i[1] == g for i in run.items[at:])

    def refit(self, n, first):
        """``if not fits(n, first): n = np.empty(first.shape)``: the loop then stores into ``n``
        itself, the array it held at the previous iteration when it has ``first``'s shape. No
        call returns ``n``'s array and no name is bound to it on that path: under numba, no
        reference count taken and released per iteration (a helper returning ``n``, then
        ``n = n_all``, cost three of each)."""
        fn = A.name(self.ns.bind("_s2sad_fits", fits))
        fn._s2sad_bound = True
        shape = ast.Attribute(value=A.name(first), attr="shape", ctx=ast.Load())
        return ast.If(test=A.not_(A.call(fn, A.name(n), A.name(first))),
                      body=[A.assign(n, A.call(np_ref("np.empty"), shape))], orelse=[])

    def dtype(self, run, n):
        """``[]`` for an adjoint (float64: numba computes every adjoint from ``dout`` or a float
        seed), else ``[<n's value over empty slices of the inputs>.dtype]`` (numba compiles that
        expression: an intermediate read only for its shape is allocated float64 instead)."""
        if n in self.adjoints:
            return []
        return [ast.Attribute(value=_Prototype(run).visit(A.clone(run.sym[n])), attr="dtype", ctx=ast.Load())]

    def fused(self, run):
        kept, shaped = self.kept(run)
        accs = [i[1] for i in run.items if i[0] == "acc"]
        stored = set(kept) - set(shaped)
        aliases = {n: run.aliases[n][0] for n in kept if self.alias(run, n, stored)}
        reused = {n for n in kept if n not in aliases and self.reusable(run, n)}
        if len(kept) - len(shaped) == len(run.local) and len(accs) < 2 and not reused:
            return None                              # nothing saved: leave the statements alone
        first = run.leaves[0]
        whole = {n: n if n in reused else self.names.fresh(f"{n}_all") for n in kept if n not in aliases}
        body, hoisted = self.body(run, [n for n in whole if n not in shaped], whole)
        shape = ast.Attribute(value=A.name(first), attr="shape", ctx=ast.Load())
        pre = [self.refit(n, first) if n in reused else
               A.assign(whole[n], A.call(np_ref("np.empty"), A.clone(shape), *([] if n in shaped else self.dtype(run, n))))
               for n in whole]
        pre += [A.assign(acc, A.const(0.0)) for acc in accs] + hoisted
        post = [i[1] for i in run.items if i[0] == "after"] + [A.assign(n, whole[n]) for n in whole if n not in reused] \
            + [A.assign(n, A.name(aliases[n])) for n in kept if n in aliases]
        fused = pre + _loops(self.names, first, run.rank, body) + post
        like = next(s for s in run.stmts if not A.is_comment(s))
        test = _test(run.leaves, _divides_by_size(run))
        if test is None:                       # one array, never divided by its size: nothing to test
            return fused
        branch = A.at(ast.If(test=test, body=fused, orelse=run.stmts), like)
        branch._s2sad_fallback = True          # the orelse: the statements as written (fuse leaves them)
        return [branch]


def _test(leaves, nonempty):
    """``a.shape == x.shape and ... and x.size > 0`` (the size test only if ``nonempty``), or None
    when there is nothing to test."""
    first = leaves[0]
    same = _same_shapes(leaves, first)
    tests = same.values if isinstance(same, ast.BoolOp) else [same] if len(leaves) > 1 else []
    if nonempty:
        tests.append(ast.Compare(left=ast.Attribute(value=A.name(first), attr="size", ctx=ast.Load()),
                                 ops=[ast.Gt()], comparators=[A.const(0)]))
    return None if not tests else tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)


def _divides_by_size(run):
    """True if the run divides by an array's ``.size`` (a mean's accumulator, ``t / x.size``):
    over an empty array numba's scalar division raises where NumPy gives nan, so the fused
    loop runs only over a nonempty one. Otherwise an empty array gives the statements'
    values: no element is read, kept arrays are allocated empty, sums stay 0.0."""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) and isinstance(n.right, ast.Attribute)
               and n.right.attr == "size" for item in run.items for part in item[1:]
               if isinstance(part, ast.AST) for n in ast.walk(part))


class _Prototype(ast.NodeTransformer):
    """A kept intermediate's whole-array value over empty slices (``x[:0]``) of the run's inputs:
    an array of no elements whose dtype is the one NumPy (and numba) give the value."""

    def __init__(self, run):
        self.run = run

    def empty(self, name):
        return ast.Subscript(value=A.name(name), slice=ast.Slice(upper=A.const(0)), ctx=ast.Load())

    def visit_Attribute(self, node):
        if node.attr == "shape" and isinstance(node.value, ast.Name):
            return ast.Attribute(value=self.empty(self.run.leaves[0]), attr="shape", ctx=ast.Load())
        return node                                  # a.size: a number, the same for every input

    def visit_Name(self, node):
        if node.id in self.run.leaves and self.run.o.ranks.of(node) == self.run.rank:
            return self.empty(node.id)
        return node


def _lists(fdef):
    """Names that may hold a Python list (``comp`` of ``sum(x[i] * k[j] for j in ...)``, a row
    ``D[i]`` of a list of lists) or a tuple (``p = x[k], w[k]`` of ``for p in zip(x, w)``), never a
    run's input however their rank reads: neither has a shape under numba."""
    return list_names(fdef, displays=(ast.List, ast.ListComp, ast.Tuple))


def loopfuse(fdef, ns, ranks, adjoints):
    return LoopFuse(ns, ranks, adjoints).run(fdef)


def _reads(node):
    """``({name: loads}, {name: loads that are a.shape or a.size})`` in ``node``."""
    loads, shapes = {}, {}
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) \
                or isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):   # t += e reads t
            name = n.id if isinstance(n, ast.Name) else n.target.id
            loads[name] = loads.get(name, 0) + 1
        elif isinstance(n, ast.Attribute) and n.attr in ("shape", "size") and isinstance(n.value, ast.Name):
            shapes[n.value.id] = shapes.get(n.value.id, 0) + 1
    return loads, shapes
