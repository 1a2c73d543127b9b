"""Stage 6, reverse: build the forward sweep (with tape pushes) and the naive
reverse sweep.

The reverse sweep visits the statements backwards. For ``y = f(x1, x2)`` it
emits, from the rule table, ``b_x1 += <rule>`` for each active argument and
then ``__reset__(b_y)``: the value ``y`` held before this statement is a
different value, whose adjoint starts from zero. Array element writes
``a[i] = v`` give ``b_v += b_a[i]`` and ``b_a[i] = 0``. ``if`` replays the
saved flag, ``for`` runs its range backwards, ``while`` runs its saved count.

The accumulations are naive here (every one is ``+=``, resets are markers);
the accumulate stage turns them into plain code (first ``+=`` becomes ``=``,
zeros are created only where needed).
"""
import ast

from .. import astutil as A
from ..analyses import kinds, prealloc, shape_keep, tape
from ..errors import NoDerivativeError, locate
from ..rules import registry as rules, schedule
from ..frontend.resolve import np_ref
from . import nan_masking

RESET, COMMENT = "__reset__", "__comment__"


def marker(kind, *args):
    return ast.Expr(value=A.call(kind, *args))


def comment_marker(src, s, text):
    """``__comment__(text, where)``: emit prints ``# text`` and keeps ``where`` (the user's
    file, line and column of ``s``) to locate an error raised below it at run time."""
    where = locate(getattr(s, "_s2sad_src", None) or src, s)
    return A.at(marker(COMMENT, A.const(text), A.const(where)), s)


def accum(b, value, primal, view=False):
    node = ast.AugAssign(target=A.name(b, store=True), op=ast.Add(), value=value)
    node._acc = ("accum", primal, view)
    return node


def accum_index(b, idx, value, primal):
    node = ast.AugAssign(target=ast.Subscript(value=A.name(b), slice=A.clone(idx), ctx=ast.Store()),
                         op=ast.Add(), value=value)
    node._acc = ("accum_index", primal, False)
    return node


def whole_index(idx, reading):
    """True for an index that takes all of an array of any rank, 0-d included, with only new
    leading axes: ``()``, ``...``, ``None``, ``True`` (and ``False`` when ``reading``: an empty
    leading axis), before at most one trailing ``...``. Its adjoint is the whole adjoint,
    unbroadcast; an index write into it would fail where the adjoint is a number."""
    parts = list(idx.elts if isinstance(idx, ast.Tuple) else [idx])
    if parts and isinstance(parts[-1], ast.Constant) and parts[-1].value is Ellipsis:
        parts.pop()
    allowed = (None, True, False) if reading else (None, True)
    return all(isinstance(p, ast.Constant) and any(p.value is a for a in allowed) for p in parts)


def zero_index(b, idx, primal):
    node = A.assign(ast.Subscript(value=A.name(b), slice=A.clone(idx), ctx=ast.Store()), A.const(0.0))
    node._acc = ("zero_index", primal, False)
    return node


def reset(b, primal):
    node = marker(RESET, b)
    node._acc = ("reset", primal, False)
    return node


class Reverse:
    def __init__(self, src, namer, ns, active, mutated, kinds=None, layout=None):
        self.src, self.namer, self.ns, self.kinds = src, namer, ns, kinds or {}
        self.layout = layout or prealloc.Layout()
        self.active, self.mutated = active, mutated
        self.adjoints, self.tapes = {}, {}
        self.nan_masked = None      # whether NaN entries are left out (nan_masking.py): read at the first reverse()

    def adj(self, v):
        if v not in self.adjoints:
            self.adjoints[v] = self.namer.fresh("b_" + v)
        return self.adjoints[v]

    def tape(self, v):
        if v not in self.tapes:
            self.tapes[v] = self.namer.fresh("tape_" + v)
        return self.tapes[v]

    # ---- forward sweep ---------------------------------------------------
    def forward(self, stmts):
        out = []
        for s in stmts:
            saves = getattr(s, "_s2sad_saves", [])
            if isinstance(s, (ast.If, ast.For, ast.While)):
                s.body, s.orelse = self.forward(s.body), self.forward(s.orelse)
            after = set(saves) if isinstance(s, ast.While) else set(saves) & set(tape.assigned(s))
            if isinstance(s, ast.For):
                out += self.layout.allocations(s, self.tape)
            out += [self.push(v, s) for v in saves if v not in after] + [s]   # (a keep marker: a pass, dropped later)
            out += [self.push(v, s) for v in saves if v in after]
        return out

    def saved(self, v):
        """What a push of ``v`` saves: ``v``, or a copy when later writes may reach its memory
        (``np.copy`` of an array; ``snapshot`` when the kind is unknown: a list of arrays,
        ``np.split``'s pieces, stays a list of copies)."""
        if v not in self.mutated or self.kinds.get(v) == 0:
            return A.name(v)
        # kinds.lists includes every list appended to (list_names reads the appends); the
        # containers are the tuples and lists holding an array written in place (analyses/tape.py)
        if kinds.snapshot_kept(self.kinds, v) or v in getattr(self.mutated, "containers", ()):
            node = A.name(self.ns.bind("snapshot", schedule.snapshot))
            node._s2sad_bound = True
            return A.call(node, A.name(v))
        return ast.Call(func=np_ref("np.copy"), args=[A.name(v)], keywords=[])

    def push(self, v, like):
        if (id(like), v) in self.layout.slots:
            return A.at(A.assign(self.layout.cell(like, v, self.tape(v), True), A.name(v)), like)
        value = self.saved(v)
        out = A.at(ast.Expr(value=A.call(ast.Attribute(value=A.name(self.tape(v)), attr="append",
                                                       ctx=ast.Load()), value)), like)
        out._s2sad_pair = (id(like), v)      # the pop at the head of like's adjoint (transforms/deadtapes.py)
        return out

    def pops(self, s):
        again = [A.at(A.assign(v, A.clone(expr)), s) for v, expr in getattr(s, "_s2sad_recompute", [])]
        out = [A.at(A.assign(v, self.layout.cell(s, v, self.tape(v), False) if (id(s), v) in self.layout.slots
                             else A.call(ast.Attribute(value=A.name(self.tape(v)), attr="pop",
                                                       ctx=ast.Load()))), s)
               for v in getattr(s, "_s2sad_saves", [])]
        for v, pop in zip(getattr(s, "_s2sad_saves", []), out):
            pop._s2sad_pair = (id(s), v)     # pairs with push(v, s) (transforms/deadtapes.py)
        return out + again

    def list_tapes(self):
        """Tapes that are lists (created empty at the top of the function)."""
        arrays = {v for (_, v) in self.layout.slots}
        return [t for v, t in self.tapes.items() if v not in arrays]

    # ---- reverse sweep ---------------------------------------------------
    def reverse(self, stmts):
        if self.nan_masked is None:
            self.nan_masked = nan_masking.ignores_nan(stmts, self.ns)
        out, line = [], None
        for s in reversed(stmts):
            if not getattr(s, "_s2sad_active", False) or getattr(s, "_s2sad_entry", False):
                continue  # (an entry of a dict parameter is read like a parameter: its adjoint is kept)
            if shape_keep.is_keep(s):   # values the end of the reversed iteration reads (their shapes)
                out += self.pops(s)
                continue
            if getattr(s, "lineno", None) != line and not isinstance(s, (ast.If, ast.For, ast.While)):
                line = s.lineno
                out.append(comment_marker(self.src, s, self.comment(s)))
            elif isinstance(s, (ast.If, ast.For, ast.While)):
                line = None
            out += self.pops(s) + [A.at(n, s) for n in self.rev_stmt(s)]
        return out

    def comment(self, s):
        """The user's source line of ``s`` (prefixed by the helper's name if inlined)."""
        src = getattr(s, "_s2sad_src", None) or self.src
        text = src.line(s.lineno)
        return text if src is self.src or src.func is self.src.func else f"{src.name}: {text}"

    def rev_stmt(self, s):
        if isinstance(s, ast.If):
            return [ast.If(test=s.test, body=self.reverse(s.body) or [ast.Pass()],
                           orelse=self.reverse(s.orelse))]
        if isinstance(s, ast.For):
            rng = reversed_range(s.iter)
            _optimize().fold(rng)
            return [ast.For(target=s.target, iter=rng, body=self.reverse(s.body), orelse=[])]
        if isinstance(s, ast.While):
            return [ast.For(target=A.name(self.namer.fresh("_"), store=True), iter=A.call("range", s._s2sad_count),
                            body=self.reverse(s.body), orelse=[])]
        return getattr(self, "rev_" + s._s2sad_op.kind)(s._s2sad_op)

    def resets(self, op):
        return [reset(self.adj(t), t) for t in op.targets if t in self.active]

    def rev_copy(self, op):
        src = op.operands[0]
        out = [accum(self.adj(src), A.name(self.adj(op.targets[0])), src)] if src in self.active else []
        return out + self.resets(op)

    def rev_const(self, op):
        return self.resets(op)

    # An unknown call or a helper left un-inlined has no active argument (checked before
    # this stage), so no gradient flows through it: the target's adjoint just resets.
    rev_opaque = rev_unknown = rev_helper = rev_const

    def rev_custom(self, op):
        """A statement a transform built brings its own reverse (a checkpointed loop)."""
        return op.func.reverse(self, op)

    def rev_getitem(self, op):
        x, t = op.operands[0], op.targets[0]
        out = []
        if x in self.active and (self.kinds.get(x) == 0 or self.kinds.get(x) is None and whole_index(op.stmt.value.slice, True)):
            # n[()], n[None], n[...] of a NumPy number: copies of n; x[()], x[...], x[None] of an
            # array of unknown rank (a 0-d one's adjoint may be a number, which takes no index): all of x
            out.append(accum(self.adj(x), self.unbroadcast(A.name(self.adj(t)), x), x))
        elif x in self.active:
            out.append(accum_index(self.adj(x), op.stmt.value.slice, A.name(self.adj(t)), x))
        return out + self.resets(op)

    def rev_setitem(self, op):
        x, v = op.targets[0], op.stmt.value
        idx = op.stmt.targets[0].slice
        out = []
        if not self.kinds.get(x) and whole_index(idx, False):   # y[...] = v of a y that may be 0-d: as y = v
            if isinstance(v, ast.Name) and v.id in self.active:
                out.append(accum(self.adj(v.id), self.unbroadcast(A.name(self.adj(x)), v.id), v.id,
                                 view=self.kinds.get(v.id) != 0))
            return out + self.resets(op)
        if isinstance(v, ast.Name) and v.id in self.active:
            view = ast.Subscript(value=A.name(self.adj(x)), slice=A.clone(idx), ctx=ast.Load())
            view._s2sad_written = True  # the accumulate stage keeps only the last of repeated writes
            if self.kinds.get(v.id) == 0 and self.element(idx, x):
                out.append(accum(self.adj(v.id), view, v.id))
            else:  # a value broadcast into the slot (h[t] = x[t] fills a row): sum it back
                scalar = self.kinds.get(v.id) == 0
                out.append(accum(self.adj(v.id), self.unbroadcast(view, v.id), v.id, view=not scalar))
        return out + [zero_index(self.adj(x), idx, x)]

    def element(self, idx, x):
        """True if ``x[idx]`` is one element: as many integer indices as ``x`` has axes."""
        parts = idx.elts if isinstance(idx, ast.Tuple) else [idx]
        ints = all(isinstance(p, ast.Constant) and type(p.value) is int or isinstance(p, ast.Name)
                   and self.kinds.get(p.id) == 0 for p in parts)
        return ints and self.kinds.get(x) == len(parts)

    def rev_append(self, op):
        """``xs.append(v)`` at position ``pos``: v's adjoint is element ``pos`` of xs's."""
        lst, pos = op.stmt._s2sad_append
        v = op.stmt.value.args[0]
        if not (isinstance(v, ast.Name) and v.id in self.active):
            return []
        part = ast.Subscript(value=A.name(self.adj(lst)), slice=A.name(pos), ctx=ast.Load())
        return [accum(self.adj(v.id), part, v.id, view=self.kinds.get(v.id) != 0)]

    def rev_pack(self, op):
        if getattr(op.stmt, "_s2sad_joined", False):   # its join hands the pieces their gradients
            return self.resets(op)
        t, out, value = op.targets[0], [], op.stmt.value
        elts = value.elts if isinstance(value, (ast.List, ast.Tuple)) else value.args[0].elts
        for k, e in enumerate(elts):
            if isinstance(e, ast.Name) and e.id in self.active:
                part = ast.Subscript(value=A.name(self.adj(t)), slice=A.const(k), ctx=ast.Load())
                out.append(accum(self.adj(e.id), part, e.id))
        return out + self.resets(op)

    def rev_join(self, op, pieces):
        """``y = np.concatenate([a, b, c])`` of vectors (analyses/joins.py): ``b_a += b_y[:n_a]``,
        ``b_b += b_y[n_a:n_a + n_b]``, ``b_c += b_y[n_a + n_b:]`` with ``n_a = len(a)`` (a piece of rank
        1 may be a list of numbers, ``np.concatenate([[0.0], x])``, which has no ``.shape``)."""
        out, start = [], None
        for k, piece in enumerate(pieces):
            size = A.call("len", A.name(piece))   # a piece may be a list of numbers
            stop = None if k == len(pieces) - 1 else size if start is None else \
                ast.BinOp(left=A.clone(start), op=ast.Add(), right=size)
            if piece in self.active:
                part = ast.Subscript(value=A.name(self.adj(op.targets[0])), slice=ast.Slice(
                    lower=A.clone(start) if start is not None else None, upper=A.clone(stop) if stop else None),
                    ctx=ast.Load())
                out.append(accum(self.adj(piece), part, piece, view=True))
            start = stop
        return out + self.resets(op)

    def rev_binop(self, op):
        pieces = getattr(op.stmt, "_s2sad_join", None)
        if pieces is not None:
            return self.rev_join(op, pieces)
        out = []
        rule, result = op.rule, op.targets[0]
        _check_constants(op)
        check_single_matrix(op, self.kinds)
        subst = {rule.params[0]: A.name(result)}
        subst.update({p: op.bound[p] for p in rule.params[1:]})
        for stmt in rule.body:
            arg = op.bound[stmt.targets[0].slice.id]
            if not (isinstance(arg, ast.Name) and arg.id in self.active):
                continue
            value = Instantiate(subst, self.adj(result), rule, self.ns).visit(A.clone(stmt.value))
            if self.nan_masked and nan_masking.elementwise(op, rule, self.ns, stmt):
                value = nan_masking.masked(value, self.adj(result), self.ns)
            if rule.broadcast and not self.same_shape(arg.id, result, op):
                value = self.unbroadcast(value, arg.id)
            out.append(accum(self.adj(arg.id), value, arg.id))
        return out + self.resets(op)

    rev_call = rev_binop

    def same_shape(self, arg, result, op):
        return kinds.same_shape(self.kinds, arg, result, list(op.bound.values()))

    def unbroadcast(self, value, like):
        fn = self.ns.bind("unbroadcast", _runtime().unbroadcast)
        return A.call(fn, value, A.name(like))


def _check_constants(op, rule=None):
    """Refuse a call whose rule covers only some constant values of a parameter
    (``np.pad(..., mode="constant")``) when another value, or a variable, is passed there.
    Forward mode passes the reverse rule of the call (``rule``): both modes cover the same forms."""
    bad = rules.constant_violation(rule or op.rule, op.bound)
    if bad is None:
        return
    param, allowed = bad
    fname = getattr(op.func, "__name__", None) or op.rule.name
    what = f"a constant {allowed.__name__}" if isinstance(allowed, type) else \
        " or ".join(repr(v) for v in allowed)
    node = op.bound[param]
    here = _argument_name(node.id, "") if isinstance(node, ast.Name) else f"`{ast.unparse(node)}`"
    here = "a value computed in the call" if here.startswith("the argument") else here
    why = ((rule or op.rule).nondiff or {}).get(param, "")
    why = f" ({why})" if "not covered" in why else ""     # a reason naming what is left out, and why
    raise NoDerivativeError(f"{locate(getattr(op.stmt, '_s2sad_src', None), op.stmt)}s2sad's rule for "
                            f"`{fname}` covers `{param}` = {what} only, written as a constant in the call; "
                            f"here it is {here}{why}. Rewrite the call with {param}={what}, "
                            "or register a rule for this form with @s2sad.adjoint.")


def check_single_matrix(op, kinds):
    """Refuse a call whose rules cover some ranks only of an argument (``rules.registry.
    SINGLE_MATRIX``: np.linalg.lstsq takes one matrix, no stack) when the analysis knows that
    argument has another rank. An unknown rank passes: the rules are exact wherever NumPy
    accepts the call, and NumPy's own check refuses the others as in the function itself."""
    entry = rules.SINGLE_MATRIX.get(op.func) if op.func is not None else None
    for param, ranks in (entry[0].items() if entry else ()):
        node = op.bound.get(param)
        rank = kinds.get(node.id) if isinstance(node, ast.Name) else None
        if rank is None or rank in ranks:
            continue
        what = f"a {rank}-d array" + (", a stack of matrices" if rank > 2 else "")
        fname = getattr(op.func, "__name__", None) or op.rule.name
        raise NoDerivativeError(
            f"{locate(getattr(op.stmt, '_s2sad_src', None), op.stmt)}s2sad's rule for `np.linalg.{fname}` covers "
            f"`{param}` of rank {' or '.join(map(str, ranks))} ({entry[1]}); here "
            f"{_argument_name(node.id, param)} is {what}. Loop over the stack (`for k in range(len({node.id})):` "
            f"on `{node.id}[k]`), or register a rule for this form with @s2sad.adjoint.")


def _argument_name(name, param):
    """How a message names the value passed as ``param``: the user's name, not a temporary."""
    return f"the argument `{param}`" if name[:1] == "t" and name[1:].isdigit() else f"`{name}`"


def _optimize():
    from . import optimize
    return optimize


def _runtime():
    from ..rules import runtime
    return runtime


def reversed_range(rng):
    """range(a, b, c) visited backwards, without re-evaluating anything else."""
    args = rng.args
    one, minus_one = A.const(1), ast.UnaryOp(op=ast.USub(), operand=A.const(1))
    if len(args) < 3 or (isinstance(args[2], ast.Constant) and args[2].value == 1):
        start = args[0] if len(args) > 1 else A.const(0)
        stop = args[1] if len(args) > 1 else args[0]
        return A.call("range", ast.BinOp(A.clone(stop), ast.Sub(), one),
                      ast.BinOp(A.clone(start), ast.Sub(), A.const(1)), minus_one)
    a, b, c = (A.clone(x) for x in args)
    n = A.call("len", A.call("range", A.clone(a), b, A.clone(c)))
    last = ast.BinOp(A.clone(a), ast.Add(), ast.BinOp(ast.BinOp(n, ast.Sub(), one), ast.Mult(), A.clone(c)))
    return A.call("range", last, ast.BinOp(A.clone(a), ast.Sub(), A.clone(c)),
                  ast.UnaryOp(op=ast.USub(), operand=A.clone(c)))


class Instantiate(ast.NodeTransformer):
    """Substitute a rule template's parameters with the statement's atoms."""

    def __init__(self, subst, b_result, rule, ns):
        self.subst, self.b_result, self.rule, self.ns = subst, b_result, rule, ns

    def visit_Subscript(self, node):
        if rules._is_d(node):
            if node.slice.id != self.rule.params[0]:
                raise ValueError(f"rule {self.rule.name}: only d[{self.rule.params[0]}] may be read")
            return A.name(self.b_result)
        return self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in self.subst:
            return A.clone(self.subst[node.id])
        obj, origin = self.rule.lookup(node.id)   # origin: watched by the adjoint's guard (scopes)
        new = A.name(self.ns.bind(node.id, obj, origin))
        new._s2sad_bound = True
        new._s2sad_obj = obj      # (whatever name the namespace gave it: optimize's folds read it)
        return new
