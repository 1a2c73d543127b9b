"""Which values read by an adjoint the reverse sweep cannot read straight from their variable
(``needs_save``), and which of those it can compute again instead of saving (``recompute_chain``).

A value must be saved when its variable may be assigned again between the read and the
reverse sweep reaching it (an assignment lexically after, or in a loop shared with the read;
a ``for`` loop's own index is regenerated). It is recomputed instead when it is cheap
(``cheap``: a view or element of an array, a stable dimension, a little scalar arithmetic),
assigned once, earlier in the same iteration of the loops around the read, from operands
that are unchanged up to the read or recomputable in turn. Invariant: a recompute chain
evaluated at the read gives exactly the value the forward sweep read there.
"""
import ast

from .. import astutil as A


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
