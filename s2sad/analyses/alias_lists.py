"""Lists that hold arrays, for the alias stage (``analyses/alias.py``): whether two positions of
a list may hold one array (``[a] * 3``, ``[a, a]``, one array appended twice), and the check of
``xs[i] op= v``, which updates the array at ``xs[i]`` in place where the normal form rebinds it.

Invariant: these read the tree and the alias facts (``al.points``, ``al.lists``) and never
change the tree; what cannot be proved exact is refused at its line.
"""
import ast

from .. import astutil as A
from ..errors import unsupported
from .alias_flow import _block_chain_contains, _same_list
from .number_lists import number_lists


def check_list_updates(al, flat, groups):
    """``xs[i] += v`` on a list updates the array at ``xs[i]`` in place; the normal form rebinds
    the element. Refused when another name, or another position of the list, holds that array
    (a list whose items are always numbers holds none: ``number_lists.py``)."""
    numbers = None
    for k, e in enumerate(flat):
        s, old = e.stmt, getattr(e.stmt, "_s2sad_aug", None)
        if old is None or e.header or not al.may_alias(old) or s.targets[0].value.id not in al.lists:
            continue
        lst = s.targets[0].value.id
        group = _same_list(lst, flat, al.lists)
        numbers = number_lists(al, flat) if numbers is None else numbers
        if group <= numbers:
            continue           # the item is a number: the update rebinds it, as the normal form does
        others = {m for m in al.sharers(old, e, groups) if m not in group | {old}
                  and al.read_after(m, k, flat)}
        if others or not distinct_elements(al, lst, flat):
            _refuse_update(al, s, lst, others, k, flat)


def _refuse_update(al, s, lst, others, k, flat):
    """The refusal of ``xs[i] op= v`` with its true reason: another name holds the array, the
    list holds an array of the caller (a parameter's, a global's: updating it would change the
    caller's array), or another position of the list may hold it."""
    name = al.namer.as_written(lst)       # (the user's name, not a renaming: `L2`)
    advice = f"Write `{name}[i] = {name}[i] + ...` (a new array), or put copies into the list"
    if others:
        why = f"`{al.spelled(min(others), k, flat)}` also holds"
    elif outside := _outside_buffers(al, s, lst):
        kind, who = outside[0]
        who = al.namer.as_written(who)
        why = (f"may be the {'parameter' if kind == 'param' else 'global'} `{who}` itself (the list holds "
               f"`{who}`, not a copy: the update would change the caller's array)")
        advice += f" (`{who}.copy()`)"
    else:   # (a list of numbers is never refused: number_lists.py)
        why = ("another position may hold (s2sad cannot prove that the items of "
               f"`{name}` are numbers or distinct arrays)")
    raise unsupported(al.src, s, f"`{name}[...] op= ...` on an array of the list `{name}` that {why}",
                      advice + ".")


def _outside_buffers(al, s, lst):
    """The parameters' and globals' arrays the list ``lst`` may hold just before ``s``, sorted."""
    if al.points is None:
        return []
    held = al.points.get(al.points.before.get(id(s), {}), lst)
    return sorted(b for b in held if b[0] in ("param", "global") and b[1] != lst
                  and b[1] not in al.number_params)     # (a list of numbers holds no array)


def put_back(al, s, k, flat, group):
    """True if ``s`` is ``xs[i] = e`` storing back the element it read (``e = xs[i]``, neither
    changed since): the write of ``xs[i][j] = v`` as lowered, or a write-back."""
    t = s.targets[0] if isinstance(s, ast.Assign) else None
    if not (isinstance(t, ast.Subscript) and isinstance(s.value, ast.Name)):
        return False
    d = al.definition(s.value.id, k, flat)
    v = flat[d].stmt.value if d is not None else None
    return isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and v.value.id in group \
        and ast.dump(v.slice) == ast.dump(t.slice) \
        and al.unchanged([v.value.id] + A.names_in(v.slice), d, k, flat)


def distinct_elements(al, m, flat):
    """True if no two positions of the list ``m`` can hold one array: it is made only by list
    displays, appends and element stores, and every array put in is a new one, made on the way
    to where it is put in, in the same loop, or rebound to a new one round the loop (so once per
    element)."""
    group, sites = _same_list(m, flat, al.lists), {id(e.stmt): e for e in flat}
    seen = []
    for k, e in enumerate(flat):
        s = e.stmt
        if e.header or not (hasattr(s, "_s2sad_append") or isinstance(s, ast.Assign)) \
                or put_back(al, s, k, flat, group):
            continue
        t = s.targets[0] if isinstance(s, ast.Assign) else None
        if hasattr(s, "_s2sad_append") and s._s2sad_append[0] in group:
            put = [s.value.args[0]]
        elif isinstance(t, ast.Name) and t.id in group:
            if isinstance(s.value, ast.Name) and s.value.id in group:
                continue       # m2 = m: the same list
            if not isinstance(s.value, ast.List):
                return False   # [a] * 3, xs + ys, a list from elsewhere
            put = s.value.elts
        elif isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in group:
            put = [s.value]
        else:
            continue
        for x in put:
            if isinstance(x, ast.Starred):
                return False
            if not isinstance(x, ast.Name) or not al.may_alias(x.id):
                continue       # an expression makes a new value; numbers are never shared
            held = al.points.get(al.points.before.get(id(s), {}), x.id) if al.points else None
            if not held or any(held & other for other in seen) or not (all(
                    b[0] == "new" and b[1] in sites and sites[b[1]].loops == e.loops
                    and _block_chain_contains(sites[b[1]].block, e, flat) for b in held)
                    or _renewed_each_iteration(al, x.id, e, flat)):
                return False
            seen.append(held)
    return True


def _renewed_each_iteration(al, name, e, flat):
    """True if the one loop around ``e`` rebinds ``name`` to a new array at the top level of its
    body (``hs.append(h); h = np.tanh(W @ h)``): each iteration puts in another array."""
    if len(e.loops) != 1:
        return False
    loop = next(f.stmt for f in flat if f.header and id(f.stmt) == e.loops[0])
    made_here = {id(r.stmt) for r in flat if not r.header and r.block is loop.body}
    for r in flat:
        s = r.stmt
        if r.header or r.block is not loop.body or not isinstance(s, ast.Assign) \
                or getattr(s, "_s2sad_inplace", False) or not isinstance(s.targets[0], ast.Name) \
                or s.targets[0].id != name or getattr(s, "_s2sad_op", None) is None:
            continue
        shared = [src for tgt, src in al.sharing(s._s2sad_op) if tgt == name]
        if not shared:
            return True
        if al.points is not None and len(shared) == 1:   # h = t, t = h * 2.0 made in this iteration
            held = al.points.get(al.points.before.get(id(s), {}), shared[0])
            if held and all(b[0] == "new" and b[1] in made_here for b in held):
                return True
    return False
