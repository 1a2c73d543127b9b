"""The two drivers of a checkpointed loop, generated as readable functions.

``<f>_loopN_forward`` runs the loop, storing snapshots of its state where its
plan says (``rules/schedule.py``: ``binomial`` for a ``for`` loop, whose trip
count is known when it starts; ``online`` for a ``while`` loop), and returns
the final state and ``(plan, snapshots)``. ``<f>_loopN_reverse`` takes those
back with the adjoints of the final state and carries out the rest of the plan:

    while True:
        act, a, b = next_action(plan)
        if act == RESTORE:   state = snapshots[a]
        elif act == ADVANCE: run steps a .. b-1          (no tape)
        elif act == STORE:   snapshots[a] = state
        elif act == REVERSE: adjoints = <step a with its tape, reversed>
        else: break

Snapshots hold copies of array state; a restored array is copied again only
when the body writes into arrays in place (or changes a set, dict or list by its
methods), so a snapshot never changes.
"""
import ast

from .. import astutil as A
from ..analyses import kinds as kinds_mod
from ..analyses.receivers import changed_receiver
from ..frontend.resolve import np_ref
from ..rules import runtime, schedule
from .subadjoint import function


class Drivers:
    def __init__(self, loop, K, line):
        self.loop, self.K, self.line = loop, K, line
        ctx = loop.ctx
        self.ctx, self.fresh = ctx, ctx.namer.fresh
        self.n = {k: self.fresh(k) for k in ("plan", "snapshots", "act", "a", "b", "k", "checkpoints")}
        self.g = {k: A.name(ctx.ns.bind(k, getattr(schedule, k))) for k in
                  ("binomial", "online", "next_action", "online_slot", "online_end",
                   "ADVANCE", "STORE", "RESTORE", "REVERSE")}
        for node in self.g.values():
            node._s2sad_bound = True
        # (a set, dict or list changed by its methods, `rem.discard(r)`, is written in place too)
        self.writes_arrays = any(isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Subscript)
                                 or isinstance(n, ast.stmt) and changed_receiver(n)
                                 for s in loop.loop.body for n in ast.walk(s))
        self.index_args = []       # (parameter name, first, stride) of a for loop's range

    def g_(self, key):
        return A.clone(self.g[key])

    # ---- pieces --------------------------------------------------------------------------
    def copy(self, v, name=None):
        """``v`` itself if a number, else a copy (``snapshot(v)`` when the kind is unknown)."""
        rank = self.loop.kinds.get(v)
        if v in self.loop.lists and name is None:
            return self.list_copy(v)
        if v in self.loop.lists:   # the adjoint of a list: an array, or a GradList of arrays
            rank = None
        if rank == 0:
            return A.name(name or v)
        if kinds_mod.snapshot_kept(self.loop.kinds, v) or v in self.loop.tuples:
            return A.call(A.name(self.ctx.ns.bind("snapshot", schedule.snapshot)), A.name(name or v))
        return ast.Call(func=np_ref("np.copy"), args=[A.name(name or v)], keywords=[])

    def list_copy(self, v):
        """A list the steps change: a new list of the same items (the items themselves copied
        too when the body writes into arrays or appends to another list: an item may be one)."""
        appended = {n._s2sad_append[0] for s in self.loop.loop.body for n in ast.walk(s)
                    if hasattr(n, "_s2sad_append")}
        if self.writes_arrays or appended - set(self.loop.lists):
            return A.call(A.name(self.ctx.ns.bind("snapshot", schedule.snapshot)), A.name(v))
        return A.call("list", A.name(v))

    def snapshot(self):
        """The state as a tuple of copies."""
        return ast.Tuple(elts=[self.copy(v) for v in self.loop.state_in] or [A.const(0)], ctx=ast.Load())

    def restore(self, slot, copies=True):
        names = self.loop.state_in
        if not names:
            return []
        target = ast.Tuple(elts=[A.name(v, store=True) for v in names], ctx=ast.Store())
        value = ast.Subscript(value=A.name(self.n["snapshots"]), slice=slot, ctx=ast.Load())
        out = [A.assign(target, value)]
        if self.writes_arrays and copies:
            out += [A.assign(v, self.copy(v)) for v in names if self.loop.kinds.get(v) != 0]
        elif copies:   # the steps run next append to a list: never to the snapshot's
            out += [A.assign(v, self.copy(v)) for v in self.loop.lists]
        return out

    def index(self, k):
        if not self.loop.is_for:
            return []
        first, stride = self.first, self.stride
        i = A.name(k) if isinstance(k, str) else k
        if not (isinstance(stride, ast.Constant) and stride.value == 1):
            i = ast.BinOp(i, ast.Mult(), A.clone(stride))
        if not (isinstance(first, ast.Constant) and first.value == 0):
            i = ast.BinOp(A.clone(first), ast.Add(), i)
        return [i]

    def step_call(self, k):
        """``state_out = step(i, state_in, consts)``"""
        lp = self.loop
        args = self.index(k) + [A.name(v) for v in lp.state_in + lp.consts]
        outs = lp.state_out
        target = A.name(outs[0], store=True) if len(outs) == 1 else \
            ast.Tuple(elts=[A.name(v, store=True) for v in outs], ctx=ast.Store())
        return A.assign(target, A.call(A.name(lp.names["step"]), *args))

    def advance(self):
        return ast.For(target=A.name(self.n["k"], store=True),
                       iter=A.call("range", A.name(self.n["a"]), A.name(self.n["b"])),
                       body=[self.step_call(self.n["k"])], orelse=[])

    def store(self):
        slot = ast.Subscript(value=A.name(self.n["snapshots"]), slice=A.name(self.n["a"]), ctx=ast.Store())
        return A.assign(slot, self.snapshot())

    def next_action(self):
        target = ast.Tuple(elts=[A.name(self.n[k], store=True) for k in ("act", "a", "b")], ctx=ast.Store())
        return A.assign(target, A.call(self.g_("next_action"), A.name(self.n["plan"])))

    def is_act(self, what):
        return ast.Compare(left=A.name(self.n["act"]), ops=[ast.Eq()], comparators=[self.g_(what)])

    def chain(self, cases):
        """if act == X: ... elif ...: ... else: break"""
        node = [ast.Break()]
        for what, body in reversed(cases):
            node = [ast.If(test=self.is_act(what), body=body, orelse=node)]
        return node

    # ---- the forward driver --------------------------------------------------------------
    def forward(self):
        lp, n = self.loop, self.n
        params, head = [], []
        if lp.is_for:
            args = list(lp.loop.iter.args)
            params = lp.range_params()
            first = args[0] if len(args) > 1 else A.const(0)
            stride = args[2] if len(args) > 2 else A.const(1)
            self.first, head = self._fixed(first, "first", head)
            self.stride, head = self._fixed(stride, "stride", head)
            count = A.call("len", A.call("range", *[A.clone(a) for a in args]))
            head.insert(0, A.assign(n["plan"], A.call(self.g_("binomial"), count, A.const(self.K))))
        else:
            head.append(A.assign(n["plan"], A.call(self.g_("online"), A.const(self.K))))
        params += lp.state_in + lp.consts
        head.append(A.assign(n["snapshots"], ast.BinOp(ast.List(elts=[self.snapshot()], ctx=ast.Load()),
                                                       ast.Mult(), A.const(self.K))))
        body = self._run_forward()
        keep = [A.name(n["plan"]), A.name(n["snapshots"])] + [A.clone(x) for x in self._kept()]
        result = [A.name(v) for v in lp.state_out] + [ast.Tuple(elts=keep, ctx=ast.Load())]
        what = f"`{self.line}` (line {lp.loop.lineno}) run forward, keeping at most {self.K} snapshots of its state"
        doc = ast.Expr(value=A.const(what + (f" ({', '.join(lp.state_in)})." if lp.state_in else ".")))
        ret = ast.Return(value=ast.Tuple(elts=result, ctx=ast.Load()))
        return function(lp.names["forward"], params, [doc] + head + body + [ret], lp.loop)

    def _fixed(self, node, base, head):
        """A range bound as a constant, or copied to a local name that the loop cannot change."""
        if isinstance(node, ast.Constant):
            return node, head
        name = self.fresh(base)
        return A.name(name), head + [A.assign(name, A.clone(node))]

    def _kept(self):
        if not self.loop.is_for:
            return []
        return [x for x in (self.first, self.stride) if isinstance(x, ast.Name)]

    def _run_forward(self):
        n = self.n
        if self.loop.is_for:
            loop = ast.While(test=A.const(True), body=[self.next_action()] + self.chain(
                [("ADVANCE", [self.advance()]), ("STORE", [self.store()])]), orelse=[])
            return [loop]
        slot = self.fresh("slot")
        save = ast.If(test=ast.Compare(left=A.name(slot), ops=[ast.GtE()], comparators=[A.const(0)]),
                      body=[A.assign(ast.Subscript(value=A.name(n["snapshots"]), slice=A.name(slot),
                                                   ctx=ast.Store()), self.snapshot())], orelse=[])
        body = [A.assign(slot, A.call(self.g_("online_slot"), A.name(n["plan"]))), save, self.step_call(None)]
        loop = ast.While(test=A.clone(self.loop.loop.test), body=body, orelse=[])
        return [loop, ast.Expr(value=A.call(self.g_("online_end"), A.name(n["plan"])))]

    # ---- the reverse driver --------------------------------------------------------------
    def reverse(self):
        lp, n, fresh = self.loop, self.n, self.fresh
        b = {v: fresh("b_" + v) for v in lp.b_state + lp.const_active}
        unpack = [n["plan"], n["snapshots"]] + [x.id for x in self._kept()]
        head = [A.assign(ast.Tuple(elts=[A.name(u, store=True) for u in unpack], ctx=ast.Store()),
                         A.name(n["checkpoints"]))]
        for v in lp.b_state:
            if lp.kinds.get(v) != 0:
                head.append(A.assign(b[v], self.copy(v, b[v])))
        for v in lp.const_active:
            zero = A.const(0.0) if lp.kinds.get(v) == 0 else \
                A.call(A.name(self.ctx.ns.bind("zeros_like", runtime.zeros_like)), A.name(v))
            head.append(A.assign(b[v], zero))
        head += self.restore(A.const(0), copies=False)    # (the first action restores a snapshot)
        adj = [b[v] for v in lp.b_state + lp.const_active]
        call = A.call(A.name(lp.names["adjoint"]), *self.index(n["a"]),
                      *[self.copy(v) if v in lp.lists else A.name(v) for v in lp.state_in + lp.consts],
                      *[A.name(x) for x in adj])
        rev_step = A.assign(ast.Tuple(elts=[A.name(x, store=True) for x in adj], ctx=ast.Store())
                            if len(adj) > 1 else A.name(adj[0], store=True), call)
        cases = [("RESTORE", self.restore(A.name(n["a"])) or [ast.Pass()]), ("ADVANCE", [self.advance()]),
                 ("STORE", [self.store()]), ("REVERSE", [rev_step])]
        loop = ast.While(test=A.const(True), body=[self.next_action()] + self.chain(cases), orelse=[])
        result = [A.name(b[v]) for v in lp.active_in + lp.const_active]
        ret = ast.Return(value=ast.Tuple(elts=result, ctx=ast.Load()))
        doc = ast.Expr(value=A.const(f"The reverse of `{self.line}` (line {lp.loop.lineno}), replayed from "
                                     "the snapshots in `checkpoints`."))
        params = [n["checkpoints"]] + lp.consts + [b[v] for v in lp.b_state]
        return function(lp.names["reverse"], params, [doc] + head + [loop, ret], lp.loop)
