"""Stage 7, accumulate: turn the naive reverse sweep into plain assignments.

Each adjoint variable is tracked through the reverse sweep in one of three
states: ZERO (no gradient yet, or reset: no variable needs to exist), OWN
(holds an array or number that no other name shares) or SHARED (may alias
another adjoint, e.g. after ``b_x = b_y``); the adjoint of a number is always an
immutable number, so OWN (``transforms/accumulate_numbers.py``). Then

* the first ``b += e`` on a ZERO adjoint becomes ``b = e`` (micrograd's ``+=``,
  with the first one turned into ``=``); on OWN it stays ``+=``; on SHARED it
  becomes ``b = b + e`` so no other name sees the change;
* an element update ``b[i] += e`` first creates ``b = zeros_like(x)`` if ZERO
  or copies it if SHARED;
* where branches or loop iterations meet with different states, the ZERO side
  creates its zeros (``b = zeros_like(x)``), so every name exists and has one
  type on every path — which is what numba needs to compile the result.
"""
import ast

from .. import astutil as A
from ..analyses.alias_views import FRESH, result_kind
from ..analyses.ir import resolve
from ..errors import unsupported
from .accumulate_numbers import OWN, SHARED, ZERO, accum_number
from .index_lists import distinct_constants


class Accumulate:
    def __init__(self, ns, primal_of, int_names, runtime, kinds=None):
        self.ns, self.primal_of, self.int_names, self.rt = ns, primal_of, int_names, runtime
        self.kinds = kinds or {}
        self.pieces = None  # adjoints of sequences holding one gradient per piece (a list)
        self.distinct = set()  # names of constant lists of distinct integers (indices that cannot repeat)

    def helper(self, fn):
        node = A.name(self.ns.bind(fn.__name__, fn))
        node._s2sad_bound = True
        return node

    def materialize(self, b, primal=None):
        """``b = zeros`` shaped like its primal (``primal``: for the adjoint of a parameter that
        nothing in the body differentiates, which has no entry in ``primal_of``)."""
        primal = self.primal_of.get(b, primal)
        conflict = getattr(self.kinds, "conflicts", {}).get(primal)
        if conflict is not None:
            node, here, other = conflict
            src = getattr(node, "_s2sad_src", None)
            if _at_return(src, node):    # the name the function's returns are gathered in
                raise unsupported(src, node, f"a function whose returns have different shapes (rank {here} "
                                  f"here, rank {other} at another return)",
                                  "Return values of one shape from every return (`float(...)` of a one-element "
                                  "array, or `np.full(n, v)` of a number).")
            raise unsupported(src, node,
                              f"`{primal}` holding values of different shapes (rank {here} here, rank "
                              f"{other} elsewhere) when its gradient must start from zero",
                              "Give the second value a new name; s2sad (and numba) need one shape per variable.")
        if self.kinds.get(primal) == 0:     # a number, also as a piece of np.block's list
            return A.assign(b, A.const(0.0))
        if b in (self.pieces or ()):
            return A.assign(b, A.call(self.helper(self.rt.zeros_pieces), A.name(primal)))
        return A.assign(b, A.call(self.helper(self.rt.zeros_like), A.name(primal)))

    def copy(self, b):
        if b in (self.pieces or ()):
            return A.assign(b, self.add_pieces(self.materialize(b).value, A.name(b)))
        return A.assign(b, A.call(self.helper(self.rt.own), A.name(b)))

    def add_pieces(self, left, right):
        return A.call(self.helper(self.rt.add_pieces), left, right)

    def block(self, stmts, state):
        if self.pieces is None:  # the first call sees the whole sweep
            self.pieces = {A.base_name(n.target) for s in stmts for n in A.walk(s)
                           if getattr(n, "_acc", ("",))[0] == "accum" and self.is_pieces(n.value)}
            self.distinct = distinct_constants(stmts)
        out, comment, routes = [], None, {}
        for i, s in enumerate(stmts):
            if _is_comment(s):
                comment = s  # kept only if code follows it
                continue
            mark = len(out)
            if _dead_zeroing(s, stmts[i + 1:]) or routes.get(id(s)) == "done":
                continue
            routes.update(self.route(s, stmts[i + 1:], state))
            if id(s) in routes:
                s = routes[id(s)]
            if hasattr(s, "_acc"):
                self.acc(s, state, out, _moved(s, stmts[i + 1:], state), _kept(s, stmts[i + 1:]))
            elif isinstance(s, ast.If):
                out.append(self.if_(s, state))
            elif isinstance(s, ast.For):
                out += self.loop(s, state)
            else:
                out.append(s)
            if comment is not None and len(out) > mark:
                out.insert(mark, comment)
                comment = None
        return out

    def acc(self, s, state, out, moved=False, kept=False):
        """``moved``: ``s`` is ``b += n`` where ``n`` owns its array and is reset next: ``b``
        takes the array over. ``kept``: ``s`` adds a view of an adjoint that is not written
        again before its reset: no copy needed."""
        kind, primal, view = s._acc
        view = view and not kept
        if kind == "reads":  # a call that reads adjoints (a checkpointed loop's reverse): they must exist
            for n in sorted(set(A.names_in(s.value)) & set(self.primal_of)):
                if state.get(n, ZERO) == ZERO:
                    out.append(self.materialize(n))
                    state[n] = OWN
            out.append(s)
            return
        if kind == "accum":
            s.value = self.written(s.value)
        if kind in ("accum", "accum_index"):
            for n in sorted(set(A.names_in(s.value)) & set(self.primal_of)):
                if state.get(n, ZERO) == ZERO:  # read before any contribution: it is zero
                    out.append(self.materialize(n))
                    state[n] = OWN
        target = s.target if isinstance(s, ast.AugAssign) else getattr(s, "targets", [None])[0]
        b = A.base_name(target) if target is not None else s.value.args[0].id
        st = state.get(b, ZERO)
        if kind == "reset":
            state[b] = ZERO
        elif kind == "accum":
            if self.kinds.get(primal) == 0 and b not in (self.pieces or ()):
                accum_number(self, b, s.value, st, view, state, out)
            else:
                self.accum(b, s.value, st, view, state, out, getattr(s, "_s2sad_fresh", False) or moved)
        elif kind == "accum_index":
            self.own(b, st, state, out)
            out.append(self.index_add(b, target.slice, s.value))
        elif kind == "zero_index" and st != ZERO:
            self.own(b, st, state, out)
            out.append(A.assign(ast.Subscript(value=A.name(b), slice=target.slice, ctx=ast.Store()),
                                A.const(0.0)))

    def route(self, s, rest, state):
        """``b[idx] += e`` ... ``y += b`` -> ``y[idx] += e`` ...: ``{id(statement): its rewrite, or
        "done" for the one that goes}`` when ``s`` is the first update of ``b`` (an array adjoint
        that is zero there), its only later uses in ``rest`` are more such
        updates and then ``y += b`` followed by the reset of ``b``, and nothing reads ``y``
        in between (a helper's parameter: ``b_minor_A`` into ``b_A``). ``b`` is never created."""
        if getattr(s, "_acc", ("",))[0] != "accum_index" or A.base_name(s.target) in (self.pieces or ()):
            return {}
        b = A.base_name(s.target)
        rank = self.kinds.get(self.primal_of.get(b))
        if state.get(b, ZERO) != ZERO or rank in (0, None) or b in A.names_in(s.value):
            return {}
        updates = [s]
        for k, t in enumerate(rest):
            kind = getattr(t, "_acc", ("",))[0]
            if kind == "accum_index" and A.base_name(t.target) == b and b not in A.names_in(t.value):
                updates.append(t)
                continue
            if kind == "accum" and isinstance(t.value, ast.Name) and t.value.id == b:
                y = A.base_name(t.target)
                primal = self.primal_of.get(y)
                if y == b or y in (self.pieces or ()) or self.kinds.get(primal) != rank \
                        or any(y in A.names_in(u) for u in rest[:k] + updates) or not _reset_next(b, rest[k + 1:]):
                    return {}
                routes = {id(t): "done"}
                for u in updates:
                    routes[id(u)] = new = A.clone(u)
                    new.target.value = A.name(y)
                    new._acc = ("accum_index", primal, False)
                return routes
            if b in A.names_in(t):
                return {}
        return {}

    def is_pieces(self, value):
        """A gradient of a sequence with one entry per piece (``join_grad``, ``block_grad``: a
        list, nested for np.block), which must be added piece by piece (``+`` would concatenate it)."""
        return isinstance(value, ast.Call) and resolve(self.ns, value.func) in (self.rt.join_grad, self.rt.block_grad)

    def accum(self, b, value, st, view, state, out, owned=False):
        """``b += value``; ``owned``: value shares memory with nothing (a number read out of
        an array, or an array a generated function returned for its caller to keep)."""
        if b in (self.pieces or ()) and not (st == ZERO and self.is_pieces(value)):
            if st == ZERO:
                out.append(self.materialize(b))
            out.append(A.assign(b, self.add_pieces(A.name(b), value)))
            state[b] = OWN
            return
        if st == ZERO and view:   # a view of an adjoint that may change later: a copy
            out.append(A.assign(b, A.call(self.helper(self.rt.own), value)))
            state[b] = OWN
            return
        if st == ZERO:
            out.append(A.assign(b, value))
            fresh = owned or self.fresh(value)
            state[b] = OWN if fresh else SHARED
            if not fresh:
                for n in A.names_in(value):
                    if state.get(n) == OWN:
                        state[n] = SHARED
        elif st == OWN:
            out.append(ast.AugAssign(target=A.name(b, store=True), op=ast.Add(), value=value))
            state[b] = OWN
        else:
            out.append(A.assign(b, ast.BinOp(left=A.name(b), op=ast.Add(), right=value)))
            state[b] = OWN

    def own(self, b, st, state, out):
        if st == ZERO:
            out.append(self.materialize(b))
        elif st == SHARED:
            out.append(self.copy(b))
        state[b] = OWN

    def index_add(self, b, idx, value):
        if self.basic(idx):
            return ast.AugAssign(target=ast.Subscript(value=A.name(b), slice=idx, ctx=ast.Store()),
                                 op=ast.Add(), value=value)
        return ast.Expr(value=A.call(self.helper(self.rt.add_at), A.name(b), _as_index(idx), value))

    def written(self, value):
        """The gradient of the values ``y[idx] = v`` wrote (a subscript the reverse stage marked):
        ``b[idx]`` where no index can repeat, else ``last_write_grad(b, idx)`` (the last write wins)."""
        if getattr(value, "_s2sad_written", False):
            if self.basic(value.slice):
                return value
            return A.call(self.helper(self.rt.last_write_grad), value.value, _as_index(value.slice))
        if isinstance(value, ast.Call):
            value.args = [self.written(a) for a in value.args]
        return value

    def basic(self, idx):
        """True if indexing with ``idx`` cannot repeat an element (ints and slices)."""
        parts = idx.elts if isinstance(idx, ast.Tuple) else [idx]
        for p in parts:
            if isinstance(p, ast.Constant) and (p.value is None or p.value is Ellipsis or isinstance(p.value, int)):
                continue
            if isinstance(p, ast.Slice) or isinstance(p, ast.Name) and (
                    p.id in self.int_names or p.id in self.distinct):
                continue
            return False
        return True

    def fresh(self, value):
        if isinstance(value, (ast.BinOp, ast.UnaryOp, ast.Constant)):
            return True
        if isinstance(value, ast.Call):
            return result_kind(resolve(self.ns, value.func), value) == FRESH
        return False

    def if_(self, s, state):
        s1, s2 = dict(state), dict(state)
        body, orelse = self.block(s.body, s1), self.block(s.orelse, s2)
        for b in sorted(set(s1) | set(s2)):
            z1, z2 = s1.get(b, ZERO) == ZERO, s2.get(b, ZERO) == ZERO
            if z1 and not z2:
                body.append(self.materialize(b))
                s1[b] = OWN
            elif z2 and not z1:
                orelse.append(self.materialize(b))
                s2[b] = OWN
            state[b] = _merge(s1.get(b, ZERO), s2.get(b, ZERO))
        return A.at(ast.If(test=s.test, body=body or [ast.Pass()], orelse=orelse), s)

    def loop(self, s, state):
        owned = []   # an adjoint the body writes elements of is copied once here, not every iteration
        for b in sorted(_indexed(s.body)):
            if state.get(b) == SHARED:
                owned.append(self.copy(b))
                state[b] = OWN
        start = dict(state)
        for _ in range(6):  # fixpoint of the state at the top of the body
            end = dict(start)
            self.block(s.body, end)
            merged = {b: _merge(start.get(b, ZERO), end.get(b, ZERO)) for b in set(start) | set(end)}
            if merged == start:
                break
            start = merged
        end = dict(start)
        body = self.block(s.body, end)
        pre = []
        for b in sorted(start):
            if start[b] != ZERO and end.get(b, ZERO) == ZERO:
                body.append(self.materialize(b))
            if start[b] != ZERO and state.get(b, ZERO) == ZERO:
                pre.append(self.materialize(b))
        state.clear()
        state.update(start)
        return owned + pre + [A.at(ast.For(target=s.target, iter=s.iter, body=body or [ast.Pass()], orelse=[]), s)]


def _moved(s, rest, state):
    """True if ``s`` is ``b += n`` with ``n`` an adjoint owning its array whose next mention in
    ``rest`` (the statements after ``s`` in its block) is its reset: ``n`` is given up."""
    if getattr(s, "_acc", ("",))[0] != "accum" or not isinstance(s.value, ast.Name) \
            or state.get(s.value.id) != OWN:
        return False
    n = s.value.id
    for t in rest:
        if getattr(t, "_acc", ("",))[0] == "reset":
            if A.names_in(t.value)[-1:] == [n]:
                return True
            continue
        if n in A.names_in(t):
            return False
    return False


def _reset_next(b, rest):
    """True if ``rest`` resets ``b`` before any other mention of it."""
    for t in rest:
        if getattr(t, "_acc", ("",))[0] == "reset" and A.names_in(t.value)[-1:] == [b]:
            return True
        if b in A.names_in(t):
            return False
    return False


def _dead_zeroing(s, rest):
    """True if ``s`` is ``b[idx] = 0.0`` and ``rest`` resets ``b`` before reading it."""
    if getattr(s, "_acc", ("",))[0] != "zero_index":
        return False
    return _reset_next(A.base_name(s.targets[0]), rest)


def _kept(s, rest):
    """True if ``s`` is ``b += unbroadcast(a[idx], x)`` (or ``b += a[idx]``) and nothing in
    ``rest`` writes into the adjoint ``a`` before its reset."""
    value = s.value
    if isinstance(value, ast.Call) and value.args:
        value = value.args[0]
    if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)):
        return False
    base = value.value.id
    for k, t in enumerate(rest):
        kind = getattr(t, "_acc", ("",))[0]
        if kind == "reset" and A.names_in(t.value)[-1:] == [base]:
            return True
        if _dead_zeroing(t, rest[k + 1:]):
            continue
        for n in ast.walk(t):
            target = n.target if isinstance(n, ast.AugAssign) else n.targets[0] if isinstance(n, ast.Assign) else None
            if target is not None and base in A.names_in(target):
                return False
    return False


def _indexed(stmts):
    """Adjoints whose elements the statements write (``b[i] += e``, ``b[i] = 0.0``)."""
    return {A.base_name(n.target if isinstance(n, ast.AugAssign) else n.targets[0])
            for s in stmts for n in A.walk(s) if getattr(n, "_acc", ("",))[0] in ("accum_index", "zero_index")}


def _merge(a, b):
    if a == ZERO and b == ZERO:
        return ZERO
    return OWN if a == OWN and b == OWN else SHARED if ZERO not in (a, b) else (a or b)


def _as_index(idx):
    """An index expression usable as a call argument (slices become slice(...))."""
    if isinstance(idx, ast.Slice):
        return A.call("slice", *(p if p is not None else A.const(None) for p in (idx.lower, idx.upper, idx.step)))
    if isinstance(idx, ast.Tuple):
        return ast.Tuple(elts=[_as_index(e) for e in idx.elts], ctx=ast.Load())
    return idx


def _is_comment(s):
    return isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) \
        and isinstance(s.value.func, ast.Name) and s.value.func.id == "__comment__"


def _at_return(src, node):
    """True if ``node`` stands at a ``return`` line of the user's source."""
    lines = getattr(src, "lines", None) or []
    n = getattr(node, "lineno", 0)
    return 0 < n <= len(lines) and lines[n - 1].lstrip().startswith("return")
