"""Stage 1c''''', dicts with keys known only when the function runs: a local dict read and written
by a key that is a name (``acc[w] = acc.get(w, 0.0) + x[i]`` over a document's words) is two
lists, its keys and its values, side by side in insertion order, as Python keeps a dict::

    acc = {}                  ->  acc_keys = []; acc = []
    acc[k] = e                ->  t = e
                                  if k in acc_keys: j = acc_keys.index(k); acc[j] = t
                                  else: acc_keys.append(k); acc.append(t)
    acc[k] (read)             ->  j = acc_keys.index(k), then acc[j]            (hoisted)
    acc[k] += e               ->  j = acc_keys.index(k); acc[j] += e
    acc[k] = e (k a target of a loop over acc, its keys or items)  ->  j = acc_keys.index(k); acc[j] = e
                                  (k is held; had the body deleted it, the missing key raises)
    acc.get(k, d)             ->  t = d; if k in acc_keys: j = ...; t = acc[j]  (hoisted), then t
    acc.setdefault(k, d)      ->  t = d; if k in acc_keys: j = ...; t = acc[j]
                                  else: acc_keys.append(k); acc.append(t)       (hoisted), then t
    del acc[k]                ->  j = acc_keys.index(k); del acc_keys[j]; del acc[j]
    acc.pop(k[, d])           ->  (t = d; if k in acc_keys:) j = acc_keys.index(k); del acc_keys[j]
                                  t = acc.pop(j)                                (hoisted), then t
    k in acc, for k in acc, len(acc), list(acc), acc.keys()   ->  the same of acc_keys
    acc.values()              ->  acc;       acc.items()  ->  zip(acc_keys, acc)

The values list is followed by the list stages (appends in loops, an item written by an index
computed the line before), so a value's adjoint follows its key's slot, found at run time.

Invariant: rewritten only for a local (not a parameter, not ``global``/``nonlocal``) bound once,
by ``{}``, ``dict()`` or a display of distinct constant keys, never mentioned by a nested
function, lambda or class, into which some key is inserted that is not a constant nor taken from the
dict itself (a store outside a loop over the dict), or with a ``setdefault`` or ``pop`` (any other
dict, whose keys are all known as the code is read, is followed entry by entry:
``transforms/aggregates.py``), every mention of which is one of the forms above, each
key made of names and constants by items, tuples and operators (evaluated twice: never a call), each read (``acc[k]``,
``get``, ``setdefault``, ``pop``) in a simple statement (``=``, ``+=``, an expression, ``return``), an
``if`` test or a ``for``'s iterable, not under a condition of it (``and``/``or``/``x if c else y``,
a comprehension), so taking it first is Python's order; ``setdefault`` alone in its statement's
value; a view (``values()``, ``keys()``, ``items()``) only looped over or given to ``sum``,
``list``, ``len``... (never kept: a view is live). A read of a missing key raises ValueError
where Python raises KeyError (the function's own error is what the user sees). Anything else is
left as written (refused later, located, as before).
"""
import ast

from .. import astutil as A
from ..errors import unsupported

_SCOPES = A.SCOPES
_COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_CONDITIONAL = (ast.IfExp, ast.BoolOp) + _COMPS
_SIMPLE = (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)
_READS = {"sum", "list", "tuple", "len", "sorted", "min", "max", "zip", "enumerate", "reversed", "set"}


def runtime_keys(fdef, namer, src=None):
    """Rewrite, in place, each dict of ``fdef`` with keys known only at run time (module docstring);
    one returned whole (a helper's result) is refused at its ``return`` (``src``: to locate it)."""
    stores, params = A.stores(fdef), {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    for s in [s for s in A.walk(fdef) if isinstance(s, ast.Assign)]:
        name = A.bound_name(s)
        if name is None or name in params or stores.get(name) != [s.targets[0]] or not _empty_or_constant(s.value):
            continue
        uses = _Uses(fdef, name, s, set(A.assigned_locals(fdef)))
        if uses.ok and uses.runtime:       # (a dict left as written keeps its refusal as before)
            A.map_blocks(fdef, lambda stmt, name=name: _default_in_branches(stmt, name))
            uses = _Uses(fdef, name, s, set(A.assigned_locals(fdef)))
        if uses.ok and uses.runtime:
            _Rewrite(fdef, name, namer.fresh(f"{name}_keys"), namer, uses).run(s)
        elif not uses.ok and src is not None and _returned_with_run_time_keys(uses, fdef, name):
            raise unsupported(src, uses.parents[id(uses.failed)], f"returning the dict `{name}`, whose keys are "
                              "known only when the function runs (s2sad follows such a dict only inside the "
                              "function that builds it)",
                              "Build the dict in the function differentiated (`acc = {}`, then `acc[k] = v` and "
                              "`acc[k]`), or return the values in a list or an array indexed by integers.")


def _returned_with_run_time_keys(uses, fdef, name):
    """Is the mention that stopped ``uses`` a ``return name``, of a dict given a key that is not a constant?"""
    stmt = uses.parents.get(id(uses.failed))
    return isinstance(stmt, ast.Return) and stmt.value is uses.failed and any(
        isinstance(n, ast.Subscript) and not isinstance(n.ctx, ast.Load) and isinstance(n.value, ast.Name)
        and n.value.id == name and not isinstance(n.slice, ast.Constant) for n in ast.walk(fdef))


def _default_in_branches(s, name):
    """``v = d.get(k, 0.0) + e`` -> ``if k in d: v = d[k] + e`` / ``else: v = 0.0 + e``: each
    branch's value has the type of ``e``'s sum, where a number held until the entry is read (the
    form the module's table writes) is a float on one path and an array on the other, which numba
    cannot type. The same lookup, then ``e``, then the store, on each path (``k`` a run-time key,
    evaluated twice: ``_pure``; ``e`` never mentions ``d``; ``v`` a name or ``d[k]``)."""
    value = s.value if isinstance(s, ast.Assign) and len(s.targets) == 1 else None
    if not isinstance(value, ast.BinOp):
        return [s]
    side = next((f for f in ("left", "right") if _numeric_get(getattr(value, f), name)), None)
    other = getattr(value, {"left": "right", "right": "left"}.get(side, "left"))
    target = s.targets[0]
    if side is None or _mentions(other, name) or not (
            isinstance(target, ast.Name) and target.id != name or isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name) and target.value.id == name
            and ast.dump(target.slice) == ast.dump(getattr(value, side).args[0])):
        return [s]
    key, default = getattr(value, side).args

    def branch(operand):
        new = ast.BinOp(**{side: operand, "op": value.op, ("right" if side == "left" else "left"): A.clone(other)})
        return A.at(ast.Assign(targets=[A.clone(target)], value=new), s)
    found = ast.Subscript(value=A.name(name), slice=A.clone(key), ctx=ast.Load())
    test = ast.Compare(left=A.clone(key), ops=[ast.In()], comparators=[A.name(name)])
    return [A.at(ast.If(test=test, body=[branch(found)], orelse=[branch(A.clone(default))]), s)]


def _numeric_get(node, name):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
        and isinstance(node.func.value, ast.Name) and node.func.value.id == name and len(node.args) == 2 \
        and not node.keywords and _pure(node.args[0]) and not isinstance(node.args[0], ast.Constant) \
        and isinstance(node.args[1], ast.Constant) and type(node.args[1].value) in (int, float)


def _mentions(node, name):
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _empty_or_constant(v):
    if isinstance(v, ast.Call):
        return isinstance(v.func, ast.Name) and v.func.id == "dict" and not v.args and not v.keywords
    if not isinstance(v, ast.Dict) or None in v.keys:
        return False
    keys = [k.value for k in v.keys if isinstance(k, ast.Constant) and type(k.value) in (str, int)]
    return len(keys) == len(v.keys) and len(set(keys)) == len(keys)


def _key_targets(t):
    """The names a ``for`` over a dict, its keys or items binds to a key: ``k``, ``(k, v)``, ``(i, k)``..."""
    if isinstance(t, ast.Name):
        return [t]
    return [e if isinstance(e, ast.Name) else None for e in getattr(t, "elts", [])][:2]


def _pure(k):
    """A key evaluated twice gives the same value: names and constants, items of them, tuples and
    operators of those (no call)."""
    if isinstance(k, (ast.Name, ast.Constant)):
        return True
    if isinstance(k, ast.BinOp):
        return _pure(k.left) and _pure(k.right)
    if isinstance(k, ast.Tuple):
        return all(map(_pure, k.elts))
    return isinstance(k, ast.Subscript) and _pure(k.value) and _pure(k.slice) \
        or isinstance(k, (ast.Attribute, ast.UnaryOp)) and _pure(getattr(k, "value", getattr(k, "operand", None)))


class _Uses:
    """Every mention of dict ``name`` classified (``self.kinds``: node id -> kind); ``ok`` when each is
    one of the module's forms, ``runtime`` when some key inserted is not a constant (a store outside
    a loop over the dict) or it has a ``setdefault`` or ``pop`` (which the dict stage does not
    follow): any other dict, whose keys are all known as the code is read, is left to the dict
    stage, which follows its entries one by one."""

    def __init__(self, fdef, name, binding, locals_):
        self.name, self.fdef, self.kinds, self.ok, self.runtime = name, fdef, {}, True, False
        self.parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
        self.locals = locals_
        for n in ast.walk(fdef):
            if isinstance(n, ast.Name) and n.id == name and n is not binding.targets[0]:
                kind = self._kind(n)
                if kind is None:
                    self.ok, self.failed = False, n
                    return
                self.kinds[id(n)] = kind

    def _kind(self, n):
        if self._scoped(n):
            return None
        p = self.parents.get(id(n))
        if isinstance(p, ast.Subscript) and p.value is n:
            return self._item(p)
        if isinstance(p, ast.Attribute) and p.value is n:
            return self._method(p)
        if isinstance(p, ast.Compare) and len(p.ops) == 1 and isinstance(p.ops[0], (ast.In, ast.NotIn)) \
                and p.comparators[0] is n:
            return "whole"
        if isinstance(p, (ast.For, ast.comprehension)) and p.iter is n or self._read_by_builtin(n, p):
            return "whole"
        return None

    def _scoped(self, n):
        node = self.parents.get(id(n))
        while node is not None and node is not self.fdef:
            if isinstance(node, _SCOPES):
                return True
            node = self.parents.get(id(node))
        return False

    def _read_by_builtin(self, n, p):
        return isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.func.id in _READS \
            and p.func.id not in self.locals and n in p.args

    def _item(self, p):
        if not _pure(p.slice):
            return None
        stmt = self._statement(p)
        if isinstance(p.ctx, ast.Load):
            kind = "read" if self._hoistable(p, stmt) else None
        elif isinstance(p.ctx, ast.Del):
            kind = "del" if isinstance(stmt, ast.Delete) and stmt.targets == [p] else None
        elif isinstance(stmt, ast.Assign) and stmt.targets == [p]:
            kind = "update" if self._own_key(p.slice) else "store"
        else:
            kind = "augment" if isinstance(stmt, ast.AugAssign) and stmt.target is p else None
        self.runtime |= kind == "store" and not isinstance(p.slice, ast.Constant)
        return kind

    def _method(self, p):
        call = self.parents.get(id(p))
        if not (isinstance(call, ast.Call) and call.func is p and not call.keywords) \
                or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if p.attr in ("values", "keys", "items") and not call.args:
            q = self.parents.get(id(call))
            looped = isinstance(q, (ast.For, ast.comprehension)) and q.iter is call
            return "view" if looped or self._read_by_builtin(call, q) else None
        if p.attr not in ("get", "setdefault", "pop") or len(call.args) != 2 - (p.attr == "pop" and len(call.args) == 1) \
                or not _pure(call.args[0]):
            return None
        stmt = self._statement(call)
        if not self._hoistable(call, stmt) or p.attr == "setdefault" and not (
                isinstance(stmt, (ast.Assign, ast.Expr)) and stmt.value is call):
            return None
        self.runtime |= p.attr in ("setdefault", "pop")      # the dict stage follows neither, even by a constant
        return p.attr

    def _own_key(self, key):
        """Is ``key`` the target of a ``for`` around it over this dict's own keys (``for k in d``,
        ``sorted(d)``, ``d.items()``...)? Such a dict's keys are known as the code is read."""
        node = self.parents.get(id(key))
        while isinstance(key, ast.Name) and node is not None and node is not self.fdef:
            if isinstance(node, ast.For) and any(isinstance(n, ast.Name) and n.id == self.name for n in ast.walk(node.iter)) \
                    and any(t is not None and t.id == key.id for t in _key_targets(node.target)):
                return True
            node = self.parents.get(id(node))
        return False

    def _statement(self, node):
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(id(node))
        return node

    def _hoistable(self, node, stmt):
        """Is ``node`` evaluated once, first thing, whenever ``stmt`` runs (not under a condition)?"""
        part = node
        while part is not stmt:
            parent = self.parents.get(id(part))
            if isinstance(parent, (*_CONDITIONAL, ast.NamedExpr)):
                return False
            if parent is stmt:
                break
            part = parent
        if isinstance(stmt, _SIMPLE):
            return not (isinstance(stmt, ast.AugAssign) and part is stmt.target)
        return isinstance(stmt, ast.If) and part is stmt.test or isinstance(stmt, ast.For) and part is stmt.iter


class _Rewrite:
    def __init__(self, fdef, name, keys, namer, uses):
        self.fdef, self.name, self.keys, self.namer, self.uses = fdef, name, keys, namer, uses

    def run(self, binding):
        parents = self.uses.parents
        hoisted = {}          # statement id -> statements to put before it
        for n in [n for n in ast.walk(self.fdef) if id(n) in self.uses.kinds]:
            kind, p = self.uses.kinds[id(n)], parents[id(n)]
            if kind == "whole":
                self._swap(parents, n, A.at(A.name(self.keys), n))
            elif kind == "view":
                self._view(parents, p)
            elif kind in ("read", "get", "setdefault", "pop"):
                node = p if kind == "read" else parents[id(p)]
                stmt = self.uses._statement(node)
                hoisted.setdefault(id(stmt), []).extend(self._read(parents, node, kind))
        replace = {}
        for n in [n for n in ast.walk(self.fdef) if id(n) in self.uses.kinds]:
            kind = self.uses.kinds[id(n)]
            if kind in ("store", "update", "augment", "del"):
                stmt = self.uses._statement(n)
                replace[id(stmt)] = self._write(stmt, kind)
        self._place(binding, hoisted, replace)

    def _swap(self, parents, old, new):
        parent = parents[id(old)]
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                value[:] = [new if v is old else v for v in value]
        parents[id(new)] = parent

    def _view(self, parents, attr):
        call = parents[id(attr)]
        new = {"values": lambda: A.name(self.name), "keys": lambda: A.name(self.keys),
               "items": lambda: A.call("zip", A.name(self.keys), A.name(self.name))}[attr.attr]()
        self._swap(parents, call, A.at(new, call))

    def _index(self, key, like):
        j = self.namer.fresh("j")
        return j, A.at(A.assign(j, A.call(ast.Attribute(value=A.name(self.keys), attr="index", ctx=ast.Load()),
                                          A.clone(key))), like)

    def _read(self, parents, node, kind):
        """The statements computing ``node`` (a read, ``get``, ``setdefault`` or ``pop``), which becomes a name."""
        if kind == "read":
            j, find = self._index(node.slice, node)
            node.slice = A.at(A.name(j), node.slice)
            return [find]
        key, default = node.args[0], node.args[1] if len(node.args) > 1 else None
        t = self.namer.fresh("t")
        j, find = self._index(key, node)
        value = ast.Subscript(value=A.name(self.name), slice=A.name(j), ctx=ast.Load()) if kind != "pop" else \
            A.call(ast.Attribute(value=A.name(self.name), attr="pop", ctx=ast.Load()), A.name(j))
        found = [find] + self._deletes(j, node, (self.keys,)) * (kind == "pop") + [A.at(A.assign(t, value), node)]
        if default is None:      # pop(k): a missing key raises, as Python's (ValueError for KeyError)
            out = found
        else:
            missing = self._inserts(key, A.name(t), node) if kind == "setdefault" else []
            out = [A.at(A.assign(t, default), node),
                   A.at(ast.If(test=self._known(key), body=found, orelse=missing), node)]
        self._swap(parents, node, A.at(A.name(t), node))
        return out

    def _deletes(self, j, like, names):
        return [A.at(ast.Delete(targets=[ast.Subscript(value=A.name(n), slice=A.name(j), ctx=ast.Del())]), like)
                for n in names]

    def _known(self, key):
        return ast.Compare(left=A.clone(key), ops=[ast.In()], comparators=[A.name(self.keys)])

    def _inserts(self, key, value, like):
        def append(holder, v):
            return A.at(ast.Expr(value=A.call(ast.Attribute(value=A.name(holder), attr="append", ctx=ast.Load()),
                                              v)), like)
        return [append(self.keys, A.clone(key)), append(self.name, value)]

    def _write(self, stmt, kind):
        """The statements replacing ``stmt``: a store, an update or a ``del`` of one entry."""
        target = stmt.targets[0] if kind != "augment" else stmt.target
        key = target.slice
        j, find = self._index(key, stmt)
        at = ast.Subscript(value=A.name(self.name), slice=A.name(j), ctx=ast.Store())
        if kind == "augment":
            return [find, A.at(ast.AugAssign(target=at, op=stmt.op, value=stmt.value), stmt)]
        if kind == "update":
            return [find, A.at(ast.Assign(targets=[at], value=stmt.value), stmt)]
        if kind == "del":
            return [find] + self._deletes(j, stmt, (self.keys, self.name))
        t = self.namer.fresh("t")
        store = [find, A.at(ast.Assign(targets=[at], value=A.name(t)), stmt)]
        return [A.at(A.assign(t, stmt.value), stmt),
                A.at(ast.If(test=self._known(key), body=store, orelse=self._inserts(key, A.name(t), stmt)), stmt)]

    def _place(self, binding, hoisted, replace):
        """Put the hoisted statements before theirs, the writes in place, and split the binding."""
        v = binding.value
        keys = [A.clone(k) for k in v.keys] if isinstance(v, ast.Dict) else []
        values = list(v.values) if isinstance(v, ast.Dict) else []
        replace[id(binding)] = [A.at(A.assign(self.keys, ast.List(elts=keys, ctx=ast.Load())), binding),
                                A.at(A.assign(self.name, ast.List(elts=values, ctx=ast.Load())), binding)]
        for node in A.walk(self.fdef):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    setattr(node, field, [r for s in block for r in
                                          hoisted.get(id(s), []) + replace.get(id(s), [s])])
