"""Stage 1c, dict comprehensions over constants: ``{k: v * x[i] for i, k in enumerate(names)}``
is the dict display ``{'a': v * x[0], 'b': v * x[1]}`` when what it runs over is known when the
code is read: constants written in the code (``["a", "b"]``, ``range(3)``, ``enumerate``/``zip``
of such), a local bound once, at the top of the function, to such a display and only read by
loops and ``len`` (never changed), or a module's (or closure's) tuple or list of constants read
only so (``GlobalItems``: its items recorded, the guard rebuilds when they change). The dict stage then follows it as any display with constant
keys (``transforms/aggregates.py``); any other dict comprehension is refused at its line
(``check.py``).

Invariant: the display holds the entries the comprehension makes, in its order, each key and
value the expression the comprehension evaluates for that item (its targets replaced by the
item's constants: a comprehension's targets are its own, never the function's), evaluated in the
same order; a condition (``if k != "b"``) is kept only when it is a constant for every item.
Nothing is rewritten that cannot be proved so (then the refusal stands).
"""
import ast
import itertools

from .. import astutil as A
from .dict_keys import DictKeys, dict_views

MAX_ITEMS = 256
_ITERS = ("range", "enumerate", "zip", "reversed")
_CONSTANT_NODES = (ast.Constant, ast.List, ast.Tuple, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.JoinedStr,
                   ast.FormattedValue, ast.expr_context, ast.unaryop, ast.cmpop, ast.boolop, ast.operator)
_CONSTANT_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Mod, ast.FloorDiv, ast.Div)
_READS = ("enumerate", "zip", "len", "reversed", "range", "sorted", "list", "tuple")


def dict_comprehensions(fdef, src=None):
    """Rewrite, in place, each dict comprehension of ``fdef`` over constants (module docstring)."""
    if not any(isinstance(n, ast.DictComp) for n in A.walk(fdef)):
        return
    if set(A.assigned_locals(fdef)) & set(_ITERS):     # `range` is not the builtin there
        return
    consts = constant_locals(fdef, src)
    consts.update(dict_views(fdef))
    for node in list(A.walk(fdef)):
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.DictComp):
                setattr(node, field, _unrolled(value, consts) or value)
            elif isinstance(value, list):
                value[:] = [(_unrolled(v, consts) or v) if isinstance(v, ast.DictComp) else v for v in value]


def _unrolled(comp, consts):
    """The display of ``comp``, or None when it does not run over constants."""
    pools = []
    for gen in comp.generators:
        items = constant_value(gen.iter, consts)
        if items is None or gen.is_async or not are_targets(gen.target):
            return None
        pools.append((gen, list(items)))
    if sum(len(p) for _, p in pools) > MAX_ITEMS:
        return None
    keys, values = [], []
    for combo in itertools.product(*(p for _, p in pools)):
        bound = {}
        for (gen, _), item in zip(pools, combo):
            if not bind_targets(gen.target, item, bound):
                return None
        tests = [constant_value(substituted(c, bound), {}) for gen, _ in pools for c in gen.ifs]
        if any(t is None for t in tests):
            return None
        if all(tests):
            key = constant_value(substituted(comp.key, bound), {})
            if key is None or not isinstance(key, (str, int, bool, float)):
                return None
            keys.append(A.const(key))
            values.append(substituted(comp.value, bound))
    return A.at(ast.Dict(keys=keys, values=values), comp)


def are_targets(t):
    return isinstance(t, ast.Name) or isinstance(t, ast.Tuple) and all(are_targets(e) for e in t.elts)


def bind_targets(t, item, bound):
    if isinstance(t, ast.Name):
        bound[t.id] = item
        return True
    if not isinstance(item, (tuple, list)) or len(item) != len(t.elts):
        return False
    return all(bind_targets(e, v, bound) for e, v in zip(t.elts, item))


def substituted(e, bound):
    """A copy of ``e`` with the comprehension's targets read as their constants."""
    class Sub(ast.NodeTransformer):
        def visit_Name(self, n):
            if isinstance(n.ctx, ast.Load) and n.id in bound:      # (an entry of a dict read: its read)
                v = bound[n.id]
                return A.at(A.clone(v) if isinstance(v, ast.AST) else A.const(v), n)
            return n
    return Sub().visit(A.clone(e))


def constant_value(e, consts):
    """The value of ``e`` when it is made of constants only (displays, ``range``/``enumerate``/
    ``zip``/``reversed`` of them, operators, the locals of ``consts``), else None."""
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and not e.args and not e.keywords \
            and isinstance(e.func.value, ast.Name) and isinstance(consts.get(e.func.value.id), DictKeys):
        return consts[e.func.value.id].view(e.func.attr)
    if isinstance(e, ast.Name) and isinstance(consts.get(e.id), DictKeys):
        return consts[e.id].view("keys")
    if isinstance(e, ast.Name) and isinstance(consts.get(e.id), GlobalItems):
        return consts[e.id].items()
    if isinstance(e, ast.Name) and e.id in consts:
        return constant_value(consts[e.id], {})
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in _ITERS and not e.keywords:
        args = [constant_value(a, consts) for a in e.args]
        if any(a is None for a in args):
            return None
        try:
            return list({"range": range, "enumerate": enumerate, "zip": zip, "reversed": reversed}[e.func.id](*args))
        except (TypeError, ValueError):
            return None
    if not all(isinstance(n, _CONSTANT_NODES) or isinstance(n, ast.BinOp) and isinstance(n.op, _CONSTANT_OPS)
               for n in ast.walk(e)):
        return None
    try:
        return eval(compile(ast.Expression(body=A.clone(e)), "<s2sad constant>", "eval"), {"__builtins__": {}})
    except (ArithmeticError, TypeError, ValueError):    # (one Python itself fails on: left, refused)
        return None


def constant_locals(fdef, src=None):
    """Locals bound once, at the top of the function, to a display of constants, and only read
    as the iterable of a loop or comprehension or an argument of ``enumerate``/``len``/...: name -> display;
    with ``src``, also the free names read only so (a module's ``KEYS``): name -> ``GlobalItems``."""
    stores = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    out = {}
    for s in fdef.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and stores.get(s.targets[0].id) == 1 and isinstance(s.value, (ast.List, ast.Tuple)) \
                and constant_value(s.value, {}) is not None:
            out[s.targets[0].id] = s.value
    if src is not None:
        bound = set(A.assigned_locals(fdef)) | set(stores) | {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
        out.update((n.id, GlobalItems(src, n.id)) for n in ast.walk(fdef) if isinstance(n, ast.Name)
                   and isinstance(n.ctx, ast.Load) and n.id not in bound and n.id not in out)
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and n.id in out and isinstance(n.ctx, ast.Load) and not _read_only(n, parents):
            del out[n.id]
    return out


class GlobalItems:
    """A free name of the function read only as a loop's iterable or by ``enumerate``/``zip``/
    ``len``/...: its items are constants when it holds a tuple or list of constants, read (and
    recorded for the guard, so another value rebuilds the adjoint) only when a rewrite uses them."""

    def __init__(self, src, name):
        self.src, self.name = src, name

    def items(self):
        items = self.src.constant_items(self.name)
        return None if items is None else list(items)


def _read_only(n, parents):
    p = parents.get(id(n))
    if isinstance(p, (ast.For, ast.comprehension)):
        return p.iter is n
    return isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.func.id in _READS and n in p.args
