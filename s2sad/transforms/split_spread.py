"""The shared tapes of split functions handed over one by one, not as one tuple (split mode).

The split functions of a build (``transforms/split.py``) are built with one last parameter,
``tapes``: the tuple of the group's stacks (and global data, ``Group.layout`` order), which
each function unpacks (``tape_numbers = tapes[0]``) and hands on to the split functions it
calls. Under numba, a tuple of lists handed to a call and unpacked costs references taken
and released on each list at every call (det by minors, n=7: 13700 calls; the gradient
spent about 10% of its time there). Here each function takes the tuple's items as
parameters of their own (the names it unpacked them into; fresh names for the items it
only hands on), each call to a split function passes them, and the adjoint that calls them
first makes them as separate variables.

Invariant: the k-th tape parameter of every split function, and the k-th argument after a
call's own arguments, is item k of the layout. A function that reads its ``tapes`` in any
other way (not an unpacking at the top of its body, not handed to a split function) leaves
the whole group as it was built (the tuple).
"""
import ast

from .. import astutil as A


def _unpacking(s, tapes):
    """k if ``s`` is ``x = tapes[k]`` (k an int constant), else None."""
    if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
            and isinstance(s.value, ast.Subscript) and isinstance(s.value.value, ast.Name) \
            and s.value.value.id == tapes and isinstance(s.value.slice, ast.Constant) \
            and type(s.value.slice.value) is int:
        return s.value.slice.value
    return None


def _handed(stmts, tapes, callees):
    """The calls to ``callees`` passing ``tapes`` last, or None when ``tapes`` is read otherwise."""
    calls, reads = [], 0
    for node in (n for s in stmts for n in ast.walk(s)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in callees \
                and node.args and isinstance(node.args[-1], ast.Name) and node.args[-1].id == tapes:
            calls.append(node)
        reads += isinstance(node, ast.Name) and node.id == tapes
    return calls if reads == len(calls) else None


def _plan(fn, size, callees):
    """How to spread ``fn``'s last parameter: (unpackings to drop, calls, parameter names), or None."""
    tapes = fn.args.args[-1].arg
    names, dropped = {}, []
    for s in fn.body:
        k = _unpacking(s, tapes)
        if k is not None and k not in names and 0 <= k < size:
            names[k] = s.targets[0].id
            dropped.append(s)
    calls = _handed([s for s in fn.body if not any(s is d for d in dropped)], tapes, callees)
    if calls is None:
        return None
    taken = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)} | {a.arg for a in fn.args.args}
    for k in range(size):
        if k not in names:
            name = f"{tapes}{k}"
            while name in taken:
                name += "_"
            names[k] = name
            taken.add(name)
    return dropped, calls, [names[k] for k in range(size)]


def _pass(calls, names):
    for call in calls:
        call.args[-1:] = [A.name(n) for n in names]


def spread(functions, body, make, names, callees):
    """Spread the tapes of ``functions`` and of the adjoint's ``body`` (in place); returns the
    statements that make the items (instead of ``make``, the adjoint's ``tapes = (...)``), or
    None when some function or the adjoint reads its tapes otherwise (then nothing changed).
    ``names``: the adjoint's fresh names for the items; ``callees``: the split functions' names."""
    tapes, elts = make.targets[0].id, make.value.elts
    plans = [_plan(fn, len(elts), callees) for fn in functions]
    top = _handed(body, tapes, callees)
    if top is None or any(p is None for p in plans):
        return None
    for fn, (dropped, calls, order) in zip(functions, plans):
        fn.body = [s for s in fn.body if not any(s is d for d in dropped)]
        _pass(calls, order)
        fn.args.args[-1:] = [ast.arg(arg=n) for n in order]
    _pass(top, names)
    return [A.at(A.assign(n, e), make) for n, e in zip(names, elts)]
