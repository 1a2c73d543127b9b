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
order, or ``sorted``'s); anything that could make them differ (the body rebinding the key, adding
a key to the dict while looping, a key set on one path only) is refused, located. A ``continue``
is the lower stage's flag, reset at the start of each copy; a loop left by ``break`` or
``return`` (a ``while`` then) is not unrolled, and an entry read with its key is refused naming
the ``break``.
"""
import ast
import inspect

from .. import astutil as A
from ..errors import unsupported

SEQ_FUNCS = ("sorted", "seq_sorted", "list")
RUN_TIME_KEYS = ("Keys known only when the function runs: start a local dict empty (`acc = {}`), insert "
                 "with `acc[k] = v` or `acc.setdefault(k, v)` and read with `acc[k]` or `acc.get(k, v)` "
                 "in statements of their own (not in a comprehension or under a condition: bind it to a "
                 "name first), or keep the values in an array indexed by int (`acc = np.zeros(n)`, then "
                 "`acc[j] += v`).")


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
    """Whether ``name`` holds a dict (a local one, or a dict parameter: a differentiated tuple,
    the parameter or one it or a dict parameter holds, is held as a dict of its positions, but
    iterating over it gives its items: ``tuple_index.py``)."""
    return name in agg.objects and id(agg.objects[name]) not in agg.tuples and (
        name not in agg.param_layouts or all(isinstance(k, str) for k in agg.objects[name]))


def certain_keys(agg, name, s, what="a loop over the keys of"):
    """The keys of dict ``name`` where ``s`` runs; refused when one may be set on one path only."""
    layout = agg.objects[name]
    if any((id(layout), k) in agg.uncertain for k in layout):
        raise unsupported(agg.src, s, f"{what} `{name}`, one of which is set inside a "
                          "branch or a loop before it (its keys are not known when the loop starts)",
                          "Set every key before the branch (`d['k'] = 0.0`), or loop over a list of keys.")
    return list(layout)


def element(s):
    """``(position, statement)`` of ``name = X[i]``, the element a lowered loop ``s`` (``for i in
    range(t):``) binds first: after the flags the lower stage resets there (``cont = False`` of a
    ``continue``), else None."""
    if not (isinstance(s, ast.For) and isinstance(s.target, ast.Name)):
        return None
    for pos, b in enumerate(s.body):
        if not (isinstance(b, ast.Assign) and isinstance(b.targets[0], ast.Name)):
            return None
        if isinstance(b.value, ast.Constant):
            continue
        v = b.value
        if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and isinstance(v.slice, ast.Name) \
                and v.slice.id == s.target.id:
            return pos, b
        return None
    return None


def loop_keys(agg, s):
    """``(keys, key name, dict name or None, position)`` when ``s`` is ``for i in range(t): key =
    X[i] ...`` with ``X`` a dict (its keys, in order) or a list of its keys, else None."""
    found = element(s)
    if found is None:
        return None
    pos, first = found
    seq = first.value.value.id
    if keyed(agg, seq) and getattr(s, "_s2sad_seq", False):   # `for key in d:`, not `for i in range(2): d[i]`
        keys, owner = certain_keys(agg, seq, s), seq
    elif seq in agg.key_lists:
        keys, owner = agg.key_lists[seq], agg.key_owner.get(seq)
    else:
        return None
    return keys, first.targets[0].id, owner, pos


def unroll(agg, s, found):
    """The copies of loop ``s``'s body, one per key (``found``: ``loop_keys``'s answer)."""
    keys, key_name, owner, pos = found
    body = s.body[:pos] + s.body[pos + 1:]
    refuse_rebinding(agg, body, key_name)
    out, before, own = [], list(agg.objects[owner]) if owner else None, own_names(body)
    for k, key in enumerate(keys):
        out.append(A.at(A.assign(s.target.id, A.const(k)), s))
        out.append(A.at(A.assign(key_name, A.const(key)), s))
        copy = [with_key(copy_statement(b), key_name, key) for b in body]
        out.extend(agg.run(renamed(agg, copy, own, k == len(keys) - 1)))
        check_size(agg, s, owner, before)
    return out + agg.run(s.orelse)


def refuse_rebinding(agg, body, key_name, but=None):
    """Refuse a body that rebinds the key (each copy reads it as the constant it takes), other
    than in statement ``but``."""
    for n in (n for b in body if b is not but for n in A.walk(b)):
        if isinstance(n, ast.Name) and n.id == key_name and not isinstance(n.ctx, ast.Load):
            raise unsupported(agg.src, n, f"rebinding `{key_name}` inside a loop over a dict's keys",
                              "Use another name inside the loop.")


def check_size(agg, s, owner, before):
    """Refuse a copy that added a key to ``owner`` (whose keys were ``before``)."""
    if owner and list(agg.objects[owner]) != before:
        raise unsupported(agg.src, s, f"adding a key to `{owner}` while looping over its keys "
                          "(Python refuses it: the dict changes size during iteration)",
                          "Loop over a list of the keys (`for key in list(d):`) or build a new dict.")


def note_stopped(agg, s):
    """A ``while`` the lower stage made of a ``for`` left by ``break`` or ``return``
    (``_s2sad_stops``) over a dict's keys or items is not unrolled (its copies could not stop
    part way: the key it stops at is known only when it runs), so its key is not a constant:
    ``agg.stopped`` keeps why, for ``refuse_key``'s message."""
    stop = getattr(s, "_s2sad_stops", None)
    for b in s.body[:8] if stop else ():
        v = b.value if isinstance(b, ast.Assign) and isinstance(b.targets[0], ast.Name) else None
        if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and (
                isinstance(v.slice, ast.Name) and (keyed(agg, v.value.id) or v.value.id in agg.key_lists)
                or isinstance(v.slice, ast.Constant) and v.slice.value == 0 and v.value.id in agg.stopped):
            agg.stopped[b.targets[0].id] = stop
            if isinstance(v.slice, ast.Name) and keyed(agg, v.value.id):
                agg.stopped[v.slice.id] = stop     # `key = d[i]` reads d with its index
        elif isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and v.value.id in agg.entry_lists:
            agg.stopped[b.targets[0].id] = stop     # the item: its [0] is the key


def refuse_key(agg, key, s):
    """Refuse a read with the key of a loop left by ``break`` or ``return``, saying so."""
    stop = agg.stopped.get(key.id) if isinstance(key, ast.Name) else None
    if stop:
        instead = ("Keep a flag instead: `done = False` before the loop, the body under `if not done:`, "
                   "and `done = True` where it breaks." if stop == "break" else
                   "Keep the result in a variable and a flag (`done = True`) where it returns, the body "
                   "under `if not done:`, and return after the loop.")
        raise unsupported(agg.src, s, f"`{stop}` inside a loop over a dict's keys or items whose key reads "
                          "an entry (s2sad runs such a loop as one copy of the body per key, and cannot stop "
                          "those part way at a key known only when it runs)", instead)


def get(agg, n, s):
    """``d.get('k', default)`` (let through by frontend/anf_calls.py): the entry ``d['k']`` when
    ``d`` surely has the key there, the default (``None`` for ``d.get('k')``) when it surely has
    not, else None (a call that is not this); refused when ``d`` is not a dict or the key is set
    on one path only."""
    if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get"
            and len(n.args) in (1, 2) and isinstance(n.func.value, ast.Name)
            and isinstance(n.args[0], (ast.Constant, ast.Name))):
        return None
    name, key = n.func.value.id, n.args[0]
    if name not in agg.objects and (isinstance(key, ast.Name) and name in agg.scope or name in agg.tables):
        return None    # a global's or a lookup table's bound method, called as it is
    if name not in agg.objects and name == _keywords_parameter(agg.src):
        raise unsupported(agg.src, n, f"`{name}.get(...)` of the `**{name}` parameter in code built before any "
                          f"call (`.source`, `s2sad show`): which keywords `{name}` holds is known only from a "
                          "call, and s2sad follows a dict's entries by its keys",
                          "Call the gradient first (`g(x, c=1.0)`), then read `g.source`: the code for that "
                          "call's keywords.")
    if name not in agg.objects:
        raise unsupported(agg.src, n, "the method `.get()` of a value that is not a dict s2sad follows",
                          "Read a dict's entries with constant keys (`d.get('w', 0.0)`), or compute it "
                          "outside the differentiated function.")
    if isinstance(key, ast.Name):
        refuse_key(agg, key, s)
        made = key.id in agg.namer.issued and agg.namer.entry_spelling(key.id) == key.id   # `d.get(w[i])`
        shown, var = ("...", "k") if made else (key.id, key.id)
        written = f"`{name}[{shown}]` of a `defaultdict`" if getattr(n, "_s2sad_entry", False) else \
            f"`{name}.get({shown}, ...)`"
        raise unsupported(agg.src, n, f"{written} with a key that is not a constant",
                          f"Use a constant key, or read it in a loop over a dict's keys (`for {var} in "
                          f"{name}:`) or over constants only (`for i, {var} in enumerate(('a', 'b')):`, "
                          f"reading `x[i]`), where each copy of the body has its key as a constant. {RUN_TIME_KEYS}")
    layout, key = agg.objects[name], key.value
    if (id(layout), key) in agg.uncertain:
        raise unsupported(agg.src, n, f"`{name}.get({key!r}, ...)` of a key set inside a branch or a loop "
                          "before it (whether the dict has it is not known here)",
                          "Set the key before the branch (`d['k'] = 0.0`).")
    if key not in layout:
        return n.args[1] if len(n.args) == 2 else ast.copy_location(A.const(None), n)
    return ast.copy_location(ast.Subscript(value=A.name(name), slice=A.const(key), ctx=ast.Load()), n)


def copy_statement(stmt):
    """A copy of ``stmt`` whose statements keep their Source (an inlined helper's line, not the loop's)
    and their appends their note (``xs.append(v)``'s list and position: without it a copy's append,
    a comprehension's over ``d.values()`` too, was an unknown call and refused)."""
    new = A.clone(stmt)
    for a, b in zip(A.walk(stmt), A.walk(new)):
        for note in ("_s2sad_src", "_s2sad_append"):
            if isinstance(a, ast.stmt) and hasattr(a, note):
                setattr(b, note, getattr(a, note))
    return new


def with_key(stmt, name, key):
    class Key(ast.NodeTransformer):
        def visit_Name(self, n):
            return ast.copy_location(ast.Constant(key), n) if n.id == name and isinstance(n.ctx, ast.Load) else n
    return Key().visit(stmt)


def own_names(body):
    """The names a copy of ``body`` binds at its top level before reading them: each copy's value
    is its own (the next copy binds it again before reading it), and may be a number in one copy
    and an array in another (a dict's entries), which one name (and its tape) cannot be under
    jit, so ``renamed`` gives them fresh names in every copy but the last (Python leaves the last
    bound after the loop)."""
    read, own = set(), []
    for b in body:
        read |= {n.id for n in A.walk(b) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        t = b.targets[0] if isinstance(b, ast.Assign) else None
        if isinstance(t, ast.Name) and t.id not in read and t.id not in own:
            own.append(t.id)
    return own


def renamed(agg, stmts, own, last):
    """``stmts`` (one copy) with the names ``own`` fresh, unless it is the ``last`` copy."""
    if last or not own:
        return stmts
    new = {n: agg.namer.fresh(n) for n in own}

    class Rename(ast.NodeTransformer):
        def visit_Name(self, n):
            return ast.copy_location(ast.Name(id=new[n.id], ctx=n.ctx), n) if n.id in new else n
    out = [Rename().visit(b) for b in stmts]
    for b in out:      # the notes (`xs[i] op= v`'s element, an append's list) name them too
        for node in A.walk(b):
            A.rename_notes(node, new)
    return out


def _keywords_parameter(src):
    """The name of the ``**kw`` parameter of the function ``src`` parsed, or None."""
    try:
        params = inspect.signature(src.func).parameters.values()
    except (TypeError, ValueError):
        return None
    return next((p.name for p in params if p.kind is p.VAR_KEYWORD), None)
