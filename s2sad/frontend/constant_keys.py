"""Stage 1c'''', keys known where they are used: a dict read with a name whose value is a known
string is read with that string.

``transforms/aggregates.py`` follows a dict's entries as variables, by constant keys, and
refuses ``d[k]`` / ``d.get(k, ...)`` with a name ``k``. Two forms give ``k`` a value known
before the function runs:

* ``k = 'b'``, a statement of the function's own body, or of a block in it (a branch, a loop
  body: open47), and the only store of ``k`` anywhere in it (not a parameter, not
  ``global``/``nonlocal``, never deleted): in the statements after it in its block
  (outside nested functions and lambdas), ``d[k]``, ``d.get(k, ...)`` and ``{k: v}`` become
  ``d['b']``, ``d.get('b', ...)`` and ``{'b': v}``. ``k`` is bound to ``'b'`` wherever those statements run.
  So is a keyword's value, after ``k = c`` of any constant: ``np.convolve(a, b, mode=k)`` is
  ``np.convolve(a, b, mode='same')``, whose rule reads its mode as written.
* ``for k in ('a', 'b'):`` (or a list display) of string constants, whose body reads ``X[k]``,
  ``X.get(k...)`` or builds ``{k: v}``, never stores ``k``, has no ``break``/``continue`` of this loop, no
  ``else:``, and no nested function, lambda or class: the loop is one copy of its body per key,
  in order, each after ``k = 'a'`` with the key written in (the loop Python runs, unrolled; ``k``
  is left bound to the last key, as Python leaves it).
* ``for i, (k, v) in enumerate(zip(keys, vals)):``, a loop over items all known when the code is
  read (``dict_comprehensions.constant_value``: displays of constants, ``zip``/``enumerate``/
  ``range`` of them, locals bound once to such a display and only looped over), at most
  ``_MAX_KEYS`` of them, each target a number or string, whose body reads or writes a dict by a
  target and obeys the same conditions: one copy of the body per item, in order, each after
  ``i = 0; k = 'a'; v = 1.0`` (the targets, bound as Python binds them), the keys written in. So
  ``acc[k] = acc.get(k, 0.0) + v * x[i]`` accumulates into a dict of constant keys. The items may
  come from a module's tuple or list of constants read only so (``for k in KEYS``: its items are
  recorded and the guard rebuilds the adjoint when they change, ``parsing.Source.constant_items``),
  and ``zip`` may pair constants with the rows of a sequence parameter never rebound
  (``zip(KEYS, x)``: ``v = x[0]``, read where the loop reads it; ``_items``).

In both loops a key computed from the loop's targets by an f-string (``d[f"w{j}"]``,
``d.get(f"{k}_b", 0.0)``, as ``{f"w{i}": w[i] for i in range(3)}`` builds them) is a key use
too: in each copy it is the string Python formats from the item's constants (``d['w1']``); an
f-string key of constants only (``d[f"w{1}"]``) is that string anywhere.

Anything else is left as written (refused later, located, as before).
"""
import ast

from .. import astutil as A
from .dict_comprehensions import (
    are_targets,
    bind_targets,
    constant_locals,
    constant_value,
    substituted,
)

_SCOPES = A.SCOPES
_MAX_KEYS = 32


def constant_keys(fdef, src=None, rows=()):
    """Rewrite ``fdef`` in place (module docstring); ``src`` gives the free names' items (a
    module's ``KEYS``), ``rows`` the parameters given a sequence (an array, a list, a tuple)."""
    names = set(A.assigned_locals(fdef))
    consts = None if names & {"zip", "enumerate", "range", "reversed"} or not any(
        isinstance(n, ast.For) for n in A.walk(fdef)) else _Constants(fdef, src, rows)   # (read by `for` loops only)
    _fold_keys(fdef, {})        # `d[f"w{1}"]`: 'w1'
    A.unroll_blocks(fdef, lambda s: _unrolled(s, consts))
    stores = _store_counts(fdef)
    for block in _blocks(fdef):
        for i, s in enumerate(block):
            name = A.bound_name(s)
            if name is None or not isinstance(s.value, ast.Constant) or stores.get(name) != 1:
                continue
            for later in block[i + 1:]:
                if type(s.value.value) is str:
                    _write_key(later, name, s.value.value)
                _write_keywords(later, name, s.value)


def _blocks(fdef):
    """Every block of statements of ``fdef``'s own (its body, a branch's, a loop's: open47; not
    those of nested functions): ``k = 'b'`` in one holds in the statements after it there."""
    out, todo = [], [fdef]
    while todo:
        n = todo.pop()
        for field in ("body", "orelse", "finalbody"):
            block = getattr(n, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                out.append(block)
        todo.extend(c for c in ast.iter_child_nodes(n) if not isinstance(c, _SCOPES))
    return out


def _store_counts(fdef):
    counts = {}
    for a in ast.walk(fdef.args):
        if isinstance(a, ast.arg):
            counts[a.arg] = 2
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            counts[n.id] = counts.get(n.id, 0) + 1
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            counts.update((m, 2) for m in n.names)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not fdef:
            counts[n.name] = 2
    return counts


def _key_uses(node, name):
    """The places in ``node`` (outside nested scopes) where ``name`` is a key: ``(holder, field)``."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        if isinstance(n, _SCOPES) and n is not node:
            continue
        if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Name) and n.slice.id == name:
            out.append((n, "slice"))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get" \
                and n.args and isinstance(n.args[0], ast.Name) and n.args[0].id == name:
            out.append((n, 0))
        elif isinstance(n, ast.Dict):
            out += [(n, ("keys", i)) for i, k in enumerate(n.keys) if isinstance(k, ast.Name) and k.id == name]
        todo.extend(ast.iter_child_nodes(n))
    return out


def _computed_keys(node, names):
    """The places in ``node`` (outside nested scopes) where a key is an f-string reading some of
    ``names`` and no other name (no name at all, when ``names`` is empty): ``(holder, field)`` as
    ``_key_uses`` gives them."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        if isinstance(n, _SCOPES) and n is not node:
            continue
        key, field = (n.slice, "slice") if isinstance(n, ast.Subscript) else \
            (n.args[0], 0) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get" \
            and n.args else (None, None)
        reads = {v.id for v in ast.walk(key) if isinstance(v, ast.Name)} if isinstance(key, ast.JoinedStr) else None
        if reads is not None and reads <= names and (reads or not names):
            out.append((n, field))
        todo.extend(ast.iter_child_nodes(n))
    return out


def _fold_keys(node, bound):
    """Each f-string key of ``node`` reading only the targets ``bound`` gives (ints and strings) ->
    the string Python formats (``_computed_keys``)."""
    consts = {k: v for k, v in bound.items() if type(v) in (str, int)}
    for holder, field in _computed_keys(node, set(consts)):
        old = holder.slice if field == "slice" else holder.args[0]
        key = constant_value(substituted(old, consts), {})
        if type(key) is str:
            new = ast.copy_location(ast.Constant(value=key), old)
            if field == "slice":
                holder.slice = new
            else:
                holder.args[0] = new


def _write_key(node, name, key):
    for holder, field in _key_uses(node, name):
        items, i = (holder.args, 0) if field == 0 else (holder.keys, field[1]) if isinstance(field, tuple) \
            else (None, None)
        old = holder.slice if items is None else items[i]
        new = ast.copy_location(ast.Constant(value=key), old)
        if items is None:
            holder.slice = new
        else:
            items[i] = new


def _write_keywords(node, name, const):
    """``f(a, mode=m)`` -> ``f(a, mode='same')`` after ``m = 'same'`` (any constant): the keyword
    values a rule reads as written (``np.convolve``'s ``mode``, ``reshape``'s ``order``)."""
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, _SCOPES) and n is not node:
            continue
        if isinstance(n, ast.keyword) and n.arg is not None and isinstance(n.value, ast.Name) and n.value.id == name:
            n.value = ast.copy_location(ast.Constant(value=const.value), n.value)
        todo.extend(ast.iter_child_nodes(n))


def _keys(loop):
    it = loop.iter
    if not (isinstance(loop.target, ast.Name) and isinstance(it, (ast.Tuple, ast.List))
            and 0 < len(it.elts) <= _MAX_KEYS):
        return None
    if not all(isinstance(e, ast.Constant) and type(e.value) is str for e in it.elts):
        return None
    return [e.value for e in it.elts]


def _unrolled(s, consts=None):
    keys = _keys(s) if isinstance(s, ast.For) else None
    if keys is None and isinstance(s, ast.For) and consts is not None:
        return _unrolled_items(s, consts)
    if keys is None or s.orelse:
        return [s]
    name = s.target.id
    if not any(_key_uses(b, name) or _computed_keys(b, {name}) for b in s.body) or A.leaves_loop(s.body, (ast.Break, ast.Continue)) \
            or any(isinstance(n, _SCOPES) or isinstance(n, ast.Name) and n.id == name
                   and not isinstance(n.ctx, ast.Load) for b in s.body for n in ast.walk(b)):
        return [s]
    out = []
    for key in keys:
        out.append(A.at(A.assign(name, A.const(key)), s))
        for b in s.body:
            copy = A.clone(b)
            _write_key(copy, name, key)
            _fold_keys(copy, {name: key})
            out.append(copy)
    return out


def _unrolled_items(s, consts):
    """``for i, (k, v) in enumerate(zip(keys, vals)):`` over items known when the code is read
    (``_items``) whose body reads a dict by one of its targets: one copy of the body per item,
    each after its targets are bound to the item's constants (numbers, strings) or rows
    (``v = x[0]``), its key uses written in."""
    if s.orelse or not are_targets(s.target) or A.leaves_loop(s.body, (ast.Break, ast.Continue)):
        return [s]
    names = {n.id for n in ast.walk(s.target) if isinstance(n, ast.Name)}
    if not any(_dict_of(holder) in consts.dicts for b in s.body
               for holder, _ in [u for name in names for u in _key_uses(b, name)] + _computed_keys(b, names)) or any(
            isinstance(n, _SCOPES) or isinstance(n, ast.Name) and n.id in names and not isinstance(n.ctx, ast.Load)
            for b in s.body for n in ast.walk(b)):
        return [s]
    items = _items(s.iter, consts)
    if items is None or not 0 < len(items) <= _MAX_KEYS:
        return [s]
    out = []
    for item in items:
        bound = {}
        if not bind_targets(s.target, item, bound) or not all(
                isinstance(v, ast.AST) or type(v) in (str, int, float, bool) for v in bound.values()):
            return [s]
        out += [A.at(A.assign(name, A.at(A.clone(bound[name]), s) if isinstance(bound[name], ast.AST)
                              else A.const(bound[name])), s) for name in sorted(names)]
        for b in s.body:
            copy = A.clone(b)
            for name in names:
                if type(bound[name]) in (str, int):
                    _write_key(copy, name, bound[name])
            _fold_keys(copy, bound)
            out.append(copy)
    return out


def _items(it, consts):
    """The items a loop over ``it`` visits, when known as the code is read: constants
    (``dict_comprehensions.constant_value``), or ``zip`` of constants with the rows of a sequence
    parameter never rebound (``zip(KEYS, x)``: item ``i`` is ``(KEYS[i], x[i])``, an AST read
    where the loop would read it), or ``enumerate`` of those. Python's ``zip`` stops at its
    shortest argument: the constants fix the count, and a parameter with fewer rows raises an
    IndexError at ``x[i]`` (reported at the loop's line) rather than run fewer copies."""
    known = constant_value(it, consts)
    if known is not None or not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and not it.keywords):
        return known
    if it.func.id == "enumerate" and 1 <= len(it.args) <= 2:
        inner = _items(it.args[0], consts)
        start = constant_value(it.args[1], consts) if len(it.args) == 2 else 0
        return None if inner is None or type(start) is not int else list(enumerate(inner, start))
    if it.func.id != "zip" or not it.args:
        return None
    columns = [constant_value(a, consts) for a in it.args]
    if any(c is None and not (isinstance(a, ast.Name) and a.id in consts.rows) for a, c in zip(it.args, columns)):
        return None
    sizes = [len(c) for c in columns if c is not None]
    if not sizes:
        return None
    return [tuple(c[i] if c is not None else ast.Subscript(value=A.name(a.id), slice=A.const(i), ctx=ast.Load())
                  for a, c in zip(it.args, columns)) for i in range(min(sizes))]


def _dict_of(holder):
    """The name of the dict a key use reads (``d[k]``, ``d.get(k)``), or None."""
    d = holder.value if isinstance(holder, ast.Subscript) else holder.func.value if isinstance(holder, ast.Call) \
        else None
    return d.id if isinstance(d, ast.Name) else None


class _Constants(dict):
    """``dict_comprehensions.constant_locals`` (with the free names of ``src``), the names bound to
    a dict display or ``dict()`` somewhere in the function (``dicts``: only a loop reading one of
    those by a key is unrolled), and the sequence parameters ``rows`` never rebound in it."""

    def __init__(self, fdef, src=None, rows=()):
        super().__init__(constant_locals(fdef, src))
        stored = A.stores(fdef)
        self.rows = {p for p in rows if p not in stored}
        self.dicts = {s.targets[0].id for s in A.walk(fdef) if isinstance(s, ast.Assign) and len(s.targets) == 1
                      and isinstance(s.targets[0], ast.Name) and (isinstance(s.value, ast.Dict) or isinstance(
                          s.value, ast.Call) and isinstance(s.value.func, ast.Name) and s.value.func.id == "dict")}
