"""Fusion for compiled adjoints: elementwise work as explicit loops (part of the ``jit`` stage).

numba runs an array expression (``b += g * t11``) through its ufunc machinery, tens of
nanoseconds per statement before the first element, and materialises the argument
of every reduction (``np.sum(a * b)`` allocates ``a * b``). On the small arrays
adjoints are full of, an explicit loop is several times faster (measured: 4 ns
against 40 ns for ``out += a * b + c`` on 7 elements). So:

* ``s = ... np.sum(E) ...`` / ``np.mean(E)`` (no axis) over an elementwise expression
  ``E`` becomes an accumulation loop: the product is never materialised;
* ``t op= E`` and ``t op= unbroadcast(E, x)`` (``t`` a name or an element/slice of
  one) become one loop writing ``t`` in place. A column or a row, ``b[:, j] op= E``
  (full slices and int indices), is written through ``b`` itself, ``b[_i0, j]``: no
  view of ``b`` is made at each iteration of the loops around (GMM's reverse sweep
  updates two columns per iteration of its innermost loop; with the in-place primal
  updates of :mod:`s2sad.backends.primal_inplace` its adjoint went from 9.6-10x to
  7-7.8x the hand-written one at d=2, 2.6-2.7x to 2.3-2.45x at d=10, loaded machine);
  the test adds that ``j`` is within ``b``'s axis (as making the view checks).

Elementwise means ``+ - * / **`` (``/`` by a nonzero number or ``max(x.size, 1)`` only:
numba's scalar division by zero raises ZeroDivisionError where NumPy gives inf; ``**``
by a nonnegative number), unary minus and NumPy ufuncs such as ``np.exp``
over names of a known rank and numbers; other parts (``icf[:, k]``, helper calls
of known rank) are evaluated once before the loop. The loop runs when every array
operand has exactly the shape of the result (``t``'s, or the first operand's);
otherwise the original statement runs, so broadcasting keeps NumPy's meaning.

The fallback branch of a run that ``loopfuse`` fused (an ``If`` marked
``_s2sad_fallback``) is left as written: it runs only when the run's arrays differ in
shape (a broadcast; or a run mixing shapes, as GMM's ``t28`` and ``qdiag``, once per
call outside its loops), and fusing it again added loops and fallbacks of their own
that numba compiled on every first call (linear regression's adjoint: a fallback inside
the fallback, twice).
"""
import ast

from .. import astutil as A
from ..analyses.list_names import list_names
from ..frontend.resolve import np_ref
from .inplace import ELEMENTWISE, Ranks
from .specialize import is_safe_size

REDUCTIONS = {"sum", "mean"}
MAX_RANK = 3


class _Leaves:
    """Splits an elementwise expression into array leaves (indexed in the loop), scalars
    and hoisted parts (evaluated once, before the loop)."""

    def __init__(self, ranks, namer, rank, names):
        self.ranks, self.namer, self.rank, self.names = ranks, namer, rank, names
        self.arrays, self.hoisted = [], []

    def expr(self, e):
        """``e`` rewritten for element ``[i0, i1, ...]``, or None if it is not elementwise."""
        r = self.ranks.of(e) if not isinstance(e, ast.Subscript) else None
        if isinstance(e, ast.Constant):
            return e if r == 0 else None
        if isinstance(e, ast.Name):
            return self.leaf(e, r)
        if isinstance(e, ast.BinOp) and not isinstance(e.op, (ast.MatMult, ast.FloorDiv, ast.Mod)):
            if isinstance(e.op, ast.Pow) and not _nonnegative(e.right):
                return None
            left, right = self.expr(e.left), self.expr(e.right)
            if left is None or right is None:
                return None
            if isinstance(e.op, ast.Div) and not _safe_divisor(e.right, self.ranks):
                return divide(left, right)       # numba's scalar x / 0 raises where NumPy gives inf
            return ast.BinOp(left=left, op=e.op, right=right)
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
            inner = self.expr(e.operand)
            return None if inner is None else ast.UnaryOp(op=e.op, operand=inner)
        if isinstance(e, ast.Call) and not e.keywords and self.elementwise(e):
            args = [self.expr(a) for a in e.args]
            return None if None in args else ast.Call(func=A.clone(e.func), args=args, keywords=[])
        if r is None and isinstance(e, ast.Subscript):
            r = _view_rank(e, self.ranks)
        if r is None or r not in (0, self.rank):
            return None
        name = self.namer()                      # a view or a call: evaluated once
        self.hoisted.append(A.assign(name, A.clone(e)))
        return self.leaf(A.name(name), r)

    def leaf(self, node, r):
        if r == 0:
            return A.clone(node)
        if r != self.rank:
            return None
        if node.id not in self.arrays:
            self.arrays.append(node.id)
        return _at(self.names, node.id, self.rank)

    def elementwise(self, call):
        fn = self.ranks.function(call)
        return getattr(fn, "__name__", None) in ELEMENTWISE and (getattr(fn, "__module__", None) or "numpy") \
            .startswith("numpy") and fn.__name__ != "where"


def divide(left, right):
    """``np.divide(left, right)`` of two numbers: NumPy's inf or nan at a zero divisor, as the
    arrays' ``/`` gives, where numba's scalar ``/`` raises ZeroDivisionError."""
    return ast.Call(func=np_ref("np.divide"), args=[left, right], keywords=[])


def _safe_divisor(e, ranks):
    """A divisor a fused loop may divide by: a nonzero number or ``max(x.size, 1)``."""
    if isinstance(e, ast.Constant):
        return type(e.value) in (int, float) and e.value != 0
    return is_safe_size(e, ranks)


def _nonnegative(e):
    return isinstance(e, ast.Constant) and type(e.value) in (int, float) and e.value >= 0


def _view_rank(e, ranks):
    """Rank of ``a[...]`` with int and slice parts, from ``a``'s rank."""
    base = ranks.of(e.value) if isinstance(e.value, ast.Name) else None
    if base is None:
        return None
    parts = e.slice.elts if isinstance(e.slice, ast.Tuple) else [e.slice]
    ints = 0
    for p in parts:
        if isinstance(p, ast.Slice):
            continue
        if ranks.of(p) != 0:
            return None
        ints += 1
    return base - ints if ints <= base else None


class Names:
    """The names fused loops use (loop indices, ``range``), clear of the user's."""

    def __init__(self, ns):
        self.ns, self.indices, self.range = ns, [], None

    def fresh(self, base):
        namer = getattr(self.ns, "namer", None)
        return namer.fresh(base) if namer is not None else base

    def index(self, k):
        while len(self.indices) <= k:
            self.indices.append(self.fresh(f"_i{len(self.indices)}"))
        return self.indices[k]

    def range_(self):
        if self.range is None:
            self.range = self.ns.bind("range", range)
        node = A.name(self.range)
        node._s2sad_bound = True
        return node


def _at(names, name, rank, store=False):
    idx = [A.name(names.index(k)) for k in range(rank)]
    return ast.Subscript(value=A.name(name), slice=idx[0] if rank == 1 else ast.Tuple(elts=idx, ctx=ast.Load()),
                         ctx=ast.Store() if store else ast.Load())


def _loops(names, shape_of, rank, body):
    """``for _i0 in range(x.shape[0]): for _i1 ...: body``."""
    for k in reversed(range(rank)):
        body = [ast.For(target=A.name(names.index(k), store=True), iter=ast.Call(func=names.range_(), args=[
            ast.Subscript(value=ast.Attribute(value=A.name(shape_of), attr="shape", ctx=ast.Load()),
                          slice=A.const(k), ctx=ast.Load())], keywords=[]), body=body, orelse=[])]
    return body


def _same_shapes(names, like):
    """``a.shape == t.shape and b.shape == t.shape ...``"""
    tests = [ast.Compare(left=ast.Attribute(value=A.name(n), attr="shape", ctx=ast.Load()), ops=[ast.Eq()],
                         comparators=[ast.Attribute(value=A.name(like), attr="shape", ctx=ast.Load())])
             for n in names if n != like]
    return tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests) if tests else A.const(True)


def _and(a, b):
    if isinstance(a, ast.Constant) and a.value is True:
        return b
    return ast.BoolOp(op=ast.And(), values=(a.values if isinstance(a, ast.BoolOp) else [a]) + [b])


class Fuse:
    """Rewrites the adjoint ``fdef`` in place (see the module docstring)."""

    def __init__(self, ns, ranks, adjoints):
        self.ns, self.ranks, self.adjoints = ns, Ranks(ranks, adjoints, ns), adjoints

    def fresh(self):
        return self.names.fresh("_s2sad_f")

    def run(self, fdef):
        self.names = Names(self.ns)
        self.lists = list_names(fdef)     # a list of arrays (and its adjoint) has a rank, but no .shape
        fdef.body = self.block(fdef.body)
        return fdef

    def block(self, stmts):
        out = []
        for s in stmts:
            if isinstance(s, (ast.If, ast.For, ast.While)):
                s.body = self.block(s.body)
                s.orelse = s.orelse if getattr(s, "_s2sad_fallback", False) else self.block(s.orelse)
                out.append(s)
                continue
            before = self.reductions(s) if isinstance(s, (ast.Assign, ast.AugAssign)) else []
            out += before
            fused = self.update(s) if isinstance(s, ast.AugAssign) else None
            out += fused if fused is not None else [s]
        return out

    # ---- t op= E ------------------------------------------------------------------
    def update(self, s):
        t = s.target
        base = A.base_name(t)
        if base not in self.adjoints or not isinstance(s.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)) \
                or {base, self.adjoints[base]} & self.lists:
            return None
        rank = self.ranks.name(base) if isinstance(t, ast.Name) else _view_rank(t, self.ranks)
        if not rank or rank > MAX_RANK:
            return None
        value, also, shaped = s.value, [], []
        if isinstance(value, ast.Call) and self.ranks.function(value) is _unbroadcast() and len(value.args) == 2:
            like = value.args[1]
            if isinstance(like, ast.Name) and self.ranks.of(like) == rank:
                value, also = value.args[0], [like.id]
            elif isinstance(like, ast.Subscript) and _view_rank(like, self.ranks) == rank:
                shaped = [A.assign(self.fresh(), A.clone(like))]      # a view, for its shape
                value, also = value.args[0], [shaped[0].targets[0].id]
        leaves = _Leaves(self.ranks, self.fresh, rank, self.names)
        element = leaves.expr(value)
        if element is None or not leaves.arrays or base in leaves.arrays or base in A.names_in(value):
            return None
        direct = _Direct.of(t, self.ranks, rank, self.fresh) if isinstance(t, ast.Subscript) else None
        if direct is not None:       # b[:, j] += E: a loop over b's own elements, no view of b
            body = [ast.AugAssign(target=direct.at(self.names, store=True), op=s.op, value=element)]
            test = A.and_(*direct.tests(leaves.arrays + also))
            return [A.at(n, s) for n in shaped + leaves.hoisted + direct.hoisted + _guarded(
                test, direct.loops(self.names, body), [s])]
        view = t.id if isinstance(t, ast.Name) else self.fresh()
        pre = shaped + leaves.hoisted + ([] if isinstance(t, ast.Name) else [A.assign(view, ast.Subscript(
            value=A.clone(t.value), slice=A.clone(t.slice), ctx=ast.Load()))])
        loop = _loops(self.names, view, rank, [ast.AugAssign(target=_at(self.names, view, rank, store=True),
                                                             op=s.op, value=element)])
        test = _same_shapes(leaves.arrays + also, view)
        return [A.at(n, s) for n in pre + _guarded(test, loop, [s])]

    # ---- np.sum(E), np.mean(E) ---------------------------------------------------------
    def reductions(self, s):
        out = []
        for call, holder, field, index in list(_calls_outside_branches(s)):
            fn = self.ranks.function(call)
            kind = getattr(fn, "__name__", None)
            if kind not in REDUCTIONS or not (getattr(fn, "__module__", None) or "").startswith("numpy") \
                    or len(call.args) != 1 or call.keywords:
                continue
            rank = self.ranks.of(call.args[0])
            if not rank or rank > MAX_RANK:
                continue
            leaves = _Leaves(self.ranks, self.fresh, rank, self.names)
            element = leaves.expr(call.args[0])
            if element is None or not leaves.arrays or isinstance(call.args[0], ast.Name):
                continue
            result, acc, first = self.fresh(), self.fresh(), leaves.arrays[0]
            loop = [A.assign(acc, A.const(0.0))] + _loops(self.names, first, rank, [
                ast.AugAssign(target=A.name(acc, store=True), op=ast.Add(), value=element)])
            total = A.name(acc) if kind == "sum" else ast.BinOp(
                left=A.name(acc), op=ast.Div(), right=ast.Attribute(value=A.name(first), attr="size", ctx=ast.Load()))
            loop.append(A.assign(result, total))
            fallback = [A.assign(result, A.clone(call))]
            test = _same_shapes(leaves.arrays, first)
            if kind == "mean":          # the mean of nothing: NumPy's nan (numba's scalar 0.0 / 0 raises)
                test = _and(test, ast.Compare(left=ast.Attribute(value=A.name(first), attr="size", ctx=ast.Load()),
                                              ops=[ast.Gt()], comparators=[A.const(0)]))
            out += leaves.hoisted + _guarded(test, loop, fallback)
            replacement = A.name(result)
            if index is None:
                setattr(holder, field, replacement)
            else:
                getattr(holder, field)[index] = replacement
        return [A.at(n, s) for n in out]


class _Direct:
    """An update target ``b[:, j]`` (full slices and int indices of a name ``b``) written through
    ``b`` itself: the loop runs over ``b``'s sliced axes and reads ``b[_i0, j]``. The tests say
    that every array operand has the view's shape and that every int index is within ``b``'s
    axis (as making the view would have checked); an index that is not a name or a number is
    evaluated once, before the loop (``hoisted``), as the view's was."""

    def __init__(self, base, parts, axes, ints, hoisted):
        self.base, self.parts, self.axes, self.ints, self.hoisted = base, parts, axes, ints, hoisted

    @classmethod
    def of(cls, t, ranks, rank, fresh):
        base = t.value.id if isinstance(t.value, ast.Name) else None
        full = ranks.of(t.value) if base is not None else None
        parts = list(t.slice.elts) if isinstance(t.slice, ast.Tuple) else [t.slice]
        if full is None or len(parts) > full:
            return None
        parts += [ast.Slice()] * (full - len(parts))
        out, axes, ints, hoisted = [], [], [], []
        for k, p in enumerate(parts):
            if isinstance(p, ast.Slice):
                if p.lower is not None or p.upper is not None or p.step is not None:
                    return None
                axes.append(k)
                out.append(None)
                continue
            if ranks.of(p) != 0 or isinstance(p, ast.Constant) and not isinstance(p.value, int):
                return None
            if not isinstance(p, (ast.Name, ast.Constant)):
                name = fresh()
                hoisted.append(A.assign(name, A.clone(p)))
                p = A.name(name)
            out.append(p)
            ints.append(k)
        return cls(base, out, axes, ints, hoisted) if len(axes) == rank else None

    def dim(self, k):
        return ast.Subscript(value=ast.Attribute(value=A.name(self.base), attr="shape", ctx=ast.Load()),
                             slice=A.const(k), ctx=ast.Load())

    def tests(self, arrays):
        shape = ast.Tuple(elts=[self.dim(k) for k in self.axes], ctx=ast.Load())
        same = [ast.Compare(left=ast.Attribute(value=A.name(n), attr="shape", ctx=ast.Load()), ops=[ast.Eq()],
                            comparators=[A.clone(shape)]) for n in dict.fromkeys(arrays)]
        bounds = [ast.Compare(left=ast.UnaryOp(op=ast.USub(), operand=self.dim(k)), ops=[ast.LtE(), ast.Lt()],
                              comparators=[A.clone(self.parts[k]), self.dim(k)]) for k in self.ints]
        return same + bounds or [A.const(True)]

    def at(self, names, store=False):
        loop = iter(range(len(self.axes)))
        idx = [A.name(names.index(next(loop))) if p is None else A.clone(p) for p in self.parts]
        return ast.Subscript(value=A.name(self.base), slice=idx[0] if len(idx) == 1 else ast.Tuple(
            elts=idx, ctx=ast.Load()), ctx=ast.Store() if store else ast.Load())

    def loops(self, names, body):
        for j in reversed(range(len(self.axes))):
            body = [ast.For(target=A.name(names.index(j), store=True), iter=ast.Call(
                func=names.range_(), args=[self.dim(self.axes[j])], keywords=[]), body=body, orelse=[])]
        return body


def _guarded(test, loop, fallback):
    """``if test: loop else: fallback``, or the loop alone when the test is ``True`` (a single
    array operand: no shapes to compare, the fallback would be dead code)."""
    if isinstance(test, ast.Constant) and test.value is True:
        return loop
    branch = ast.If(test=test, body=loop, orelse=fallback)
    branch._s2sad_fallback = True       # the statements as written (backends.outline may share them)
    return [branch]


def _unbroadcast():
    from ..rules import runtime
    return runtime.unbroadcast


def _calls_outside_branches(node):
    """``(call, parent, field, index)`` for calls evaluated whenever the statement runs
    (not under ``a if c else b``, ``and``/``or`` or a lambda), innermost first."""
    for field, value in ast.iter_fields(node):
        items = value if isinstance(value, list) else [value]
        for k, child in enumerate(items):
            if not isinstance(child, ast.AST) or isinstance(child, (ast.IfExp, ast.BoolOp, ast.Lambda)):
                continue
            yield from _calls_outside_branches(child)
            if isinstance(child, ast.Call):
                yield child, node, field, k if isinstance(value, list) else None


def fuse(fdef, ns, ranks, adjoints):
    return Fuse(ns, ranks, adjoints).run(fdef)
