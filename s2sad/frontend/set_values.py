"""Sets: their displays as calls, and which expressions hold one, for the loop headers.

``set_displays`` (a rewrite before desugar) writes a display ``{a, b}`` as ``set((a, b))`` (a
comprehension ``{f(k) for k in ks}`` as ``set([f(k) for k in ks])``), the
form later stages follow (a set of ints or strings is a plain value with no derivative; one of
values being differentiated is refused at ``set``), except a display of constants a loop
runs over (``for k in {0, 9, 2}``), which becomes the tuple of its elements in the order
CPython's loop visits them, read from the function's own frozenset constant (``_constants``),
and the tuple is indexed under ``jit=True`` too. ``is_set`` tells which expressions hold a set (``set(...)``,
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
import types

from .. import astutil as A

_MAKERS = ("set", "frozenset")
_OPS = (ast.BitOr, ast.BitAnd, ast.Sub, ast.BitXor)


def set_displays(fdef, func=None):
    """Each set display of ``fdef`` as ``set((...))``, or as a tuple in CPython's order when a
    loop runs over it and it holds constants only (``func``: the function whose code runs it)."""
    loops = {id(n.iter) for n in ast.walk(fdef) if isinstance(n, (ast.For, ast.comprehension))}
    frozen = _frozen_constants(func)
    for node in list(ast.walk(fdef)):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [_display(v, id(v) in loops, frozen) for v in value]
            elif isinstance(value, (ast.Set, ast.SetComp)):
                setattr(node, field, _display(value, id(value) in loops, frozen))


def _display(e, looped, frozen=()):
    if isinstance(e, ast.SetComp):          # the set of the list comprehension's items
        return A.at(A.call("set", ast.ListComp(elt=e.elt, generators=e.generators)), e)
    if not isinstance(e, ast.Set):
        return e
    items = _constants(e, frozen) if looped else None
    if items is not None:
        return A.at(ast.Tuple(elts=[A.const(v) for v in items], ctx=ast.Load()), e)
    return A.at(A.call("set", ast.Tuple(elts=e.elts, ctx=ast.Load())), e)


def _constants(e, frozen):
    """The elements of display ``e`` (constants) in the order CPython's loop over it visits them.
    CPython compiles a looped display of constants into a frozenset constant of the code, and
    a code object loaded from a ``.pyc`` rebuilds it from the marshalled order: with colliding
    hashes (``{0, 8, 1}``) that order is not the source's, and strings' hashes change from one
    process to the next. So the order is the one of that very constant of ``frozen`` (the
    function's own, read in this process), when one holds exactly these elements; else, numbers
    only, the order of a set built in source order (as Python builds a display at run time)."""
    try:
        value = ast.literal_eval(e)
    except ValueError:
        return None
    if not all(type(v) in (int, float, bool, str) for v in value):
        return None
    key = _typed(value)
    same = [k for k in frozen if _typed(k) == key]
    if same:
        return list(same[0])
    return list(value) if all(type(v) is not str for v in value) else None


def _typed(values):
    return frozenset((type(v), v) for v in values)


def _frozen_constants(func):
    """The frozenset constants of ``func``'s code and of the code objects nested in it."""
    code = getattr(func, "__code__", None)
    out, todo = [], [code] if isinstance(code, types.CodeType) else []
    while todo:
        for k in todo.pop().co_consts:
            if isinstance(k, frozenset):
                out.append(k)
            elif isinstance(k, types.CodeType):
                todo.append(k)
    return out


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
