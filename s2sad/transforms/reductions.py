"""Loops whose steps are independent but for sum accumulators: reversed without a tape.

A ``for i in range(...)`` loop (after the inline stage, helpers inlined) qualifies when
every name its body assigns is

  (a) iteration-local: assigned before it is read in every step, and not read after
      the loop; or
  (b) an accumulator: only ever assigned as ``s = s + e`` or ``s = s - e`` (``e`` not
      reading ``s``), read nowhere else in the body, a number or an array whose shape
      never changes (``kinds.stable``);

and the body writes nothing else that outlives a step: no item or attribute writes,
no appends, no calls as statements, no break/continue/return, no random draws, no
recursive helpers. Then a step's adjoint depends on no other step (``b_s`` is the
same at every step's start and end), so the reverse of the loop is one loop in any
order, each step run forward (its inner loops with their own tape) and reversed:

    s, t = f_loop1_forward(n, s, t, w)         # the loop as written
    b_w2 = f_loop1_reverse(n, w, b_s, b_t)      # for i in range(n): b_s, b_t, b_w = f_loop1_adjoint(...)

It is a checkpointed loop (``checkpoint.py``) whose state is only accumulators: the
step adjoint is ``checkpoint.Loop``'s, and no snapshot is kept. The accumulators'
values are never needed by a step's adjoint (``s + e`` has the derivative 1 in
``s``): a stand-in of their type is passed, so the forward loop is dead code when
nothing else reads what it computes. A loop that does not qualify is reversed with its
tape as before.
"""
import ast

from .. import astutil as A
from ..analyses import kinds as kinds_mod
from ..errors import S2sadError
from ..frontend.resolve import np_ref
from ..rules import runtime
from . import checkpoint as ckpt
from .purity import draw_calls
from .subadjoint import adjoint_function, function, returns


def apply(body, ret, params, ctx, kinds):
    """Replace the outermost qualifying loops of ``body``; return (body, generated functions)."""
    companions = []
    for loop, block, path in list(ckpt._outer_loops(body)):
        if not getattr(loop, "_s2sad_active", False) or getattr(loop, "_s2sad_comprehension", False):
            continue
        after = _read_after(loop, block, path, ret)
        if accumulators(loop, after, kinds, ctx) is None:
            continue
        try:
            plan = Reduction(loop, block, path, body, ret, params, ctx, kinds)
        except S2sadError:
            continue    # what a checkpointed loop refuses, the tape handles
        if not plan.b_state or plan.placeholders or plan.global_data or plan.lists:
            continue
        companions += plan.build(None)
        k = block.index(loop)
        block[k:k + 1] = [plan.statement]
    return body, companions


def _read_after(loop, block, path, ret):
    k = block.index(loop)
    out = set(ckpt.loads(ret)) | ckpt._all_reads(block[k + 1:])
    for outer, node in path:
        out |= ckpt._all_reads(outer[outer.index(node) + 1:])
    return out


def accumulators(loop, after, kinds, ctx):
    """The accumulators of ``loop`` if it qualifies (see the module's docstring), else None."""
    if not _simple_range(loop) or _has_effects(loop, ctx):
        return None
    index = loop.target.id
    assigned = ckpt.assigned_in(loop.body)
    if index in assigned:
        return None
    seen = set()
    ckpt.exposed(loop.body, {index}, seen)
    accs = set()
    for v in sorted(assigned):
        if v in seen or v in after:
            if not _accumulates(v, loop.body) or not (kinds.get(v) == 0 or v in getattr(kinds, "stable", ())):
                return None
            accs.add(v)
    if index in after:
        return None
    return accs if accs else None


def _simple_range(loop):
    if not isinstance(loop, ast.For):
        return False
    it = loop.iter
    return (isinstance(loop.target, ast.Name) and not loop.orelse and isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"
            and not it.keywords and all(isinstance(a, (ast.Name, ast.Constant)) for a in it.args))


def _has_effects(loop, ctx):
    """Anything a step leaves to the next or to the code after the loop but its names."""
    for n in (n for s in loop.body for n in ast.walk(s)):
        if isinstance(n, (ast.Break, ast.Continue, ast.Return, ast.Raise, ast.Yield, ast.YieldFrom,
                          ast.Global, ast.Nonlocal, ast.Expr, ast.While, ast.Try, ast.With,
                          ast.Delete, ast.AugAssign)):
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)):
                return True
        if isinstance(n, ast.For) and not _simple_range(n):
            return True
        if isinstance(n, ast.Assign) and not all(isinstance(t, ast.Name) for t in n.targets):
            return True
        if hasattr(n, "_s2sad_append") or getattr(n, "_s2sad_custom", None) is not None:
            return True
        if isinstance(n, ast.Call) and n.keywords and any(k.arg == "out" for k in n.keywords):
            return True
    return bool(draw_calls(loop.body, ctx.ns))


def _accumulates(v, body):
    """Is every assignment of ``v`` in ``body`` ``v = v + e`` / ``v = v - e`` (``e`` not reading
    ``v``), directly or through a temporary of the normal form (``t = v + e; v = t``, ``t`` read
    nowhere else), and ``v`` read nowhere else?"""
    assigns, loads = {}, {}
    for n in (n for s in body for n in ast.walk(s)):
        if isinstance(n, ast.For) and n.target.id == v:
            return False
        if isinstance(n, ast.Assign):
            for t in n.targets:
                assigns.setdefault(t.id, []).append(n)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            loads[n.id] = loads.get(n.id, 0) + 1
    def value(x):    # through a temporary whose only value it is and whose only use is here
        while isinstance(x, ast.Name) and x.id != v and len(assigns.get(x.id, [])) == 1 and loads.get(x.id) == 1:
            x = assigns[x.id][0].value
        return x
    updates = 0
    for n in assigns.get(v, []):
        x = value(n.value)
        cast = _cast_of(v, x)      # `v -= e` of the frontend: cast_like(v - e, v) (v's type, read)
        if not (len(n.targets) == 1 and _sum_of(v, value(cast) if cast is not None else x)):
            return False
        updates += 1 if cast is None else 2
    return updates > 0 and loads.get(v, 0) == updates


def _cast_of(v, x):
    if isinstance(x, ast.Call) and getattr(x.func, "_s2sad_obj", None) is runtime.cast_like \
            and len(x.args) == 2 and not x.keywords and isinstance(x.args[1], ast.Name) and x.args[1].id == v:
        return x.args[0]
    return None


def _sum_of(v, x):
    return isinstance(x, ast.BinOp) and isinstance(x.op, (ast.Add, ast.Sub)) and isinstance(x.left, ast.Name) \
        and x.left.id == v and v not in ckpt.loads(x.right)


class Reduction(ckpt.Loop):
    """A loop reversed step by step, each step's adjoint on its own: no tape, no snapshot."""

    def build(self, K):
        ctx, base = self.ctx, self.src.name
        number = ckpt._count(ctx)
        self.names = {k: ckpt._global(ctx, f"{base}_loop{number}{suffix}")
                      for k, suffix in (("adjoint", "_adjoint"), ("forward", "_forward"), ("reverse", "_reverse"))}
        line = self.src.line(self.loop.lineno)
        forward = self._forward()
        ckpt._optimize(forward, ctx)
        params = [self.index] + self.state_in + self.consts
        kinds = kinds_mod.Ranks({v: self.kinds.get(v) for v in params})
        kinds.lists = frozenset(getattr(self.kinds, "lists", ()))
        kinds.update({self.index: 0})
        adjoint = adjoint_function(self.names["adjoint"], self.loop.body, params, kinds,
                                   self.b_state + self.const_active, ctx, like=self.loop,
                                   doc=f"One step of `{line}` run with its tape, then reversed.", lower=True)
        self.statement = self._forward_statement()
        return [adjoint, forward, self._reverse()]

    def range_params(self):
        return [a.id for a in self.loop.iter.args if isinstance(a, ast.Name)
                and a.id not in self.state_in + self.consts]

    def _range(self):
        return A.call("range", *[A.clone(a) for a in self.loop.iter.args])

    def _forward(self):
        loop = ast.For(target=A.name(self.index, store=True), iter=self._range(),
                       body=A.clone(self.loop.body), orelse=[])
        doc = ast.Expr(value=A.const(f"`{self.src.line(self.loop.lineno)}` (line {self.loop.lineno}) run forward."))
        params = _unique(self.range_params() + self.state_in + self.consts)
        return function(self.names["forward"], params, [doc, loop, returns(self.state_out)], self.loop)

    def _reverse(self):
        fresh = self.ctx.namer.fresh
        b = {v: fresh("b_" + v) for v in self.b_state + self.const_active}
        head = [A.assign(b[v], ast.Call(func=np_ref("np.copy"),
                                        args=[A.name(b[v])], keywords=[]))
                for v in self.b_state if self.kinds.get(v) != 0]
        head += [A.assign(b[v], A.const(0.0) if self.kinds.get(v) == 0 else
                          A.call(A.name(self._bind("zeros_like", runtime.zeros_like)), A.name(v)))
                 for v in self.const_active]
        stand = {v: fresh(v + "_any") for v in self.state_in}
        head += [A.assign(stand[v], ast.BinOp(A.name(b[v]), ast.Mult(), A.const(0.0))) for v in self.state_in]
        adj = [b[v] for v in self.b_state + self.const_active]
        call = A.call(A.name(self.names["adjoint"]), A.name(self.index),
                      *[A.name(stand.get(v, v)) for v in self.state_in + self.consts], *[A.name(x) for x in adj])
        target = ast.Tuple(elts=[A.name(x, store=True) for x in adj], ctx=ast.Store()) if len(adj) > 1 \
            else A.name(adj[0], store=True)
        loop = ast.For(target=A.name(self.index, store=True), iter=self._range(), body=[A.assign(target, call)],
                       orelse=[])
        ret = ast.Return(value=ast.Tuple(elts=[A.name(b[v]) for v in self.active_in + self.const_active],
                                         ctx=ast.Load()))
        doc = ast.Expr(value=A.const(f"The reverse of `{self.src.line(self.loop.lineno)}` (line "
                                     f"{self.loop.lineno}), one step after another: a step's adjoint needs no other."))
        params = _unique(self.range_params() + self.consts) + [b[v] for v in self.b_state]
        return function(self.names["reverse"], params, [doc] + head + [loop, ret], self.loop)

    def _bind(self, name, obj):
        return self.ctx.ns.bind(name, obj)

    def _forward_statement(self):
        args = [self.name(v) for v in _unique(self.range_params() + self.state_in + self.consts)]
        targets = [A.name(v, store=True) for v in self.state_out]
        target = targets[0] if len(targets) == 1 else ast.Tuple(elts=targets, ctx=ast.Store())
        stmt = A.at(A.assign(target, A.call(A.name(self.names["forward"]), *args)), self.loop)
        stmt._s2sad_custom = self
        stmt._s2sad_src = self.src
        return stmt

    def classify(self, stmt):
        from ..analyses.ir import Op
        return Op("custom", stmt, list(self.state_out), self.state_in + self.consts + self.range_params(), func=self)

    def reads(self, op):
        return sorted({*self.consts, *self.range_params()})

    def reverse(self, rev, op):
        fresh = self.ctx.namer.fresh
        got = [fresh("b_" + v) for v in self.active_in + self.const_active]
        call = A.call(A.name(self.names["reverse"]),
                      *[self.name(v) for v in _unique(self.range_params() + self.consts)],
                      *[A.name(rev.adj(v)) for v in self.b_state])
        stmt = A.assign(ast.Tuple(elts=[A.name(g, store=True) for g in got], ctx=ast.Store()), call)
        stmt._acc = ("reads", None, False)
        out = [stmt] + [ckpt.reset(rev.adj(v), v) for v in self.b_state]
        return out + [ckpt._owned(ckpt.accum(rev.adj(v), A.name(g), v))
                      for v, g in zip(self.active_in + self.const_active, got)]


def _unique(names):
    return list(dict.fromkeys(names))
