"""Loops over a dict's items or values, unrolled into one copy of the body per key (used by
:mod:`.aggregates`, beside the loops over its keys of :mod:`.dict_loops`).

``d.items()`` and ``d.values()`` are lists of the dict's entries as they are when the view is
taken (``Aggregates._view`` records them in ``entry_lists``: each entry's key and a name holding
its value then). A loop over one, as the lower stage writes it, is that many copies of its body,
with the key a constant and the value that name, so no tuple is left to differentiate through
(numba has no setitem on a tuple: the adjoint of ``k, v = item`` failed under jit)::

    for k1 in range(t2):             k1 = 0
        t7 = seq[k1]                 k = 'a'
        if len(t7) != 2: raise ...   v = d_a_v
        k = t7[0]             ->     s = s + v * w['a']
        v = t7[1]                    k1 = 1
        s = s + v * w[k]             ...

Invariant: the copies see the keys and values Python's loop sees, in its order. A body that adds a
key to the dict, rebinds the key's name or the item, or writes an entry the loop has not reached
yet (Python's view would show the new value, the list the old one) is refused, located.
"""
import ast

from .. import astutil as A
from ..errors import unsupported
from .dict_loops import check_size, copy_statement, element, own_names, refuse_rebinding, renamed, with_key


def loop_entries(agg, s):
    """``(position, item name, dict name, 'items' or 'values', [(key, value name)])`` when ``s``
    is ``for i in range(t): item = X[i] ...`` with ``X`` a list of a dict's items or values."""
    found = element(s)
    if found is None or found[1].value.value.id not in agg.entry_lists:
        return None
    pos, first = found
    owner, attr, entries = agg.entry_lists[first.value.value.id]
    return pos, first.targets[0].id, owner, attr, entries


def unroll_entries(agg, s, found):
    """The copies of loop ``s``'s body, one per entry (``found``: ``loop_entries``'s answer)."""
    pos, item, owner, attr, entries = found
    body = s.body[:pos] + s.body[pos + 1:]
    unpack = _key_unpacked(body, item) if attr == "items" else None
    key_name = unpack.targets[0].id if unpack is not None else None
    if attr == "items":
        refuse_rebinding(agg, body, item)
    if key_name:
        refuse_rebinding(agg, body, key_name, but=unpack)
    head = [A.assign(item, A.const(None))] if attr == "values" else []   # each copy binds the value first
    out, before, own = [], list(agg.objects[owner]), own_names(head + body)
    for k, (key, value) in enumerate(entries):
        out.append(A.at(A.assign(s.target.id, A.const(k)), s))
        if attr == "values":
            copy = [A.at(A.assign(item, A.name(value)), s)] + [copy_statement(b) for b in body]
        else:
            copy = [_with_item(copy_statement(b), item, key, value) for b in body]
            if any(isinstance(n, ast.Name) and n.id == item for b in copy for n in A.walk(b)):
                copy.insert(0, A.at(A.assign(item, ast.Tuple(elts=[A.const(key), A.name(value)],
                                                              ctx=ast.Load())), s))
            if key_name:
                copy = [with_key(b, key_name, key) for b in copy]
        done = agg.run(renamed(agg, copy, own, k == len(entries) - 1))
        _refuse_later_writes(agg, s, owner, attr, done, [key for key, _ in entries[k + 1:]])
        check_size(agg, s, owner, before)
        out.extend(done)
    return out + agg.run(s.orelse)


def _key_unpacked(body, item):
    """The statement ``k = item[0]`` (the lower stage's unpacking of ``for k, v in d.items()``)."""
    for b in body:
        if isinstance(b, ast.Assign) and isinstance(b.targets[0], ast.Name) and isinstance(b.value, ast.Subscript) \
                and isinstance(b.value.value, ast.Name) and b.value.value.id == item \
                and isinstance(b.value.slice, ast.Constant) and b.value.slice.value == 0:
            return b
    return None


def _refuse_later_writes(agg, s, owner, attr, done, later):
    leaves = {agg.objects[owner].get(key): key for key in later}
    for n in (n for d in done for n in A.walk(d)):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and n.id in leaves:
            raise unsupported(agg.src, s, f"writing `{owner}[{leaves[n.id]!r}]` inside a loop over "
                              f"`{owner}.{attr}()` before the loop reaches it (Python's view would "
                              "show the new value there)",
                              f"Loop over the keys (`for k in {owner}:`) and read `{owner}[k]` in the body.")


def _with_item(stmt, item, key, value):
    """``stmt`` with ``item[0]`` the key, ``item[1]`` the value's name and ``len(item)`` 2."""
    class Item(ast.NodeTransformer):
        def visit_Subscript(self, n):
            if isinstance(n.value, ast.Name) and n.value.id == item and isinstance(n.ctx, ast.Load) \
                    and isinstance(n.slice, ast.Constant) and n.slice.value in (0, 1, -1, -2):
                return ast.copy_location(ast.Constant(key) if n.slice.value in (0, -2) else A.name(value), n)
            return self.generic_visit(n)

        def visit_Call(self, n):
            if isinstance(n.func, ast.Name) and n.func.id == "len" and len(n.args) == 1 \
                    and isinstance(n.args[0], ast.Name) and n.args[0].id == item:
                return ast.copy_location(ast.Constant(2), n)
            return self.generic_visit(n)
    return Item().visit(stmt)
