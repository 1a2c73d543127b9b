"""Stage 1c'0', a list of functions made in a loop and called after it, written as a list of the
values that tell those functions apart (open47; with the lambdas and nested functions used as
values, the fuzzer's third most frequent refusal, 189)::

    fs = []                                    fs = []
    for k in range(3):                         for k in range(3):
        c = a * (k + 1.0)                          c = a * (k + 1.0)
        def g(s, c=c):                  ->         def g(s, c=c):
            return c * np.sin(s) + b                   return c * np.sin(s) + b
        fs.append(g)                               fs.append(c)
    for fn in fs:                              for fn in fs:
        tot = tot + fn(x)                          tot = tot + g(x, c=fn)

(a lambda appended, ``fs.append(lambda s, c=c: ...)``, is first a ``def`` just before the
append). Every function in ``fs`` is the one ``def`` run again: the same code, the same enclosing
scope, only its defaults differ, and those are what ``fs`` now holds (a tuple of them if several,
``0`` if none). A call ``fn(x)`` of an item is the ``def``'s name called with the item's defaults
by keyword; ``lift`` then lifts the ``def`` as any nested function, its free names passed when it
is called, as Python reads them then (a late-binding ``lambda s: c * s`` sees the last ``c``).

Invariant: rewritten only where ``fs`` is a local bound once to ``[]``, mentioned only in its one
``fs.append(F)`` statement (``F`` a lambda, or the nested function defined by the statement just
before it, in the same block, defined nowhere else), as what a ``for`` or a comprehension over it
runs over, in ``len(fs)``, or called as ``fs[i](...)``; the loop variables over it only called
(``fn(...)``, with positional arguments for parameters without defaults only); the function's
defaults are names or constants (evaluated at the append as at the ``def``: nothing runs between),
its parameters plain, and it does not mention ``fs`` or those loop variables. Anything else is
left as written (and refused by ``lift``, located).
"""
import ast

from .. import astutil as A


def function_lists(src, fdef, namer):
    stores = {}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not fdef:
            stores[n.name] = stores.get(n.name, 0) + 1
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    for s in A.walk(fdef):
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and isinstance(s.value, ast.List) and not s.value.elts and stores.get(s.targets[0].id) == 1 \
                and s.targets[0].id not in params:
            _Plan(fdef, s.targets[0].id, stores, namer).apply()


class _Plan:
    def __init__(self, fdef, fs, stores, namer):
        self.fdef, self.fs, self.stores, self.namer = fdef, fs, stores, namer

    def apply(self):
        parents = {id(c): p for p in A.walk(self.fdef) for c in ast.iter_child_nodes(p)}
        uses = self.uses(parents)
        if uses is None:
            return
        append, loops, items = uses
        block, k = _position(self.fdef, append)
        if block is None:
            return
        lam = append.value.args[0]
        if isinstance(lam, ast.Lambda):
            fn = _as_def(lam, self.namer.fresh(f"{self.fs}_fn"), append)
        else:
            fn = block[k - 1] if k > 0 else None
            if not (isinstance(fn, ast.FunctionDef) and fn.name == lam.id and self.stores.get(fn.name) == 1):
                return
        passed = _defaults(fn)
        calls = None if passed is None or _mentions(fn, {self.fs} | set(loops)) else \
            self.calls(parents, loops, items, fn)
        if calls is None:
            return
        if isinstance(lam, ast.Lambda):
            block.insert(k, fn)
        for call, item in calls:
            call.func = A.at(A.name(fn.name), call.func)
            call.keywords = [ast.keyword(arg=p, value=_item(item, i, len(passed))) for i, (p, _) in enumerate(passed)]
        values = [A.clone(v) for _, v in passed]
        append.value.args[0] = A.at(values[0] if len(values) == 1 else ast.Tuple(elts=values, ctx=ast.Load())
                                    if values else ast.Constant(value=0), lam)

    def uses(self, parents):
        """(the append statement, the loop variables over ``fs``, the ``fs[i]`` called), or None."""
        appends, loops, items = [], set(), []
        for n in A.walk(self.fdef):
            if not (isinstance(n, ast.Name) and n.id == self.fs and isinstance(n.ctx, ast.Load)):
                continue
            p = parents.get(id(n))
            q = parents.get(id(p))
            if isinstance(p, ast.Attribute) and p.attr == "append" and isinstance(q, ast.Call) and q.func is p \
                    and len(q.args) == 1 and not q.keywords and isinstance(parents.get(id(q)), ast.Expr) \
                    and isinstance(q.args[0], (ast.Lambda, ast.Name)):
                appends.append(parents[id(q)])
            elif isinstance(p, (ast.For, ast.comprehension)) and p.iter is n and isinstance(p.target, ast.Name):
                loops.add(p.target.id)
            elif isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.func.id == "len" and len(p.args) == 1:
                continue
            elif isinstance(p, ast.Subscript) and p.value is n and isinstance(q, ast.Call) and q.func is p:
                items.append(q)
            else:
                return None
        return (appends[0], loops, items) if len(appends) == 1 else None

    def calls(self, parents, loops, items, fn):
        """[(call, the item it calls)] for every mention of a loop variable over ``fs`` and every
        ``fs[i](...)``; None where one is not a plain call."""
        required = len(fn.args.args) - len(fn.args.defaults)
        out = []
        for n in A.walk(self.fdef):
            if not (isinstance(n, ast.Name) and n.id in loops):
                continue
            p = parents.get(id(n))
            if isinstance(p, (ast.For, ast.comprehension)) and p.target is n:
                if not (isinstance(p.iter, ast.Name) and p.iter.id == self.fs):
                    return None
            elif isinstance(p, ast.Call) and p.func is n:
                out.append((p, n))
            else:
                return None
        out += [(c, c.func) for c in items]
        for call, _ in out:
            if call.keywords or len(call.args) > required or any(isinstance(a, ast.Starred) for a in call.args):
                return None
        return [(c, A.clone(item)) for c, item in out]


def _position(fdef, stmt):
    for node in A.walk(fdef):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                for k, s in enumerate(block):
                    if s is stmt:
                        return block, k
    return None, None


def _as_def(lam, name, like):
    fn = ast.FunctionDef(name=name, args=A.clone(lam.args), body=[ast.Return(value=A.clone(lam.body))],
                         decorator_list=[], returns=None, type_comment=None)
    if "type_params" in ast.FunctionDef._fields:
        fn.type_params = []
    return A.at(fn, like)


def _defaults(fn):
    """[(parameter, its default)] of the defaults not constant, or None if the signature is not plain."""
    a = fn.args
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or fn.decorator_list \
            or not all(isinstance(d, (ast.Name, ast.Constant)) for d in a.defaults):
        return None
    params = a.args[len(a.args) - len(a.defaults):]
    return [(p.arg, d) for p, d in zip(params, a.defaults) if isinstance(d, ast.Name)]


def _mentions(fn, names):
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(fn))


def _item(item, i, count):
    value = A.clone(item)
    if isinstance(value, ast.Name):
        value.ctx = ast.Load()
    if count == 1:
        return value
    return A.at(ast.Subscript(value=value, slice=ast.Constant(value=i), ctx=ast.Load()), item)
