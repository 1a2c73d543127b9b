"""Sets: their displays as calls, and which expressions hold one, for the loop headers.

``set_displays`` (a rewrite before desugar) writes a display ``{a, b}`` as ``set((a, b))`` (a
comprehension ``{f(k) for k in ks}`` as ``set([f(k) for k in ks])``), the
form later stages follow (a set of ints or strings is a plain value with no derivative; one of
values being differentiated is refused at ``set``), except a display of number constants a loop
runs over (``for k in {0, 9, 2}``), which becomes the tuple of its elements in the order
CPython's loop visits them, computed here: numbers hash alike in every run, and the tuple is
indexed under ``jit=True`` too. ``is_set`` tells which expressions hold a set (``set(...)``,
``frozenset(...)``, a name bound only to those, a global set, ``|``/``&``/``-``/``^`` of them):
a set has no index, so ``lower_loops.py`` loops over ``set_items(s)``, the elements in the order
Python's loop visits them (``list(s)``, made from the same set, in the same process, before the
loop; numba's sets keep another order, so ``jit=True`` refuses it:
``backends/numba_helpers/numba_rules_sequences.py``).

Invariants: the rewritten code visits a set's elements in the order Python does; an expression
is called a set only when every value it can have is a set (a name also bound to a list, a call
of an unknown function is not one).
"""
import ast

from .. import astutil as A

_MAKERS = ("set", "frozenset")
_OPS = (ast.BitOr, ast.BitAnd, ast.Sub, ast.BitXor)


def set_displays(fdef):
    """Each set display of ``fdef`` as ``set((...))``, or as a tuple in CPython's order when a
    loop runs over it and it holds number constants only."""
    loops = {id(n.iter) for n in ast.walk(fdef) if isinstance(n, (ast.For, ast.comprehension))}
    for node in list(ast.walk(fdef)):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [_display(v, id(v) in loops) for v in value]
            elif isinstance(value, (ast.Set, ast.SetComp)):
                setattr(node, field, _display(value, id(value) in loops))


def _display(e, looped):
    if isinstance(e, ast.SetComp):          # the set of the list comprehension's items
        return A.at(A.call("set", ast.ListComp(elt=e.elt, generators=e.generators)), e)
    if not isinstance(e, ast.Set):
        return e
    items = _numbers(e) if looped else None
    if items is not None:
        return A.at(ast.Tuple(elts=[A.const(v) for v in items], ctx=ast.Load()), e)
    return A.at(A.call("set", ast.Tuple(elts=e.elts, ctx=ast.Load())), e)


def _numbers(e):
    """The elements of display ``e`` in the order CPython's loop over it visits them, when all
    are int or float constants (whose hashes, unlike strings', are the same in every run)."""
    try:
        value = ast.literal_eval(e)
    except ValueError:
        return None
    ok = all(type(v) in (int, float, bool) for v in value)
    return list(value) if ok else None


def set_names(fdef, globals_):
    """The local names every binding of which (plain assignments, and ``|=``-style updates)
    gives a set."""
    bound, other, seen = {}, set(), set()
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    bound.setdefault(t.id, []).append(node.value)
                    seen.add(id(t))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            seen.add(id(node.target))
            if not isinstance(node.op, _OPS):
                other.add(node.target.id)
        elif isinstance(node, ast.arg):
            other.add(node.arg)
    other |= {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
              and id(n) not in seen}            # a loop target, an unpacking, a `with ... as`
    bound = {k: v for k, v in bound.items() if k not in other}
    names, changed = set(), True
    while changed:                              # names bound to other set names, to a fixed point
        changed = False
        for k, values in bound.items():
            if k not in names and all(is_set(v, names, globals_, ()) for v in values):
                names.add(k)
                changed = True
    return names


def is_set(e, names, globals_, assigned):
    """Whether every value ``e`` can have is a set (``names``: local set names; ``globals_``: the
    function's globals, read for a name the function never assigns, ``assigned``)."""
    if isinstance(e, ast.Set):
        return True
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in _MAKERS \
            and e.func.id not in assigned and e.func.id not in globals_:
        return True
    if isinstance(e, ast.Name):
        return e.id in names or e.id not in assigned and isinstance(globals_.get(e.id), (set, frozenset))
    if isinstance(e, ast.BinOp) and isinstance(e.op, _OPS):
        return is_set(e.left, names, globals_, assigned) and is_set(e.right, names, globals_, assigned)
    return False


def looped_as_list(e, names, globals_, assigned):
    """``set_items(e)`` (``list(e)``) when ``e`` is a set, else ``e``."""
    if not is_set(e, names, globals_, assigned):
        return e
    from ..rules import runtime_sequences
    fn = A.name("set_items")
    fn._s2sad_obj = runtime_sequences.set_items
    return A.at(A.call(fn, e), e)
