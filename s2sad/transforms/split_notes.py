"""What the call sites of a recursive function say about its parameters (a mixin of
``split_build.Split``): each parameter's rank, and whether it is given a list or a tuple.

Invariant: every call agrees (numba compiles one ``R_forward`` for all of them); a rank not known
yet at one call (an argument computed from a recursive result not built yet) waits in
``unknown`` instead of disagreeing; a parameter given a list or tuple at any call is kept whole
for the reverse sweep (``Ranks.lists``: a snapshot, never its shape only)."""
import ast

from ..analyses import expr_ranks, kinds as kinds_mod
from ..errors import unsupported


class CallNotes:
    def note(self, call, ranks, holders=frozenset()):
        """Ranks of the arguments at a call site; every call must agree (numba needs one type).
        A rank not known yet (an argument made from the result of a recursive function not built
        yet) is no disagreement while the group is being built: ``unknown`` keeps the call, and
        ``Group.finish`` refuses it if the last build still does not know it."""
        here = {p: self.arg_rank(a, ranks) for p, a in zip(self.params, call.args)}
        held = {p for p, a in zip(self.params, call.args) if isinstance(a, (ast.List, ast.Tuple))
                or isinstance(a, ast.Name) and a.id in holders}
        self.unknown.pop(id(call.stmt), None)
        if self.kinds is None:
            self.kinds, self.first = kinds_mod.Ranks(here), call
            self.kinds.lists = frozenset(held)    # a list or tuple: kept as one (snapshot), never by its shape
            return
        if held - self.kinds.lists:
            if self.built:
                raise unsupported(call.src, call.stmt, f"this call to `{self.fn.__name__}`: its parameter "
                                  f"`{sorted(held - self.kinds.lists)[0]}` gets a list or tuple here and an "
                                  "array or number at another call", "Pass values of one kind at every call.")
            self.kinds.lists |= held
        bad = [p for p in self.params if here[p] != self.kinds[p]]
        if bad and all(here[p] is None for p in bad):
            self.unknown[id(call.stmt)] = (call, bad[0], here[bad[0]])
        elif bad:
            self.disagree(call, bad[0], here[bad[0]])

    def arg_rank(self, a, ranks):
        """The rank of an argument: a name's, a constant's, a display's (``f((X, B), n)``: None, a
        tuple of arrays of any shapes, unless its items stack into one array); None when unknown."""
        if isinstance(a, ast.Name):
            return ranks.get(a.id)
        if isinstance(a, ast.Constant):
            return 0
        rank = expr_ranks.rank(a, ranks, self.group.ns)
        return None if rank is expr_ranks._UNSET else rank

    def disagree(self, call, bad, rank):
        raise unsupported(call.src, call.stmt, f"this call to `{self.fn.__name__}`: its parameter `{bad}` "
                          f"gets rank {rank} here and rank {self.kinds[bad]} at another call",
                          "Pass values of one rank (numbers, or arrays of one number of dimensions).")
