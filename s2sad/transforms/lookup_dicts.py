"""Dict parameters that are lookup tables, read as Python reads them (used by :mod:`.aggregates`).

A dict argument is taken apart into one variable per key, so a read with a key known only when
the code runs (``w[vocab[t]]``, ``table.get(tok, 0)`` in a loop over a sentence's words) cannot
be followed and was refused. A dict that is not differentiated and is only looked up needs no
taking apart: like a global dict, it stays one value, an argument of the adjoint read at call
time, whose entries are constants of the derivative.

Invariant: a parameter is a lookup table only when it is not differentiated, never rebound or
written (no store into it or into one of its entries, ``d[k][0] = v``, ``v = d[k]; v[0] = e``;
no method but ``get``), and every use of its name is a read of an
entry (``d[k]``, ``d.get(k)``, ``d.get(k, c)`` with a constant default: one that could be
differentiated would reach a call with no rule) or ``k in d``; and it is read with a key that is
not a constant at least once (otherwise taking it apart is exact and kept). Anything else keeps
the taking apart, and its refusals: a loop over the dict (lowered to ``len(d)`` and reads by
position, which :mod:`.dict_loops` unrolls), ``d.items()``, passing it to a helper.
"""
import ast


def lookup_tables(body, params, wrt):
    """The dict parameters in ``params`` (not in ``wrt``) that ``body`` uses only as lookup
    tables, read at least once with a key that is not a constant."""
    uses = {p: [] for p in params if p not in wrt}
    parents = {}
    for node in (n for s in body for n in ast.walk(s)):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in parents:
        if isinstance(node, ast.Name) and node.id in uses:
            uses[node.id].append(node)
    written = _written_names(parents)
    return {p for p, names in uses.items() if names and _lookups(names, parents)
            and not _entries_held(names, parents) & written}


def _entries_held(names, parents):
    """The names an entry of the dict is bound to (``t2 = d[k]``: the front end writes
    ``d[k][0] = v`` as that, then ``t2[0] = v``)."""
    held = set()
    for n in names:
        up = parents[n]
        if isinstance(parents.get(up), ast.Assign) and parents[up].value is up:
            held |= {t.id for t in parents[up].targets if isinstance(t, ast.Name)}
    return held


def _written_names(parents):
    """The names written into (``v[0] = e``, ``v.w = e``, ``del v[0]``, ``v += e``)."""
    out = set()
    for node, up in parents.items():
        if isinstance(up, ast.AugAssign) and up.target is node and isinstance(node, ast.Name):
            out.add(node.id)
        if isinstance(node, (ast.Subscript, ast.Attribute)) and not isinstance(node.ctx, ast.Load):
            base = node.value
            while isinstance(base, (ast.Subscript, ast.Attribute)):
                base = base.value
            if isinstance(base, ast.Name):
                out.add(base.id)
    return out


def _lookups(names, parents):
    computed = False
    for n in names:
        up = parents[n]
        if not isinstance(n.ctx, ast.Load):
            return False
        if isinstance(up, ast.Subscript) and up.value is n and not _stored(up, parents):
            computed |= not isinstance(up.slice, ast.Constant)
        elif _get(up, parents):
            computed |= not isinstance(parents[up].args[0], ast.Constant)
        elif not (isinstance(up, ast.Compare) and n in up.comparators
                  and all(isinstance(o, (ast.In, ast.NotIn)) for o in up.ops)):
            return False
    return computed


def _stored(node, parents):
    """Whether ``node`` (``d[k]``) is, or is the base of, a place written or deleted: ``d[k] = v``,
    ``d[k][0] = v``, ``d[k].w += v`` (an entry written in place would change the caller's)."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        if not isinstance(node.ctx, ast.Load):
            return True
        up = parents.get(node)
        if not (isinstance(up, (ast.Subscript, ast.Attribute)) and up.value is node):
            return False
        node = up
    return False


def _get(up, parents):
    """Whether ``up`` is ``d.get`` called with a key and at most a constant default."""
    call = parents.get(up)
    return isinstance(up, ast.Attribute) and up.attr == "get" and isinstance(call, ast.Call) and call.func is up \
        and len(call.args) in (1, 2) and not call.keywords and all(isinstance(a, ast.Constant) for a in call.args[1:])
