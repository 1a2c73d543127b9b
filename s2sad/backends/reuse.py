"""Adjoint arrays of a loop written into the previous iteration's array (part of the ``jit`` stage).

Inside the reverse sweep's loops, ``b_z = b_t15 * z`` allocates a new array at every
iteration, and on GMM's vectors of 5 floats the allocation costs more than the
arithmetic. ``mark`` finds the assignments ``b = E`` in a loop, ``b`` an array adjoint,
whose previous array nothing can still read, and marks them ``_s2sad_reuse``; when
:mod:`s2sad.backends.loopfuse` fuses such a statement into a loop, the array it stores
``b``'s elements into is ``reused(b, x)``: ``b``'s own array when it has ``x``'s shape
(every element is written before anything reads it), a new one otherwise. ``b`` starts
as an empty array of its rank before the outermost loop.

Invariant (the conditions of :mod:`s2sad.transforms.inplace`'s ``zeroed``, on its origins
and liveness analyses): before the statement, ``b``'s array was allocated inside this
function (no argument, global, ``dout`` or tape value), it never reached a call kept for
its effect (a tape or list append), an element (``L[i] = b``), a literal container or a
call of unknown effect, no name read after the statement nor ``E`` may share it, ``E``
does not read ``b``, and ``b``'s value entering the loop is never read (so the empty
array put there is never seen). A statement loopfuse leaves alone keeps its
allocation: the mark changes nothing there.
"""
import ast

from .. import astutil as A
from ..frontend.resolve import np_ref
from ..transforms.inplace import EXTERNAL, Origins, Ranks, _names, liveness, make_fresh_call

MARK = "_s2sad_reuse"


def mark(fdef, ns, ranks, adjoints):
    """Marks the statements of ``fdef`` that may reuse their target's array; puts the empty
    arrays they start from before the outermost loops. Returns ``fdef``."""
    r, fresh_call = Ranks(ranks, adjoints, ns), make_fresh_call(ns)
    origins = Origins([a.arg for a in fdef.args.args], r, fresh_call)
    origins.run(fdef)
    live, live_in = {}, {}
    liveness(fdef.body, set(), live, live_in)
    ctx = _Marker(r, adjoints, origins.before, live, live_in, _escaped(fdef, origins.before, fresh_call))
    body = []
    for s in fdef.body:
        if isinstance(s, (ast.For, ast.While)):
            body += [A.at(A.assign(b, ast.Call(func=np_ref("np.zeros"), args=[A.const((0,) * rank)], keywords=[])), s)
                     for b, rank in ctx.loop(s)]
        body.append(s)
    fdef.body = body
    return fdef


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
    def __init__(self, ranks, adjoints, before, live, live_in, escaped):
        self.ranks, self.adjoints, self.before, self.live = ranks, adjoints, before, live
        self.live_in, self.escaped = live_in, escaped

    def loop(self, outer):
        """``[(name, rank)]`` of the arrays marked in the outermost loop ``outer``."""
        found = {}
        for s in ast.walk(outer):
            if isinstance(s, ast.Assign) and self.reusable(s, outer):
                setattr(s, MARK, True)
                found[s.targets[0].id] = self.ranks.name(s.targets[0].id)
        return sorted(found.items())

    def reusable(self, s, outer):
        t = s.targets[0]
        if len(s.targets) != 1 or not isinstance(t, ast.Name) or t.id not in self.adjoints \
                or not self.ranks.name(t.id) or id(s) not in self.before:
            return False
        b, state = t.id, self.before[id(s)]
        mine = state.get(b, frozenset())
        if not mine or EXTERNAL in mine or mine & self.escaped or b in _names(s.value):
            return False
        if any(state.get(n, frozenset()) & mine for n in (self.live[id(s)] | _names(s.value)) - {b}):
            return False        # the array is still read after s, or by E
        return b not in self.live_in.get(id(outer), {b})
