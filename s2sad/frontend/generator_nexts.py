"""A generator kept in a name, read item by item with ``next`` and then the rest at once (open47;
generators kept in a name were the fuzzer's fourth most frequent refusal, 98)::

    g = (E for e in xs)                    g_items = [E for e in xs]
    a = next(g)                  ->        a = g_items[0]
    b = next(g)                            b = g_items[1]
    s = a + 0.5 * sum(g)                   s = a + 0.5 * sum(g_items[2:])

``lazy_generators`` moves a generator read once, at once, to its reader; read by ``next`` first
it refused. Python computes each item when it is read; here every item is computed where the
generator is written. The two agree when nothing between the generator and its last read
writes a name it reads (its first iterable included) and computing an item has no effect of its
own: every call in it is of a builtin, ``math`` or NumPy function that does not write into its
arguments, and none draws random numbers.

Invariant: rewritten only where ``g`` is bound once, every read of it is ``next(g)`` (no default)
or a last read at once by ``sum``/``list``/``tuple``/``min``/``max``/``sorted``/``any``/``all``
or as what a ``for`` or a comprehension runs over; each read in its own statement of the same
block, later, in order, not in a loop, a lambda, a comprehension's element, a conditional
expression or ``and``/``or``. (Fewer items than ``next`` calls: an IndexError where Python raises
StopIteration; either way the function fails there.) Anything else keeps the located refusal.
"""
import ast
import builtins

from .. import astutil as A

_AT_ONCE = {"sum", "list", "tuple", "min", "max", "sorted", "any", "all"}


def nexts_then_rest(lazy, stmts, k, writes, reads, library, repeated):
    """Rewrite ``stmts[k]`` (``g = (...)``) and its reads as above; False (nothing changed) where
    the invariant does not hold. ``writes``/``reads``/``library``/``repeated``: lazy_generators'."""
    s = stmts[k]
    name, gen = s.targets[0].id, s.value
    mentions = [n for n in A.walk(lazy.fdef) if isinstance(n, ast.Name) and n.id == name]
    if any(not isinstance(n.ctx, ast.Load) for n in mentions if n is not s.targets[0]):
        return False
    places = []
    for n in mentions:
        if n is s.targets[0]:
            continue
        j = next((j for j in range(k + 1, len(stmts)) if any(m is n for m in A.walk(stmts[j]))), None)
        if j is None or repeated(stmts[j], n) or _conditional(stmts[j], n):
            return False
        places.append((j, n))
    places.sort(key=lambda p: p[0])
    if not places or len({j for j, _ in places}) != len(places):
        return False
    parents = {id(c): p for p in A.walk(lazy.fdef) for c in ast.iter_child_nodes(p)}
    kinds = [_kind(n, parents, lazy.src) for _, n in places]
    if any(kd is None for kd in kinds) or "rest" in kinds[:-1] or "next" not in kinds:
        return False
    last = places[-1][0]
    if writes(stmts[k + 1:last + 1], lazy.src) & reads(gen, first=True) or not _pure(gen, library, lazy.src):
        return False
    items = lazy.namer.fresh(f"{name}_items")
    for count, ((_, n), kd) in enumerate(zip(places, kinds)):
        call = parents[id(n)]
        if kd == "next":
            _become(call, ast.Subscript(value=A.name(items), slice=ast.Constant(value=count), ctx=ast.Load()))
        else:
            rest = ast.Subscript(value=A.name(items), slice=ast.Slice(lower=ast.Constant(value=count)),
                                 ctx=ast.Load())
            _become(n, rest)
    stmts[k] = A.at(ast.Assign(targets=[A.name(items, store=True)],
                               value=A.at(ast.ListComp(elt=gen.elt, generators=gen.generators), gen)), s)
    return True


def _kind(n, parents, src):
    """"next" for ``next(g)``, "rest" for a read at once, else None."""
    p = parents.get(id(n))
    if isinstance(p, ast.Call) and p.args == [n] and not p.keywords and isinstance(p.func, ast.Name):
        fn = p.func.id
        if fn == "next" and _builtin(src, "next"):
            return "next"
        return "rest" if fn in _AT_ONCE and _builtin(src, fn) else None
    if isinstance(p, (ast.For, ast.comprehension)) and p.iter is n:
        return "rest"
    return None


def _builtin(src, name):
    try:
        return src.lookup(name) is getattr(builtins, name)
    except KeyError:
        return False


def _pure(gen, library, src):
    for n in ast.walk(gen):
        if isinstance(n, ast.Call) and (not library(n.func, src) or "random" in (A.dotted_path(n.func) or "")
                                        or any(k.arg == "out" for k in n.keywords)):
            return False
        if isinstance(n, (ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await)):
            return False
    return True


def _conditional(stmt, n):
    """Whether ``n`` is under a conditional expression or ``and``/``or`` in ``stmt``."""
    for node in A.walk(stmt):
        if isinstance(node, ast.IfExp) and any(m is n for part in (node.body, node.orelse) for m in A.walk(part)):
            return True
        if isinstance(node, ast.BoolOp) and any(m is n for v in node.values[1:] for m in A.walk(v)):
            return True
    return False


def _become(node, new):
    A.at(new, node)
    for sub in ast.walk(new):
        if not hasattr(sub, "lineno") and hasattr(node, "lineno"):
            A.at(sub, node)
    node.__class__ = type(new)
    node.__dict__.clear()
    node.__dict__.update(new.__dict__)
