"""Why ``list_mutation.py`` left a ``L.pop(...)`` as written: the reason, marked on the call
(``_s2sad_declined``: what is refused, what to write) for the refusal ``methods.py`` raises
later, instead of the generic "the method ``.pop()``". A slice store it left as written is
refused here (``refuse_shared_slice_stores``): it may change the list's length.

Invariant: only marks (never rewrites); each reason is the first condition of the lift's
invariant (``list_mutation`` module docstring) that the pop or its list fails, in that order:
a condition around the pop, a statement that is not simple, another mention of the list in the
statement, a nested function mentioning it, then the first other use of the list that the
lift cannot prove keeps it private.
"""
import ast

from .. import astutil as A
from ..errors import unsupported
from .list_extend import _local_lists
from .queues import _CONDITIONAL, _SIMPLE

_ALONE = "Pop into a name on a line of its own (`v = {L}.pop()`), then use `v`"


def mark_declined(src, fdef, name, parents, private):
    """Mark each ``name.pop(...)`` in ``fdef`` with why it is not lifted; ``private(node)``:
    is the mention ``node`` of the list one the lift admits?"""
    for call in [n for n in A.walk(fdef) if _is_pop(n, name)]:
        call._s2sad_declined = _why(src, fdef, name, call, parents, private)


def _is_pop(node, name):
    f = getattr(node, "func", None)
    return isinstance(node, ast.Call) and isinstance(f, ast.Attribute) and f.attr == "pop" \
        and isinstance(f.value, ast.Name) and f.value.id == name


def _why(src, fdef, name, call, parents, private):
    alone = _ALONE.format(L=name)
    node = call
    while not isinstance(node, ast.stmt):
        node = parents.get(id(node))
        if node is None or isinstance(node, _CONDITIONAL):
            return (f"`{name}.pop()` under a condition or in a comprehension (it may not run)",
                    f"{alone}, where it always runs.")
    if isinstance(node, ast.While):
        return (f"`{name}.pop()` in the test of a `while` loop", "Pop into a name on a line of its own "
                f"inside the loop: `while True:`, then `v = {name}.pop()` and `if not <test of v>: break`.")
    if not isinstance(node, _SIMPLE):
        return (f"`{name}.pop()` in the header of a `{type(node).__name__.lower()}` statement",
                f"{alone}, before the statement.")
    in_args = sum(isinstance(n, ast.Name) and n.id == name for a in call.args for n in ast.walk(a))
    if sum(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)) > 1 + in_args:
        return (f"`{name}.pop()` in a statement that also reads `{name}` (the pop changes the list while the "
                "statement runs)", f"{alone}, and read `{name}` on the line before it (the list before the "
                "pop) or after it.")
    for n in A.walk(fdef):
        if n is not fdef and isinstance(n, A.SCOPES) \
                and any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(n)):
            return _shared(src, name, n, "a nested function or lambda mentions it")
    other = next((n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name
                  and isinstance(n.ctx, ast.Load) and not private(n)), None)
    if other is not None:
        return _shared(src, name, other, "it is used there otherwise than by reading its items, so another "
                       "name or function may hold the list")
    return (f"`{name}.pop()` of the list `{name}`", f"{alone}.")


def _shared(src, name, node, why):
    line = src.line(node.lineno) if src is not None else ""
    return (f"`{name}.pop()` of a list also used at line {node.lineno} (`{line}`): {why}",
            f"Pass a copy (`list({name})`) or `np.array({name})` where it is used so, or keep the values in a "
            "NumPy array; pop into a name on a line of its own.")


def refuse_shared_slice_stores(src, fdef, params=()):
    """A slice store left as written (``L[a:b] = v`` into a list another name, a helper's caller
    or a container may hold: not rewritten above) is refused at its line: it may change the list's
    length, which the reverse sweep would take for an array's slice (silently wrong under jit).
    ``params``: a helper's parameters its call gives a list."""
    lists = sorted(_local_lists(fdef, params=params))
    for s in A.walk(fdef):
        name = next((n for n in lists if slice_store(s, n)), None)
        if name is not None:
            raise unsupported(src, s, f"a slice assignment into the list `{name}`, which another name (or a "
                              "helper's caller) holds too: it may change the list's length",
                              f"Make the new list where `{name}` is made and held by no other name (there "
                              f"`{name}[a:b] = [...]` is followed), or assign its items one by one "
                              f"(`{name}[0] = v`) when the length does not change.")


def slice_store(s, name):
    """``L[a:b] = v`` (no step), a statement of its own: the list may change length
    (``list_mutation`` rebuilds a private list from it)."""
    t = s.targets[0] if isinstance(s, ast.Assign) and len(s.targets) == 1 else None
    return isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name \
        and isinstance(t.slice, ast.Slice) and t.slice.step is None
