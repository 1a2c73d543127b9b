"""In-place adjoints for compiled code: update an array the reverse sweep owns instead of
building a new one (part of the ``jit`` stage).

* ``b = b * 2``, ``b = b + e`` (and ``b = e + b``, ``b = e * b``) become ``b *= 2``,
  ``b += e`` when ``b`` is an array adjoint that nothing else still reads: not an
  argument, ``dout``, a global, a tape's value or a list's element, and shared by no
  name read later; ``e`` must not read that array and must not be of higher rank;
* ``b = zeros_like(x)`` inside a loop reuses the array of the previous iteration,
  zeroed (``b = zeroed(b, x)``: a new array only if ``x`` changed shape), when nothing
  read later still refers to it; ``b`` starts as an empty array of its rank before
  the outermost loop.

Which names may share an array comes from a forward analysis of *origins* (the
statement that allocated it, or "external"); which names are read later from a
backward liveness analysis. An array a container or a call keeps is "external" under every
name that may hold it, not only the one stored (``c = z; L[i] = c``: ``z``'s array is the
list's too). Both run on the optimized adjoint, whose statements
are simple enough for this: assignments to names and elements, ``+=``, calls kept
for their effect (tape appends), ``if``, ``for``, ``while`` and one ``return``.
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.alias_views import result_kind
from ..frontend.resolve import np_ref
from ..rules import runtime
from ..analyses.list_names import list_names

EXTERNAL = "external"
ELEMENTWISE = {"exp", "log", "log1p", "expm1", "sqrt", "sin", "cos", "tan", "tanh", "arctan", "abs",
               "absolute", "square", "negative", "sign", "maximum", "minimum", "where", "arcsin",
               "arccos", "sinh", "cosh", "arctanh", "arcsinh", "exp2", "log2", "log10", "reciprocal", "divide"}
INPLACE_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)
# gradients of reductions, each shaped like its argument ``x`` (at this position)
REDUCTION_GRADS = {runtime.sum_grad: 1, runtime.mean_grad: 1, runtime.extreme_grad: 2, runtime.prod_grad: 2}
# NumPy reductions that give one number when called with their argument alone (no axis)
WHOLE_REDUCTIONS = {"sum", "mean", "prod", "max", "min", "amax", "amin", "nansum", "nanmean", "var", "std"}


class Ranks:
    """Ranks of names and expressions (adjoints have their primal's rank)."""

    def __init__(self, ranks, adjoints, ns):
        self.ranks, self.adjoints, self.ns = ranks, adjoints, ns

    def name(self, n):
        r = self.ranks.get(self.adjoints.get(n, n))
        return r if isinstance(r, int) else None   # (a global dict's kind, ("dict", ...), is no rank)

    def of(self, e):
        if isinstance(e, ast.Constant):
            return 0 if isinstance(e.value, (int, float)) else None
        if isinstance(e, ast.Name):
            return self.name(e.id)
        if isinstance(e, ast.UnaryOp):
            return self.of(e.operand)
        if isinstance(e, ast.BinOp) and not isinstance(e.op, ast.MatMult):
            return _max(self.of(e.left), self.of(e.right))
        if isinstance(e, ast.Call) and not e.keywords:
            fn = self.function(e)
            if fn in (runtime.unbroadcast, runtime.zeros_like) and len(e.args) == 2 - (fn is runtime.zeros_like):
                return self.of(e.args[-1])
            if fn in REDUCTION_GRADS and len(e.args) > REDUCTION_GRADS[fn]:     # shaped like their x
                return self.of(e.args[REDUCTION_GRADS[fn]])
            if getattr(fn, "__name__", None) in WHOLE_REDUCTIONS and _numpy(fn) and len(e.args) == 1:
                return 0        # (np.sum(-b_y): LSTM's ieee_div of it is then a number's, specialize)
            if getattr(fn, "__name__", None) in ELEMENTWISE and getattr(fn, "__module__", "") in ("numpy", None):
                ranks = [self.of(a) for a in e.args]
                return None if None in ranks else max(ranks, default=0)
        return None

    def function(self, call):
        from ..analyses.ir import resolve
        return resolve(self.ns, call.func) if isinstance(call.func, (ast.Name, ast.Attribute)) else None


def _numpy(fn):
    """``fn`` is NumPy's own (``np.sum``), not a user's function of the same name."""
    return (getattr(fn, "__module__", None) or "").startswith("numpy")


def _max(a, b):
    return None if a is None or b is None else max(a, b)


# ---------------------------------------------------------------- liveness
def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} if node is not None else set()


def _simple_uses_defs(s):
    if isinstance(s, ast.Assign):
        t = s.targets[0]
        if isinstance(t, ast.Name):
            return _names(s.value), {t.id}
        if isinstance(t, ast.Tuple):
            return _names(s.value), _names(t)
        return _names(s.value) | _names(t), set()
    if isinstance(s, ast.AugAssign):
        return _names(s.value) | _names(s.target), set()
    return _names(s), set()


def liveness(stmts, live, out, entry=None):
    """Names live before ``stmts`` given ``live`` after them; ``out[id(s)]``: live after s,
    ``entry[id(s)]``: live before s (compound statements)."""
    entry = {} if entry is None else entry
    for s in reversed(stmts):
        out[id(s)] = set(live)
        if isinstance(s, ast.If):
            live = liveness(s.body, live, out, entry) | liveness(s.orelse, live, out, entry) | _names(s.test)
        elif isinstance(s, (ast.For, ast.While)):
            head = _names(s.iter) if isinstance(s, ast.For) else _names(s.test)
            end = set(live) | head
            while True:
                start = liveness(s.body, end, out, entry)
                if isinstance(s, ast.For):
                    start = start - {s.target.id}
                if start <= end:
                    break
                end |= start
            live = end
            entry[id(s)] = set(live)
        else:
            uses, defs = _simple_uses_defs(s)
            live = (live - defs) | uses
    return live


# ---------------------------------------------------------------- origins
class Origins:
    """Forward analysis: for each name, the allocations its array may come from."""

    def __init__(self, params, ranks, fresh_call, keeps=frozenset()):
        self.params, self.ranks, self.fresh_call = params, ranks, fresh_call
        self.keeps = keeps      # id(stmt) of ``z = E`` that may write into the array ``z`` held
        self.before = {}        # id(stmt) -> state before it

    def run(self, fdef):
        state = {p: frozenset([EXTERNAL]) for p in self.params}
        self.block(fdef.body, state)

    def block(self, stmts, state):
        for s in stmts:
            self.before[id(s)] = dict(state)
            if isinstance(s, ast.If):
                s1, s2 = dict(state), dict(state)
                self.block(s.body, s1)
                self.block(s.orelse, s2)
                state.clear()
                state.update(_join(s1, s2))
            elif isinstance(s, (ast.For, ast.While)):
                if isinstance(s, ast.For):
                    state[s.target.id] = frozenset()
                while True:
                    end = dict(state)
                    self.block(s.body, end)
                    joined = _join(state, end)
                    if joined == state:
                        break
                    state.clear()
                    state.update(joined)
                self.before[id(s)] = dict(state)
            else:
                self.simple(s, state)

    def simple(self, s, state):
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name):
            z = s.targets[0].id
            old = state.get(z, frozenset()) if id(s) in self.keeps else frozenset()
            state[z] = old | self.value(s.value, s, state)
        elif isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Tuple):
            new = isinstance(s.value, ast.Call) and self.fresh_call(s.value) == "new"
            mine = frozenset([id(s)]) if new else frozenset([EXTERNAL]) | _origins_in(s.value, state)
            for n in _names(s.targets[0]):      # new arrays, or any of what the value reads
                state[n] = mine
        elif isinstance(s, ast.Assign) and isinstance(s.value, ast.Name) and not getattr(s, "_s2sad_copies", False):
            _escape(state, {s.value.id})        # stored in a container
        elif isinstance(s, ast.Expr) and not (isinstance(s.value, ast.Call) and self.fresh_call(s.value) == "new"):
            _escape(state, _names(s.value))     # passed to a call kept for its effect (append)
            #                                     (not to a tape helper's: they push copies, or shapes)

    def value(self, v, s, state):
        if isinstance(v, ast.Name):
            return state.get(v.id, frozenset([EXTERNAL]))
        if isinstance(v, ast.Subscript):
            return _origins_in(v.value, state)
        if isinstance(v, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Compare, ast.BoolOp)):
            return frozenset([id(s)])
        if isinstance(v, ast.Call):
            kind = self.fresh_call(v)
            if kind in ("fresh", "new"):
                return frozenset([id(s)])
            if kind == "view" and v.args:        # may return (a view of) its first argument: a
                return frozenset([id(s)]) | self.value(v.args[0], s, state)     # product is new
            return frozenset([id(s), EXTERNAL]) | _origins_in(v, state)
        if isinstance(v, (ast.List, ast.Tuple, ast.Dict, ast.Set)):     # holds its elements' arrays
            return frozenset([EXTERNAL]) | _origins_in(v, state)
        return frozenset([EXTERNAL])


def _escape(state, names):
    """The arrays of ``names`` escape (a container or a call keeps them): every name that may
    hold one of them, not only ``names``, gets ``EXTERNAL`` (``c = z; L[i] = c`` makes ``z``'s
    array the list's too: updating ``z``'s array in place would change ``L[i]``)."""
    held = frozenset().union(*(state.get(n, frozenset()) for n in names)) - {EXTERNAL}
    for n, mine in list(state.items()):
        if n in names or mine & held:
            state[n] = mine | {EXTERNAL}


def _origins_in(node, state):
    out = frozenset()
    for n in _names(node):
        out |= state.get(n, frozenset([EXTERNAL]))
    return out


def _join(a, b):
    return {k: a.get(k, frozenset()) | b.get(k, frozenset()) for k in set(a) | set(b)}


# ---------------------------------------------------------------- the rewrites
def make_fresh_call(ns):
    """``call -> 'fresh' | 'new' | 'view' | 'unknown'``: a new array (or a number); new arrays
    or numbers however many it returns (a tape's helpers); possibly its first argument or a
    view of it; or anything."""
    from ..analyses.ir import resolve
    from .numba_helpers import numba_buffers, numba_extremes, numba_lists, numba_matmul, numba_tapes
    from .numba_helpers.numba_buffers import reused, zeroed

    def fresh_call(call):
        fn = resolve(ns, call.func) if isinstance(call.func, (ast.Name, ast.Attribute)) else None
        if fn is None:
            return "unknown"
        if fn is zeroed or fn is reused:
            return "view"
        module = getattr(fn, "__module__", None) or ""
        if module.startswith("numpy") or isinstance(fn, np.ufunc) or module in (runtime.__name__, "builtins", "math"):
            return result_kind(fn, call)
        if module in (numba_lists.__name__, numba_matmul.__name__, numba_extremes.__name__,   # stand-ins (SUBSTITUTES, LATE),
                      numba_buffers.__name__):                                           # and the buffers' checks
            return "fresh"
        if fn is numba_tapes.list_pop:      # the list's pop, judged as the ``tape.pop()`` it stands for
            return "unknown"
        if module == numba_tapes.__name__:     # new rows, counts; a push copies its value (pops are written out)
            return "new"
        return "unknown"
    return fresh_call


def fresh_results(fdef, namespace):
    """For each gradient ``fdef`` (an adjoint) returns: True if it is an array no argument,
    global, tape or earlier gradient can share (so a caller may keep it without a copy).
    A gradient written in the return itself (``np.full(shape, each)``, ``np.zeros(..)``) is
    an allocation of its own there (its origins as an assignment of it would have)."""
    import types
    origins = Origins([a.arg for a in fdef.args.args], None, make_fresh_call(types.SimpleNamespace(
        objects=namespace)))
    origins.run(fdef)
    ret = fdef.body[-1]
    state, seen, out = origins.before.get(id(ret), {}), set(), []
    for e in ret.value.elts[1:] if isinstance(ret.value, ast.Tuple) else []:
        mine = origins.value(e, e, state)
        out.append(EXTERNAL not in mine and not mine & seen)
        seen |= mine
    return out


def rewrite(fdef, ns, ranks, adjoints):
    """Apply the in-place rewrites to ``fdef`` (the optimized adjoint); returns it."""
    r = Ranks(ranks, adjoints, ns)
    for step in ("augmented", "zeroed"):      # zeroing sees the updates made in place
        ctx = _Context(fdef, r, adjoints, ns, step)
        fdef.body = ctx.block(fdef.body, loop_depth=0)
    return fdef


class _Context:
    def __init__(self, fdef, ranks, adjoints, ns, step, keeps=frozenset()):
        self.ranks, self.adjoints, self.ns, self.step = ranks, adjoints, ns, step
        origins = Origins([a.arg for a in fdef.args.args], ranks, make_fresh_call(ns), keeps)
        origins.run(fdef)
        self.before, self.live, self.live_in = origins.before, {}, {}
        liveness(fdef.body, set(), self.live, self.live_in)
        self.preheaders = {}      # id(outermost loop) -> statements to put before it
        self.outer = None
        self.lists = list_names(fdef)

    def block(self, stmts, loop_depth):
        out = []
        for s in stmts:
            if isinstance(s, (ast.For, ast.While)):
                outer = self.outer
                if loop_depth == 0:
                    self.outer = s
                s.body = self.block(s.body, loop_depth + 1)
                out += self.preheaders.pop(id(s), []) if loop_depth == 0 else []
                self.outer = outer
            elif isinstance(s, ast.If):
                s.body = self.block(s.body, loop_depth)
                s.orelse = self.block(s.orelse, loop_depth)
            elif isinstance(s, ast.Assign) and self.step == "augmented":
                s = self.augmented(s) or s
            elif isinstance(s, ast.Assign) and loop_depth:
                s = self.zeroed(s) or s
            out.append(s)
        return out

    def owned(self, b, s, reads):
        """The array in ``b`` before ``s`` is the reverse sweep's, and no name read after ``s``
        (other than ``b``) nor ``reads`` may share it."""
        state = self.before[id(s)]
        mine = state.get(b, frozenset([EXTERNAL]))
        if not mine or EXTERNAL in mine:
            return False
        for n in self.live[id(s)] | reads:
            if n != b and state.get(n, frozenset()) & mine:
                return False
        return True

    def augmented(self, s):
        """``b = b op e`` -> ``b op= e``."""
        t, v = s.targets[0], s.value
        if not (isinstance(t, ast.Name) and t.id in self.adjoints and isinstance(v, ast.BinOp)
                and isinstance(v.op, INPLACE_OPS) and self.ranks.name(t.id)):
            return None
        b = t.id
        if isinstance(v.left, ast.Name) and v.left.id == b:
            other = v.right
        elif isinstance(v.right, ast.Name) and v.right.id == b and isinstance(v.op, (ast.Add, ast.Mult)):
            other = v.left
        else:
            return None
        rank, mine = self.ranks.of(other), self.ranks.name(b)
        if rank is None or mine is None or rank > mine or b in _names(other):
            return None
        if not self.owned(b, s, _names(other)):
            return None
        return A.at(ast.AugAssign(target=A.name(b, store=True), op=v.op, value=other), s)

    def zeroed(self, s):
        """``b = zeros_like(x)`` in a loop -> ``b = zeroed(b, x)``, ``b`` created before the loop."""
        t, v = s.targets[0], s.value
        if not (isinstance(t, ast.Name) and t.id in self.adjoints and isinstance(v, ast.Call)
                and len(v.args) == 1 and not v.keywords and self.ranks.function(v) is runtime.zeros_like):
            return None
        b, rank = t.id, self.ranks.of(v.args[0])
        state = self.before[id(s)]
        if not rank or not isinstance(v.args[0], ast.Name) or v.args[0].id in self.lists \
                or state.get(b, frozenset()) - {id(s)}:
            return None       # b may hold another array here (or an unknown rank)
        if any(state.get(n, frozenset()) & {id(s)} for n in self.live[id(s)] if n != b):
            return None       # last iteration's zeros are still read
        if self.outer is None or b in self.live_in.get(id(self.outer), {b}):
            return None       # b's value entering the loop is read: it cannot start empty
        from .numba_helpers.numba_buffers import zeroed
        fn = A.name(self.ns.bind("_s2sad_zeroed", zeroed))
        fn._s2sad_bound = True
        empty = ast.Call(func=np_ref("np.zeros"), args=[A.const((0,) * rank)], keywords=[])
        self.preheaders.setdefault(id(self.outer), []).append(A.at(A.assign(b, empty), self.outer))
        return A.at(A.assign(b, A.call(fn, A.name(b), A.clone(v.args[0]))), s)
