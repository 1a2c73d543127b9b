"""Stage 5, tape analysis: which values the reverse sweep must save.

The adjoint of a statement may read primal values (``exp`` reads its result,
``x * y`` reads both operands, an ``if`` reads its flag, a loop its trip
count). A value read at statement S must be saved ("taped") only if the
variable may be assigned again between S and the reverse sweep reaching S:
when an assignment to it stands lexically after S, or shares a loop with S.
The forward sweep then pushes the value on that variable's own list
(``tape_h.append(h)``) and the reverse sweep pops it back into the variable
just before the adjoint that reads it. A ``for`` loop's own index is not taped:
the reverse loop runs the range backwards and regenerates it.

Everything else (parameters, values assigned once outside loops) is read
straight from the variables, which still hold their final forward values.

A value that is cheap to compute again from values the reverse sweep still
has is recomputed instead of saved (``_s2sad_recompute``): a view or element of
an array that never changes (``qdiag[:, r]``, ``main_params[2 * l]``) or a little
scalar arithmetic (``2 * l + 1``), assigned once, earlier in the same iteration
of the loops that enclose the read, from operands that are themselves never
reassigned, regenerated loop indices, or recomputable in turn; the reverse sweep
evaluates it as one expression (``t10 = d + c * (2 * d - c - 1) // 2 + r - c - 1``).

Two companions: ``shape_keep`` adds reads of an array's value before each rebinding that
may change its shape (the zero its adjoint restarts from needs that shape), and
``tape_hoist`` moves a save out of the loops around its read that never assign the value;
``tape_recompute`` decides which reads need a save and which can be recomputed instead.
"""
import ast
from dataclasses import dataclass

from .. import astutil as A
from ..rules.template_reads import template_reads
from . import alias_roots, joins, shape_keep, tape_hoist
from .receivers import changed_receiver
from .kinds import same_shape
from .tape_recompute import Unchanged, _inlined, needs_save, recompute_chain

END = 10 ** 9  # path suffix of a loop's "after" position (where its count is read)


@dataclass
class Site:
    path: tuple
    loops: frozenset
    regen_loop: object = None   # the For whose reverse regenerates this value
    stmt: object = None         # the assignment (simple statements only)


def positions(stmts, path=(), loops=frozenset(), sites=None, reads=None, active=None, reads_of=None):
    """Walk the IR; collect assignment sites and the reads the reverse sweep makes."""
    for i, s in enumerate(stmts):
        p = path + (i,)
        if isinstance(s, ast.If):
            if has_active(s):
                reads.append((p, loops, s, [s.test.id] if isinstance(s.test, ast.Name) else []))
            positions(s.body, p + (0,), loops, sites, reads, active, reads_of)
            positions(s.orelse, p + (1,), loops, sites, reads, active, reads_of)
        elif isinstance(s, ast.For):
            inner = loops | {id(s)}
            sites.setdefault(s.target.id, []).append(Site(p, inner, s))
            if has_active(s):
                reads.append((p, loops, s, [a.id for a in s.iter.args if isinstance(a, ast.Name)]))
            positions(s.body, p + (0,), inner, sites, reads, active, reads_of)
        elif isinstance(s, ast.While):
            inner = loops | {id(s)}
            positions(s.body, p + (0,), inner, sites, reads, active, reads_of)
            if has_active(s):
                reads.append((p + (END,), loops, s, [s._s2sad_count]))
        elif shape_keep.is_keep(s):
            reads.append((p, loops, s, s._s2sad_keep))
        else:
            for t in assigned(s):
                sites.setdefault(t, []).append(Site(p, loops, stmt=s))
            op = getattr(s, "_s2sad_op", None)
            if op is not None and any(t in active for t in op.targets):
                reads.append((p, loops, s, reads_of(op)))


def assigned(s):
    if hasattr(s, "_s2sad_append"):
        return [s._s2sad_append[0]]
    if isinstance(s, ast.Assign):
        tgt = s.targets[0]
        if isinstance(tgt, ast.Subscript):
            return [tgt.value.id]
        return ([e.id for e in tgt.elts] if isinstance(tgt, ast.Tuple) else [tgt.id]) + changed_receiver(s)
    return changed_receiver(s)


def has_active(s):
    return getattr(s, "_s2sad_active", False)


def mark_active(stmts, active):
    """Set ``_s2sad_active`` on every statement that has a reverse part; return any."""
    found = False
    for s in stmts:
        if isinstance(s, (ast.If, ast.For, ast.While)):
            inner = mark_active(s.body, active)
            inner = mark_active(s.orelse, active) or inner
            s._s2sad_active = inner
        else:
            op = getattr(s, "_s2sad_op", None)
            s._s2sad_active = op is not None and any(t in active for t in op.targets)
        found = found or s._s2sad_active
    return found


def value_reads(op, active, ranks):
    """Primal names the adjoint of ``op`` reads. Names read only for their shape are
    left out when they are scalars; an array's shape may change between iterations
    (``y[i:]``), so it is read like a value."""
    if op.kind == "append":
        return [op.stmt._s2sad_append[1]]
    if op.kind == "custom":
        return op.func.reads(op)
    if op.kind in ("getitem", "setitem"):
        idx = op.stmt.value.slice if op.kind == "getitem" else op.stmt.targets[0].slice
        names = set(A.names_in(idx))
        if op.kind == "getitem" and op.operands and ranks.get(op.operands[0]) != 0 \
                and op.operands[0] not in getattr(ranks, "stable", set()):
            names.add(op.operands[0])  # its shape, for the zeros its adjoint may start from
        value = op.stmt.value if op.kind == "setitem" else None
        if isinstance(value, ast.Name) and value.id in active and ranks.get(value.id) != 0 \
                and value.id not in getattr(ranks, "stable", set()):
            names.add(value.id)  # its shape, for the slice's gradient
        return sorted(names)
    if op.rule is None:
        return []
    pieces = getattr(op.stmt, "_s2sad_join", None)
    if pieces is not None:   # written piece by piece (joins.py): the lengths of all pieces but the last
        return sorted({p for p in pieces[:-1] if p not in getattr(ranks, "stable", set())})
    values, shapes, broadcast = template_reads(op.rule, [p for p in op.rule.params[1:]
                                                         if isinstance(op.bound.get(p), ast.Name)
                                                         and op.bound[p].id in active])
    result = op.targets[0]
    # an unbroadcast is left out where the argument has the result's shape (reverse.rev_binop)
    shapes |= {p for p in broadcast if not (isinstance(op.bound.get(p), ast.Name) and same_shape(
        ranks, op.bound[p].id, result, list(op.bound.values())))}
    stable = getattr(ranks, "stable", set())
    names = values | {p for p in shapes if _rank(op, p, ranks) != 0 and _name(op, p) not in stable}
    out = []
    for p in names:
        node = op.targets[0] if p == op.rule.params[0] else op.bound.get(p)
        if isinstance(node, str):
            out.append(node)
        elif node is not None:
            out.extend(A.names_in(node))
    return sorted(set(out))


def _name(op, param):
    node = op.targets[0] if param == op.rule.params[0] else op.bound.get(param)
    return node if isinstance(node, str) else getattr(node, "id", None)


def _rank(op, param, ranks):
    node = op.targets[0] if param == op.rule.params[0] else op.bound.get(param)
    name = node if isinstance(node, str) else getattr(node, "id", None)
    return 0 if isinstance(node, ast.Constant) else ranks.get(name)


def analyze(body, active, ops, ranks, global_names=frozenset(), params=(), compiled=None):
    """Annotate statements with ``_s2sad_saves`` (names to tape).

    Returns the taped names and the names that may change in place (written
    with ``a[i] = v``, or views of such an array), whose saved values must be
    copies. A write to an array counts as an assignment to all its views."""
    # a global array the function writes into (`BUF[i] = v`) changes: its reads are saved like a local's
    global_names = frozenset(global_names) - {t for op in ops for t in written_in_place(op, ()) if t in global_names}
    mark_active(body, active)
    joins.mark(body, ops, ranks)
    shape_keep.insert(body, active, ranks, list_names(ops), params, compiled)
    sites, reads = {}, []
    positions(body, sites=sites, reads=reads, active=active,
              reads_of=lambda op: value_reads(op, active, ranks))
    lists = list_names(ops)
    groups = alias_roots.groups(ops, lists, global_names)
    for op in ops:
        for written in written_in_place(op, lists):
            for member in groups.get(written, ()):
                if member != written:
                    sites.setdefault(member, []).extend(
                        s for s in sites.get(written, []) if s.regen_loop is None)
    # a list (set, dict) changed by its methods changes every name that may hold it (`c = cands`,
    # a helper's parameter inlined): a value saved from one is a snapshot, its own copy
    changed = {m for s in body for n in A.walk(s) if isinstance(n, ast.stmt) for r in changed_receiver(n)
               for m in groups.get(r, {r})}
    for r in changed:
        for member in groups.get(r, ()):
            if member != r:
                sites.setdefault(member, []).extend(
                    s for s in sites.get(r, []) if s.regen_loop is None and s.stmt is not None
                    and r in changed_receiver(s.stmt))
    mutated = Mutated()
    containers = lists | {op.targets[0] for op in ops if op.kind == "pack" and op.func is None}
    for op in ops:
        if op.kind == "append":
            mutated.add(op.targets[0])
        for written in written_in_place(op, lists):
            mutated |= groups.get(written, {written})
            mutated.containers |= groups.get(written, set()) & containers
    mutated |= changed
    mutated.containers |= changed
    fixed = Unchanged(global_names, mutated | lists)
    for path, loops, stmt, names in reads:
        saves, again = [], []
        for v in names:
            if v in global_names or not needs_save(v, path, loops, sites):
                continue
            how = recompute_chain(v, path, loops, sites, ranks, fixed)
            if how is None:
                saves.append(v)
            else:
                again.append((v, _inlined(how[0])))
                saves += [n for n in how[1] if n not in saves]
        stmt._s2sad_saves, stmt._s2sad_recompute = saves, again
    tape_hoist.hoist(reads, sites, tape_hoist.loop_paths(body))
    dedupe(body, {v: g for v, g in groups.items() if v not in lists})   # lst[i] = v writes no array
    taped = {v for _, _, stmt, _ in reads for v in stmt._s2sad_saves}
    return sorted(taped), mutated


class Mutated(set):
    """The names whose saved values must be copies; ``containers`` are the tuples and lists among
    them, holding an array written in place (``prm = (X, B)``: a copy keeps the container and copies its arrays,
    ``rules/schedule.snapshot``; ``np.copy`` would stack them into one array, or fail on arrays
    of different shapes)."""
    def __init__(self):
        super().__init__()
        self.containers = set()


def written_in_place(op, lists):
    """The arrays ``op`` writes into: a ``setitem``'s target (``lst[i] = v`` changes no array), and
    the array state of a checkpointed loop (its ``custom`` statement hands the caller's arrays to
    steps that write into them: a value saved before the loop must be a copy)."""
    if op.kind == "setitem":
        return [] if op.targets[0] in lists else [op.targets[0]]
    if op.kind == "custom":
        return list(getattr(op.func, "in_place", ()))
    return []


def list_names(ops):
    """Names holding Python lists (appended to, or assigned a list display)."""
    return {op.targets[0] for op in ops if op.kind == "append" or
            isinstance(op.stmt, ast.Assign) and isinstance(op.stmt.value, ast.List) and op.targets}


def dedupe(stmts, groups=None):
    """Save a value once per block: when two statements of one block save the same
    unchanged value, only the later one keeps the save (its pop in the reverse sweep
    comes first and leaves the value in place for the earlier adjoint). A write into an
    array (``tmp[1] = v``) changes every name that may share its memory (``groups``)."""
    groups, pending = groups or {}, {}
    for s in stmts:
        if isinstance(s, (ast.If, ast.For, ast.While)):
            dedupe(s.body, groups)
            dedupe(s.orelse, groups)
            inner = {t for n in A.walk(s) if isinstance(n, ast.stmt) for t in _changed(n, groups)}
            if isinstance(s, ast.For):
                inner.add(s.target.id)
            pending = {v: p for v, p in pending.items() if v not in inner}
            continue
        saves, mine = getattr(s, "_s2sad_saves", []), _changed(s, groups)
        for v in saves:
            if v in pending and v not in mine:
                pending[v]._s2sad_saves = [x for x in pending[v]._s2sad_saves if x != v]
        for t in mine:
            pending.pop(t, None)
        for v in saves:
            pending[v] = s


def _changed(s, groups):
    names = set(assigned(s))
    if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Subscript):
        for t in list(names):
            names |= groups.get(t, set())
    return names
