"""Part of the ``jit`` stage: calls numba lacks, or takes only in another form, written as calls
it compiles (AST in place; :func:`s2sad.backends.numba_lower.lower` runs them in its order).

* ``Substitute`` (early): ``np.matmul``, ``np.array``, ``np.copy``, ``np.stack``, ``sum``,
  ``np.reshape``... call their stand-ins (``numba_lists.SUBSTITUTES``, ``substitute_ref``);
  ``astype(float)`` and ``dtype=float`` name NumPy's dtype; ``np.tensordot``'s integer axes
  become JSON text (``_axes_as_text``); ``np.einsum`` loses ``optimize``; ``np.array([])``
  becomes ``np.empty(0)``; the integer constants of a nested list display holding a float
  constant (``np.array([[1.0, 2], [3, 4]])``) become floats (``_float_rows``); a slice of
  ``range(...)`` becomes one of ``np.arange(...)``;
* ``MaskIndexing`` (late): indexing with a mask of 2 or more dimensions calls
  ``mask_get``/``mask_set``;
* ``Late`` (last): ``np.outer``, ``np.dot``, ``np.max``, ``np.min`` call their stand-ins
  (``numba_lists.LATE``), after the stages that read those calls.

Invariant: every rewrite computes in Python and NumPy the values the original call does (the
stand-ins are NumPy's meaning, written for numba), and a call is replaced only when the
stand-in takes its arguments as written (``POSITIONAL``, ``LATE_ARITY``: no keyword or starred
argument it does not take), else it is left as written: numba compiles its own version or
refuses it, a ``JitError`` located at the user's line.
"""
import ast
import json

import numpy as np

from .. import astutil as A
from ..analyses import expr_ranks
from ..analyses.ir import resolve
from ..frontend.resolve import np_ref
from ..rules import runtime as rt
from .numba_helpers.numba_lists import LATE, LATE_ARITY, POSITIONAL, SUBSTITUTES

class Late(ast.NodeTransformer):
    """``np.outer(a, b)``, ``np.dot(a, b)``, ``np.max(v)``, ``np.min(v)`` -> their stand-ins
    (``numba_lists.LATE``), in the adjoint as the stages above left it (the rule of ``@`` writes
    them there: ``specialize``; ``hoist`` and ``loopfuse`` read NumPy's reductions)."""

    def __init__(self, ns):
        self.ns = ns

    def visit_Call(self, node):
        self.generic_visit(node)
        obj = resolve(self.ns, node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else None
        try:
            sub = LATE.get(obj)
        except TypeError:          # an unhashable object
            sub = None
        if sub is not None and len(node.args) == LATE_ARITY.get(sub, 2) and not node.keywords \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            node.func = A.at(substitute_ref(self.ns, sub), node.func)
        return node


class MaskIndexing(ast.NodeTransformer):
    """``a[m]``, ``a[m] = v`` and ``a[m] op= v`` with ``m`` an array of 2 or more dimensions ->
    ``mask_get(a, m)``, ``mask_set(a, m, v)``, ``mask_set(a, m, mask_get(a, m) op v)``: numba indexes
    only with 1-d masks (``X[X > 0]`` of a matrix failed to compile); their numba versions
    (``numba_rules_index``) take a mask of ``a``'s shape, and any other index as numba does."""

    def __init__(self, ns, ranks):
        from .numba_helpers import numba_runtime  # noqa: F401  (the numba runtime first, then its rule modules)
        from .numba_helpers.numba_rules_index import mask_get, mask_set
        self.ns, self.ranks, self.get, self.set = ns, ranks, mask_get, mask_set

    def _masked(self, node):
        if not isinstance(node, ast.Subscript) or isinstance(node.slice, (ast.Tuple, ast.Slice)):
            return False
        r = expr_ranks.rank(node.slice, self.ranks, self.ns)
        return isinstance(r, int) and not isinstance(r, bool) and r >= 2

    def _call(self, fn, *args, like):
        ref = A.name(self.ns.bind(f"_s2sad_{fn.__name__}", fn))
        ref._s2sad_bound = True
        return A.at(ast.Call(func=ref, args=list(args), keywords=[]), like)

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if self._masked(node) and isinstance(node.ctx, ast.Load):
            return self._call(self.get, node.value, node.slice, like=node)
        return node

    def visit_Assign(self, node):
        self.generic_visit(node)
        tgt = node.targets[0]
        if len(node.targets) == 1 and self._masked(tgt):
            return A.at(ast.Expr(value=self._call(self.set, tgt.value, tgt.slice, node.value, like=node)), node)
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        tgt = node.target
        if self._masked(tgt) and A.is_atom(tgt.value) and A.is_atom(tgt.slice):
            old = self._call(self.get, A.clone(tgt.value), A.clone(tgt.slice), like=node)
            new = A.at(ast.BinOp(left=old, op=node.op, right=node.value), node)
            return A.at(ast.Expr(value=self._call(self.set, tgt.value, tgt.slice, new, like=node)), node)
        return node


def substitute_ref(ns, sub):
    """A name bound in ``ns`` to ``sub`` (a stand-in of SUBSTITUTES or LATE), to call in place of the original."""
    ref = A.name(ns.bind(f"_s2sad_{sub.__name__.rstrip('_')}", sub))
    ref._s2sad_bound = True
    return ref


class Substitute(ast.NodeTransformer):
    """``np.matmul(a, b)`` -> ``_s2sad_matmul(a, b)`` (and the others in SUBSTITUTES)."""

    def __init__(self, ns):
        from .numba_helpers import numba_runtime  # noqa: F401  (its modules add to SUBSTITUTES: numba_forward, numba_rules_missing)
        self.ns = ns

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "astype":
            _builtin_dtype_as_numpy(node, self.ns)
        for kw in node.keywords:     # np.arange(n, dtype=float), np.eye(n, dtype=float)
            if kw.arg == "dtype" and isinstance(kw.value, ast.Name) and resolve(self.ns, kw.value) in _BUILTIN_DTYPES:
                kw.value = A.at(np_ref(_BUILTIN_DTYPES[resolve(self.ns, kw.value)]), kw.value)
        obj = resolve(self.ns, node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else None
        if obj in (np.tensordot, rt.tensordot_grad):
            _axes_as_text(node, self.ns, obj)
        if obj is np.einsum:    # the contraction order only (the same value): numba's stand-in takes no keyword
            node.keywords = [k for k in node.keywords if k.arg != "optimize"]
        if obj is np.array and _empty_display(node):
            return _empty_from_display(node)
        if obj in (np.array, np.asarray) and len(node.args) == 1 and not node.keywords:
            _float_rows(node.args[0])
        try:
            sub = SUBSTITUTES.get(obj)
        except TypeError:          # an unhashable object
            sub = None
        if sub is not None and POSITIONAL.get(sub, len(node.args)) == len(node.args) \
                and not (sub in POSITIONAL and node.keywords):
            node.func = A.at(substitute_ref(self.ns, sub), node.func)
        return node


    def visit_FunctionDef(self, node):
        _float_named_rows(node)
        self.generic_visit(node)
        return node

    def visit_Subscript(self, node):
        """``range(...)[::-1]`` (any slice) -> ``np.arange(...)[::-1]``: numba neither slices nor
        indexes a range (the reverse sweep reads ``seq[k]``); range's arguments are integers, so
        the integer array holds the same values."""
        self.generic_visit(node)
        v = node.value
        if isinstance(node.slice, ast.Slice) and isinstance(v, ast.Call) and isinstance(v.func, ast.Name) \
                and not v.keywords and 1 <= len(v.args) <= 3 and not any(isinstance(a, ast.Starred) for a in v.args) \
                and resolve(self.ns, v.func) is range:
            v.func = A.at(np_ref("np.arange"), v.func)
        return node

_BUILTIN_DTYPES = {float: "np.float64", int: "np.int64", bool: "np.bool_"}


def _axes_as_text(call, ns, fn):
    """``np.tensordot(a, b, axes=([1, 0], [0, 1]))`` (and its gradient helper) ->
    ``_s2sad_tensordot_axes(a, b, '[[1, 0], [0, 1]]')``: the stand-in reads the axes from the JSON text,
    which numba types as a constant (a list or tuple display it does not)."""
    from .numba_helpers.numba_rules_tensordot import AXES_AS_TEXT
    stand_in, position = AXES_AS_TEXT[fn]
    kws = [kw for kw in call.keywords if kw.arg == "axes"]
    axes = kws[0].value if kws else call.args[position] if len(call.args) > position else None
    if axes is None or isinstance(axes, ast.Constant) or not _int_display(axes) \
            or any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) < position:
        return
    text = A.at(ast.Constant(value=json.dumps(ast.literal_eval(axes))), axes)
    if kws:
        call.keywords.remove(kws[0])
        call.args.insert(position, text)
    else:
        call.args[position] = text
    ref = A.name(ns.bind(f"_s2sad_{stand_in.__name__}", stand_in))
    ref._s2sad_bound = True
    call.func = A.at(ref, call.func)


def _int_display(node):
    """A list or tuple display (nested) of int constants, or an int constant (``-1`` too)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    return isinstance(node, (ast.List, ast.Tuple)) and all(_int_display(e) for e in node.elts)


def _empty_display(node):
    """``np.array([])`` or ``np.array((), dtype=d)``: an empty array from an empty list display (NumPy's own
    ``np.hanning``, ``np.blackman``... return one for ``M < 1``); numba cannot type the empty list."""
    return len(node.args) == 1 and isinstance(node.args[0], (ast.List, ast.Tuple)) and not node.args[0].elts \
        and all(kw.arg == "dtype" for kw in node.keywords)


def _float_rows(display):
    """``np.array([[1.0, 2, 3], [2, 1, 2]])`` -> ``np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 2.0]])`` (and
    ``np.asarray``): in a
    nested list display (rows of rows) holding a float constant, NumPy's array is float64, so its
    integer constants are the same numbers as floats; numba types the rows as one list of float
    lists and then fails (an AssertionError) to build the row of integers as one. Nothing changes
    in a display without a float constant (its array may be of integers), nor in a flat one (numba
    unifies its numbers)."""
    if not isinstance(display, (ast.List, ast.Tuple)) or \
            not any(isinstance(e, (ast.List, ast.Tuple)) for e in display.elts):
        return
    leaves = _display_constants(display)
    if not any(type(n.value) is float for n in leaves):
        return
    for n in leaves:
        if type(n.value) is int and abs(n.value) < 2 ** 53:
            n.value = float(n.value)


def _float_named_rows(fdef):
    """``t1 = [0.9, 0.1, 0]``, ``t2 = [0, 1, 0]``, ``T = [t1, t2]`` (the front end names each row of
    ``T = [[0.9, 0.1, 0], [0, 1, 0]]``): the rows' integer constants as floats (``_float_rows``) when
    one row holds a float constant and each row is a display of constants bound once and read only
    there, so no other use sees the floats; numba fails to build ``T`` otherwise."""
    stores, loads = {}, {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name):
            count = stores if isinstance(n.ctx, ast.Store) else loads
            count[n.id] = count.get(n.id, 0) + 1
    rows = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.List) and n.value.elts \
                and len(_display_constants(n.value)) == len(n.value.elts):
            rows[n.targets[0].id] = n.value
    for n in ast.walk(fdef):
        if isinstance(n, ast.List) and n.elts and all(
                isinstance(e, ast.Name) and e.id in rows and stores[e.id] == 1 and loads[e.id] == 1
                for e in n.elts):
            _float_rows(ast.List(elts=[rows[e.id] for e in n.elts], ctx=ast.Load()))


def _display_constants(node):
    """The number constants that are items (``2``, ``-2``) of the nested list or tuple display ``node``."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return [c for e in node.elts for c in _display_constants(e)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return [node] if isinstance(node, ast.Constant) else []


def _empty_from_display(node):
    """``np.array([], dtype=d)`` -> ``np.empty(0, dtype=d)`` (NumPy's default dtype is float64 for both)."""
    call = ast.Call(func=np_ref("np.empty"), args=[ast.Constant(0)], keywords=node.keywords)
    return A.at(call, node)


def _builtin_dtype_as_numpy(node, ns):
    """``a.astype(float)`` -> ``a.astype(np.float64)`` (and ``int``, ``bool``), ``a.astype(dtype=t)``
    -> ``a.astype(t)``: the same in NumPy, and numba's ``astype`` takes no builtin type and no
    keyword."""
    if not node.args and [kw.arg for kw in node.keywords] == ["dtype"]:
        node.args, node.keywords = [node.keywords[0].value], []
    if len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        obj = resolve(ns, node.args[0])
        if obj in _BUILTIN_DTYPES:
            node.args[0] = A.at(np_ref(_BUILTIN_DTYPES[obj]), node.args[0])
