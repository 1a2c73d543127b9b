"""Which pairs of names surely hold memory apart at each statement: a must-not-share analysis.

The may-point-to analysis (``analyses/alias_points.py``) names buffers by the statement that
made them, so after ``cur, nxt = nxt, cur`` in a loop both names may hold either of the two
buffers, and a write through ``nxt`` looks like a write into ``cur``. Yet the two never hold
one buffer: each swap exchanges two arrays that were apart, and they stay apart. This
analysis keeps that relation: a pair ``{a, b}`` is *apart* before a statement when on every
path reaching it ``a`` and ``b`` hold memory that does not overlap (no view of one is a view
of the other; for a list, none of its elements shares memory with the other name).

Transfer, for one simple statement:

* a binding that makes a new array or list (no sharing source, ``Aliasing.sharing``) is apart
  from every name bound so far; a binding to (a view of) its sources, or to a container that
  holds them, is apart from ``z`` when *every* source is apart from ``z`` (a helper left as a
  call may return a new array or any argument: apart when every argument is);
* names bound together by one statement (``a, b = h(x)``) are never taken to be apart;
* ``lst.append(a)`` and ``lst[i] = a`` on a list keep ``lst`` (and every name not apart from
  ``lst``, which may hold the same list) apart from ``z`` only if ``a`` is apart from ``z`` too; a write into an array (``n[i] = v``, ``n op= v`` on an array of
  known rank) keeps every pair;
* branches meet: a pair is kept when each branch keeps it or leaves one of its names unbound;
  a loop's head is the meet of its entry and the end of its body, until nothing changes (the
  lowered loops have no ``break`` or ``continue``: ``frontend/lower.py``).

So ``tmp = cur; cur = nxt; nxt = tmp`` keeps ``{cur, nxt}`` apart, ``cur = nxt`` does not.

Invariant: it under-approximates: a pair is apart only if it cannot share memory when the
program runs (given the sharing facts ``Aliasing.sharing`` states). It reads the tree and never
changes it; if the iteration does not settle, ``run`` returns None and no pair is apart.
"""
import ast

from .. import astutil as A

MAX_ROUNDS = 100


class Apart:
    """``before[id(stmt)]``: (names bound, name -> the names surely apart from it) just before each
    simple statement; a state is never changed once made (each transfer makes a new one)."""

    def __init__(self, aliasing, lists):
        self.al, self.lists = aliasing, lists
        self.before = {}

    def run(self, body):
        self.keep = self.relevant(body)
        try:
            self.block(body, (frozenset(self.al.params) | frozenset(self.al.sequences), {}))
        except _Unsettled:
            return None
        return self

    def relevant(self, body):
        """The names written through (``n[i] = v``, ``n op= v``, appends) and, transitively, the
        names their values are taken from: only a pair with one of these is ever asked about or
        needed to derive one that is, so only those pairs are kept (the others would make the
        relation quadratic in the number of temporaries)."""
        edges, out = {}, set()
        for s in ast.walk(ast.Module(body=body, type_ignores=[])):
            if hasattr(s, "_s2sad_append"):   # (the list then holds the item: an edge as for a view)
                out.add(s._s2sad_append[0])
                edges.setdefault(s._s2sad_append[0], set()).update(A.names_in(s.value))
            if not isinstance(s, ast.Assign):
                continue
            t = s.targets[0]
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                out.add(t.value.id)
                edges.setdefault(t.value.id, set()).update(A.names_in(s.value))
            elif getattr(s, "_s2sad_inplace", False):
                out |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
            if hasattr(s, "_s2sad_op"):
                for a, b in self.al.sharing(s._s2sad_op):
                    edges.setdefault(a, set()).add(b)
        todo = list(out)
        while todo:
            for b in edges.get(todo.pop(), ()):
                if b not in out:
                    out.add(b)
                    todo.append(b)
        return frozenset(out)

    def apart(self, stmt, a, b):
        """True if ``a`` and ``b`` surely hold memory apart just before ``stmt``."""
        state = self.before.get(id(stmt))
        return state is not None and b in state[1].get(a, ())

    # ---- structured statements ------------------------------------------------
    def block(self, stmts, state):
        for s in stmts:
            state = self.stmt(s, state)
        return state

    def stmt(self, s, state):
        if isinstance(s, ast.If):
            return _meet(self.block(s.body, state), self.block(s.orelse, state))
        if isinstance(s, (ast.For, ast.While)):
            return self.loop(s, state)
        self.before[id(s)] = state
        return self.simple(s, state)

    def loop(self, s, state):
        head = state
        for _ in range(MAX_ROUNDS):
            inner = head
            if isinstance(s, ast.For):
                inner = _rebind(head, [n.id for n in ast.walk(s.target) if isinstance(n, ast.Name)])
            new = _meet(head, self.block(s.body, inner))
            if new == head:
                return self.block(s.orelse, head)
            head = new
        raise _Unsettled()

    # ---- one simple statement -----------------------------------------------------
    def simple(self, s, state):
        if hasattr(s, "_s2sad_append"):
            arg = s.value.args[0]
            return _holds_too(state, s._s2sad_append[0], arg.id if isinstance(arg, ast.Name) else None)
        if not isinstance(s, ast.Assign):
            return state
        t = s.targets[0]
        if isinstance(t, ast.Subscript):
            base = t.value.id if isinstance(t.value, ast.Name) else None
            if base in self.lists:
                return _holds_too(state, base, s.value.id if isinstance(s.value, ast.Name) else None)
            return state     # a write into an array keeps its buffer
        targets = [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
        inplace = getattr(s, "_s2sad_inplace", False)
        if inplace and all(self.al.ranks.get(n) is not None and n not in self.lists for n in targets):
            return state     # `n op= v` on an array (or a number: it then holds no buffer)
        sources = self.al.sharing(s._s2sad_op) if hasattr(s, "_s2sad_op") else None
        if sources is None:
            return _rebind(state, targets)
        bound, partners = state
        found = {}
        for name in targets:
            src = [b for a, b in sources if a == name] + ([name] if inplace else [])
            zs = (bound if name in self.keep else bound & self.keep) - set(targets)
            for b in src:        # apart from ``z`` only if every source is
                zs = zs & partners.get(b, frozenset())
            found[name] = zs
        bound, partners = _rebind(state, targets)
        for name, zs in found.items():
            _link(partners, name, zs)
        return bound, partners


class _Unsettled(Exception):
    pass


def _rebind(state, names):
    """``names`` bound to values of which nothing is known (a new dict: states are not shared)."""
    bound, partners = state
    out = dict(partners)
    for n in names:
        for z in out.pop(n, ()):
            rest = out[z] - {n}
            if rest:
                out[z] = rest
            else:
                del out[z]
    return bound | set(names), out


def _holds_too(state, lst, item):
    """The list ``lst`` now holds ``item`` as well: apart from ``z`` only if ``item`` is too; so is
    every other name not apart from ``lst`` (it may hold the same list: ``M = L``, a tuple
    ``prm = (L, B)``; ``L.append(X)`` puts ``X`` in what they hold too)."""
    bound, partners = state
    item_apart = partners.get(item, frozenset()) if item is not None else frozenset()
    kept = partners.get(lst, frozenset()) & item_apart
    holders = [m for m in partners if m != lst and m not in partners.get(lst, frozenset())]
    bound, out = _rebind(state, [lst] + holders)
    _link(out, lst, kept)
    for m in holders:
        _link(out, m, partners[m] & item_apart)
    return bound, out


def _link(partners, name, zs):
    """Record ``name`` apart from each of ``zs`` (in ``partners``, a state being made)."""
    if zs:
        partners[name] = partners.get(name, frozenset()) | frozenset(zs)
    for z in zs:
        partners[z] = partners.get(z, frozenset()) | {name}


def _meet(*states):
    """Pairs apart on every path where both their names are bound."""
    bound = frozenset().union(*(b for b, _ in states))
    out = {}
    for a in set().union(*(p.keys() for _, p in states)):
        candidates = frozenset().union(*(p.get(a, ()) for _, p in states))
        kept = candidates
        for b, p in states:      # where ``a`` is bound, ``z`` stays only if apart or unbound there
            if a in b:
                kept = kept & (p.get(a, frozenset()) | (kept - b))
        if kept:
            out[a] = kept
    return bound, out
