"""A comprehension over a global list of objects zipped with a parameter's rows, written as the
loop ``item_loops`` unrolls (``global_object_lists``)::

    e = sum(s.k * v for s, v in zip(SPRINGS, x))     ->   terms = []
                                                          for s2, v2 in zip(SPRINGS, x):
                                                              terms.append(s2.k * v2)
                                                          e = sum(terms)

``zip`` stops at its shortest argument and a parameter's length is known only when the function
runs, so the copies of such a comprehension cannot be one display; the copies of a ``for`` loop
can stop (``item_loops``: ``if len(x) <= k: break``).

Invariant (Python's run is unchanged): applied to a list comprehension, or a generator expression
that is the one argument of ``sum``, ``list``, ``tuple``, ``min`` or ``max`` (which consume every
item, in order, and give the same result from the list of the items), with one generator, no
``if``, a target of distinct names, an element holding no lambda, comprehension or ``:=``, over
``zip(...)`` (no keywords) of arguments ``wanted`` accepts; and only where the comprehension is
the first thing its statement evaluates that can run code (an assignment to a name, ``+=`` of a
name, a ``return`` or an expression statement whose value is it, its consumer's call, or an
operator whose left side is one of these or a name or constant), so evaluating it (and its
elements) first, in order, is what Python does. The targets get fresh names (a comprehension's
are its own, never the function's); the list is a fresh name bound only there.
"""
import ast
import builtins

from .. import astutil as A

_CONSUMERS = (builtins.sum, builtins.list, builtins.tuple, builtins.min, builtins.max)
_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr,
           ast.Yield, ast.YieldFrom, ast.Await)


def rows_as_loops(fdef, namer, resolver, wanted):
    """Rewrite, in place, each such comprehension of ``fdef`` (module docstring); ``wanted(call)``:
    is ``call`` (a ``zip``) over a global list of objects and a parameter's rows? Returns whether
    any was rewritten."""
    done = []

    def statement(s):
        comp = _first(resolver, _value(s))
        if comp is None or not _plain(comp) or not _zip(resolver, comp.generators[0].iter, wanted):
            return [s]
        done.append(s)
        return _as_loop(s, comp, namer)
    A.unroll_blocks(fdef, statement)
    return bool(done)


def _value(s):
    if isinstance(s, (ast.Assign, ast.AugAssign)) and all(isinstance(t, ast.Name) for t in getattr(
            s, "targets", [getattr(s, "target", None)])):
        return s.value
    return s.value if isinstance(s, (ast.Return, ast.Expr)) else None


def _first(resolver, node):
    """The comprehension ``node`` evaluates before anything else that can run code, or None."""
    if isinstance(node, ast.ListComp):
        return node
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords \
            and isinstance(node.args[0], ast.GeneratorExp) and resolver.obj(node.func) in _CONSUMERS:
        return node.args[0]
    if isinstance(node, ast.BinOp):
        found = _first(resolver, node.left)
        if found is None and isinstance(node.left, (ast.Name, ast.Constant)):
            found = _first(resolver, node.right)
        return found
    return None


def _plain(comp):
    gen = comp.generators[0] if len(comp.generators) == 1 else None
    names = [gen.target] if gen is not None and isinstance(gen.target, ast.Name) else \
        getattr(gen.target, "elts", None) if gen is not None and isinstance(gen.target, ast.Tuple) else None
    return bool(names) and not gen.ifs and not gen.is_async and all(isinstance(n, ast.Name) for n in names) \
        and len({n.id for n in names}) == len(names) and not any(isinstance(n, _SCOPES) for n in ast.walk(comp.elt))


def _zip(resolver, it, wanted):
    return isinstance(it, ast.Call) and not it.keywords and resolver.obj(it.func) is builtins.zip and wanted(it)


def _as_loop(s, comp, namer):
    gen = comp.generators[0]
    rename = {n.id: namer.fresh(n.id) for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
    target, elt = A.clone(gen.target), A.clone(comp.elt)
    for n in ast.walk(target):
        if isinstance(n, ast.Name):
            n.id = rename[n.id]
    for n in ast.walk(elt):
        if isinstance(n, ast.Name) and n.id in rename:
            n.id = rename[n.id]
    terms = namer.fresh("terms")
    append = ast.Expr(value=A.call(ast.Attribute(value=A.name(terms), attr="append", ctx=ast.Load()), elt))
    loop = ast.For(target=target, iter=A.clone(gen.iter), body=[A.at(append, comp)], orelse=[])
    A.replaced(s, comp, A.at(A.name(terms), comp))
    return [A.at(A.assign(terms, ast.List(elts=[], ctx=ast.Load())), s), A.at(loop, s), s]
