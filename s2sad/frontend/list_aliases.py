"""Stage 1c'''', list aliases: ``M = L`` of a local list, then both names for the rest of the
function, is one list under one name.

After ``M = L`` both names hold the same list object; when neither name is bound to anything
else afterwards, every later mention of ``M`` can read ``L`` instead and Python cannot tell the
difference (an append, an item store, a pop through either name changes the one object both
see). So::

    M = L                  ->  (dropped)
    ... M ... L ...        ->  ... L ... L ...

which the compiler follows as it follows a list under one name (the reverse no longer has to
give an adjoint to the copy of a reference whose list later grows: issue 8, fuzz40).

Invariant: rewritten only for a statement ``M = L`` of the function's own body (not in a loop, a
branch, a ``with`` or a ``try``: it runs once, before every later statement of the body), ``L`` a
local list (``list_extend._local_lists``), ``M`` a local (not a parameter, not
``global``/``nonlocal``) bound by that statement alone (a ``+=``/``*=`` of it extends the list in
place, and stays: it becomes one of ``L``), never mentioned before it; ``L`` not bound again by
any later statement (again but ``+=``/``*=``); neither name mentioned by a nested function or
lambda. Anything else is left as written (and refused later, located, as before).
"""
import ast

from .. import astutil as A
from .list_extend import _local_lists

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_IN_PLACE = (ast.Add, ast.Mult)


def aliases_as_one_name(fdef):
    """Rewrite, in place, each alias of a local list of ``fdef`` (module docstring)."""
    while True:
        found = _an_alias(fdef)
        if found is None:
            return
        i, alias, name = found
        del fdef.body[i]
        for s in fdef.body[i:]:
            for node in ast.walk(s):
                if isinstance(node, ast.Name) and node.id == alias:
                    node.id = name


def _an_alias(fdef):
    """(index, M, L) of the first statement ``M = L`` the module docstring allows, or None."""
    lists = _local_lists(fdef)
    if not lists:
        return None
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    declared = {n for s in A.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    nested = {n.id for s in A.walk(fdef) if isinstance(s, _NESTED) and s is not fdef
              for n in ast.walk(s) if isinstance(n, ast.Name)}
    for i, s in enumerate(fdef.body):
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                and isinstance(s.value, ast.Name)):
            continue
        alias, name = s.targets[0].id, s.value.id
        if alias == name or name not in lists or {alias, name} & (params | declared | nested):
            continue
        before, after = fdef.body[:i], fdef.body[i + 1:]
        if any(alias in _mentions(t) for t in before) or any(_rebinds(t, {alias, name}) for t in after):
            continue
        return i, alias, name
    return None


def _mentions(s):
    return {n.id for n in ast.walk(s) if isinstance(n, ast.Name)}


def _rebinds(s, names):
    """Whether ``s`` binds one of ``names`` other than by an in-place ``+=``/``*=``."""
    in_place = {id(n.target) for n in ast.walk(s) if isinstance(n, ast.AugAssign)
                and isinstance(n.op, _IN_PLACE) and isinstance(n.target, ast.Name)}
    return any(isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and n.id in names
               and id(n) not in in_place for n in ast.walk(s))
