"""Checkpointed loops: reverse mode through long loops in bounded memory.

With ``grad(f, checkpoint=K)`` every outermost active loop of ``f`` (a loop
no other loop encloses; a comprehension is not such a loop) is replaced, after the inline stage, by one statement

    x, s, ckpt = f_loop1_forward(t1, x, s, w)      # forward: run the loop, keep snapshots

whose reverse is

    b_x2, b_w2 = f_loop1_reverse(ckpt, w, b_x, b_s) # reverse: replay from the snapshots

and four generated functions, each holding the loop body once:
``f_loop1(i, state, consts) -> state`` runs one step; ``f_loop1_adjoint``
runs one step with its tape and reverses it; ``f_loop1_forward`` and
``f_loop1_reverse`` (``checkpoint_drivers.py``) carry out the plan of a
schedule (``rules/schedule.py``): binomial for a ``for`` loop, online for a
``while`` loop. At most ``K`` snapshots of the loop-carried state exist.

The *state* of a loop is what one step needs from the previous one or leaves
to the code after the loop: the names the body assigns that it reads before
assigning them (its test included, for ``while``), or that are read after the
loop. An active array the body overwrites without reading it first is state too:
a step's adjoint returns zeros of its shape at the step's start (which is not
always its shape at the end). *Consts* are the local names the body reads and never assigns. A step
is a function of its state and consts only, which is what makes replaying it
from a snapshot exact; what it cannot prove (the loop index read after the loop)
it refuses, naming the line. A list the steps append to, write items of, pop from
or rebind is state like an array: a step's adjoint is the whole function's code for
one step (``b_xs[pos]`` of an append), taking the list's adjoint at the step's end
(cut to the list's length there: a later step's items' adjoints are taken, and a step that
rebinds the list through a helper's name zeroes adjoints of that length, ``grad_list.cut``)
and returning it at its start; Python changes a list in place, so snapshots, and
the lists a replay or a step's adjoint runs on, are new lists
(``checkpoint_drivers.Drivers.list_copy``).
"""
import ast

from .. import astutil as A
from ..analyses import kinds as kinds_mod
from ..analyses.ir import Op
from ..analyses.list_names import list_names
from ..analyses.receivers import changed_with_copies
from ..errors import unsupported
from ..rules import grad_list
from . import checkpoint_drivers as drivers
from .loop_flow import all_reads, assigned_in, data_read, exposed, loads, old_value_read, stores
from .purity import draw_calls, rerun_effect, rerun_what
from .reverse import accum, reset


def _owned(node):
    node._s2sad_fresh = True   # the generated function returned an array its caller owns
    return node
from .subadjoint import adjoint_function, function, placeholder, returns


def apply(body, ret, params, K, ctx, kinds):
    """Replace the outermost active loops of ``body``; return (body, generated functions)."""
    companions = []
    for loop, block, path in _outer_loops(body):
        if not getattr(loop, "_s2sad_active", False) or getattr(loop, "_s2sad_comprehension", False):
            continue    # a comprehension's loop builds a list: it is reversed with its tape
        if ctx.compiled:
            _data_paths(loop, body, ret, ctx.ns)
        plan = Loop(loop, block, path, body, ret, params, ctx, kinds)
        if not plan.active_in and not plan.const_active:
            continue
        companions += plan.build(K)
        k = block.index(loop)
        block[k:k + 1] = [plan.statement]
        body[0:0] = plan.starts(body)   # at the start: a path that assigns the state keeps its value
        if plan.counter is not None:
            block.remove(plan.counter)
    return body, companions


def _data_paths(loop, body, ret, ns):
    """Under jit, the items and attributes of global dicts and objects ``loop`` reads by constant
    keys (``CFG["lr"]``, ``ns.w``) become the bound names ``scopes.parametrize`` makes of them in
    the adjoint (each read afresh at every call), before the loop's steps take their global data
    as parameters: numba cannot take the dict or object itself. A dict read otherwise anywhere in
    the function (iterated, passed, written) stays whole, as parametrize leaves it."""
    from ..scopes import _DataPaths, _dicts_used_whole
    _DataPaths(ns, _dicts_used_whole(ast.Module(body=body + [ret], type_ignores=[]), ns)).visit(loop)


def _outer_loops(stmts, path=()):
    """(loop, enclosing block, path of enclosing blocks) for every loop no loop encloses."""
    for s in list(stmts):
        if isinstance(s, (ast.For, ast.While)):
            yield s, stmts, path
        elif isinstance(s, ast.If):
            yield from _outer_loops(s.body, path + ((stmts, s),))
            yield from _outer_loops(s.orelse, path + ((stmts, s),))


class Loop:
    """One checkpointed loop: its state, its consts, and the code that replaces it."""

    def __init__(self, loop, block, path, body, ret, params, ctx, kinds):
        self.loop, self.ctx, self.kinds = loop, ctx, kinds
        self.src = getattr(loop, "_s2sad_src", None) or ctx.src
        self.is_for = isinstance(loop, ast.For)
        self.counter = self._strip_counter(loop, block)
        self.index = loop.target.id if self.is_for else None
        # (a list the steps change by its methods through a name copy, `c = cands; c.remove(b)`: both)
        inner = (assigned_in(loop.body) | changed_with_copies(loop.body, body)) - ({self.index} if self.is_for else set())
        seen = set() if self.is_for else loads(loop.test)
        must = exposed(loop.body, {self.index} if self.is_for else set(), seen)
        after = self._read_after(block, path, body, ret)
        act = ctx.active
        carried = inner & (seen | (after - must))      # a value kept from an earlier step
        shaped = {v for v in inner & after if v in act and kinds.get(v) != 0}   # an array overwritten each step:
        self.state_in = sorted(carried | shaped)    # its adjoint at a step's start is zeros of its shape then
        self.state_out = sorted(set(self.state_in) | (inner & after))
        reads = all_reads(loop.body) | (set() if self.is_for else loads(loop.test))
        # a global array the steps write into (`BUF[i] += ...`) is state, passed once, not a const too
        self.global_data = data_read([loop], ctx.ns)
        self.data = [v for v in self.global_data if v not in self.state_in]
        self.consts = sorted(reads - inner - {self.index}) + self.data
        self._refuse(block, path, body, params, after)
        self.b_state = [v for v in self.state_out if v in act]
        # arrays the steps may write into: the caller's own objects (the forward driver does not copy them)
        self.in_place = [v for v in self.state_in if kinds.get(v) != 0 and v not in _list_names(body)]
        self.active_in = [v for v in self.state_in if v in act]
        self.const_active = [v for v in self.consts if v in act]
        self.const_lists = [v for v in self.const_active if v in _list_names(body)]

    @staticmethod
    def _strip_counter(loop, block):
        """A while loop's trip counter (``n_iter``) is the schedule's job here."""
        name = getattr(loop, "_s2sad_count", None)
        if name is None:
            return None
        loop.body = [s for s in loop.body if stores(s) != {name}]
        k = block.index(loop)
        return next((s for s in reversed(block[:k]) if stores(s) == {name}), None)

    def _read_after(self, block, path, body, ret):
        """Names read after the loop: its index only where it still holds the loop's last value."""
        k = block.index(self.loop)
        tail = set(loads(ret))
        for outer, node in path:
            for s in outer[outer.index(node) + 1:]:
                tail |= all_reads([s])
        out = tail | all_reads(block[k + 1:])
        if self.is_for and not old_value_read(self.index, block[k + 1:], tail):
            out.discard(self.index)
        return out

    def _refuse(self, block, path, body, params, after):
        src, loop = self.src, self.loop
        if self.is_for and self.index in after:
            raise unsupported(src, loop, f"a checkpointed loop whose index `{self.index}` is read after it",
                              "Copy the index to another name inside the loop, or use checkpoint=None.")
        before = _defined_before(block, path, body, loop, params)
        self.placeholders = [v for v in self.state_in if v not in before and v not in self.global_data]
        for node in (n for s in loop.body for n in ast.walk(s)):
            if getattr(node, "_s2sad_custom", None) is not None:
                raise unsupported(src, node, "a call to a recursive function inside a checkpointed loop "
                                  "(its split adjoint keeps its own tape)",
                                  "Use checkpoint=None for this function, or call the recursion outside the loop.")
        for node in draw_calls(loop, self.ctx.ns):
            why, instead = rerun_effect(node, self.ctx.ns)
            raise unsupported(src, node, f"{rerun_what(node, self.ctx.ns)} inside a checkpointed loop ({why})",
                              f"{instead} (or declare a deterministic function with s2sad.nondifferentiable), "
                              "or use checkpoint=None.")
        lists = _list_names(body)
        self.lists = [v for v in self.state_in if v in lists]
        # a tuple state (`s = (a, b)`, a namedtuple): kept whole, never by a shape (np.copy would make it an array)
        held = list_names(ast.Module(body=list(body), type_ignores=[]), displays=(ast.List, ast.Tuple))
        self.tuples = [v for v in self.state_in if v in held and v not in lists]
        if self.ctx.compiled:
            self._refuse_empty_lists(body)

    def _refuse_empty_lists(self, body):
        """Under jit, a list state made empty: numba types a list from its items, and the
        step function it is handed to cannot say (the whole function's own appends could)."""
        for n in (n for s in body for n in ast.walk(s)):
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.List) and not n.value.elts \
                    and isinstance(n.targets[0], ast.Name) and n.targets[0].id in self.lists:
                v = n.targets[0].id
                raise unsupported(self.src, n, f"under jit, a list made empty (`{v} = []`) that a checkpointed "
                                  "loop changes: numba cannot tell the type of its items where the list is "
                                  "handed to the loop's step function",
                                  f"Start the list with its first item (`{v} = [first]`), or use jit=False or "
                                  "checkpoint=None.")

    # ---- generated code --------------------------------------------------------------
    def build(self, K):
        ctx, base = self.ctx, self.src.name
        fresh = ctx.namer.fresh
        number = _count(ctx)
        self.names = {k: _global(ctx, f"{base}_loop{number}{suffix}")
                      for k, suffix in (("step", ""), ("adjoint", "_adjoint"), ("forward", "_forward"),
                                        ("reverse", "_reverse"))}
        self.ckpt = fresh("ckpt")
        line = self.src.line(self.loop.lineno)
        step_params = ([self.index] if self.is_for else []) + self.state_in + self.consts
        step = function(self.names["step"], step_params,
                        [ast.Expr(value=A.const(f"One step of `{line}` (line {self.loop.lineno}).")),
                         *A.clone(self.loop.body), returns(self.state_out)], self.loop)
        _optimize(step, ctx)
        kinds = kinds_mod.Ranks({v: self.kinds.get(v) for v in step_params})
        kinds.lists = frozenset(getattr(self.kinds, "lists", ())) | set(self.tuples)   # the body's names keep their meaning in the step
        kinds.update({self.index: 0} if self.is_for else {})
        adjoint = adjoint_function(self.names["adjoint"], self.loop.body, step_params, kinds,
                                   self.b_state + self.const_active, ctx, like=self.loop,
                                   doc=f"One step of `{line}` run with its tape, then reversed.", lower=True,
                                   lists=() if ctx.compiled else self.lists)   # (numba's list gradients: arrays of the whole run)
        gen = drivers.Drivers(self, K, line)
        self.statement = self._forward_statement()
        return [step, adjoint, gen.forward(), gen.reverse()]

    def starts(self, body):
        """A state read only on paths where an earlier step assigned it (or only after the
        loop) may have no value when the loop starts; snapshots need one, of its type. It
        is never read (the function would fail if it were). Assigned at the function's start,
        not before the loop: there it would overwrite the value a path before the loop gave
        (``if c: pass`` / ``else: r = 0.49``: r was 0.0 on the path that set it, silently)."""
        return [A.at(A.assign(v, placeholder(v, self.kinds, self.ctx.int_names, body)), self.loop)
                for v in self.placeholders]

    def range_params(self):
        """The names among a for loop's range arguments that are not state or consts."""
        if not self.is_for:
            return []
        names = [a.id for a in self.loop.iter.args if isinstance(a, ast.Name)]
        return [v for k, v in enumerate(names) if v not in names[:k] and v not in self.state_in + self.consts]

    def name(self, v):
        """A name read in the enclosing function (a global datum stays marked as one, so
        that the adjoint takes its current value as a parameter: scopes.parametrize)."""
        node = A.name(v)
        if v in self.data:
            node._s2sad_bound = True
        return node

    def _forward_statement(self):
        args = [self.name(v) for v in self.range_params() + self.state_in + self.consts]
        targets = [A.name(v, store=True) for v in self.state_out + [self.ckpt]]
        stmt = A.at(A.assign(ast.Tuple(elts=targets, ctx=ast.Store()),
                             A.call(A.name(self.names["forward"]), *[A.clone(a) for a in args])), self.loop)
        stmt._s2sad_custom = self
        stmt._s2sad_src = self.src
        return stmt

    # ---- hooks for the analyses and the reverse stage --------------------------------
    def classify(self, stmt):
        return Op("custom", stmt, self.state_out + [self.ckpt], self.state_in + self.consts, func=self)

    def reads(self, op):
        """What the reverse statement reads: the snapshots, the consts, and the shapes of
        array state whose adjoint may have to start from zeros there."""
        stable = getattr(self.kinds, "stable", set())
        shapes = [v for v in self.b_state if self.kinds.get(v) != 0 and v not in stable]
        return sorted({self.ckpt, *self.consts, *shapes})

    def reverse(self, rev, op):
        fresh = self.ctx.namer.fresh
        got = [fresh("b_" + v) for v in self.active_in + self.const_active]
        call = A.call(A.name(self.names["reverse"]), A.name(self.ckpt), *[self.name(v) for v in self.consts],
                      *[A.name(rev.adj(v)) for v in self.b_state])
        target = ast.Tuple(elts=[A.name(g, store=True) for g in got], ctx=ast.Store())
        stmt = A.assign(target, call)
        stmt._acc = ("reads", None, False)
        out = [stmt] + [reset(rev.adj(v), v) for v in self.b_state]
        return out + [_owned(accum(rev.adj(v), self._grown(v, g, rev), v))
                      for v, g in zip(self.active_in + self.const_active, got)]

    def _grown(self, v, g, rev):
        """The gradient ``g`` the loop gives its const ``v``; of a list, laid into the list's gradient
        at its final length (``leading``): appends after the loop made it longer than the loop saw."""
        if v not in self.const_lists:
            return A.name(g)
        return A.call(A.name(self.ctx.ns.bind("leading", grad_list.leading)), A.name(g), A.name(rev.adj(v)))


def _defined_before(block, path, body, loop, params):
    """Names assigned on every path from the function's start to ``loop``."""
    from ..pipeline_assemble import _must_assign
    defined = set(params)
    chain = list(path) + [(block, loop)]
    for outer, node in chain:
        defined = _must_assign(outer[:outer.index(node)], defined)
    return defined


def _list_names(body):
    """Names that may hold a list: appended to, bound to a display, or bound to such a name (``b = a``
    is the same list: an object's list attribute ``o_items = o_items_arg``, hunt48 — a state the
    drivers restored without a copy, so the steps run again appended into the snapshot)."""
    out, copies = set(), []
    for n in (n for s in body for n in ast.walk(s)):
        if hasattr(n, "_s2sad_append"):
            out.add(n._s2sad_append[0])
        elif isinstance(n, ast.Assign) and isinstance(n.value, ast.List) and isinstance(n.targets[0], ast.Name):
            out.add(n.targets[0].id)
        elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and isinstance(n.targets[0], ast.Name):
            copies.append((n.targets[0].id, n.value.id))
    more = {t for t, v in copies if v in out}
    while more - out:
        out |= more
        more = {t for t, v in copies if v in out}
    return out


def _count(ctx):
    ctx.loops = getattr(ctx, "loops", 0) + 1
    return ctx.loops


def _global(ctx, base):
    """A module-level name for a generated function, clashing with nothing."""
    name = base
    k = 1
    while name in ctx.ns.objects or name in ctx.namer.taken or name in ctx.ns.reserved:
        k += 1
        name = f"{base}_{k}"
    ctx.namer.taken.add(name)
    ctx.ns.reserved.add(name)
    return name


def _optimize(fdef, ctx):
    from .optimize import optimize
    optimize(fdef, ctx.ns)
