"""Which buffers each name may hold at each statement: a flow-sensitive may-point-to analysis.

The alias stage (``analyses/alias.py``) asks, at a write through ``n``, which other names
share ``n``'s buffer *at that point*. Grouping names once for the whole function (every
``t = a if c else b`` joining ``a`` and ``b`` for good) answers "ever", and refuses programs
that only look aliased. This stage answers "here".

Abstract buffers: a parameter's (``("param", p)``), a global's (``("global", g)``), and
two per statement that makes a new array or list: the one it made last (``("new", id(stmt))``)
and all it made before (``("old", id(stmt))``; when the statement runs again, what held
its last array now holds an older one). So ``xn = x.copy(); xn[0] = ...; x = xn`` in a loop
writes an array ``x`` does not hold, although both come from the same statement. A name maps to
the set of buffers it may hold. The transfer of one statement follows the same sharing facts
the grouping uses (``Aliasing.sharing``): a copy, a view (basic indexing, ``VIEW_FUNCS``), a
list display or ``append`` (the list holds its elements), a helper left as a call (its
result may be any argument), and ``lst[i] = a`` on a list (the list then holds ``a``). An
update in place (``n op= v`` on an array) keeps ``n``'s buffer. Branches join; a loop's head
state is the join of its entry and of every state inside its body (``break``/``continue``
included) until nothing changes.

A tuple display is immutable, so a name bound to one also keeps what each position holds
(``Held.elts``) where no position holds a container that may grow afterwards (a list): ``prm = (X, B); b = prm[1]`` gives ``b`` the buffers ``B`` held at the display,
not ``X``'s (the fields of a dataclass or NamedTuple built in the function are read so). Any
other binding, a join of tuples of other lengths, or an index that is not a constant int forgets
the positions (then ``b`` may hold any element's buffer, as before).

Invariant: the result over-approximates sharing: if two names can hold one buffer at a
statement when the program runs, their sets meet there. It reads the tree and never
changes it; if the iteration does not settle, ``None`` is returned and the caller falls back
to the whole-function groups.
"""
import ast

MAX_ROUNDS = 100


class PointsTo:
    """``before[id(stmt)]``: name -> frozenset of buffers, just before each simple statement."""

    def __init__(self, aliasing, lists):
        self.al, self.lists = aliasing, lists
        self.before = {}

    def run(self, body):
        state = {p: frozenset({("param", p)}) for p in self.al.params}
        self.list_sites = {id(n) for n in ast.walk(ast.Module(body=list(body), type_ignores=[]))
                           if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                           and n.targets[0].id in self.lists}   # the statements that bind a list
        try:
            self.block(body, state)
        except _Unsettled:
            return None
        return self.before

    def get(self, state, name):
        if name in state:
            return state[name]
        return frozenset({("global", name)}) if name in self.al.globals else frozenset()

    def sharers(self, k_stmt, n):
        """The other names that may hold one of ``n``'s buffers just before ``k_stmt``."""
        state = self.before.get(id(k_stmt), {})
        mine = self.get(state, n)
        names = set(state) | {b[1] for b in mine if b[0] == "global"}
        return {m for m in names if m != n and self.get(state, m) & mine}

    def holds(self, k_stmt, name, buffer):
        return buffer in self.get(self.before.get(id(k_stmt), {}), name)

    # ---- structured statements ------------------------------------------------
    def block(self, stmts, state):
        for s in stmts:
            state = self.stmt(s, state)
        return state

    def stmt(self, s, state):
        if isinstance(s, ast.If):
            return _join(self.block(s.body, dict(state)), self.block(s.orelse, dict(state)))
        if isinstance(s, (ast.For, ast.While)):
            return self.loop(s, state)
        self.before[id(s)] = state
        return self.simple(s, state)

    def loop(self, s, state):
        head = dict(state)
        for _ in range(MAX_ROUNDS):
            inner = dict(head)
            if isinstance(s, ast.For) and isinstance(s.target, ast.Name):
                it = s.iter
                inner[s.target.id] = self.get(head, it.id) if isinstance(it, ast.Name) else frozenset()
            seen = [self.block(s.body, inner)]
            seen += [self.before[id(x)] for x in _simple_statements(s.body)]
            new = _join(head, *seen)
            if new == head:
                return _join(head, self.block(s.orelse, dict(head)))
            head = new
        raise _Unsettled()

    # ---- one simple statement -----------------------------------------------------
    def simple(self, s, state):
        if hasattr(s, "_s2sad_append"):
            lst, arg = s._s2sad_append[0], s.value.args[0]
            extra = self.get(state, arg.id) if isinstance(arg, ast.Name) else frozenset()
            return self.grown(state, lst, extra)
        if not isinstance(s, ast.Assign):
            return state
        t = s.targets[0]
        if isinstance(t, ast.Subscript):
            base = t.value.id if isinstance(t.value, ast.Name) else None
            if base in self.lists and isinstance(s.value, ast.Name):
                return self.grown(state, base, self.get(state, s.value.id))
            return state
        targets = [e.id for e in t.elts] if isinstance(t, ast.Tuple) else [t.id]
        state = _demote(state, id(s))   # what this statement made before is now an older array
        out = dict(state)
        sources = self.al.sharing(s._s2sad_op)
        for name in targets:
            value = frozenset()
            if self.al.may_alias(name):
                shared = [src for tgt, src in sources if tgt == name]
                value = frozenset().union(*(self.get(state, n) for n in shared)) if shared else frozenset()
                value = self.element(s, state, value)
                if not shared or self.al.makes_new(s._s2sad_op) or not value:
                    value |= {("new", id(s))}   # (a view of a number is a new 0-d array)
                if getattr(s, "_s2sad_inplace", False):  # `n op= v`: an array keeps its buffer
                    value = self.get(state, name) | (value if self.al.ranks.get(name) is None else frozenset())
            out[name] = self.positions(s, state, value) if len(targets) == 1 else value
        return out

    def grown(self, state, lst, extra):
        """``lst`` now holds ``extra`` too, and so does every other name that may hold the same list
        object (``M = L``, a tuple holding it: ``L.append(X)`` puts X in what they hold)."""
        mine = {b for b in self.get(state, lst) if b[0] in ("param", "global") or b[1] in self.list_sites}
        out = {k: (v | extra if k != lst and v & mine else v) for k, v in state.items()}
        out[lst] = self.get(state, lst) | extra
        return out

    def element(self, s, state, value):
        """``t = prm[k]`` (a constant int) of a name holding a tuple display: position k's buffers."""
        v = s.value
        if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and isinstance(v.slice, ast.Constant) \
                and type(v.slice.value) is int:
            elts = getattr(self.get(state, v.value.id), "elts", None)
            if elts is not None and -len(elts) <= v.slice.value < len(elts):
                return elts[v.slice.value]
        return value

    def positions(self, s, state, value):
        """``prm = (a, b)``: ``value`` keeping the buffers each position holds (``Held``)."""
        if not isinstance(s.value, ast.Tuple) or not all(self.settled(e, state) for e in s.value.elts):
            return value
        elts = tuple(self.get(state, e.id) if isinstance(e, ast.Name) else frozenset() for e in s.value.elts)
        return Held(value, elts)


    def settled(self, e, state):
        """An element whose buffers cannot grow after the display: a constant, an array or number
        (rank known, not a list), or a tuple display's name. (A list appended to afterwards would
        hold more than its buffers at the display: ``prm = (L, X); L.append(X); prm[0][1]`` is X.)"""
        if isinstance(e, ast.Constant):
            return True
        if not isinstance(e, ast.Name) or e.id in self.lists or e.id in getattr(self.al.ranks, "lists", ()):
            return False   # (kinds' ``lists``: every name that may hold a list, copies included)
        return isinstance(self.al.ranks.get(e.id), int) or getattr(self.get(state, e.id), "elts", None) is not None


class Held(frozenset):
    """The buffers a name may hold, and those each position of the tuple it holds may hold."""

    def __new__(cls, buffers, elts):
        out = super().__new__(cls, buffers)
        out.elts = elts
        return out

    def __eq__(self, other):   # (a loop settles only when the positions settle too)
        return frozenset.__eq__(self, other) and getattr(other, "elts", None) == self.elts

    def __ne__(self, other):
        return not self == other

    __hash__ = frozenset.__hash__


class _Unsettled(Exception):
    pass


def _demote(state, site):
    recent, old = ("new", site), ("old", site)

    def down(v):
        if recent not in v and not any(recent in e for e in getattr(v, "elts", ())):
            return v
        new = (v - {recent}) | {old} if recent in v else frozenset(v)
        elts = getattr(v, "elts", None)
        return new if elts is None else Held(new, tuple(down(e) for e in elts))
    return {k: down(v) for k, v in state.items()}


def _union(a, b):
    """Two states' buffers of one name; the positions kept where both are tuples of one length."""
    ea, eb = getattr(a, "elts", None), getattr(b, "elts", None)
    if ea is not None and eb is not None and len(ea) == len(eb):
        return Held(a | b, tuple(_union(x, y) for x, y in zip(ea, eb)))
    return frozenset(a | b)


def _join(*states):
    out = {}
    for st in states:
        for k, v in st.items():
            out[k] = _union(out[k], v) if k in out else v
    return out


def _simple_statements(stmts):
    for s in stmts:
        if isinstance(s, (ast.If, ast.For, ast.While)):
            yield from _simple_statements(s.body)
            yield from _simple_statements(s.orelse)
        else:
            yield s
