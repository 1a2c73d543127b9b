"""The program-order facts the alias stage reads: statements flattened in order, what each
stores, which names hold lists, which may hold 0-d arrays, and liveness.

Invariant: everything here reads the tree and never changes it; ``analyses/alias.py``
decides from these facts what to rewrite or refuse.
"""
import ast

import numpy as np

from .. import astutil as A
from ..rules.runtime_sequences import copy_method
from .alias_views import _lookup
from .draw_ranks import is_draw, sized


class _Entry:
    """A simple statement (or a compound statement's header) in program order."""

    def __init__(self, stmt, block, index, loops, header=False):
        self.stmt, self.block, self.index, self.loops, self.header = stmt, block, index, loops, header


def _flatten(stmts, loops=(), out=None):
    out = [] if out is None else out
    for i, s in enumerate(stmts):
        if isinstance(s, (ast.If, ast.For, ast.While)):
            inner = loops + (id(s),) if isinstance(s, (ast.For, ast.While)) else loops
            out.append(_Entry(s, stmts, i, inner if not isinstance(s, ast.If) else loops, header=True))
            _flatten(s.body, inner, out)
            _flatten(s.orelse, inner, out)
        else:
            out.append(_Entry(s, stmts, i, loops))
    return out


def _stores(e):
    if e.header:
        return [e.stmt.target.id] if isinstance(e.stmt, ast.For) else []
    s = e.stmt
    if hasattr(s, "_s2sad_append"):
        return [s._s2sad_append[0]]
    if isinstance(s, ast.Assign):
        t = s.targets[0]
        return [t.value.id] if isinstance(t, ast.Subscript) else [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


def _may_hold_tuple(name, flat, value=None):
    """True if ``value`` (by default, any binding of ``name``) may make ``name`` a tuple: a tuple display (a namedtuple's fields are
    one by now), ``tuple(...)``, a name that may, or an item of (or a ``for`` over) a display holding
    one (``pairs = [(a, b), (c, d)]; s = pairs[k]``), followed through names' bindings."""
    bound, seen = {}, set()
    for e in flat:
        if e.header and isinstance(e.stmt, ast.For) and isinstance(e.stmt.target, ast.Name):
            bound.setdefault(e.stmt.target.id, []).append(ast.Subscript(value=e.stmt.iter, slice=ast.Constant(0)))
        elif not e.header and isinstance(e.stmt, ast.Assign) and isinstance(e.stmt.targets[0], ast.Name):
            bound.setdefault(e.stmt.targets[0].id, []).append(e.stmt.value)

    def tuple_of(v, items):
        """``v`` may be a tuple (``items``: may hold one as an item)."""
        if isinstance(v, ast.Name):
            if (v.id, items) in seen:
                return False
            seen.add((v.id, items))
            return any(tuple_of(b, items) for b in bound.get(v.id, ()))
        if isinstance(v, ast.Subscript):
            return tuple_of(v.value, True)
        if items and isinstance(v, (ast.List, ast.Tuple)):
            return any(tuple_of(t, False) for t in v.elts)
        return not items and (isinstance(v, ast.Tuple) or isinstance(v, ast.Call) and isinstance(v.func, ast.Name)
                              and v.func.id == "tuple")
    return tuple_of(ast.Name(id=name) if value is None else value, False)


def _has_slice(idx):
    """True if an index has a slice (``x[1:]``, ``x[:, 0]``): reading with it gives a view."""
    return any(isinstance(p, ast.Slice) for p in (idx.elts if isinstance(idx, ast.Tuple) else [idx]))


def _lists(flat):
    """Names that hold Python lists (built with append, a list display, ``list(...)``, or ``+``/``*``
    of lists: ``[a] * 3``, ``xs + ys``; or, when every binding of the name is one of those or of
    these, another name of a list, ``ys = xs``, or a slice of a list, ``ys = xs[:]``, a new list)."""
    out, changed = set(), True
    bound = {}
    for e in flat:
        if not e.header and isinstance(e.stmt, ast.Assign) and isinstance(e.stmt.targets[0], ast.Name):
            bound.setdefault(e.stmt.targets[0].id, []).append(e.stmt.value)
    while changed:
        changed = False
        for e in flat:
            s = e.stmt
            name = s._s2sad_append[0] if hasattr(s, "_s2sad_append") else None
            if name is None and not e.header and isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) \
                    and (_makes_list(s.value, out) or _list_of_list(s.value, out)
                         and all(_makes_list(v, out) or _list_of_list(v, out) for v in bound[s.targets[0].id])):
                name = s.targets[0].id
            if name is not None and name not in out:
                out.add(name)
                changed = True
    return out


def _makes_list(v, lists):
    return isinstance(v, ast.List) or _list_arithmetic(v, lists) or _list_call(v)


def _list_of_list(v, lists):
    """``xs`` (the same list) or ``xs[i:j]`` (a new list holding the same objects) of a list ``xs``."""
    if isinstance(v, ast.Subscript) and isinstance(v.slice, ast.Slice):
        v = v.value
    return isinstance(v, ast.Name) and v.id in lists


def _list_call(v):
    """``list(xs)``: a new list (of the rows of an array: views of it, which its items keep); so is
    ``copy_method(xs)`` (``xs.copy()`` of a list, or a new array of an array, whose rows it then
    takes for shared: conservative)."""
    if isinstance(v, ast.Call) and getattr(v.func, "_s2sad_obj", None) is copy_method and len(v.args) == 1:
        return True
    return isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "list" \
        and getattr(v.func, "_s2sad_obj", list) is list and len(v.args) == 1 and not v.keywords


def _list_arithmetic(v, lists):
    """True if ``v`` is ``xs * k``, ``k * xs`` or ``xs + ys`` of a list ``xs``: a list whose
    positions may hold one object more than once."""
    return isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Mult)) and any(
        isinstance(o, ast.List) or isinstance(o, ast.Name) and o.id in lists for o in (v.left, v.right))


def _same_list(n, flat, lists):
    """The names bound to the same list object as ``n`` (``m = n`` copies, transitively)."""
    group, changed = {n}, True
    while changed:
        changed = False
        for e in flat:
            s = e.stmt
            if not e.header and isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) \
                    and isinstance(s.value, ast.Name) and s.value.id in lists | group:
                pair = {s.targets[0].id, s.value.id}
                if pair & group and not pair <= group:
                    group |= pair
                    changed = True
    return group


# calls that return an array even of a number (a 0-d array: rank 0, but mutable in place)
ARRAY_MAKERS = ("copy", "array", "asarray", "ascontiguousarray", "asfortranarray", "zeros", "ones", "empty",
                "full", "zeros_like", "ones_like", "empty_like", "full_like")
ALWAYS_0D = {np.roll, np.where, np.tile, np.broadcast_to, np.select, np.piecewise, np.i0, np.tensordot, np.block,
             np.real_if_close, np.atleast_1d, np.atleast_2d, np.atleast_3d}
# views NumPy makes of a number's own kind: a number for a number (np.flip), a 0-d array for a 0-d array (np.real)
FLIPS = {np.flip, np.flipud, np.fliplr, np.float64}
KIND_OF_ARGUMENT = {np.real, np.imag}
# ... and calls whose result for a number is a number whatever its type (a float or np.float64)
GIVE_NUMBERS = {np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.average, np.var, np.std,
                np.median, np.ptp, np.dot, np.vdot, np.inner, np.einsum, np.trace, np.clip, np.interp, np.polyval,
                np.nan_to_num, np.round, np.around, np.fix, np.sinc, np.quantile, np.percentile, np.nanmax,
                np.nanmin, np.nansum, np.nanmean, np.nanprod, np.nanstd, np.nanvar, np.nanmedian,
                np.nanquantile, np.nanpercentile, np.linalg.norm, np.linalg.det, abs, float, int, round, len,
                bool, sum}
ARRAY, NUMBER, MAYBE = "array", "number", "maybe"


def _zero_d_kind(op, arrays, holders=()):
    """What a rank-0 binding ``op`` makes: ARRAY (a 0-d array, mutable in place), NUMBER, or MAYBE
    (either, by the type of what it is given: ``np.transpose(x)`` is a new 0-d array for a float
    ``x`` and ``x`` itself for an ``np.float64``; ``max(a, b)`` is one of its arguments).
    ``arrays``: the names known to hold 0-d arrays so far; ``holders``: the lists that may hold
    one of them (``xs = [np.copy(x), y]; u = xs[0]``: ``u`` is that array, or a number)."""
    v = getattr(op.stmt, "value", None)
    if op.kind == "getitem":
        if isinstance(v, ast.Subscript) and any(
                isinstance(p, ast.Constant) and p.value is Ellipsis for p in ast.walk(v.slice)):
            return ARRAY
        return MAYBE if set(op.operands[:1]) & set(holders) else NUMBER
    if op.kind not in ("call", "unknown") or op.func is None:
        return NUMBER
    fn = op.func
    args = [a.id for a in getattr(v, "args", []) if isinstance(a, ast.Name)]
    if fn in (max, min):    # one of its arguments itself
        return MAYBE if set(args) & arrays else NUMBER
    if is_draw(fn) and v is not None:     # rng.normal(): a number; rng.random(size=()): a 0-d array
        return MAYBE if sized(fn, v) else NUMBER
    numpy = (getattr(fn, "__module__", None) or "").startswith("numpy")
    if numpy and getattr(fn, "__name__", "") in ARRAY_MAKERS or _in(fn, ALWAYS_0D):
        return ARRAY
    if _in(fn, GIVE_NUMBERS) or _in(fn, FLIPS) or isinstance(fn, np.ufunc) or not numpy:
        return NUMBER
    if _in(fn, KIND_OF_ARGUMENT) or _lookup(fn) is not None:
        first = args[:1] == [getattr(v.args[0], "id", None)] if getattr(v, "args", None) else False
        if first and args[0] in arrays:
            return ARRAY
        return NUMBER if _in(fn, KIND_OF_ARGUMENT) else MAYBE
    return MAYBE     # another NumPy function: no table says which it gives


def _in(fn, table):
    try:
        return fn in table
    except TypeError:
        return False


def _makes_0d_array(op):
    """True if ``op`` certainly gives an array even when it has no axes (``np.copy(b)``,
    ``np.roll(b, 1)`` of a number, an index with ``...``), whatever it is given."""
    return _zero_d_kind(op, set()) == ARRAY


def _zero_d_classes(ops, ranks):
    """(names of rank 0 that may hold a 0-d array, those of them that may also hold a number):
    ``r = t; r -= 1`` changes ``t`` too when ``t`` holds a 0-d array (``t = np.copy(b)`` of a
    number), and not when it holds a number (the result of an operator, a ufunc or a reduction,
    also of 0-d operands); a name that may hold either (assigned both, or by a call whose result
    depends on its argument's type) is one no static rank tells apart."""
    arrays, maybe = set(), set()
    for _ in range(len(ops) + 1):
        before = (len(arrays), len(maybe))
        numbers = set()
        for op in ops:
            if op.kind == "copy" or getattr(op.stmt, "_s2sad_inplace", False) or len(op.targets) != 1 \
                    or ranks.get(op.targets[0]) != 0:
                numbers |= {t for t in op.targets if ranks.get(t) == 0 and op.kind != "copy"
                            and not getattr(op.stmt, "_s2sad_inplace", False)}
                continue     # `r -= 1` keeps whatever r holds
            kind = _zero_d_kind(op, arrays - maybe, _holders(ops, arrays | maybe))
            {ARRAY: arrays, MAYBE: maybe, NUMBER: numbers}[kind].add(op.targets[0])
        arrays = _through_copies(ops, arrays | maybe)
        maybe = arrays & (_through_copies(ops, numbers) | _through_copies(ops, maybe))
        if (len(arrays), len(maybe)) == before:
            break
    return arrays, maybe


def _holders(ops, arrays):
    """Lists built (a display, an append) from a name in ``arrays``, and their copies: of the name
    (``ys = xs``) and of the list (``ys = xs[:]``, ``list(xs)``, ``tuple(xs)``: a new list holding
    the same 0-d arrays, so ``ys[0] += 0.5`` changes ``xs[0]`` too)."""
    out = {t for op in ops if op.kind in ("pack", "append") and set(op.operands) & arrays for t in op.targets}
    for _ in range(len(ops)):
        more = _through_copies(ops, out) | {op.targets[0] for op in ops if _list_copy_of(op, out)}
        if more <= out:
            return out
        out |= more
    return out


def _list_copy_of(op, lists):
    """True if ``op`` binds one name to a shallow copy of a list in ``lists``."""
    v = getattr(op.stmt, "value", None)
    if len(op.targets) != 1:
        return False
    if isinstance(v, ast.Subscript) and isinstance(v.slice, ast.Slice):
        return isinstance(v.value, ast.Name) and v.value.id in lists
    return isinstance(v, ast.Call) and op.func in (list, tuple) and len(v.args) == 1 \
        and isinstance(v.args[0], ast.Name) and v.args[0].id in lists


def _zero_d_arrays(ops, ranks):
    """Names of rank 0 that may hold a 0-d array (and names copied from one)."""
    return _zero_d_classes(ops, ranks)[0]


def _ambiguous_zero_d(ops, ranks, zero_d):
    """Names of ``zero_d`` that may also hold a number."""
    return _zero_d_classes(ops, ranks)[1] & zero_d


def _through_copies(ops, names):
    """``names`` with every name copied from one of them (``r = t``), transitively; the copy
    that ends ``r op= v`` keeps ``r``'s own value, so it passes nothing on."""
    out = set(names)
    for _ in range(len(ops)):
        more = {op.targets[0] for op in ops if op.kind == "copy" and op.operands[0] in out
                and not getattr(op.stmt, "_s2sad_inplace", False)} - out
        if not more:
            break
        out |= more
    return out


def _uses(s):
    """Names whose value (or buffer) statement ``s`` uses, and names it rebinds."""
    if isinstance(s, ast.Assign):
        t = s.targets[0]
        if isinstance(t, ast.Subscript):
            return set(A.names_in(s.value)) | set(A.names_in(t)), set()
        return set(A.names_in(s.value)), {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set(A.names_in(s)), set()


def _liveness(stmts, live, out):
    """Backward liveness over structured code; records each simple statement's live-out set."""
    for s in reversed(stmts):
        if isinstance(s, ast.If):
            live = _liveness(s.body, set(live), out) | _liveness(s.orelse, set(live), out) | set(A.names_in(s.test))
        elif isinstance(s, (ast.For, ast.While)):
            head = set(A.names_in(s.iter if isinstance(s, ast.For) else s.test))
            target = {s.target.id} if isinstance(s, ast.For) else set()
            end = set(live) | head
            for _ in range(50):
                start = _liveness(s.body, set(end), out) - target
                if start <= end:
                    break
                end |= start
            live = set(live) | head | start
        else:
            out[id(s)] = set(live)
            used, killed = _uses(s)
            live = (live - killed) | used
    return live


def _block_chain_contains(block, target, flat):
    """``block`` is target's own block or an enclosing one."""
    node = target
    blocks = {id(target.block)}
    parents = {}
    for e in flat:
        if e.header:
            for child in e.stmt.body + e.stmt.orelse:
                parents[id(child)] = e
    while id(node.stmt) in parents:
        node = parents[id(node.stmt)]
        blocks.add(id(node.block))
    return id(block) in blocks
