"""Lists whose items are always numbers, for the alias stage's check of ``xs[i] op= v``
(``alias_lists.check_list_updates``): on such a list the update rebinds the item
(``indeg = [0] * n; indeg[v] += 1`` is ``indeg[v] = indeg[v] + 1``), as the normal form writes
it, whatever the ranks analysis could tell of ``v`` (an index read from a list of edges has no
known rank).

A greatest fixpoint over the function in normal form (``flat``): a name is number-valued when
every binding of it is (a number constant, a name known to be a number, an item of a number
list, an operator or ``len``/``int``/... of number-valued operands, a ``range`` loop's counter);
a list is a number list when it is made only by displays of number-valued items (``[0] * n``
too), takes only number-valued items (element stores, appends), and is read only through an
index, ``len``, a test ``in``, ``+``/``*`` (a new list) or a copy of the name (``m = xs``, whose group is checked whole).
A list or tuple parameter whose items were all numbers when called (the build key says so:
``api_build.key_of``) starts as a number list, kept only on the same conditions.

Invariant: sound by induction over a run: when every name and list of the sets holds numbers,
each statement keeps them so; anything else (a list passed to a call, stored in another list, a
slice store) drops the list. It reads the tree and never changes it.
"""
import ast

_NUMBER_CALLS = ("len", "int", "float", "abs", "round", "bool")


def number_lists(al, flat):
    """The names of lists (of ``al.lists``) whose items are always numbers."""
    defs, loads = _bindings(flat), _list_loads(flat, al.lists)
    names = set(defs) | {e.stmt.target.id for e in flat if e.header and isinstance(e.stmt, ast.For)}
    lists = {n for n in al.lists if (n in defs and n not in al.sequences or n in al.number_params)
             and loads.get(n, True)}   # a parameter passed a list of numbers starts as one
    changed = True
    while changed:
        changed = False
        for n in sorted(names):
            if n in defs and not all(_number(v, names, lists, al) for v in defs[n]):
                names.discard(n)
                changed = True
        for n in sorted(lists):
            if not _fills(n, flat, names, lists, al):
                lists.discard(n)
                changed = True
    return lists


def _bindings(flat):
    """name -> the values assigned to it (a name also bound by an unpacking or a call's effect: [None])."""
    defs = {}
    for e in flat:
        s = e.stmt
        if e.header or not isinstance(s, ast.Assign) or hasattr(s, "_s2sad_append"):
            continue
        t = s.targets[0]
        if isinstance(t, ast.Name):
            defs.setdefault(t.id, []).append(s.value)
        else:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    defs.setdefault(n.id, []).append(None)
    return defs


def _list_loads(flat, lists):
    """list name -> False if it is read other than through an index, ``len``, ``in`` or a copy."""
    ok = {}
    for e in flat:
        s = e.stmt
        parents = {id(c): p for p in ast.walk(s) for c in ast.iter_child_nodes(p)}
        for n in _own_nodes(e):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in lists:
                ok[n.id] = ok.get(n.id, True) and _plain_read(n, parents.get(id(n)), s)
    return ok


def _own_nodes(e):
    """The nodes of an entry of ``flat``: a loop's or branch's header is its test or iterable, not
    its body (the body's statements are entries of their own)."""
    s = e.stmt
    if not e.header:
        return ast.walk(s)
    heads = [getattr(s, f) for f in ("target", "iter", "test") if getattr(s, f, None) is not None]
    return [n for h in heads for n in ast.walk(h)]


def _plain_read(n, parent, s):
    if isinstance(parent, ast.Attribute) and getattr(s, "_s2sad_append", (None,))[0] == n.id:
        return True                                     # xs.append(v): _fills checks v
    if isinstance(parent, ast.Subscript):
        return parent.value is n
    if isinstance(parent, ast.BinOp):                   # [0] * n, xs + ys: a new list of the same items
        return isinstance(parent.op, (ast.Mult, ast.Add))
    if isinstance(parent, ast.Call):
        return isinstance(parent.func, ast.Name) and parent.func.id == "len"
    if isinstance(parent, ast.Compare):
        return n is not parent.left and all(isinstance(o, (ast.In, ast.NotIn)) for o in parent.ops)
    if isinstance(s, ast.Return):
        return True
    return isinstance(s, ast.Assign) and s.value is n and isinstance(s.targets[0], ast.Name)   # m = xs


def _number(v, names, lists, al):
    """Whether expression ``v`` computes a number when the sets hold numbers."""
    if isinstance(v, ast.Constant):
        return isinstance(v.value, (int, float, bool))
    if isinstance(v, ast.Name):
        return v.id in names or al.ranks.get(v.id) == 0 and v.id not in al.zero_d
    if isinstance(v, ast.Subscript):
        return isinstance(v.value, ast.Name) and v.value.id in lists and not isinstance(v.slice, ast.Slice)
    if isinstance(v, ast.BinOp):
        return _number(v.left, names, lists, al) and _number(v.right, names, lists, al)
    if isinstance(v, ast.UnaryOp):
        return _number(v.operand, names, lists, al)
    if isinstance(v, (ast.Compare, ast.BoolOp)):
        parts = v.values if isinstance(v, ast.BoolOp) else [v.left] + v.comparators
        return all(_number(p, names, lists, al) or isinstance(v, ast.Compare) and isinstance(p, ast.Name)
                   and p.id in lists for p in parts)
    if isinstance(v, ast.IfExp):
        return _number(v.body, names, lists, al) and _number(v.orelse, names, lists, al)
    if isinstance(v, ast.Call):
        return isinstance(v.func, ast.Name) and v.func.id in _NUMBER_CALLS and not v.keywords \
            and (v.func.id == "len" or all(_number(a, names, lists, al) for a in v.args))
    return False


def _fills(n, flat, names, lists, al):
    """Whether every statement that binds list ``n`` or puts an item in it puts in numbers."""
    for e in flat:
        s = e.stmt
        if e.header:
            continue
        if hasattr(s, "_s2sad_append"):
            if s._s2sad_append[0] == n and not _number(s.value.args[0], names, lists, al):
                return False
            continue
        if not isinstance(s, ast.Assign):
            continue
        t = s.targets[0]
        if isinstance(t, ast.Name) and t.id == n and not _display(s.value, names, lists, al):
            return False
        if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == n \
                and (isinstance(t.slice, ast.Slice) or not _number(s.value, names, lists, al)):
            return False
    return True


def _display(v, names, lists, al):
    """A list of numbers made afresh: a display of numbers, one repeated (``[0] * n``), a copy of a number list."""
    if isinstance(v, ast.Name):
        return v.id in lists
    if isinstance(v, ast.List):
        return all(_number(x, names, lists, al) for x in v.elts)
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add):
        return _display(v.left, names, lists, al) and _display(v.right, names, lists, al)
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult):
        return any(_display(p, names, lists, al) and _number(q, names, lists, al)
                   for p, q in ((v.left, v.right), (v.right, v.left)))
    return False
