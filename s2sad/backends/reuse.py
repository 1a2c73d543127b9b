"""Adjoint arrays of a loop written into the previous iteration's array (part of the ``jit`` stage).

Inside the reverse sweep's loops, ``b_z = b_t15 * z`` allocates a new array at every
iteration, and on GMM's vectors of 5 floats the allocation costs more than the
arithmetic. ``mark`` finds the assignments ``b = E`` in a loop, ``b`` an array adjoint,
whose previous array nothing can still read, and marks them ``_s2sad_reuse``; when
:mod:`s2sad.backends.loopfuse` fuses such a statement into a loop, the array it stores
``b``'s elements into is ``reused(b, x)``: ``b``'s own array when it has ``x``'s shape
(every element is written before anything reads it), a new one otherwise. ``b`` starts
as an empty array of its rank before the outermost loop.

Invariant (the conditions of :mod:`s2sad.backends.inplace`'s ``zeroed``, on its origins
and liveness analyses): before the statement, ``b``'s array was allocated inside this
function (no argument, global, ``dout`` or tape value), it never reached a call kept for
its effect (a tape or list append), an element (``L[i] = b``), a literal container or a
call of unknown effect, no name read after the statement nor ``E`` may share it, ``E``
does not read ``b``, and ``b``'s value entering the loop is never read (so the empty
array put there is never seen). A statement loopfuse leaves alone keeps its
allocation: the mark changes nothing there.

The origins analysis tells an allocation site's array of this iteration from those of
earlier ones (``_Generations``): ``b_v = b_t1`` right after ``b_t1 = E`` may reuse ``b_v``'s
previous array, though ``E``'s statement made it an iteration earlier. Every mark is checked
under the analysis that counts all the other marks as reuses (a reused array is ``b``'s old
one, not a new one), marks that fail are dropped and the rest checked again until all hold.
"""
import ast

from .. import astutil as A
from ..frontend.resolve import np_ref
from .inplace import EXTERNAL, Origins, Ranks, _names, liveness, make_fresh_call

MARK = "_s2sad_reuse"
PREV = "previous"


def mark(fdef, ns, ranks, adjoints):
    """Marks the statements of ``fdef`` that may reuse their target's array; puts the empty
    arrays they start from before the outermost loops. Returns ``fdef``."""
    r, fresh_call = Ranks(ranks, adjoints, ns), make_fresh_call(ns)
    live, live_in = {}, {}
    liveness(fdef.body, set(), live, live_in)
    loops = [s for s in fdef.body if isinstance(s, (ast.For, ast.While))]
    marked = {id(s): (s, outer) for outer in loops for s in ast.walk(outer)
              if isinstance(s, ast.Assign) and _candidate(s, r, adjoints)}
    _prefer_copies(marked)
    while True:         # every mark checked under the analysis that assumes all the others
        origins = _Generations([a.arg for a in fdef.args.args], r, fresh_call, marked)
        origins.run(fdef)
        ctx = _Marker(r, origins.before, live, live_in, _escaped(fdef, origins.before, fresh_call))
        failing = [k for k, (s, outer) in marked.items() if not ctx.reusable(s, outer)]
        if not failing:
            break
        for k in failing:
            del marked[k]
    body = []
    for s in fdef.body:
        if isinstance(s, (ast.For, ast.While)):
            found = {m.targets[0].id: r.name(m.targets[0].id) for m, outer in marked.values() if outer is s}
            body += [A.at(A.assign(b, ast.Call(func=np_ref("np.zeros"), args=[A.const((0,) * rank)], keywords=[])), s)
                     for b, rank in sorted(found.items())]
        body.append(s)
    for m, _ in marked.values():
        setattr(m, MARK, True)
    fdef.body = body
    return fdef


def _candidate(s, ranks, adjoints):
    t = s.targets[0]
    return len(s.targets) == 1 and isinstance(t, ast.Name) and t.id in adjoints and bool(ranks.name(t.id))


def _prefer_copies(marked):
    """``b = a`` right after ``a = E``: the two may not both reuse (``b``'s previous array is
    ``a``'s); the copy keeps its mark. Fused into one loop, ``a`` is an element of the run and
    ``b`` the array stored. With a statement between (GMM's ``b_t1 = np.full(...) * t2``, a tape
    pop, ``b_v = b_t1``) loopfuse cannot put the copy in ``a``'s run: ``a`` keeps its mark."""
    blocks = {}
    for s, outer in marked.values():
        for node in ast.walk(outer):
            for field in ("body", "orelse"):
                block = getattr(node, field, None)
                if isinstance(block, list) and any(x is s for x in block):
                    blocks[id(s)] = block
    for s, _ in list(marked.values()):
        if isinstance(s.value, ast.Name) and id(s) in blocks:
            block = blocks[id(s)]
            at = next(i for i, x in enumerate(block) if x is s)
            earlier = block[at - 1] if at else None
            if isinstance(earlier, ast.Assign) and _candidate_target(earlier) == s.value.id:
                marked.pop(id(earlier), None)


def _candidate_target(s):
    return s.targets[0].id if len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) else None


def _site(origin):
    return origin[1] if isinstance(origin, tuple) else origin


class _Generations(Origins):
    """The origins analysis where a site's latest array is told from its earlier ones: when
    statement ``s`` runs, the arrays it allocated before are ``(PREV, id(s))`` everywhere and
    ``id(s)`` is only the one it makes now (one allocation per run: never an array an earlier
    iteration left). A marked statement ``b = E`` may store into ``b``'s previous array: its
    value has ``b``'s origins too (so a reuse is seen by every other mark's check)."""

    def __init__(self, params, ranks, fresh_call, marked):
        super().__init__(params, ranks, fresh_call)
        self.marked = marked

    def simple(self, s, state):
        site = id(s)
        for n, mine in list(state.items()):
            if site in mine:
                state[n] = (mine - {site}) | {(PREV, site)}
        kept = state.get(s.targets[0].id, frozenset()) if site in self.marked else frozenset()
        super().simple(s, state)
        if site in self.marked:
            state[s.targets[0].id] = state[s.targets[0].id] | kept


def _escaped(fdef, before, fresh_call):
    """The origins of every array that may be kept somewhere a name does not show: passed to
    a call kept for its effect (``tape.append(b)``), stored into an element or attribute
    (``L[i] = b``: a list keeps the array itself), put in a literal container, or passed
    to a call of unknown effect."""
    out = set()
    for s in ast.walk(fdef):
        if id(s) not in before or not isinstance(s, (ast.Expr, ast.Assign)):
            continue                    # b[i] += e copies e's values, as b[i] = e into an array
        if isinstance(s, ast.Expr) or not isinstance(s.targets[0], ast.Name):
            held = _names(s.value)
        else:
            held = set()
            for e in ast.walk(s.value):
                if isinstance(e, (ast.List, ast.Tuple, ast.Dict, ast.Set)) \
                        or isinstance(e, ast.Call) and fresh_call(e) == "unknown":
                    held |= _names(e)
        for n in held:
            out |= before[id(s)].get(n, frozenset())
    return out


class _Marker:
    def __init__(self, ranks, before, live, live_in, escaped):
        self.ranks, self.before, self.live = ranks, before, live
        self.live_in, self.escaped = live_in, {_site(o) for o in escaped}

    def reusable(self, s, outer):
        b = s.targets[0].id
        if id(s) not in self.before:
            return False
        state = self.before[id(s)]
        mine = state.get(b, frozenset())
        if not mine or EXTERNAL in mine or {_site(o) for o in mine} & self.escaped or b in _names(s.value):
            return False
        if any(state.get(n, frozenset()) & mine for n in (self.live[id(s)] | _names(s.value)) - {b}):
            return False        # the array is still read after s, or by E
        return b not in self.live_in.get(id(outer), {b})
