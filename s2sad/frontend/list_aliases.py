"""Stage 1c'''', list aliases: ``M = L`` of a list, then both names until ``M`` is bound again,
is one list under one name.

After ``M = L`` both names hold the same list object; while neither name is bound to anything
else, every mention of ``M`` can read ``L`` instead and Python cannot tell the difference (an
append, an item store, a pop through either name changes the one object both see). So::

    M = L                  ->  (dropped)
    ... M ... L ...        ->  ... L ... L ...
    M = e                  ->  M = e (with L for M in e); M from here on is another value

which the compiler follows as it follows a list under one name (the reverse no longer has to
give an adjoint to the copy of a reference whose list later grows, and the tangent pass sees
the appends through either name: issue 8, fuzz40).

Invariant: rewritten only for a statement ``M = L`` in a block ``B`` (the function's body, or
the body or ``else`` of an ``if``, ``for``, ``while`` or ``with``; not a ``try``), where the
region is the rest of ``B`` up to the first statement of ``B`` that is ``M = e`` (excluded; its
``e`` included), and:
- ``L`` is a local list (``list_extend._local_lists``), or a parameter the region calls a list
  method on (``append``, ``extend``, ``insert``, ``pop``...) through ``M`` or ``L``;
- neither name is ``global``/``nonlocal`` or mentioned by a nested function or lambda;
- the region binds neither name (but, for a local list, an in-place ``+=``/``*=``, which stays
  and becomes one of ``L``), or its first binding is a statement ``L = e`` of ``B``: the region
  then ends there, and ``M = L`` moves to just before it (the list is ``M``'s alone after it);
- ``M`` is mentioned nowhere else, but after the region's end in ``B`` (there it is the new
  value) and, when ``B`` is the function's body (run once), before the alias.
Anything else is left as written (and refused later, located, as before).
"""
import ast

from .. import astutil as A
from .list_extend import _local_lists

_NESTED = A.SCOPES
_IN_PLACE = (ast.Add, ast.Mult)
_BLOCKS = (ast.If, ast.For, ast.While, ast.With)
_LIST_METHODS = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"}


def aliases_as_one_name(fdef):
    """Rewrite, in place, each alias of a list of ``fdef`` the module docstring allows."""
    while True:
        found = _an_alias(fdef)
        if found is None:
            return
        block, i, j, alias, name = found
        for s in block[i + 1:j]:
            _rename(s, alias, name)
        if j < len(block) and _rebinding(block[j], alias):
            _rename(block[j].value, alias, name)
        if j < len(block) and _rebinding(block[j], name):   # L = e: the list is M's alone from here
            block.insert(j, block[i])
        del block[i]


def _rename(node, alias, name):
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id == alias:
            n.id = name


def _an_alias(fdef):
    """(block, i, j, M, L): the first alias ``block[i]`` the module docstring allows, its region
    ``block[i + 1:j]``; or None."""
    lists = _local_lists(fdef)
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    declared = {n for s in A.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    nested = {n.id for s in A.walk(fdef) if isinstance(s, _NESTED) and s is not fdef
              for n in ast.walk(s) if isinstance(n, ast.Name)}
    for block in _blocks(fdef):
        for i, s in enumerate(block):
            if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                    and isinstance(s.value, ast.Name)):
                continue
            alias, name = s.targets[0].id, s.value.id
            if alias == name or {alias, name} & (declared | nested | (params - {name})):
                continue
            j = next((k for k in range(i + 1, len(block)) if _rebinding(block[k], alias)), len(block))
            region = block[i + 1:j] + ([block[j].value] if j < len(block) else [])
            if name not in lists and not (name in params and any(_list_call(t, {alias, name}) for t in region)):
                continue
            k = next((k for k, t in enumerate(region) if _rebinds(t, {alias, name}, name in lists)), None)
            if k is not None and not (0 < k < j - i - 1 and _rebinding(block[i + 1 + k], name)
                                      and not _rebinds(block[i + 1 + k].value, {alias, name}, False)):
                continue
            j = j if k is None else i + 1 + k
            if _mentioned_elsewhere(fdef, block, i, j, alias):
                continue
            return block, i, j, alias, name
    return None


def _blocks(fdef):
    yield fdef.body
    for s in A.walk(fdef):
        if isinstance(s, _BLOCKS):
            yield s.body
            if getattr(s, "orelse", None):
                yield s.orelse


def _rebinding(s, alias):
    return isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
        and s.targets[0].id == alias


def _list_call(node, names):
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _LIST_METHODS
               and isinstance(n.func.value, ast.Name) and n.func.value.id in names for n in ast.walk(node))


def _rebinds(node, names, in_place_ok):
    """Whether ``node`` binds one of ``names`` (``+=``/``*=`` allowed when ``in_place_ok``)."""
    in_place = {id(n.target) for n in ast.walk(node) if in_place_ok and isinstance(n, ast.AugAssign)
                and isinstance(n.op, _IN_PLACE) and isinstance(n.target, ast.Name)}
    return any(isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and n.id in names
               and id(n) not in in_place for n in ast.walk(node))


def _mentioned_elsewhere(fdef, block, i, j, alias):
    """Whether ``alias`` is mentioned outside ``block[i:j + 1]`` and the places the docstring allows."""
    allowed = {id(n) for s in block[i:] for n in ast.walk(s)}
    if block is fdef.body:
        allowed |= {id(n) for s in block[:i] for n in ast.walk(s)}
    return any(isinstance(n, ast.Name) and n.id == alias and id(n) not in allowed for n in A.walk(fdef))
