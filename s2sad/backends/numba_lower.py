"""Stage ``jit``: the optimized adjoint rewritten for numba (AST in, AST out).

Runs after ``optimize`` when a gradient is built with ``jit=True``
(``S2SAD_DUMP=jit`` prints its output; ``s2sad show --jit`` shows it). Each
rewrite keeps the meaning of the code in Python and NumPy, so the result still
runs without numba; what changes is only what numba can compile, or compile
to faster code:

* ``a ** -2`` becomes ``a ** -2.0`` (numba's ``int ** -2`` is 0; :mod:`s2sad.backends.int_powers`);
* the f-string message of a ``raise`` or ``assert`` loses its format specs (``{rho:.3f}`` is
  ``{rho}``: :mod:`s2sad.backends.messages`);
* ``x[...]`` read becomes ``x`` (numba reads no ``x[...]``);
* ``np.array([])`` (an empty list display, as in NumPy's window functions) becomes ``np.empty(0)``;
* calls to ``np.matmul``, ``np.array``, ``np.copy``, ``np.stack``, ``sum`` and
  ``np.reshape`` call the stand-ins of :mod:`s2sad.backends.numba_helpers.numba_lists` instead
  (these calls and the late ones below: :mod:`s2sad.backends.stand_ins`);
* a constant list of ints used only where an array means the same (``y[t1]``, ``add_at(b_x, t1, g)``)
  becomes an array (numba indexes with integer arrays, not lists: :mod:`s2sad.backends.index_lists`);
* a list display read only as the arrays of ``np.concatenate`` (``hstack``,
  ``vstack``) becomes a tuple: numba builds no list on the heap for it (13% of
  an RK4 step that joins two arrays four times), and a tuple may mix layouts;
* ``np.random.normal(size=n)`` (and the other draws of :mod:`s2sad.backends.random_args`) becomes
  ``np.random.normal(0.0, 1.0, n)``: numba's versions take no later parameter named alone;
* ``a.astype(float)`` (``int``, ``bool``) becomes ``a.astype(np.float64)`` (numba
  takes no builtin type there);
* ``np.linalg.norm(M, 'fro')`` of a matrix becomes ``np.linalg.norm(M)`` (the
  same norm; numba accepts no string ``ord``);
* ``np.einsum(..., optimize=o)`` loses ``optimize`` (it picks only the contraction order);
* then the transforms that make compiled adjoints fast: a loop's array the same at every pass
  (GMM's ``t17 = alphas + sum_qs``) computed once, before the loop (:mod:`s2sad.backends.hoist`); uniform adjoints
  (``np.full(s, v)`` scaled by numbers) carried as one number
  (:mod:`s2sad.backends.uniform`), adjoints updated in
  place (:mod:`s2sad.backends.inplace`), runs of elementwise statements fused
  into one loop (:mod:`s2sad.backends.loopfuse`; in a loop, into the previous
  iteration's array where :mod:`s2sad.backends.reuse` proves it dead), the gradient of a
  whole-array ``np.max`` added into its adjoint with no array (:mod:`s2sad.backends.adds`) and
  elementwise chains fused into one expression (:mod:`s2sad.backends.fuse`);
* then list tapes of arrays of one shape become arrays written row by row
  (:mod:`s2sad.backends.array_tapes`; every push copies its value);
* then primal accumulations ``z = z + a * b`` are updated in place
  (:mod:`s2sad.backends.primal_inplace`), also after a push of ``z``;
* then names bound only to views of an array (``t4 = qdiag[:, r]``) are read through the
  array (``qdiag[_i0, r]`` in the fused loops), no view made (:mod:`s2sad.backends.views`);
* last, indexing with a mask of 2 or more dimensions (``X[X > 0]``) calls ``mask_get``/``mask_set``
  (numba indexes only with 1-d masks), and the adjoint of a tuple a NumPy function returned
  (``np.linalg.eigh``'s ``(w, V)``) is a tuple of zeros updated item by item
  (:mod:`s2sad.backends.numba_tuples`), and a result returned from several paths holds a
  number where one path made a 0-d array (:mod:`s2sad.backends.returned`);
* very last, an int product, power or left shift that may leave int64 calls ``int_mul``,
  ``int_pow``, ``int_lshift`` (checked in numba: :mod:`s2sad.backends.int_checks`), and ``math.sqrt``,
  ``math.exp``..., ``int``, ``round``, ``math.floor`` of a float call stand-ins raising as Python
  does where numba returns nan, inf or a garbage int (:mod:`s2sad.backends.math_checks`).

``type_empty_tapes`` is applied later, by the backend, when numba reports a
tape list it cannot type (its appends were pruned as dead code).
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses import expr_ranks
from ..analyses.ir import resolve
from . import (
    adds,
    array_tapes,
    fuse,
    hoist,
    index_lists,
    inplace,
    int_checks,
    int_powers,
    loopfuse,
    math_checks,
    messages,
    numba_tuples,
    primal_inplace,
    random_args,
    returned,
    reuse,
    specialize,
    unbroadcasts,
    uniform,
    view_reuse,
    views,
)
from .stand_ins import Late, MaskIndexing, Substitute, substitute_ref


def lower(fdef, ns, ranks=None, adjoints=None, tapes=(), mask_ranks=None):
    """Rewrite ``fdef`` (the adjoint FunctionDef) in place for numba; returns it.
    ``ranks``: ranks of the primal names; ``adjoints``: adjoint name -> primal name;
    ``tapes``: the names of the reverse sweep's tapes; ``mask_ranks`` (forward mode, no ``ranks``):
    the ranks of its names, read only to index with masks of 2 or more dimensions."""
    index_lists.rewrite(fdef, ns)
    int_powers.rewrite(fdef)        # first: numba's `6 ** -2` is 0
    messages.plain_messages(fdef)
    _WholeReads().visit(fdef)
    _joined_lists_as_tuples(fdef, ns)
    random_args.rewrite(fdef, ns)
    Substitute(ns).visit(fdef)
    if ranks is not None:
        _frobenius_as_default(fdef, ns, ranks)
    primal_ranks = ranks
    if ranks is not None and adjoints is not None:
        ranks = _with_dout(fdef, ranks)
        hoist.rewrite(fdef, ns, primal_ranks, tapes)
        specialize.specialize(fdef, ns, ranks, adjoints)
        uniform.rewrite(fdef, ns, ranks, adjoints)
        inplace.rewrite(fdef, ns, ranks, adjoints)
        reuse.mark(fdef, ns, ranks, adjoints)
        loopfuse.loopfuse(fdef, ns, ranks, adjoints)
        adds.rewrite(fdef, ns, ranks, adjoints)
        fuse.fuse(fdef, ns, ranks, adjoints)
    rows = {}        # a proven shape's tape rows (tape_z of z = tape_z[tape_z_n]) -> rank
    if primal_ranks is not None:
        array_tapes.rewrite(fdef, ns, primal_ranks, tapes, rows)
    if primal_ranks is not None and adjoints is not None:     # after the tapes: their pushes copy
        primal_inplace.rewrite(fdef, ns, ranks, adjoints)
        views.rewrite(fdef, ns, {**ranks, **rows}, adjoints)      # last: every stage above may make a view
        unbroadcasts.rewrite(fdef, ns, ranks, adjoints)      # after views: its tests read no view
        view_reuse.rewrite(fdef, ns, {**ranks, **rows}, adjoints)   # the views the stages above left
    if primal_ranks is not None:       # last: the stages above read subscripts, never these calls
        MaskIndexing(ns, primal_ranks).visit(fdef)
        numba_tuples.rewrite(fdef, ns, primal_ranks)     # b_t[0] += v of a tuple's adjoint: a new tuple
    else:       # forward over reverse (hvp): no ranks, every zeros_like read only by items qualifies
        if mask_ranks is not None:      # forward mode: its names' ranks, for a mask of 2 or more dims
            MaskIndexing(ns, mask_ranks).visit(fdef)
        numba_tuples.rewrite(fdef, ns, {})      # (for an array, zeros_of_items and add_item are as before)
    returned.rewrite(fdef, ns)       # a result a number on one path and a 0-d array on another: a number
    Late(ns).visit(fdef)           # last: the stages above read np.outer's and np.dot's rank and shape
    int_checks.guard(fdef, ns, ranks, lambda fn: substitute_ref(ns, fn), adjoints, tapes)    # int64 wraps
    math_checks.guard(fdef, ns, lambda fn: substitute_ref(ns, fn))     # numba's math.sqrt(-1.0) is nan
    return fdef


def _with_dout(fdef, ranks):
    """The ranks, and the head gradient's (the adjoint's last parameter, ``dout`` unless the
    function has a parameter of that name): the rank of the value the adjoint returns (one output)."""
    ret = fdef.body[-1]
    value = ret.value.elts[0] if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Tuple) else None
    out = dict(ranks)
    if isinstance(value, ast.Name) and ranks.get(value.id) is not None:
        out[fdef.args.args[-1].arg] = ranks.get(value.id)
    return out


class _WholeReads(ast.NodeTransformer):
    """``x[...]`` read (the adjoint of ``a[...] = v``, ``a.fill(v)``) becomes ``x``: the same
    values (a view of all of ``x``), and numba has no ``getitem`` with an ellipsis alone (it
    does write ``a[...] = v``)."""

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load) and _ellipsis(node):
            return node.value
        return node

    def visit_AugAssign(self, node):
        """``b_x[...] += v`` (the adjoint of a read ``x[...]``) reads ``b_x[...]`` too: written
        ``b_x[...] = b_x + v``, the same values into the same memory."""
        self.generic_visit(node)
        t = node.target
        if not (isinstance(t, ast.Subscript) and _ellipsis(t) and isinstance(t.value, ast.Name)):
            return node
        value = ast.BinOp(left=A.name(t.value.id), op=node.op, right=node.value)
        return A.at(ast.Assign(targets=[t], value=value), node)


def _ellipsis(node):
    return isinstance(node.slice, ast.Constant) and node.slice.value is Ellipsis


def _frobenius_as_default(fdef, ns, ranks):
    """``np.linalg.norm(M, 'fro')`` -> ``np.linalg.norm(M)`` where ``M`` is known to be a matrix
    (both are the Frobenius norm; numba raises at run time on a string ``ord``)."""
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
                and node.args and expr_ranks.rank(node.args[0], ranks, ns) == 2):
            continue
        if resolve(ns, node.func) is not np.linalg.norm:
            continue
        if len(node.args) == 2 and _is_fro(node.args[1]) and not node.keywords:
            node.args = node.args[:1]
        elif len(node.args) == 1:
            node.keywords = [k for k in node.keywords if not (k.arg == "ord" and _is_fro(k.value))]


def _is_fro(node):
    return isinstance(node, ast.Constant) and node.value == "fro"


_JOINS = (np.concatenate, np.hstack, np.vstack)


def _joined_lists_as_tuples(fdef, ns):
    """``t5 = [a, b]`` assigned once and read only as ``np.concatenate(t5, ...)`` (``hstack``,
    ``vstack``) -> ``t5 = (a, b)``: the same join in NumPy, without a list in numba."""
    stores = {}                 # name -> how many times it is bound (a parameter counts)
    for n in ast.walk(fdef):
        if isinstance(n, ast.arg) or isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            name = n.arg if isinstance(n, ast.arg) else n.id
            stores[name] = stores.get(name, 0) + 1
    joined = {id(node.args[0]) for node in ast.walk(fdef)
              if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)
              and isinstance(node.func, (ast.Name, ast.Attribute)) and resolve(ns, node.func) in _JOINS}
    other = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
             and id(n) not in joined}
    for stmt in ast.walk(fdef):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and isinstance(stmt.value, ast.List) and stmt.value.elts \
                and not any(isinstance(e, ast.Starred) for e in stmt.value.elts):
            name = stmt.targets[0].id
            if name not in other and stores.get(name) == 1:
                stmt.value = A.at(ast.Tuple(elts=stmt.value.elts, ctx=ast.Load()), stmt.value)


def type_empty_tapes(fdef, names, typed=None):
    """``tape = []`` -> ``tape = [0.0][:0]`` for ``names``: a list numba can type
    although nothing is ever appended to it in the compiled code. ``typed``: name -> (ndim,
    layout) of the arrays numba found appended first to a user's list made empty (``st = []``;
    ``backends/jit.py``): ``st = [np.empty((0, 0))][:0]`` (``[::2]`` on each axis for layout A)."""
    typed = typed or {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                and (node.targets[0].id in names or node.targets[0].id in typed) \
                and isinstance(node.value, ast.List) and not node.value.elts:
            name = node.targets[0].id
            item = _empty_array(*typed[name]) if name in typed else A.const(0.0)
            node.value = ast.Subscript(value=ast.List(elts=[item], ctx=ast.Load()),
                                       slice=ast.Slice(upper=A.const(0)), ctx=ast.Load())
    return fdef


def _empty_array(ndim, layout):
    """``np.empty((0, ..., 0))`` of ``ndim`` axes, its every axis sliced ``[::2]`` for layout A."""
    shape = ast.Tuple(elts=[A.const(0)] * ndim, ctx=ast.Load())
    out = A.call(ast.Attribute(value=A.name("np"), attr="empty", ctx=ast.Load()), shape)
    if layout == "A":
        steps = [ast.Slice(step=A.const(2)) for _ in range(ndim)]
        out = ast.Subscript(value=out, slice=ast.Tuple(elts=steps, ctx=ast.Load()) if ndim > 1 else steps[0],
                            ctx=ast.Load())
    return out
