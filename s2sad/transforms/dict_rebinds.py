"""A dict name bound again inside a branch or a loop keeps its variables (used by :mod:`.aggregates`).

``Aggregates`` gives a dict one variable per key and, at each binding of a new dict to a name
(``d = {...}``, ``d = e``, ``d = dict(e)``), fresh variables: exact in straight-line code, where
every later read follows that binding. Inside a branch or a loop it is not: after
``if c: d = {'w': a}`` the dict ``d`` holds depends on the path, and in
``for ...: params = step(params)`` the loop's next pass reads what the previous pass bound, while
the fresh variables were read as if bound before the loop (silently wrong, on main before stop 50).

There, the binding writes the variables the name already has, so every path and every pass
reads the same ones:

* ``d = {'w': a, 'b': b}``: ``d_w = a; d_b = b`` (the display's keys those ``d`` has, in that order);
* ``d = e`` / ``d = dict(e)`` / ``d = e.copy()``: ``d_w = e_w; d_b = e_b``. For ``d = e`` this is a
  copy where Python shares one dict: the same values as long as neither name's entries are
  written (``d['w'] = ...``) anywhere in the function, which is required.

Invariant: a name's variables are rewritten only where its old dict is held by no other name
that is read again (``_dead_alias``: a name bound once, all its reads before the binding's
statement in its block or in the function's body, such as the dict a helper's inlined body
returned), nor inside another dict; every entry is a plain value (no inner dicts), and the keys are the
same in the same order; any other binding of a dict name inside a branch or loop is refused,
located, saying what to write.
"""
import ast
import collections

from .. import astutil as A
from ..errors import unsupported

ADVICE = ("Give it the same keys in the same order on every path (set entries instead: `d['w'] = ...`), "
          "or use a new name for the other dict.")


def key_written(stmts):
    """The names whose entries some statement writes (``d['w'] = ...``, ``d['w'] += ...``)."""
    out = set()
    for n in (n for s in stmts for n in ast.walk(s)):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AugAssign) else []
        out |= {t.value.id for t in targets if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)}
    return out


def counts(stmts):
    """Name -> (its bindings, its loads) over ``stmts``."""
    out = collections.defaultdict(lambda: [0, 0])
    for n in (n for st in stmts for n in ast.walk(st)):
        if isinstance(n, ast.Name):
            out[n.id][isinstance(n.ctx, ast.Load)] += 1
    return out


def _dead_alias(agg, other, s):
    """``other`` shares the dict being rebound only as a name bound once (``other = d``: a helper's
    parameter, or the dict a helper returned) earlier in the block ``s`` stands in, or earlier in
    the function's own body than the statement holding ``s``, all its reads between there and
    that statement: changing the dict's variables at ``s`` changes nothing ``other`` is read for
    (a statement of the function's body runs once, after those before it)."""
    block, i = agg.block
    return block[i] is s and _read_only_before(agg, other, agg.block) or _read_only_before(agg, other, agg.top)


def _read_only_before(agg, other, where):
    block, i = where
    if agg.counts[other][0] != 1:
        return False
    binding = next((j for j in range(i) if A.bound_name(block[j]) == other), None)
    reads = binding is not None and sum(isinstance(n, ast.Name) and n.id == other and isinstance(n.ctx, ast.Load)
                                        for st in block[binding:i] for n in ast.walk(st))
    return binding is not None and reads == agg.counts[other][1]


def rebound_display(agg, name, display, s):
    """``name = {...}`` inside a branch or loop where ``name`` holds a dict: its layout, whose
    variables ``_set`` then writes; None where a fresh dict is exact (straight-line code, or
    the name's first dict)."""
    layout = _held(agg, name)
    if layout is None:
        return None
    keys = [k.value if isinstance(k, ast.Constant) else None for k in display.keys]
    plain = not any(isinstance(v, ast.Name) and v.id in agg.objects for v in display.values)
    _require(agg, name, layout, keys, plain, s)
    return layout


def rebound_copy(agg, name, other, s, alias):
    """``name = other`` (``alias``) or ``name = dict(other)`` inside a branch or loop where ``name``
    holds a dict: the statements copying ``other``'s entries into ``name``'s variables; None where
    the caller's own form is exact."""
    layout = _held(agg, name)
    if layout is None:
        return None
    source = agg.objects[other]
    _require(agg, name, layout, list(source), all(isinstance(v, str) for v in source.values()), s)
    if alias and {name, other} & agg.key_written:
        raise unsupported(agg.src, s, f"`{name} = {other}` inside a branch or loop, where `{name}` holds "
                          f"another dict, and the entries of `{name}` or `{other}` are written elsewhere "
                          "(s2sad keeps each dict as one variable per key, the same on every path)",
                          f"Write `{name} = dict({other})` (a copy), or use a new name.")
    return [A.at(A.assign(layout[k], A.name(source[k])), s) for k in layout]


def refuse_other(agg, name, s):
    """Any other new dict bound to ``name`` inside a branch or loop, where it holds one: refused."""
    if _held(agg, name) is not None:
        raise unsupported(agg.src, s, f"`{name}` bound to another dict inside a branch or loop, where it "
                          "holds a dict (s2sad keeps each dict as one variable per key, the same on every path)",
                          ADVICE)


def _held(agg, name):
    return agg.objects.get(name) if agg.depth > 0 else None


def _require(agg, name, layout, keys, plain, s):
    shared = [other for other, lay in agg.objects.items() if other != name and (
        lay is layout and not _dead_alias(agg, other, s) or _inside(layout, lay))]
    if shared or not plain or keys != list(layout) or not all(isinstance(v, str) for v in layout.values()):
        kind = "tuple" if id(layout) in agg.tuples else "dict"
        holder = agg.namer.as_written(shared[0]) if shared else None
        why = (f"its {kind} is also held by `{holder}`" if shared else f"the {kind}s hold dicts" if not plain
               or not all(isinstance(v, str) for v in layout.values()) else
               f"the keys differ ({', '.join(map(repr, layout))} before, {', '.join(map(repr, keys))} here)"
               if kind == "dict" else f"the lengths differ ({len(layout)} before, {len(keys)} here)")
        advice = (f"Keep a copy in `{holder}` (`{holder} = dict({name})`), or use a new name for the other "
                  f"{kind}." if shared and kind == "dict" else ADVICE if kind == "dict" else
                  "Give it the same length on every path, or use a new name for the other tuple.")
        raise unsupported(agg.src, s, f"`{name}` bound to a new {kind} inside a branch or loop, where it holds "
                          f"a {kind} and {why} (s2sad keeps each {kind} as one variable per item, the same on "
                          "every path)", advice)


def _inside(layout, other):
    return isinstance(other, dict) and any(v is layout or _inside(layout, v) for v in other.values())
