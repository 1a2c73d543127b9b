"""Building the split functions of recursive helpers (see ``transforms/split.py``).

``Group`` collects, for one build, the recursive functions called and the
calls to them; ``finish`` builds ``R_forward``/``R_reverse`` for each (which may
find more, for mutual recursion) and lays out the shared ``tapes`` tuple, one
list per saved variable of each function. Under numba the lists are created
empty with their element type (``[0.0][:0]``): the functions that fill them
are other functions, so numba cannot infer it from their appends.
"""
import ast
import builtins
import inspect

from .. import astutil as A
from ..analyses import activity, expr_ranks, kinds as kinds_mod, tape
from ..analyses.ir import walk_ops
from ..analyses.list_names import list_names
from ..analyses.shapes import stable_shapes
from ..frontend.resolve import np_ref
from ..names import Namer, all_names
from ..rules import runtime, schedule
from .accumulate import OWN, SHARED, ZERO, Accumulate
from .loop_flow import data_read, exposed
from .optimize import fold, optimize
from . import split_joint, split_spread
from .split_fresh import drop_copies
from .split_notes import CallNotes
from .split_stacks import StackReverse, shape_only
from .subadjoint import function, is_flag, returns


class Split(CallNotes):
    """The split functions of one recursive function."""

    def __init__(self, fn, group):
        self.fn, self.group = fn, group
        self.forward = group.global_name(f"{fn.__name__}_forward")
        self.reverse = group.global_name(f"{fn.__name__}_reverse")
        self.params = list(inspect.signature(fn).parameters)
        self.kinds, self.outputs, self.built, self.first = None, None, False, None
        self.body = None
        self.out_ranks = None       # the ranks of its results, once known
        self.seen = {}              # the results' ranks of the functions it calls, when it was built
        self.unknown = {}           # id(call statement) -> (call, parameter, None): a rank not known yet

    # ---- building --------------------------------------------------------------------
    def build(self, ctx):
        from ..pipeline_assemble import _int_names
        ns, group = self.group.ns, self.group
        src, namer, params, body, ret, active, mutated, kind = self._analysed(ctx)
        # this function's own names: the caller's (ctx.int_names) are other variables that
        # share some of these names (`t1` there is `len(x)`, here `x[lo]`)
        ints = self.ints = _int_names(body, _index_parameters(body, params, kind))
        rev = StackReverse(src, namer, ns, active, mutated, kind, lambda v: _element(v, kind, body, ints))
        outs = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
        self.outputs = outs
        b_out = [rev.adj(o.id) if isinstance(o, ast.Name) else namer.fresh("b_out") for o in outs]
        forward, code = rev.forward(body), self._reverse_code(rev, body, b_out, outs, params, kind, namer)
        tapes = group.tapes_name(namer)
        rev_fn = function(self.reverse, b_out + [tapes], code + [returns([rev.adj(p) for p in params])
                                                                  if params else ast.Return(A.const(None))], ret)
        optimize(rev_fn, ns)
        exits = self._exits(rev_fn, b_out + [tapes] + list(rev.stacks.values()))
        shapes = _shape_uses(rev_fn, ns)
        elements = [_element(p, kind, body, ints) for p in params]
        joint = split_joint.applies(self, elements)
        if joint:       # one number for result: its gradient computed in R_forward's own frame
            fwd_body = split_joint.joint_forward(self, rev, (forward, rev_fn, ret.value, b_out), elements, namer)
            rev_body = split_joint.scaled_reverse(self, rev, elements, b_out, namer)
        else:
            pushes = [rev.push_value(v, _keep(v, kind, ns, v in shapes)) for v in exits]
            pops = [rev.pop_value(v) for v in reversed(exits)]
        dims = {v for v in shapes if isinstance(rev.element_of(v), int) and rev.tape(v) and v not in kind.lists}
        if dims:
            rev.stack("number")
        unpack = [A.assign(name, ast.Subscript(value=A.name(tapes), slice=A.const(group.index(element)),
                                               ctx=ast.Load())) for element, name in sorted(
            rev.stacks.items(), key=lambda item: group.index(item[0]))]
        starts = self._starts(forward, exits, params, kind, body)
        if joint:
            fwd_fn, rev_fn = self._joint_functions(unpack + starts + fwd_body, unpack, rev_body, b_out, tapes, ret)
        else:
            rev_fn.body[:0] = [ast.Expr(value=A.const(f"The reverse of `{self.fn.__name__}`: pops what "
                                                      f"{self.forward} saved, returns the parameters' adjoints."))] \
                + [A.clone(u) for u in unpack] + pops
            fwd_fn = function(self.forward, params + [tapes], [ast.Expr(value=A.const(
                f"`{self.fn.__name__}` run forward, saving on its tapes what {self.reverse} reads."))]
                + unpack + starts + forward + pushes + [ast.Return(value=ret.value)], ret)
        shape_only([fwd_fn, rev_fn], dims, kind, rev.stack("number") if dims else None)
        self._finish(fwd_fn, rev_fn, tapes, joint, ctx, kind, rev)
        self.built = True
        return [fwd_fn, rev_fn]

    def _analysed(self, ctx):
        """The function through the front end, inlining and activity, its loop counters added, then
        its ranks (the calls it makes noted: ``split_notes``) and what it mutates: (src, namer,
        params, body, ret, active, mutated, kind)."""
        from ..pipeline_assemble import _add_counters
        from ..pipeline_frontend import frontend
        from ..pipeline_inline import _inline_and_analyze
        from .aggregates import Aggregates
        ns, group = self.group.ns, self.group
        src, fdef = frontend(self.fn, None, ns)
        namer = Namer(all_names(fdef) | set(ns.objects) | set(ns.reserved) | {"np"})
        params = [a.arg for a in fdef.args.args]
        body, ret = fdef.body[:-1], fdef.body[-1]
        agg = Aggregates(src, namer, self.kinds, ns.objects)
        body, active = _inline_and_analyze(body, ns, namer, params, activity.output_names(ret),
                                           (src, params, self.kinds, agg, ret, ctx.compiled))
        _add_counters(body, namer, active)
        self.body = body        # the calls it makes, for split_fresh
        kind = group.ranks(body, self.kinds, params, self, ret)
        group.note_calls(body, kind)
        _, mutated = tape.analyze(body, active, walk_ops(body, ns), kind, frozenset(ns.objects), params)
        return src, namer, params, body, ret, active, mutated, kind

    def _finish(self, fwd_fn, rev_fn, tapes, joint, ctx, kind, rev):
        """The global data both functions read, unpacked from ``tapes`` (their current values);
        both optimized (a joint reverse is already); compiled: the forward's (joint) or the
        reverse's ``b[...] += E`` as loops, as in the adjoint (``backends.fuse``)."""
        ns, group = self.group.ns, self.group
        for fn in (fwd_fn, rev_fn):
            fn.body[1:1] = [A.assign(v, ast.Subscript(value=A.name(tapes), slice=A.const(group.index(("data", v))),
                                                      ctx=ast.Load())) for v in data_read([fn], ns)]
        optimize(fwd_fn, ns)
        if not joint:
            optimize(rev_fn, ns)
        if ctx.compiled:
            from ..backends import fuse
            fuse.fuse(fwd_fn if joint else rev_fn, ns, kind, {b: v for v, b in rev.adjoints.items()})

    def _joint_functions(self, fwd_body, unpack, rev_body, b_out, tapes, ret):
        """``R_forward`` returning the value and leaving the gradient, ``R_reverse`` scaling it
        (``split_joint``)."""
        name = self.fn.__name__
        fwd_fn = function(self.forward, self.params + [tapes], [ast.Expr(value=A.const(
            f"`{name}` run forward, then its reverse seeded with 1.0: returns its value and leaves "
            f"its gradient on its tapes for {self.reverse}."))] + fwd_body, ret)
        rev_fn = function(self.reverse, b_out + [tapes], [ast.Expr(value=A.const(
            f"The reverse of `{name}`: pops the gradient {self.forward} left, times the result's "
            "adjoint."))] + [A.clone(u) for u in unpack] + rev_body, ret)
        return fwd_fn, rev_fn

    def _reverse_code(self, rev, body, b_out, outs, params, kind, namer):
        reverse = rev.reverse(body)
        for node in (n for s in reverse for n in ast.walk(s)):
            if hasattr(node, "_acc"):
                fold(node)
        from ..pipeline_assemble import _int_names
        acc = Accumulate(rev.ns, {b: v for v, b in rev.adjoints.items()}, _int_names(body), runtime, kind)
        state = {b: SHARED for b, o in zip(b_out, outs) if isinstance(o, ast.Name)}  # the caller's: copy to change
        code = acc.block(reverse, state)
        for p in params:
            b = rev.adj(p)
            if state.get(b, ZERO) == ZERO:    # also a parameter used only in a test: zeros
                code.append(acc.materialize(b, p))
            elif state[b] == SHARED and kind.get(p) != 0:
                code.append(acc.copy(b))
            state[b] = OWN
        return code

    def _exits(self, rev_fn, own):
        """Names the reverse function reads before assigning them: R_forward leaves them last."""
        seen = set()
        exposed(rev_fn.body, set(own), seen)
        skip = set(self.group.ns.objects) | self.group.globals | {"np", "__comment__"} | set(vars(builtins))
        return sorted(v for v in seen if v not in skip)

    def _starts(self, forward, exits, params, kind, body):
        """An exit value assigned on some paths only gets a value of its type first."""
        from ..pipeline_assemble import _must_assign
        from .subadjoint import placeholder
        defined = _must_assign(forward, set(params))
        return [A.assign(v, placeholder(v, kind, self.ints, body)) for v in exits if v not in defined]


class Group:
    """The recursive functions of one build and the lists they share."""

    def __init__(self, ns):
        self.ns, self.splits, self.calls = ns, {}, []
        self.names, self.layout, self.globals = {}, [], set()
        self.spread = {}            # id(namer) -> the adjoint's names of the tapes' items

    def split(self, fn):
        if fn not in self.splits:
            self.splits[fn] = Split(fn, self)
        return self.splits[fn]

    def global_name(self, base):
        name, k = base, 1
        while name in self.ns.objects or name in self.ns.reserved:
            k += 1
            name = f"{base}_{k}"
        self.ns.reserved.add(name)
        self.globals.add(name)
        return name

    def tapes_name(self, namer):
        if id(namer) not in self.names:
            self.names[id(namer)] = (namer, namer.fresh("tapes"))
        return self.names[id(namer)][1]

    def calls_in(self, body):
        ids = {id(n) for s in body for n in ast.walk(s)}
        return [c for c in self.calls if id(c.stmt) in ids]

    def _renoted(self, body, ctx):
        """The caller's ranks again, now that the recursive functions' results have theirs, when a
        call there passes a parameter a rank its first noting did not know (``mu = R(x)`` then
        ``S(np.sin(mu))``: ``S``'s parameter was noted rank None, and every recursive call inside
        ``S`` then too); else None."""
        if not any(s.kinds is not None and None in s.kinds.values() for s in self.splits.values()):
            return None
        new = self.ranks(body, ctx.param_kinds, ctx.params)
        for c in self.calls_in(body):
            if any(c.split.kinds is not None and c.split.kinds.get(p) is None and c.split.arg_rank(a, new) is not None
                   for p, a in zip(c.split.params, c.args)):
                return new
        return None

    def note_calls(self, body, ranks):
        holders = list_names(ast.Module(body=list(body), type_ignores=[]), displays=(ast.List, ast.Tuple)) \
            | getattr(ranks, "lists", frozenset())      # the names that may hold a list or a tuple
        for c in self.calls_in(body):
            c.split.note(c, ranks, holders)
            c.ranks = ranks

    def ranks(self, body, param_kinds, params, split=None, ret=None):
        """Rank inference, knowing the ranks of split calls' results (unknown ones are left
        out, not guessed: the result of a recursive function takes the ranks its other
        return paths give it, and a build whose callees' ranks were not known yet is redone)."""
        for _ in range(3):
            for c in self.calls_in(body):
                ranks = c.split.out_ranks or [expr_ranks._UNSET] * len(c.targets)
                c.stmt.value._s2sad_rank, c.stmt.value._s2sad_ranks = ranks[0], list(ranks)
                if split is not None:
                    split.seen[c.split] = c.split.out_ranks
            kind = kinds_mod.infer(body, param_kinds, self.ns)
            if split is None:
                break
            outs = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
            new = [0 if isinstance(o, ast.Constant) else kind.get(o.id) for o in outs]
            if new == split.out_ranks or None in new:
                break
            split.out_ranks = new
        kind.stable = stable_shapes(body, params, self.ns, kind)
        return kind

    def index(self, element):
        """The position of the stack of ``element``s in the shared tuple."""
        if element not in self.layout:
            self.layout.append(element)
        return self.layout.index(element)

    def finish(self, body, ranks, ctx):
        self.note_calls(body, ranks)
        for _ in range(3):     # again when a function was built before its callees' result ranks were known
            functions = []
            while True:
                todo = [s for s in self.splits.values() if not s.built and s.kinds is not None]
                if not todo:
                    break
                functions += todo[0].build(ctx)
            settled = all(callee.out_ranks == seen for s in self.splits.values() for callee, seen in s.seen.items())
            top = self._renoted(body, ctx)
            if settled and top is None:
                break
            self.layout = []
            for s in self.splits.values():
                s.built, s.seen, s.unknown = False, {}, {}
                if top is not None:
                    s.kinds = None
            if top is not None:
                self.note_calls(body, top)
        for s in self.splits.values():      # a rank the last build still does not know
            for call, bad, rank in s.unknown.values():
                s.disagree(call, bad, rank)
        for c in self.calls:
            c.check()
        drop_copies(self, body, functions)
        for f in functions:     # numba's disk cache crashes reloading recursive functions (backends/jit.py)
            f._s2sad_uncached = True
        new = self.ranks(body, ctx.param_kinds, ctx.params)    # now with the results' ranks
        ranks.clear()
        ranks.update(new)
        ranks.conflicts, ranks.stable = new.conflicts, new.stable
        for c in self.calls_in(body):
            c.ranks = ranks
        tapes = self.names[id(ctx.namer)][1]
        elts = [_empty(e, ctx.compiled) for e in self.layout]
        like = next((c.stmt for c in self.calls_in(body)), None)
        make = A.at(A.assign(tapes, ast.Tuple(elts=elts, ctx=ast.Load())), like)
        names = [ctx.namer.fresh(f"{tapes}{k}") for k in range(len(elts))]
        callees = {n for s in self.splits.values() for n in (s.forward, s.reverse)}
        made = split_spread.spread(functions, body, make, names, callees)
        if made is None:
            return [make] + body, functions
        self.spread[id(ctx.namer)] = names
        return made + body, functions

    def tape_args(self, namer, tapes):
        """What a call to a split function made in ``namer``'s function passes last: the tapes,
        or their items once spread (``split_spread``)."""
        return [A.name(n) for n in self.spread.get(id(namer), [tapes])]


def _index_parameters(body, params, kind):
    """The number parameters used as an index or a bound (``x[lo]``, ``x[lo:hi]``, ``x[i + k]``,
    ``range(n - 1)``): ints wherever the function runs (NumPy and range refuse floats, and a sum,
    difference or product with a float is a float), so saved ints are cast back."""
    used = set()
    for node in (n for s in body for n in A.walk(s)):
        if isinstance(node, ast.Subscript):
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for part in parts:
                bounds = [part.lower, part.upper, part.step] if isinstance(part, ast.Slice) else [part]
                for b in bounds:
                    used.update(_int_operands(b))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
            for a in node.args:
                used.update(_int_operands(a))
    return {p for p in params if p in used and kind.get(p) == 0}


def _int_operands(node):
    """The names an integer index expression is made of (``i + k + 1`` -> i, k): each must hold
    an int for the expression to be one; nothing for an expression that may make ints of floats."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _int_operands(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
        return _int_operands(node.left) | _int_operands(node.right)
    return set()


def _element(v, kind, body, int_names):
    """'float', 'int', 'bool' for numbers, the rank of an array, None if unknown."""
    rank = kind.get(v)
    if rank == 0:
        return "int" if v in int_names else "bool" if is_flag(v, body) else "float"
    return rank


def _empty(element, compiled):
    """An empty list; under numba one that knows its element type (or a global datum)."""
    if isinstance(element, tuple):
        node = A.name(element[1])
        node._s2sad_bound = True      # read in the adjoint: a data parameter (scopes.parametrize)
        return node
    if not compiled:
        return ast.List(elts=[], ctx=ast.Load())
    if element == "number":
        first = A.const(0.0)
    elif element is None:
        return ast.List(elts=[], ctx=ast.Load())
    else:
        empty = ast.Call(func=np_ref("np.empty"), args=[A.const((0,) * element)], keywords=[])
        first = ast.Subscript(value=empty, slice=ast.Tuple(elts=[ast.Slice()] * element, ctx=ast.Load())
                              if element > 1 else ast.Slice(), ctx=ast.Load())
    return ast.Subscript(value=ast.List(elts=[first], ctx=ast.Load()), slice=ast.Slice(upper=A.const(0)),
                         ctx=ast.Load())


def _call(tape_name, method, *args):
    return A.call(ast.Attribute(value=A.name(tape_name), attr=method, ctx=ast.Load()), *args)


def _shape_uses(fdef, ns):
    """Names ``fdef`` reads only for their shapes (``zeros_like(v)``, ``unbroadcast(g, v)``)."""
    from ..analyses.ir import resolve
    from ..rules.registry import _SHAPE_ONLY
    shape, value = set(), set()
    skip = set()
    for node in ast.walk(fdef):
        if isinstance(node, ast.Call):
            fn = resolve(ns, node.func)
            for k in _SHAPE_ONLY.get(getattr(fn, "__name__", None), ()) if fn is not None else ():
                if k < len(node.args) and isinstance(node.args[k], ast.Name):
                    shape.add(node.args[k].id)
                    skip.add(id(node.args[k]))
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in skip:
            value.add(node.id)
    return shape - value


def _keep(v, kind, ns, shape_only=False):
    """What to leave for the reverse: a number as is, an array as a copy (the caller may change
    its values later, never its shape: an array read only for its shape is left as it is)."""
    if kind.get(v) == 0 or shape_only:
        return A.name(v)
    if kinds_mod.snapshot_kept(kind, v):
        node = A.name(ns.bind("snapshot", schedule.snapshot))
        node._s2sad_bound = True
        return A.call(node, A.name(v))
    return ast.Call(func=np_ref("np.copy"), args=[A.name(v)], keywords=[])

