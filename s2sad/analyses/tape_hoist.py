"""Stage 5b, saves moved out of loops: a value saved for a read inside loops that never
assign it is saved once per entry of the outermost such loop, not once per iteration.

Invariant: a save moves to a loop statement only if no statement in that loop assigns
the value (in place or through a view: the tape analysis's ``sites`` hold those writes),
so the value in its variable is the same at the read and at the loop's boundary; the
loop statement's ``_s2sad_saves`` then holds it (pushed before a ``for``, after a
``while``; popped before the reversed loop). A keep marker (``shape_keep``) stands in
the block of the rebinding it guards, so its saves never move.
"""
import ast


def loop_paths(stmts, path=(), out=None):
    """The ``for`` and ``while`` loops of the IR by their path (as :func:`positions` numbers them)."""
    out = {} if out is None else out
    for i, s in enumerate(stmts):
        p = path + (i,)
        if isinstance(s, (ast.For, ast.While)):
            out[p] = s
            loop_paths(s.body, p + (0,), out)
        elif isinstance(s, ast.If):
            loop_paths(s.body, p + (0,), out)
            loop_paths(s.orelse, p + (1,), out)
    return out


def hoist(reads, sites, loops):
    """Save a value once per entry of the outermost loop around its read that never assigns
    it, instead of once per iteration: the loop statement saves it (pushed before a ``for``,
    after a ``while``; popped before the reversed loop), and the value stays in its variable
    for the whole reversed loop, since nothing in the loop assigns it (in place or through
    a view either: ``sites`` holds those writes too). ``xc`` assigned once per point and read
    by the adjoints of an inner loop over its columns is pushed once per point."""
    extra = {}
    for path, _, stmt, _ in reads:
        keep = []
        for v in stmt._s2sad_saves:
            loop = _outer_free_loop(v, path, stmt, sites, loops)
            if loop is None:
                keep.append(v)
            elif v not in extra.setdefault(id(loop), (loop, []))[1]:
                extra[id(loop)][1].append(v)
        stmt._s2sad_saves = keep
    for loop, names in extra.values():
        own = list(getattr(loop, "_s2sad_saves", []))
        loop._s2sad_saves = own + [v for v in names if v not in own]


def _outer_free_loop(v, path, stmt, sites, loops):
    for k in range(1, len(path)):
        loop = loops.get(path[:k])
        if loop is None or loop is stmt:
            continue
        if not any(s.path[:k] == path[:k] for s in sites.get(v, ())):
            return loop
    return None
