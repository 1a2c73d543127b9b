"""Stage 1c'', starred targets and spread helper results of a length known when compiling.

* ``a, *rest, b = v`` where the length ``n`` of ``v`` is known (a display with no ``*`` item, a
  local of known length as ``starred_displays.known_lengths`` finds it, or a call of the user's
  own function every ``return`` of which hands back a display of ``n`` items) becomes::

      unpacked = v
      a = unpacked[0]
      rest = [unpacked[1], ..., unpacked[n - 2]]      # a list, as Python's starred target is
      b = unpacked[n - 1]

  (``rest`` left out when nothing reads it: ``first, *_ = xs``). A helper's tuple read with
  constant indices is kept as its items (``transforms/inline.untuple``), so each array of it keeps
  its own shape, numba included. With fewer than ``len(targets) - 1`` items (Python raises
  ValueError) it is refused at its line.
* ``*helper(v)`` in a display or a call's arguments, ``helper``'s length known as above, is bound
  to a fresh name just before its statement (``spread = helper(v)``), which ``starred_displays``
  and ``starred_calls`` then write out item by item. Only where that keeps Python's order: in a
  statement evaluated once (``=``, an expression, ``return``, an ``if`` test, what a ``for`` loops
  over), not under ``a if c else b``, ``and``/``or``, a lambda or a comprehension, and with no other
  call of the user's own functions evaluated before it in the statement.

Any other starred target is left to ``desugar`` (a list of the items, by a loop); any other
starred expression to ``check``, which refuses it at its line.
"""
import ast
import functools

from .. import astutil as A
from ..arguments import returns
from ..errors import S2sadError, unsupported
from ..scopes import is_library
from .resolve import MISSING, Resolver
from .starred_displays import CONDITIONAL, ONCE, known_lengths, user_function

DEPTH = 4       # helpers of helpers followed for their result's length


def starred_targets(src, fdef, namer):
    """Rewrite, in place, the starred targets and spread helper calls of ``fdef`` (module docstring)."""
    if not any(isinstance(n, ast.Starred) for n in A.walk(fdef)):
        return
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    A.map_blocks(fdef, _Spreads(resolver, namer).statement)
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    lengths = known_lengths(fdef, parents, resolver)
    read = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}

    def statement(s):
        n = _starred_target(s) and length_of(s.value, lengths, resolver)
        if n is None or n is False:
            return [s]
        if n < len(s.targets[0].elts) - 1:
            raise unsupported(src, s, f"unpacking {n} items into at least {len(s.targets[0].elts) - 1} "
                              "targets (Python raises ValueError here)",
                              "Give the starred assignment no more plain targets than the value has items.")
        return _written_out(s, n, namer, read)
    A.map_blocks(fdef, statement)


def length_of(value, lengths, resolver, depth=0):
    """The number of items of ``value`` known when compiling, or None."""
    if isinstance(value, (ast.Tuple, ast.List)):
        return None if any(isinstance(e, ast.Starred) for e in value.elts) else len(value.elts)
    if isinstance(value, ast.Name):
        return lengths.get(value.id)
    if isinstance(value, ast.Call) and depth < DEPTH and user_function(resolver.obj(value.func)):
        return helper_length(resolver.obj(value.func), depth + 1)
    return None


@functools.lru_cache(maxsize=256)
def helper_length(fn, depth=1):
    """``n`` if ``fn``, the user's own function, always hands back a fresh display of ``n`` items:
    it ends with a ``return``, yields nothing, and each of its ``return``s is a display whose
    ``*`` items are its locals of known length; else None."""
    from .parsing import parse_function
    try:
        src = parse_function(fn)
    except S2sadError:
        return None
    fdef = src.tree
    if not isinstance(fdef, ast.FunctionDef) or not fdef.body or not isinstance(fdef.body[-1], ast.Return) \
            or any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fdef)):
        return None
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    lengths = known_lengths(fdef, parents, resolver, depth)
    sizes = {_display_length(r.value, lengths, resolver, depth) for r in returns(fdef)}
    return sizes.pop() if len(sizes) == 1 and None not in sizes else None


def _display_length(value, lengths, resolver, depth):
    if not isinstance(value, (ast.Tuple, ast.List)):
        return None
    n = 0
    for e in value.elts:
        k = length_of(e.value, lengths, resolver, depth) if isinstance(e, ast.Starred) else 1
        if k is None:
            return None
        n += k
    return n


def _starred_target(s):
    """``a, *rest = v``: one tuple (or list) of targets, one of them ``*name``."""
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], (ast.Tuple, ast.List))):
        return False
    stars = [e for e in s.targets[0].elts if isinstance(e, ast.Starred)]
    return len(stars) == 1 and isinstance(stars[0].value, ast.Name)


def _written_out(s, n, namer, read):
    elts = s.targets[0].elts
    star = next(k for k, e in enumerate(elts) if isinstance(e, ast.Starred))
    whole = namer.fresh("unpacked")

    def item(k):
        return ast.Subscript(value=A.name(whole), slice=A.const(k), ctx=ast.Load())
    out = [A.assign(whole, s.value)]
    rest = n - (len(elts) - 1)
    for k, tgt in enumerate(elts):
        if k < star:
            out.append(ast.Assign(targets=[tgt], value=item(k)))
        elif k > star:
            out.append(ast.Assign(targets=[tgt], value=item(k - 1 + rest)))
        elif tgt.value.id in read:
            out.append(ast.Assign(targets=[tgt.value], value=ast.List(
                elts=[item(star + j) for j in range(rest)], ctx=ast.Load())))
    return [A.at(o, s) for o in out]


class _Spreads:
    """``*helper(v)`` bound to a fresh name before its statement (module docstring)."""

    def __init__(self, resolver, namer):
        self.resolver, self.namer = resolver, namer

    def statement(self, s):
        field = ONCE.get(type(s))
        value = getattr(s, field, None) if field else None
        if value is None or isinstance(s, ast.AugAssign) and any(isinstance(n, ast.Call) for n in ast.walk(s.target)):
            return [s]          # (`d[g()] += ...`: Python calls g before the value)
        spreads = [e for e in _unconditional(value) if isinstance(e, ast.Starred)
                   and isinstance(e.value, ast.Call) and length_of(e.value, {}, self.resolver) is not None]
        if not spreads or not self.in_order(value, spreads):
            return [s]
        pre = []
        for e in sorted(spreads, key=_end):
            name = self.namer.fresh("spread")
            pre.append(A.at(A.assign(name, e.value), s))
            e.value = A.at(A.name(name), e.value)
        return pre + [s]

    def in_order(self, value, spreads):
        """No call of the user's own functions outside ``spreads`` is evaluated before one of them."""
        inside = {id(n) for e in spreads for n in ast.walk(e.value)}
        if not all(hasattr(e.value, "end_lineno") for e in spreads):
            return False
        last = max(_end(e) for e in spreads)
        for call in (n for n in ast.walk(value) if isinstance(n, ast.Call) and id(n) not in inside):
            fn = self.resolver.obj(call.func)
            if (fn is MISSING or not is_library(fn)) and (not hasattr(call, "end_lineno") or _end(call) < last):
                return False
        return True


def _unconditional(node):
    """The nodes under ``node`` evaluated once wherever it is (not under CONDITIONAL forms)."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        out.append(n)
        if not isinstance(n, CONDITIONAL):
            todo.extend(ast.iter_child_nodes(n))
    return out


def _end(node):
    node = node.value if isinstance(node, ast.Starred) else node
    return (node.end_lineno, node.end_col_offset)
