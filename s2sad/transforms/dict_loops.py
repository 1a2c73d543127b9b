"""Loops over a dict's keys, unrolled into one copy of the body per key (used by
:mod:`.aggregates`).

``for key in d:`` (also ``d.keys()``, ``list(d)``, ``sorted(d)``) reads ``d[key]`` with a key
that is not a constant, which scalar replacement cannot follow. When the dict's keys are known
where the loop starts (every key set on every path there: none set only inside a branch or a
loop), the loop is that many copies of its body, each with ``key`` the constant it takes::

    t5 = len(d)                      key = 'k0'
    for k1 in range(t5):      ->     s = s + d['k0'] ** 2
        key = d[k1]                  key = 'k1'
        s = s + d[key] ** 2          s = s + d['k1'] ** 2

Invariant: the copies run what Python runs, in the order Python runs it (the dict's insertion
order, or ``sorted``'s); anything that could make them differ (``break``/``continue``, the body
rebinding the key, adding a key to the dict while looping, a key set on one path only) is
refused, located.
"""
import ast

from .. import astutil as A
from ..errors import unsupported

SEQ_FUNCS = ("sorted", "seq_sorted", "list")


def key_sequence(agg, v):
    """The keys ``v`` lists (``sorted(d)``, ``list(d)``, ``seq_sorted(d)`` of a dict ``d``, or of
    a list of its keys), as a Python list, else None."""
    if not (isinstance(v, ast.Call) and len(v.args) == 1 and not v.keywords and isinstance(v.args[0], ast.Name)):
        return None
    fname = v.func.id if isinstance(v.func, ast.Name) else None
    if fname not in SEQ_FUNCS:
        return None
    arg = v.args[0].id
    if arg in agg.objects or arg in agg.live:   # d, or a live view d.keys(): its keys now
        keys = certain_keys(agg, agg.live.get(arg, arg), v) if keyed(agg, agg.live.get(arg, arg)) else None
    else:
        keys = agg.key_lists.get(arg)
    if keys is None:
        return None
    return _sorted(agg, keys, v) if fname != "list" else list(keys)


def _sorted(agg, keys, v):
    try:
        return sorted(keys)
    except TypeError:
        raise unsupported(agg.src, v, "sorting a dict's keys of different types (Python refuses it too)",
                          "Give the dict keys of one type.") from None


def keyed(agg, name):
    """Whether ``name`` holds a dict (a local one, or a dict parameter: a differentiated tuple
    parameter is held as a dict of its positions, but iterating over it gives its items)."""
    return name in agg.objects and (name not in agg.param_layouts
                                    or all(isinstance(k, str) for k in agg.objects[name]))


def certain_keys(agg, name, s):
    """The keys of dict ``name`` where ``s`` runs; refused when one may be set on one path only."""
    layout = agg.objects[name]
    if any((id(layout), k) in agg.uncertain for k in layout):
        raise unsupported(agg.src, s, f"a loop over the keys of `{name}`, one of which is set inside a "
                          "branch or a loop before it (its keys are not known when the loop starts)",
                          "Set every key before the branch (`d['k'] = 0.0`), or loop over a list of keys.")
    return list(layout)


def loop_keys(agg, s):
    """``(keys, key name, dict name or None)`` when ``s`` is ``for i in range(t): key = X[i] ...``
    with ``X`` a dict (its keys, in order) or a list of its keys, else None."""
    if not (isinstance(s, ast.For) and s.body and isinstance(s.target, ast.Name)):
        return None
    first = s.body[0]
    if not (isinstance(first, ast.Assign) and isinstance(first.targets[0], ast.Name)
            and isinstance(first.value, ast.Subscript) and isinstance(first.value.value, ast.Name)
            and isinstance(first.value.slice, ast.Name) and first.value.slice.id == s.target.id):
        return None
    seq = first.value.value.id
    if keyed(agg, seq):
        keys, owner = certain_keys(agg, seq, s), seq
    elif seq in agg.key_lists:
        keys, owner = agg.key_lists[seq], agg.key_owner.get(seq)
    else:
        return None
    return keys, first.targets[0].id, owner


def unroll(agg, s, found):
    """The copies of loop ``s``'s body, one per key (``found``: ``loop_keys``'s answer)."""
    keys, key_name, owner = found
    body = s.body[1:]
    for n in (n for b in body for n in A.walk(b)):
        if isinstance(n, (ast.Break, ast.Continue)):
            raise unsupported(agg.src, n, "`break` or `continue` in a loop over a dict's keys",
                              "Test a condition inside the loop (`if key == 'w': ...`) instead.")
        if isinstance(n, ast.Name) and n.id == key_name and not isinstance(n.ctx, ast.Load):
            raise unsupported(agg.src, n, f"rebinding `{key_name}` inside a loop over a dict's keys",
                              "Use another name inside the loop.")
    out, before = [], list(agg.objects[owner]) if owner else None
    for k, key in enumerate(keys):
        out.append(A.at(A.assign(s.target.id, A.const(k)), s))
        out.append(A.at(A.assign(key_name, A.const(key)), s))
        out.extend(agg.run([_with_key(_copy(b), key_name, key) for b in body]))
        if owner and list(agg.objects[owner]) != before:
            raise unsupported(agg.src, s, f"adding a key to `{owner}` while looping over its keys "
                              "(Python refuses it: the dict changes size during iteration)",
                              "Loop over a list of the keys (`for key in list(d):`) or build a new dict.")
    return out + agg.run(s.orelse)


def get(agg, n, s):
    """``d.get('k', default)`` (let through by frontend/anf_calls.py): the entry ``d['k']`` when
    ``d`` surely has the key there, the default when it surely has not, else None (a call
    that is not this); refused when ``d`` is not a dict or the key is set on one path only."""
    if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get"
            and len(n.args) == 2 and isinstance(n.func.value, ast.Name) and isinstance(n.args[0], ast.Constant)):
        return None
    name, key = n.func.value.id, n.args[0].value
    if name not in agg.objects:
        raise unsupported(agg.src, n, "the method `.get()` of a value that is not a dict s2sad follows",
                          "Read a dict's entries with constant keys (`d.get('w', 0.0)`), or compute it "
                          "outside the differentiated function.")
    layout = agg.objects[name]
    if (id(layout), key) in agg.uncertain:
        raise unsupported(agg.src, n, f"`{name}.get({key!r}, ...)` of a key set inside a branch or a loop "
                          "before it (whether the dict has it is not known here)",
                          "Set the key before the branch (`d['k'] = 0.0`).")
    if key not in layout:
        return n.args[1]
    return ast.copy_location(ast.Subscript(value=A.name(name), slice=A.const(key), ctx=ast.Load()), n)


def _copy(stmt):
    """A copy of ``stmt`` whose statements keep their Source (an inlined helper's line, not the loop's)."""
    new = A.clone(stmt)
    for a, b in zip(A.walk(stmt), A.walk(new)):
        if isinstance(a, ast.stmt) and hasattr(a, "_s2sad_src"):
            b._s2sad_src = a._s2sad_src
    return new


def _with_key(stmt, name, key):
    class Key(ast.NodeTransformer):
        def visit_Name(self, n):
            return ast.copy_location(ast.Constant(key), n) if n.id == name and isinstance(n.ctx, ast.Load) else n
    return Key().visit(stmt)
