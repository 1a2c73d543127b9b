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
``tape_hoist`` moves a save out of the loops around its read that never assign the value.
"""
import ast
from dataclasses import dataclass

from .. import astutil as A
from ..rules import registry as rules
from . import joins, shape_keep, tape_hoist
from .alias import VIEW_FUNCS
from .kinds import same_shape

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
        return [e.id for e in tgt.elts] if isinstance(tgt, ast.Tuple) else [tgt.id]
    return []


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
    values, shapes = rules.template_reads(op.rule, [p for p in op.rule.params[1:]
                                                    if isinstance(op.bound.get(p), ast.Name)
                                                    and op.bound[p].id in active])
    result = op.targets[0]
    shapes = {p for p in shapes if not (isinstance(op.bound.get(p), ast.Name) and same_shape(
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


def needs_save(var, path, loops, sites):
    for site in sites.get(var, ()):
        if site.regen_loop is not None and _inside(path, site.path) and len(
                [s for s in sites[var] if _inside(s.path, site.path) and s is not site]) == 0:
            continue
        if site.path > path or site.loops & loops:
            return True
    return False


def _inside(path, loop_path):
    return len(path) > len(loop_path) and path[:len(loop_path)] == loop_path


def alias_groups(ops):
    """Names that may share memory: ``a = b``, ``a = b[i]`` and ``a = np.transpose(b)`` (views)
    join a group."""
    parent = {}

    def find(v):
        while parent.get(v, v) != v:
            v = parent[v]
        return v
    for op in ops:
        if op.kind in ("copy", "getitem") and op.operands:
            parent[find(op.targets[0])] = find(op.operands[0])
        elif isinstance(op.stmt, ast.Assign) and isinstance(op.stmt.value, ast.Call) and op.stmt.value.args \
                and getattr(op.func, "__name__", "") in VIEW_FUNCS and isinstance(op.stmt.value.args[0], ast.Name) \
                and len(op.targets) == 1:
            parent[find(op.targets[0])] = find(op.stmt.value.args[0].id)
    groups = {}
    for v in set(parent) | set(parent.values()):
        groups.setdefault(find(v), set()).add(v)
    return {v: g for g in groups.values() for v in g}


def analyze(body, active, ops, ranks, global_names=frozenset(), params=()):
    """Annotate statements with ``_s2sad_saves`` (names to tape).

    Returns the taped names and the names that may change in place (written
    with ``a[i] = v``, or views of such an array), whose saved values must be
    copies. A write to an array counts as an assignment to all its views."""
    mark_active(body, active)
    joins.mark(body, ops, ranks)
    shape_keep.insert(body, active, ranks, list_names(ops), params)
    sites, reads = {}, []
    positions(body, sites=sites, reads=reads, active=active,
              reads_of=lambda op: value_reads(op, active, ranks))
    groups = alias_groups([op for op in ops if not set(op.operands) & global_names])
    lists = list_names(ops)
    for op in ops:
        if op.kind == "setitem" and op.targets[0] not in lists:   # lst[i] = v changes no array
            for member in groups.get(op.targets[0], ()):
                if member != op.targets[0]:
                    sites.setdefault(member, []).extend(
                        s for s in sites.get(op.targets[0], []) if s.regen_loop is None)
    mutated = set()
    for op in ops:
        if op.kind in ("setitem", "append"):
            mutated |= {op.targets[0]} if op.targets[0] in lists else groups.get(op.targets[0], {op.targets[0]})
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
    dedupe(body, groups)
    taped = {v for _, _, stmt, _ in reads for v in stmt._s2sad_saves}
    return sorted(taped), mutated


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


# ---- recompute instead of save -------------------------------------------------------

MAX_RECOMPUTE = 6     # assignments one read may recompute (a chain of views and indices)


class Unchanged:
    """What a recompute chain may take as it is: ``names`` (globals, read at their current
    value; ``in`` tests these), and ``mutated``, the arrays written in place and the lists,
    which it must not save in place of the value computed from them."""

    def __init__(self, names, mutated=frozenset()):
        self.names, self.mutated = names, mutated

    def __contains__(self, name):
        return name in self.names


def recompute_chain(v, path, loops, sites, ranks, fixed, depth=MAX_RECOMPUTE, read=None, read_loops=None):
    """How to have ``v`` hold at ``path`` in the reverse sweep the value it had there in the
    forward sweep without saving it: ``(chain, saves)`` where ``chain`` is ``[(name, expr),
    ...]`` to evaluate in order and ``saves`` the operands to save at ``path`` instead (one int
    saved for several views; the arrays of a list display rather than the list, a list of
    lists being slow under numba; the base of a view rather than the view, which the
    save of the base for another read then serves too); None if ``v`` itself must be saved.
    ``read``: the path of the read the chain serves (where the saves happen), ``path`` by
    default. ``fixed``: an :class:`Unchanged` (or a set of global names)."""
    top = read is None
    read = path if read is None else read
    read_loops = loops if read_loops is None else read_loops
    fixed = fixed if isinstance(fixed, Unchanged) else Unchanged(fixed)
    own = sites.get(v, [])
    if depth <= 0 or len(own) != 1 or own[0].stmt is None or own[0].regen_loop is not None:
        return None
    site = own[0]
    stmt = site.stmt
    if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
            and hasattr(stmt, "_s2sad_op") and cheap(stmt.value, ranks)):
        return None
    # the one assignment runs before the read, in the same iteration of every loop around it,
    # and on every path that reaches the read (its block encloses the read's)
    if not (site.path < path and site.loops <= loops and path[:len(site.path) - 1] == site.path[:-1]):
        return None
    chain, saves = [], []
    for name in _operands(stmt.value, ranks):
        if name in fixed or not needs_save(name, site.path, site.loops, sites):
            continue
        inner = recompute_chain(name, site.path, site.loops, sites, ranks, fixed, depth - 1, read, read_loops)
        if inner is None:
            if ranks.get(name) != 0 and name in fixed.mutated or _assigned_between(
                    name, site.path, read, sites, read_loops - site.loops):
                return None
            saves.append(name)      # unchanged from the assignment to the read: saved at the read
            continue
        chain += [c for c in inner[0] if c not in chain]
        saves += [n for n in inner[1] if n not in saves]
    if len(chain) >= depth:
        return None
    if top and not _worth(stmt.value, saves, ranks):
        return None
    return chain + [(v, stmt.value)], saves


def _worth(expr, saves, ranks):
    """Saving ``saves`` instead of the value of ``expr``: always for scalars only and for
    the pieces of a list display; for an array, only in place of one value."""
    return isinstance(expr, ast.List) or len(saves) <= 1 or all(ranks.get(n) == 0 for n in saves)


def _inlined(chain):
    """The last value of a recompute chain as one expression (the others substituted in)."""
    values = {}
    for name, expr in chain:
        values[name] = _Substitute(values).visit(A.clone(expr))
    return values[chain[-1][0]]


class _Substitute(ast.NodeTransformer):
    def __init__(self, values):
        self.values = values

    def visit_Name(self, node):
        if node.id in self.values and isinstance(node.ctx, ast.Load):
            return A.clone(self.values[node.id])
        return node


def _assigned_between(name, start, end, sites, around=frozenset()):
    """``name`` is assigned after ``start`` and up to ``end`` included, or anywhere in a loop
    ``around`` that encloses ``end`` but not ``start`` (a later iteration reaches ``end`` with
    that value: ``seq = q`` before a loop that rebinds ``q`` and reads ``seq[t]``). A read at
    ``end`` that assigns ``name`` saves its new value (the adjoint of ``y = exp(y)`` reads the
    result), not the one the recomputed expression used."""
    return any(start < s.path <= end or s.regen_loop is not None or around & s.loops
               for s in sites.get(name, ()))


def cheap(expr, ranks):
    """A view or element of a named array with scalar indices, a dimension of an array whose
    shape never changes (``h.shape[0]``), another name, a list display of such values, or a
    little scalar arithmetic."""
    if isinstance(expr, ast.Name):
        return True
    if isinstance(expr, ast.List):
        return all(isinstance(e, ast.Name) or cheap(e, ranks) for e in expr.elts)
    if isinstance(expr, ast.Subscript) and _stable_shape(expr.value, ranks):
        return isinstance(expr.slice, ast.Constant)
    if isinstance(expr, ast.Subscript):
        return isinstance(expr.value, ast.Name) and _scalar_index(expr.slice, ranks)
    return _scalar_arith(expr, ranks, 8)


def _stable_shape(node, ranks):
    return isinstance(node, ast.Attribute) and node.attr == "shape" and isinstance(node.value, ast.Name) \
        and node.value.id in getattr(ranks, "stable", ())


def _operands(expr, ranks):
    """The names whose values ``expr`` reads (not those it reads only a stable shape of)."""
    if isinstance(expr, ast.Subscript) and _stable_shape(expr.value, ranks):
        return []
    return sorted(set(A.names_in(expr)))


def _scalar_index(node, ranks):
    if isinstance(node, ast.Tuple):
        return all(_scalar_index(e, ranks) for e in node.elts)
    if isinstance(node, ast.Slice):
        return all(p is None or _scalar_arith(p, ranks, 8) for p in (node.lower, node.upper, node.step))
    return _scalar_arith(node, ranks, 8)


def _scalar_arith(node, ranks, budget):
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.Name):
        return ranks.get(node.id) == 0
    if budget <= 0:
        return False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _scalar_arith(node.operand, ranks, budget - 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv)):
        return _scalar_arith(node.left, ranks, budget - 1) and _scalar_arith(node.right, ranks, budget - 1)
    return False
