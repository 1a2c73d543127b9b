"""Write-backs along chains of views: each view inverted, the inverses composed.

``analyses/alias.py`` writes a write through ``n`` back into a name ``m`` that shares its memory.
When ``n`` and ``m`` are not one view apart (``seg = row[2:4]`` of ``row = A[i]``, ``V = C.T``,
``Y = y.reshape(3, 3)``, ``w = t`` of ``t = D[:, j]``), this module finds the path between them
in the tree of views and returns the statements that carry the write along it:

* **up**, from ``n`` to the nearest name ``r`` that both ``n`` and ``m`` are views of (or ``m``
  itself): each view is inverted in turn, the child written into its parent:
  ``c = p`` -> ``p = c``; ``c = p[idx]`` -> ``p[idx] = c``; ``c = np.transpose(p[, axes])`` ->
  ``p = np.transpose(c[, inverse axes])``; ``c = np.swapaxes(p, a, b)`` -> ``p = np.swapaxes(c, a, b)``;
  ``c = np.moveaxis(p, s, d)`` -> ``p = np.moveaxis(c, d, s)``; ``c = np.reshape(p, s)`` /
  ``np.ravel(p)`` / ``np.squeeze(p[, axis])`` / ``np.expand_dims(p, axis)`` ->
  ``p = np.reshape(np.ascontiguousarray(c), p.shape)`` (in three statements); ``c = np.asarray(p)`` -> ``p = c``;
* **down**, from ``r`` to ``m``: each view of the chain is taken again (``m = s[k]`` after ``s = r[j]``).

Each such statement gives a name the value NumPy's shared buffer now shows through it; it does
not change which buffer the name holds, so the statements are marked settled: the alias stage
takes them for neither a new write (every name sharing that buffer is handled at the original
write) nor a new binding (a name's buffer is still the one its view gave it).

A chain is followed, and so written back, only where the write-back is sound:

* every step is a view of **all** of its parent's elements (a basic index selects some;
  the rest stay as they are) that NumPy is known to return: a basic index (no integer or
  boolean array), the same object, a permutation of axes, or a reshape-like call that returns
  a view for its parent's layout: ``np.squeeze`` / ``np.expand_dims`` always; ``np.reshape`` when
  the parent is 1-d or provably C-contiguous; ``np.ravel`` when it is provably C-contiguous
  (``contiguous`` below). Where NumPy may copy instead, the write-back is refused, located:
  a write-back through a copy would invent a change NumPy never makes;
* the parent of every step, and every name its index or arguments read, is unchanged from the
  step to the write (``Aliasing.unchanged``): the view still shows that parent's memory;
* no step goes through a list (an element a list holds is refused in ``alias.py``), except one
  element of a list whose positions hold distinct objects (``_row_of_distinct_rows``), or a global
  (never written), no step unpacks a tuple (``a, b = t``), and no call has keywords other than
  ``axis`` (an ``order=`` changes which elements the view shows).
"""
import ast

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from ..frontend.resolve import np_ref
from .alias_flow import ARRAY_MAKERS, _has_slice
from .alias_lists import distinct_elements
from .alias_views import is_new
from .ir import resolve

MAX_CHAIN = 8
PERMUTES = {np.transpose: "transpose", np.swapaxes: "swapaxes", np.moveaxis: "moveaxis"}
RESHAPES = {np.reshape: "reshape", np.ravel: "ravel", np.squeeze: "squeeze", np.expand_dims: "expand_dims"}
SAME = (np.asarray, np.asanyarray)
# calls that allocate a C-ordered array whatever their arguments (no `order=` given)
C_ORDERED = (np.zeros, np.ones, np.empty, np.full, np.eye, np.identity, np.arange, np.linspace, np.logspace, np.outer,
             np.ascontiguousarray)


class Step:
    """``child = value``, at flat[d]: a view of ``parent`` of the given kind."""

    def __init__(self, child, parent, kind, d, value):
        self.child, self.parent, self.kind, self.d, self.value = child, parent, kind, d, value


def view_step(al, child, d, flat):
    """The view step flat[d] (``child = ...``) takes, or None if it is not one followed here."""
    stmt = flat[d].stmt
    if not isinstance(stmt, ast.Assign) or not isinstance(stmt.targets[0], ast.Name):
        return None   # (`a, b = t` unpacks t: a is no view of t itself)
    v = stmt.value
    if isinstance(v, ast.Name):
        return Step(child, v.id, "copy", d, v)
    if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and not al.fancy(v.slice):
        return Step(child, v.value.id, "index", d, v)
    if not (isinstance(v, ast.Call) and v.args and isinstance(v.args[0], ast.Name)):
        return None
    fn = resolve(al.ns, v.func)
    if any(k.arg != "axis" or fn not in (np.squeeze, np.expand_dims) for k in v.keywords) \
            or any(isinstance(a, ast.Starred) for a in v.args):
        return None
    kind = PERMUTES.get(fn) or RESHAPES.get(fn) if _hashable(fn) else None
    if fn in SAME and len(v.args) == 1:
        kind = "copy"
    if kind == "transpose" and len(v.args) == 2 and _constant_axes(v.args[1]) is None:
        return None
    if not _an_array(al, v.args[0].id, d, flat):
        return None   # a number (or a name that may hold one): the call makes a new array
    return Step(child, v.args[0].id, kind, d, v) if kind else None


def _an_array(al, name, k, flat):
    """True if ``name`` at flat[k] certainly holds an array (not a number): of rank 1 or more, a
    0-d array, a slice, or the result of a call that always makes one (``np.ascontiguousarray``)."""
    rank = al.ranks.get(name)
    if rank is not None:
        return rank > 0 or name in al.zero_d
    if al.sliced(name, k, flat):
        return True
    d = al.definition(name, k, flat)
    v = flat[d].stmt.value if d is not None else None
    return isinstance(v, ast.Call) and getattr(resolve(al.ns, v.func), "__name__", "") in ARRAY_MAKERS \
        and (getattr(resolve(al.ns, v.func), "__module__", None) or "").startswith("numpy")


def _hashable(fn):
    try:
        hash(fn)
    except TypeError:
        return False
    return True


def _constant_axes(node):
    if isinstance(node, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Constant) and isinstance(e.value, int)
                                                       for e in node.elts):
        return [e.value for e in node.elts]
    return None


def chain(al, name, k, flat):
    """[Step, ...]: ``name`` at flat[k] is a view of a view of ... each step's parent (and the
    names its index or arguments read) unchanged since, through no list."""
    out, cur, pos = [], name, k
    for _ in range(MAX_CHAIN):
        d = al.definition(cur, pos, flat)
        step = view_step(al, cur, d, flat) if d is not None else None
        if step is None or step.parent in al.globals or step.parent == cur \
                or step.parent in al.lists and not _row_of_distinct_rows(al, step, flat):
            break
        reads = [step.parent] + [n for a in _arguments(step.value) for n in A.names_in(a)]
        if not al.unchanged(reads, d, k, flat):
            break
        out.append(step)
        cur, pos = step.parent, d
    return out


def _row_of_distinct_rows(al, step, flat):
    """True if ``step`` reads one element (``row = D[i]``, an integer index: a slice of a list is a
    new list) of a list no two positions of which hold one object (``alias_lists.distinct_elements``:
    rows appended or displayed fresh, ``[[0.0] * m for _ in range(n)]``, never ``[row] * n``). Then
    ``D[i] = row`` puts the written row back, and ``prev = D[k]`` taken again is the written row
    when ``k == i`` and the unchanged one otherwise, as in Python."""
    return step.kind == "index" and not _has_slice(step.value.slice) and distinct_elements(al, step.parent, flat)


def _arguments(v):
    if isinstance(v, ast.Subscript):
        return [v.slice]
    if isinstance(v, ast.Call):
        return list(v.args[1:]) + [kw.value for kw in v.keywords]
    return []


def path_writeback(al, n, m, k, flat):
    """The statements that carry the write through ``n`` at flat[k] to ``m``, or None if the
    two are not linked by chains of views that both meet at one name."""
    up, down = chain(al, n, k, flat), chain(al, m, k, flat)
    ups = [n] + [s.parent for s in up]
    downs = [m] + [s.parent for s in down]
    meet = next((i for i, r in enumerate(ups) if r in downs), None)
    if meet is None:
        return None
    j = downs.index(ups[meet])
    if j and down[0].kind == "index" and not _has_slice(down[0].value.slice) and al.ranks.get(m) is None:
        return None   # `m = s[i]` may be a number read before the write (refused in alias.py)
    steps = up[:meet] + down[:j]
    for s in steps:
        _check_view(al, s, k, flat)
    out = [stmt for s in up[:meet] for stmt in _inverse(al, s, k, flat)]
    out += [A.assign(s.child, A.clone(s.value)) for s in reversed(down[:j])]
    return out


def _inverse(al, s, k, flat):
    """Statements giving ``s.parent`` the value its memory shows once ``s.child`` was written."""
    c, p, v = A.name(s.child), s.parent, s.value
    if s.kind == "copy":
        return [A.assign(p, c)]
    if s.kind == "index":
        rebuilt = _tuple_with(al, p, v.slice, c, k, flat)
        if rebuilt is not None:
            return rebuilt
        al.refuse_tuple_store(p, k, flat)
        return [A.assign(ast.Subscript(value=A.name(p), slice=A.clone(v.slice), ctx=ast.Store()), c)]
    if s.kind == "transpose":
        axes = _constant_axes(v.args[1]) if len(v.args) == 2 else None
        extra = [] if axes is None else [ast.Tuple(elts=[A.const(int(a)) for a in np.argsort(axes)],
                                                   ctx=ast.Load())]
        return [A.assign(p, ast.Call(func=np_ref("np.transpose"), args=[c] + extra, keywords=[]))]
    if s.kind == "swapaxes":
        return [A.assign(p, ast.Call(func=np_ref("np.swapaxes"), args=[c] + A.clone(v.args[1:]), keywords=[]))]
    if s.kind == "moveaxis":
        back = [A.clone(v.args[2]), A.clone(v.args[1])]
        return [A.assign(p, ast.Call(func=np_ref("np.moveaxis"), args=[c] + back, keywords=[]))]
    shape, flat = al.namer.fresh("shape"), al.namer.fresh("flat")   # (numba reshapes contiguous arrays only)
    return [A.assign(shape, ast.Attribute(value=A.name(p), attr="shape", ctx=ast.Load())),
            A.assign(flat, ast.Call(func=np_ref("np.ascontiguousarray"), args=[c], keywords=[])),
            A.assign(p, ast.Call(func=np_ref("np.reshape"), args=[A.name(flat), A.name(shape)], keywords=[]))]


def _tuple_with(al, p, index, c, k, flat):
    """``t0 = p[0]; ...; p = (t0, ..., c, ..., tn)``: the tuple ``p`` (bound to a display of ``n`` items)
    with item ``index`` (a constant) the written array ``c`` (a tuple has no item assignment; its
    item is the very array written, so the new tuple holds what the old one shows), or None."""
    d = al.definition(p, k, flat)
    value = flat[d].stmt.value if d is not None else None
    if not isinstance(value, ast.Tuple) or not isinstance(index, ast.Constant) or type(index.value) is not int:
        return None
    n = len(value.elts)
    if not -n <= index.value < n:
        return None
    i = index.value % n
    items = {j: al.namer.fresh("t") for j in range(n) if j != i}
    reads = [A.assign(t, ast.Subscript(value=A.name(p), slice=A.const(j), ctx=ast.Load())) for j, t in items.items()]
    return reads + [A.assign(p, ast.Tuple(elts=[c if j == i else A.name(items[j]) for j in range(n)], ctx=ast.Load()))]


def _check_view(al, s, k, flat):
    """Refuse (located) a reshape-like step NumPy may answer with a copy for this layout."""
    if s.kind in ("reshape", "ravel") and not contiguous(al, s.parent, s.d, flat) \
            and not (s.kind == "reshape" and al.ranks.get(s.parent) == 1):
        if s.kind == "ravel" and _through_flat(al, s, flat[k].stmt):
            raise _flat_refusal(al, s, flat[k].stmt)
        call = ast.unparse(s.value)
        temp = s.child in al.namer.issued     # (a temporary s2sad made: say the user's expression)
        view, name = (f"`{call}`", "v") if temp else (f"`{s.child} = {call}`", s.child)
        raise unsupported(al.src, flat[k].stmt, f"a write into memory that {view} may share: NumPy returns a "
                          f"view there only when `{s.parent}` is C-contiguous (otherwise a copy), which s2sad "
                          "cannot prove here, so whether the write reaches both is up to the data",
                          f"Copy it into a new array before writing (`{name} = np.copy({call})`), or make "
                          f"`{s.parent}` C-contiguous first (`{s.parent} = np.ascontiguousarray(...)`).")


def _through_flat(al, s, stmt):
    """The user's line writes through ``y.flat`` (which ``frontend/anf.py`` wrote as ``np.ravel(y)``)."""
    y = al.namer.as_written(s.parent)
    line = al.src.line(getattr(stmt, "lineno", 0)) if al.src is not None else None
    try:
        tree = ast.parse((line or "").strip())
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store) and isinstance(n.value, ast.Attribute)
               and n.value.attr == "flat" and isinstance(n.value.value, ast.Name) and n.value.value.id == y
               for n in ast.walk(tree))


def _flat_refusal(al, s, stmt):
    """The refusal of ``y.flat[i] = v`` where ``y`` may not be C-contiguous (``frontend/anf.py``
    follows the write as one into ``np.ravel(y)``, a view of ``y`` only then)."""
    y = al.namer.as_written(s.parent)
    return unsupported(al.src, stmt, f"a write through `{y}.flat` where `{y}` may not be C-contiguous: s2sad "
                       f"follows it as a write into the elements of `{y}` in C order, which it does only where "
                       f"`{y}` is provably C-contiguous (a parameter, or a view of one, may have any strides)",
                       f"Make `{y}` C-contiguous first (`{y} = np.ascontiguousarray({y})`), or write the element "
                       f"by its index (`{y}[i, j] = v`).")


def contiguous(al, name, k, flat, depth=4):
    """True if ``name`` at flat[k] provably holds a C-contiguous array: a 1-d array an operator,
    a ufunc or a NumPy function making a new array returned, a C-ordered allocation
    (``np.zeros(...)``, ``np.ascontiguousarray(x)``), or an operator or ufunc of such arrays and
    numbers. Never a parameter: the caller's array may have any strides."""
    d = al.definition(name, k, flat)
    if d is None:
        return False
    if not isinstance(flat[d].stmt.targets[0], ast.Name):
        return False
    v = flat[d].stmt.value
    if isinstance(v, ast.Name):
        return depth > 0 and contiguous(al, v.id, d, flat, depth - 1)
    fn = resolve(al.ns, v.func) if isinstance(v, ast.Call) else None
    if al.ranks.get(name) == 1 and (isinstance(v, (ast.BinOp, ast.UnaryOp)) or fn is not None and is_new(fn)):
        return True
    if fn is not None and not v.keywords and fn in C_ORDERED or getattr(v, "_s2sad_c_order", False):
        return True   # (`x.copy()`: frontend/anf.py)
    if isinstance(v, (ast.BinOp, ast.UnaryOp)) or isinstance(fn, np.ufunc) and not v.keywords:
        operands = [v.left, v.right] if isinstance(v, ast.BinOp) else [v.operand] if isinstance(
            v, ast.UnaryOp) else v.args
        return depth > 0 and all(isinstance(o, ast.Constant) or isinstance(o, ast.Name) and (
            al.ranks.get(o.id) == 0 or contiguous(al, o.id, d, flat, depth - 1)) for o in operands)
    return False
