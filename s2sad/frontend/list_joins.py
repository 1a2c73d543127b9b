"""Stage 1c''' (before starred displays), joins of lists: ``a + b`` of two lists is ``[*a, *b]``.

``xs + [v]``, ``[v] + xs``, ``xs + ys`` make a new list of the items of both sides, in order; so
does the display ``[*xs, v]`` / ``[v, *xs]`` / ``[*xs, *ys]``, which ``starred_displays`` then
writes out item by item (or as appends to a fresh list), a form every mode differentiates: each
item of the result is an item of one side, and its gradient goes back to that item. ``a + b`` of
two arrays is an elementwise sum and must stay one, so the rewrite happens only where both sides
are surely lists:

* a list display or a list comprehension;
* a local *list name*: not a parameter, not ``global``/``nonlocal``, not read by a nested function
  or lambda, every store of which is ``name = <list>`` (a display, a comprehension, ``list(...)``,
  ``sorted(...)``, ``xs.copy()`` or a slice of a list, a join of lists, a repetition of one by an
  int (``analyses/list_names.int_names``), ``a if c else b`` of lists, another list name) or
  ``name += ...`` (an in-place extend keeps a list a list) — ``sequence_names.proven_lists``;
* a join of two such (``a + [u] + [v]`` is spliced into one display).

Invariant: the display evaluates what the join evaluated, in the same order, and builds a new
list as the join did. The one difference — the join reads the items of its left side after its
right side is evaluated, the display before — cannot be seen when the later sides call nothing
but library functions on list names (a helper given ``xs`` could append to it); a join with such a
call on its right is left as written (and refused later, located, in reverse mode).
"""
import ast

from .. import astutil as A
from ..analyses.list_names import int_names, is_int
from .sequence_names import is_list, proven_lists
from ..scopes import is_library
from .resolve import MISSING, Resolver

def joins_as_displays(src, fdef, namer):
    """Rewrite, in place, each ``a + b`` of two surely-list sides in ``fdef`` (module docstring)."""
    if not any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Mult)) for n in A.walk(fdef)):
        return
    ints = int_names(fdef)
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    hoist_repeated_items(src, fdef, namer, ints, resolver)
    _Joins(_list_names(fdef, resolver, ints), resolver, ints, namer).visit(fdef)


def hoist_repeated_items(src, fdef, namer, ints=None, resolver=None):
    """``_hoisted`` on every statement of ``fdef`` (also run by ``tuple_joins``, before it
    repeats tuples of names: a second run finds nothing left to hoist)."""
    ints = int_names(fdef) if ints is None else ints
    resolver = resolver or Resolver(src, set(A.assigned_locals(fdef)))
    A.map_blocks(fdef, lambda s: _hoisted(s, ints, namer, resolver))


_SIMPLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return)
_ONCE_ONLY = (ast.IfExp, ast.BoolOp, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr)


def _hoisted(s, ints, namer, resolver):
    """``[c * x, y] * n`` (a display with an item that computes, times an int) -> ``once = [c * x, y]``
    before the statement, then ``once * n`` in it: the display's items evaluated once, as Python
    does (``[c * x] * 3`` holds one array three times), then repeated by name; of a tuple,
    ``(c * x, y) * n`` -> ``item = c * x`` before, ``(item, y) * n`` in it (a tuple of names repeated,
    which every mode follows, jit too when ``n`` is a constant). Where the
    repetition is the statement's whole value, always; inside a larger expression (``np.stack([c * x]
    * n)``), where the display always runs (not under ``a if c else b``, ``and``/``or``, a lambda or
    a comprehension) and every call of the statement is a library function's that draws no random
    numbers — then evaluating the display first changes nothing another part of the statement
    could see. Several are hoisted in the order Python evaluates them. (``n`` surely an int of names
    and constants: evaluating it after the display changes nothing.)"""
    v = getattr(s, "value", None)
    if not isinstance(s, _SIMPLE) or v is None:
        return [s]
    found = [(b, side) for b, side in _repetitions(v, ints)]
    whole = isinstance(s, ast.Assign) and len(found) == 1 and found[0][0] is v
    if not found or not whole and not _library_only(s, resolver):
        return [s]
    out = []
    for binop, side in found:
        seq = getattr(binop, side)
        if isinstance(seq, ast.Tuple):      # its computing items bound to names: a display of names
            for i, x in enumerate(seq.elts):
                if not isinstance(x, (ast.Name, ast.Constant)):
                    item = namer.fresh("item")
                    out.append(A.at(A.assign(item, x), s))
                    seq.elts[i] = A.at(A.name(item), x)
            continue
        once = namer.fresh("once")
        setattr(binop, side, A.at(A.name(once), seq))
        out.append(A.at(A.assign(once, seq), s))
    return out + [s]


def _repetitions(e, ints):
    """(BinOp, side) of each ``[items] * n`` in ``e`` that always runs, in Python's order of evaluation."""
    if isinstance(e, _ONCE_ONLY):
        return []
    out = [r for child in ast.iter_child_nodes(e) if isinstance(child, ast.expr) for r in _repetitions(child, ints)]
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult):
        for side, other in (("left", e.right), ("right", e.left)):
            seq = getattr(e, side)
            if isinstance(seq, (ast.List, ast.Tuple)) and is_int(other, ints) \
                    and not any(isinstance(x, ast.Starred) for x in seq.elts) \
                    and not all(isinstance(x, (ast.Name, ast.Constant)) for x in seq.elts):
                return out + [(e, side)]
    return out


def _library_only(s, resolver):
    """Every call in ``s`` is of a library function that draws no random numbers."""
    for call in (n for n in ast.walk(s) if isinstance(n, ast.Call)):
        fn = resolver.obj(call.func)
        if fn is MISSING or not is_library(fn) or "random" in (getattr(fn, "__module__", None) or "") \
                or "random" in (A.dotted_path(call.func) or ""):
            return False
    return True


def _list_names(fdef, resolver, ints):
    """The local list names of ``fdef`` (module docstring): ``proven_lists``, less the names a
    nested function or lambda reads (it could grow the list while a join evaluates its right side)."""
    nested = {n.id for node in A.walk(fdef) if isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not fdef
              for n in ast.walk(node) if isinstance(n, ast.Name)}
    return proven_lists(fdef, _objects(resolver), ints) - nested


def _objects(resolver):
    """``resolver.obj`` as ``proven_lists`` asks it: the object a dotted name refers to, or None."""
    def resolve(node):
        fn = resolver.obj(node)
        return None if fn is MISSING else fn
    return resolve


class _Joins(ast.NodeTransformer):
    """Each ``a + b`` whose sides are surely lists becomes one list display with ``*`` items;
    each ``L * n`` of a list and an int, a comprehension (``_repetition``)."""

    def __init__(self, lists, resolver, ints, namer):
        self.lists, self.resolver, self.ints, self.namer = lists, resolver, ints, namer
        self.resolve = _objects(resolver)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Mult):
            return self.repetition(node)
        if not (isinstance(node.op, ast.Add) and is_list(node.left, self.lists, self.resolve, self.ints)
                and is_list(node.right, self.lists, self.resolve, self.ints)):
            return node
        if _may_change_lists(node.right, self.lists, self.resolver):
            return node
        elts = _items(node.left) + _items(node.right)
        return A.at(ast.List(elts=elts, ctx=ast.Load()), node)


    def repetition(self, node):
        """``L * n`` (or ``n * L``) of a list ``L`` and an int ``n`` is
        ``[v for _ in range(n) for v in L]``: the same objects, ``n`` times over. A display with an
        item that computes (``[c * x] * 3`` holds one array three times; a comprehension would
        compute three) was bound to a name first where it is a statement's whole value
        (``_hoisted``); elsewhere it is left, as a display of constants only (``[0.0] * n``:
        nothing to differentiate)."""
        for seq, n in ((node.left, node.right), (node.right, node.left)):
            if not (is_list(seq, self.lists, self.resolve, self.ints) and is_int(n, self.ints)):
                continue
            if isinstance(seq, ast.List) and not (
                    all(isinstance(e, (ast.Name, ast.Constant)) for e in seq.elts)
                    and any(isinstance(e, ast.Name) for e in seq.elts)):
                return node
            if not isinstance(seq, (ast.List, ast.Name)) or _may_change_lists(n, self.lists, self.resolver):
                return node
            k, item = self.namer.fresh("k"), self.namer.fresh("item")
            gens = [ast.comprehension(target=A.name(k, store=True), iter=A.call("range", n), ifs=[], is_async=0),
                    ast.comprehension(target=A.name(item, store=True), iter=seq, ifs=[], is_async=0)]
            return A.at(ast.ListComp(elt=A.name(item), generators=gens), node)
        return node


def _items(side):
    """The display items that give the items of ``side`` in order."""
    if isinstance(side, ast.List):
        return list(side.elts)
    return [A.at(ast.Starred(value=side, ctx=ast.Load()), side)]


def _may_change_lists(node, lists, resolver):
    """``node`` calls something other than a library function with a list name in reach (a
    helper could grow the left side's list before the join reads it)."""
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        fn = resolver.obj(call.func)
        if fn is not MISSING and is_library(fn):
            continue
        if any(isinstance(n, ast.Name) and n.id in lists for n in ast.walk(call)):
            return True
    return False
