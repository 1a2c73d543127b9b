"""Tapes of arrays as stacked arrays in compiled adjoints (part of the ``jit`` stage).

A list tape of arrays (``tape_z = []``, ``tape_z.append(z)``, ``z = tape_z.pop()``)
costs, under numba, a list element per push and keeps every pushed temporary
alive until the reverse sweep reads it: one allocation per value that the
allocator cannot reuse. Here the tape becomes one array of shape
(capacity, \\*z.shape), written row by row, allocated at the first push with that
value's shape and dtype and doubled when full. When the shape analysis
(``analyses/shapes.py``) proves that ``z`` has one shape every time::

    if tape_z_n == 0:
        tape_z = _s2sad_new_rows(z)          # room for 16 rows of z's shape and dtype
    tape_z, tape_z_n = _s2sad_push_row(tape_z, tape_z_n, z)     # doubled when full
    ...
    tape_z_n -= 1
    z = tape_z[tape_z_n]

Otherwise (``sq = np.zeros(k)`` then ``sq = sq + z * z``: equal shapes at run time, a
broadcast the analysis cannot prove) the rows take the pushes while each has the shape
of the first, and a list takes every push from the first of another shape on; the pops
read the list while it holds anything, then the rows::

    if tape_sq_n == 0:
        tape_sq_rows, tape_sq = _s2sad_new_tape(sq)
    tape_sq_rows, tape_sq_n = _s2sad_push(tape_sq_rows, tape_sq_n, tape_sq, sq)
    ...
    tape_sq_n -= 1
    if len(tape_sq) != 0:
        sq = _s2sad_list_pop(tape_sq)
    else:
        sq = tape_sq_rows[tape_sq_n]

The pushes call the helpers of :mod:`s2sad.backends.numba_helpers.numba_tapes`, compiled once
per type: written out at every push (LSTM has 29 tapes) the same statements made numba's
compile of the LSTM adjoint 55 s of CPU against 28 s with list tapes; with the helpers,
28 s. Measured (generated adjoints compiled in one process, called in turn, best of 40
calls, ratio to the hand-written numba adjoint): GMM d=2 18-20x with list tapes,
16-17x with these; written out, 13-14x. LSTM l=2: 2.9-3.1x, 2.7-3.1x; written out 2.3-2.5x.

When counted loops bound the pushes (:mod:`s2sad.backends.tape_capacity`: ``for`` loops
over ``range`` of values fixed before the first push), the first push allocates all the
rows the pushes can need, and no push tests for growth or reassigns the rows: a proven
shape is written out (``tape_z[tape_z_n] = z; tape_z_n += 1``), another too under a test,
only the list's branch a call: ``if len(tape_sq) == 0 and sq.shape == tape_sq_rows.shape[1:]:
tape_sq_rows[tape_sq_n] = sq``, else ``_s2sad_append_copy(tape_sq, sq)``. Measured (adjoints
compiled in one process, ratio to the hand-written numba adjoint, loaded machine): GMM d=2
17.6x -> 13.9x, LSTM l=2 3.45x -> 2.75x, numba's compile CPU time unchanged. The append
written out too made LSTM's compile 40-57% longer, so it is a call. The pops of a tested
shape are written out as above: ``push_at``/``pop`` calls took and released a reference on
each array passed, at every iteration (GMM d=2, two such tapes per point: 2.82x -> 2.37x,
d=10 1.77x -> 1.74x). The cost: LSTM l=2's first call (14 such tapes) 40-44 s of CPU -> 47-51 s.
The list's pop as a call instead made GMM d=2 3.19x: it stays written out. One part of
these forms is a call all the same (stop 58, first-call time), off the rows' path the pops take
every iteration: the list's ``pop()`` (``_s2sad_list_pop``: numba's inline length test, raise
and resize at every pop). The row write ``rows[n] = v`` stays numba's assignment, written at
the push: as a call (``write_row``, stop 58) it cost about 8 ns a push against 4 for 7-float
rows (LSTM's), LSTM l=4 warm 1.0x -> 1.1x numba-hand (stop 59).

Invariant: a tape is rewritten only when (1) it is created empty at the top of the
function and used nowhere but in ``tape.append(v)`` statements and ``v = tape.pop()``
assignments, all of one name ``v`` of a known rank >= 1, pushed as ``v`` or
``np.copy(v)``; and (2) every push comes before every pop in the order the function
runs (the last top-level statement that pushes precedes the first that pops). The
pushes fill the rows, then the list, in order, and the pops empty the list, then the
rows, so each pop reads a copy of the value the list tape would have given; no row is
written again once pushed (no push follows a pop), and a row is written only with a
value of the rows' shape. A tape with a capacity has at least as many rows as pushes.

This module decides which tapes qualify and marks their pushes and pops; the statements they
become are written by :mod:`s2sad.backends.array_tapes_rows`.
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..analyses.list_names import holding
from .array_tapes_rows import Expand
from .fuse import Names
from .numba_helpers.numba_lists import copy as list_aware_copy
from .tape_capacity import capacity
from .tape_shapes import read_for_shape


def rewrite(fdef, ns, ranks, tapes, row_ranks=None):
    """Rewrite, in ``fdef`` (in place), the list tapes among ``tapes`` (names) that qualify.
    ``row_ranks`` (a dict), if given, receives the rank of each rows array of a proven shape
    (``tape_z`` of ``z = tape_z[tape_z_n]``: ``z``'s rank + 1), for :mod:`s2sad.backends.views`."""
    stable = getattr(ranks, "stable", None) or set()
    if not tapes:
        return fdef
    uses = _uses(fdef, set(tapes))
    sequences = _sequences(fdef, ns, set(tapes)) | set(getattr(ranks, "lists", ()))   # (a list or tuple
    names = Names(ns)                               # parameter the kinds know of: a checkpointed loop's tuple state)
    for tape, (creation, pushes, pops, other) in sorted(uses.items()):
        v = _value_name(pushes, pops, ns)
        if creation is None or other or not pushes or v is None or not (ranks.get(v) or 0) >= 1 \
                or v in sequences or not _pushes_first(fdef.body, pushes, pops):
            continue
        count, stable_v = names.fresh(f"{tape}_n"), v in stable
        rows = tape if stable_v else names.fresh(f"{tape}_rows")
        creation.value = A.const(0)
        creation.targets = [A.name(count, store=True)]
        cap = capacity(fdef, ns, pushes)
        shape = cap is not None and read_for_shape(fdef, ns, v, pops)
        for s in pushes:
            s._s2sad_array_push = (tape, rows, count, v, stable_v, cap, shape)
        held = names.fresh(f"{tape}_held") if shape and not stable_v and _bound_only_by(fdef, v, pops) else None
        for s in pops:
            s._s2sad_array_pop = (tape, rows, count, v, stable_v, cap, shape)
            s._s2sad_shape_held = held
        if held:      # False until a pop binds v to the first push's array
            fdef.body.insert(fdef.body.index(creation) + 1, A.at(A.assign(held, A.const(False)), creation))
        if stable_v and not shape and row_ranks is not None:
            row_ranks[rows] = ranks[v] + 1
    Expand(ns).visit(fdef)
    return fdef


def _uses(fdef, tapes):
    """tape -> [creation (top-level ``tape = []``), push statements, pop statements, other uses]."""
    uses = {t: [None, [], [], False] for t in tapes}
    seen = set()
    for s in fdef.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and s.targets[0].id in uses and isinstance(s.value, ast.List) and not s.value.elts:
            u = uses[s.targets[0].id]
            u[3] = u[3] or u[0] is not None
            u[0] = s
            seen.add(id(s.targets[0]))
    for node in A.walk(fdef):
        tape = _method_of(node, "append") if isinstance(node, ast.Expr) else None
        if tape in uses and len(node.value.args) == 1 and not node.value.keywords:
            uses[tape][1].append(node)
            seen.add(id(node.value.func.value))
            continue
        tape = _method_of(node, "pop") if isinstance(node, ast.Assign) else None
        if tape in uses and not node.value.args and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            uses[tape][2].append(node)
            seen.add(id(node.value.func.value))
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and node.id in uses and id(node) not in seen:
            uses[node.id][3] = True
    return uses


def _sequences(fdef, ns, tapes):
    """Names that may hold a list or a tuple (whose rank ``kinds`` also counts): names a list
    method is called on, and names assigned a display, ``list(...)``/``tuple(...)``, anything
    but an arithmetic or NumPy expression over names that are not such, or bound by an assignment
    other than ``name = value`` (``a, b = ...``; ``z[i] += e`` binds no name), and elements of
    lists that may hold such (``D[i]`` of a DP table ``D = [[0.0] * m for _ in ...]``). (A
    parameter that is a list is taken for an array: numba then refuses ``v.shape``, a JitError,
    never a wrong value.)"""
    out = set()
    for node in A.walk(fdef):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id not in tapes \
                and node.func.attr in ("append", "extend", "insert", "pop"):
            out.add(node.func.value.id)
        elif isinstance(node, ast.For) and not _counted(node, ns) \
                or isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.With, ast.NamedExpr)) \
                or isinstance(node, ast.Assign) and not isinstance(node.targets[0], ast.Name):
            out |= {n.id for t in _targets(node) for n in A.walk(t)        # the names it binds:
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}  # not z in z[i] += e
    assigns = [n for n in A.walk(fdef) if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
               and _method_of(n, "pop") not in tapes]   # (a pop gives what was pushed: judged there)
    nested = set()
    changed = True
    while changed:
        changed = False
        for node in assigns:
            if node.targets[0].id not in out and not _array_valued(node.value, ns, out, nested):
                out.add(node.targets[0].id)
                changed = True
        more = _holding_sequences(fdef, out, nested) - nested
        nested |= more
        changed = changed or bool(more)
    return out


def _holding_sequences(fdef, sequences, nested):
    """Names that may hold lists or tuples among their elements, given the names that may be
    sequences and those already known to hold some: a list a sequence is put in
    (``analyses.list_names.holding``), a copy, repetition or join of such."""
    displays = (ast.List, ast.Tuple, ast.ListComp)
    out = holding(fdef, lambda v: isinstance(v, displays) or isinstance(v, ast.Name) and v.id in sequences,
                  displays)
    for node in A.walk(fdef):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            v = node.value
            parts = v.elts if isinstance(v, (ast.List, ast.Tuple)) else [v.elt] if isinstance(v, ast.ListComp) \
                else [v.left, v.right] if isinstance(v, ast.BinOp) else [v]
            if any(isinstance(e, ast.Name) and e.id in nested for e in parts):
                out.add(node.targets[0].id)
    return out


def _counted(loop, ns):
    """Whether ``loop`` is ``for i in range(...)`` (its index an int)."""
    it = loop.iter
    return isinstance(loop.target, ast.Name) and isinstance(it, ast.Call) \
        and isinstance(it.func, (ast.Name, ast.Attribute)) and resolve(ns, it.func) is range


def _targets(node):
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.With):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return [node.target]


def _array_valued(value, ns, sequences, nested=frozenset()):
    """Whether ``value`` is an array or a number whatever the names it reads hold, given
    that none of ``sequences`` is read except as the indexed object of a subscript, and that
    an element of one of ``nested`` may be a list."""
    if isinstance(value, ast.BinOp):
        return all(_array_valued(v, ns, sequences, nested) for v in (value.left, value.right))
    if isinstance(value, ast.UnaryOp):
        return _array_valued(value.operand, ns, sequences, nested)
    if isinstance(value, ast.Constant):
        return isinstance(value.value, (int, float))
    if isinstance(value, ast.Name):
        return value.id not in sequences
    if isinstance(value, ast.Subscript):   # an element or a slice of an array, an element of a list;
        base = value.value                 # a slice of a list (L[a:b]) is a list
        if not isinstance(value.slice, ast.Slice):
            return not (isinstance(base, ast.Name) and base.id in nested)
        return isinstance(base, ast.Name) and base.id not in sequences \
            or isinstance(base, ast.Subscript) and _array_valued(base, ns, sequences, nested)
    if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)):
        fn = resolve(ns, value.func)
        if fn is list_aware_copy and len(value.args) == 1:     # a copy of a list is a list
            return _array_valued(value.args[0], ns, sequences, nested)
        return getattr(fn, "__module__", None) == "numpy" or isinstance(fn, np.ufunc)
    return False


def _method_of(stmt, method):
    """``t`` if ``stmt``'s value is the call ``t.method(...)``, else None."""
    call = stmt.value
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == method \
            and isinstance(call.func.value, ast.Name):
        return call.func.value.id
    return None


def _value_name(pushes, pops, ns):
    """The one name every push pushes (as ``v`` or ``np.copy(v)``) and every pop assigns."""
    names = set()
    for s in pushes:
        arg = s.value.args[0]
        if isinstance(arg, ast.Call) and len(arg.args) == 1 and not arg.keywords \
                and isinstance(arg.func, (ast.Name, ast.Attribute)) \
                and resolve(ns, arg.func) in (np.copy, list_aware_copy):
            arg = arg.args[0]
        names.add(arg.id if isinstance(arg, ast.Name) else None)
    names |= {s.targets[0].id for s in pops}
    return names.pop() if len(names) == 1 else None


def _pushes_first(body, pushes, pops):
    """Whether the last top-level statement holding a push comes before the first holding a pop."""
    push_ids, pop_ids = {id(s) for s in pushes}, {id(s) for s in pops}
    last_push, first_pop = -1, len(body)
    for k, s in enumerate(body):
        inside = {id(n) for n in A.walk(s)}
        if inside & push_ids:
            last_push = k
        if inside & pop_ids and first_pop == len(body):
            first_pop = k
    return last_push < first_pop


def _bound_only_by(fdef, v, pops):
    """Whether, from the first top-level statement holding one of ``pops`` on, only those pops
    bind ``v``."""
    pop_ids = {id(s) for s in pops}
    start = next((k for k, s in enumerate(fdef.body) if {id(n) for n in A.walk(s)} & pop_ids), None)
    if start is None:
        return False
    popped = {id(s.targets[0]) for s in pops}
    return not any(isinstance(n, ast.Name) and n.id == v and not isinstance(n.ctx, ast.Load)
                   and id(n) not in popped for s in fdef.body[start:] for n in A.walk(s))


