"""Adjoints of tuples of values of different types or shapes under ``jit=True``.

``np.linalg.eigh`` returns ``(w, V)``, ``np.linalg.lstsq`` ``(x, residuals, rank, sv)``: the
adjoint of such a tuple is started as ``b_t = zeros_like(t)`` and its items are added one by one,
``b_t[0] += b_w``, before the rule's helper reads ``b_t[0]``, ``b_t[1]`` (``eigh_grad``). In Python
``zeros_like`` gives a mutable list of zeros (``GradList``); numba holds no such list (its lists
have one item type), so under jit ``zeros_like(t)`` becomes ``zeros_of_items(t)``, a tuple of
zeros with one item per item of ``t`` (also for a list display of items of different types,
``[x, 2.0]``, which numba holds as a constant ``LiteralList``; also for ``np.linalg.qr``'s pair of matrices of different
shapes, which numba types as one tuple type; for a list of arrays, ``np.array_split``'s pieces, a
list of zeros, one array per piece, where ``zeros_like`` made one array a row per piece and
refused pieces of different shapes), and each ``b_t[k] += v`` with a constant ``k`` becomes
``b_t = add_item(b_t, k, v)``: a new tuple with item ``k`` summed (for an array or a list it adds in
place and returns it, as ``+=`` does). A list of such tuples (a list of dicts of an array and a
number, ``frontend/dict_rows.py``) has a list of tuples of zeros as its adjoint, and the row adjoint
added whole, ``b_rows[k1] += b_L``, becomes ``add_item`` too: row ``k1`` replaced by the item-wise sum.

Invariant: the rewrite touches only adjoints ``b = zeros_like(t)`` of values ``t`` whose rank s2sad
does not know (not an array, not a list of numbers) and that are read only as ``b[k] += v`` with an
integer constant ``k`` (or ``b[k] = b[k] + v``, as the tangent sweep of hvp writes it; with a name
``k`` only when ``v`` is a row adjoint rewritten too), read as ``b[k]`` (the adjoint of ``t = (x, 2.0)``
passed on to ``x``; ``b[k][j]`` of a row), added whole as such a row, or passed whole to a call; the values are those of the Python adjoint, so
the rewritten code still runs in Python (``zeros_of_items`` is ``zeros_like`` there).
"""
import ast

import numpy as np
from numba import types
from numba.extending import overload

from .. import astutil as A
from ..rules import runtime as rt
from .numba_helpers.numba_support import gen


def add_item(b, k, v):
    """``b[k] += v``; returns ``b`` (the rewritten adjoint assigns it back)."""
    b[k] += v
    return b


def zeros_of_items(t):
    """``zeros_like(t)``: in numba, of a tuple, a tuple of zeros (one per item)."""
    return rt.zeros_like(t)


@overload(zeros_of_items)
def _ov_zeros_of_items(t):
    if isinstance(t, types.List) and isinstance(t.dtype, types.Array):   # np.array_split's pieces
        return lambda t: [np.zeros(e.shape) for e in t]     # one array each: their shapes may differ
    if isinstance(t, types.List) and isinstance(t.dtype, types.Tuple):   # a list of dicts' rows (array, number)
        return lambda t: [zeros_of_items(e) for e in t]     # a tuple of zeros per row
    kinds = t.types if isinstance(t, types.LiteralList) else t   # [x, 2.0]: a list of items of different types
    if not isinstance(t, (types.BaseTuple, types.LiteralList)) or all(isinstance(i, types.Number) for i in kinds):
        return lambda t: rt.zeros_like(t)      # numbers (slogdet's pair): one array, as before
    items = "".join(f"zeros(t[{j}]), " for j in range(len(kinds)))
    return gen(f"def zeros_of_items(t):\n    return ({items})\n", "zeros_of_items", {"zeros": rt.zeros_like},
               __name__)


@overload(add_item, prefer_literal=True)
def _ov_add_item(b, k, v):
    if isinstance(b, types.BaseTuple):
        if not isinstance(k, types.IntegerLiteral):
            return None
        n, at = len(b.types), k.literal_value % max(len(b.types), 1)
        items = ", ".join(f"b[{j}] + v" if j == at else f"b[{j}]" for j in range(n))
        return gen(f"def add_item(b, k, v):\n    return ({items}{',' if n == 1 else ''})\n", "add_item", {},
                   __name__)
    if isinstance(b, types.List) and isinstance(b.dtype, types.BaseTuple):
        items = "".join(f"b[k][{j}] + v[{j}], " for j in range(len(b.dtype.types)))   # not +: it joins tuples
        return gen(f"def add_row(b, k, v):\n    b[k] = ({items})\n    return b\n", "add_row", {}, __name__)

    def add_in_place(b, k, v):
        b[k] += v
        return b
    return add_in_place


def rewrite(fdef, ns, ranks):
    """``b = zeros_like(t)`` -> ``b = zeros_of_items(t)`` and ``b[k] += v`` -> ``b = add_item(b, k, v)``
    for the adjoints ``b`` of values ``t`` of unknown rank (a tuple a NumPy function returned);
    see the module's docstring."""
    starts = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and _zeros_of_unknown(node.value, ns, ranks):
            starts.setdefault(node.targets[0].id, []).append(node)
    fine = set(starts)
    while True:            # to a fixed point: a row is added whole only to a list rewritten too
        keep = {b for b in fine if _read_by_items(fdef, b, starts[b], fine)}
        if keep == fine:
            break
        fine = keep
    if not fine:
        return fdef
    for b in fine:
        for node in starts[b]:
            ref = A.name(ns.bind("_s2sad_zeros_of_items", zeros_of_items))
            ref._s2sad_bound = True
            node.value.func = A.at(ref, node.value.func)
    _AddItems(fine, ns).visit(fdef)
    return fdef


def _zeros_of_unknown(value, ns, ranks):
    from ..analyses.ir import resolve
    if not (isinstance(value, ast.Call) and len(value.args) == 1 and isinstance(value.args[0], ast.Name)
            and isinstance(value.func, ast.Name) and resolve(ns, value.func) is rt.zeros_like):
        return False
    return not isinstance(ranks.get(value.args[0].id), int)


def _item_add(node, b, rows=()):
    """The added value if ``node`` is ``b[k] += v`` or ``b[k] = b[k] + v`` (the tangent sweep of
    hvp writes the latter) with an integer constant ``k``, or with a name ``k`` when ``v`` is one
    of the adjoints ``rows`` (a row of a list of tuples, ``b_rows[k1] += b_L``), else None."""
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        t, v = node.target, node.value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) \
            and isinstance(node.value.op, ast.Add) and ast.unparse(node.value.left) == ast.unparse(node.targets[0]):
        t, v = node.targets[0], node.value.right
    else:
        return None
    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == b \
            and (_const(t.slice) or isinstance(t.slice, ast.Name) and isinstance(v, ast.Name) and v.id in rows):
        return v
    return None


def _const(node):
    return isinstance(node, ast.Constant) and type(node.value) is int


def _read_by_items(fdef, b, starts, fine=()):
    """Whether every occurrence of ``b`` in ``fdef`` is one of its ``starts``, ``b[k] += v``, a read
    ``b[k]``, an argument of a call (a rule's helper reading the whole adjoint) or the row added
    whole to an adjoint of ``fine`` (``b_rows[k1] += b``)."""
    allowed = set()
    for node in ast.walk(fdef):
        if node in starts:
            allowed.add(id(node.targets[0]))
        elif _item_add(node, b, fine) is not None:
            target = node.target if isinstance(node, ast.AugAssign) else node.targets[0]
            allowed |= {id(target.value)} | {id(n) for n in ast.walk(target)} \
                | ({id(node.value.left.value)} if isinstance(node, ast.Assign) else set())
        elif isinstance(node, ast.Call):
            allowed |= {id(a) for a in node.args if isinstance(a, ast.Name) and a.id == b}
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name) \
                and node.value.id == b and _const(node.slice):
            allowed.add(id(node.value))     # b_t[0] read: an item of the tuple of zeros
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _const(node.slice) \
                and isinstance(node.value, ast.Subscript) and isinstance(node.value.value, ast.Name) \
                and node.value.value.id == b and isinstance(node.value.slice, ast.Name):
            allowed.add(id(node.value.value))     # b_rows[k][0]: an item of a row of a list of tuples
        elif isinstance(node, ast.AugAssign) and isinstance(node.value, ast.Name) and node.value.id == b \
                and any(_item_add(node, r, fine) is not None for r in fine):
            allowed.add(id(node.value))     # b_rows[k1] += b_L: a row added whole to a rewritten list
    return all(id(n) in allowed for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == b)


class _AddItems(ast.NodeTransformer):
    def __init__(self, names, ns):
        self.names, self.ns = names, ns

    def visit_AugAssign(self, node):
        return self._add(node, node.target)

    def visit_Assign(self, node):
        return self._add(node, node.targets[0])

    def _add(self, node, t):
        v = next((v for b in self.names if (v := _item_add(node, b, self.names)) is not None), None)
        if v is None:
            return node
        ref = A.name(self.ns.bind("_s2sad_add_item", add_item))
        ref._s2sad_bound = True
        value = A.call(ref, A.name(t.value.id), A.clone(t.slice), v)
        return A.at(A.assign(t.value.id, value), node)
