"""Python lists and tuples are not arrays: ``+`` joins them and ``*`` repeats them.

The rule table's ``+`` and ``*`` are NumPy's elementwise operations. Applied to a list or a
tuple (``L = L + [v]``, ``L += [v]``, ``[x] * 3``, ``t + (x,)``) Python concatenates or
repeats instead, and the elementwise adjoint gave the wrong elements their gradients (a
silently wrong result) or failed on shapes. ``check`` refuses such an operation, with its
line, when a derivative flows through it (an operand is active); the same operation on values
not differentiated (``h = [0.0] * n`` filled later by ``h[i] = ...``, ``shape + (1,)``) is left
as it is.

Invariant: a name is a sequence if any of its assignments makes it one (a list or tuple
display, ``list(...)``/``tuple(...)``/``sorted(...)``, a slice of a sequence
(``L[:i]``), an item of a list display of lists (``L[0]`` of ``L = [[a, b], [c]]``), a function that always returns a tuple
(``np.linalg.slogdet``, ``np.meshgrid``: ``frontend/calls.TUPLE_RESULTS``), an ``append`` target, a copy of a sequence, or ``+``/``*``
with a sequence operand); ``np.array([...])`` is an array, not a sequence, and so is ``x * [1.0, 2.0]``
of a differentiated ``x`` (NumPy's product: an int, which would repeat the list, is never
differentiated). The front end already wrote the joins and repetitions it could prove
(``frontend/list_joins.py``); what is left here is refused, saying whether it is a join of lists
or a side that may be an array, a list or an int.
"""
import ast
import builtins

from ..errors import unsupported
from ..frontend.calls import returns_tuple
from .list_names import int_names, is_int
from ..rules.runtime_sequences import seq_sorted

_LIST_RESULTS = (builtins.list, builtins.tuple, builtins.sorted, seq_sorted)

_SEQ_OPS = (ast.Add, ast.Mult)


def sequence_names(ops, active=frozenset()):
    """The names that hold a Python list or tuple (see the module docstring)."""
    out, nested, changed = set(), set(), True
    while changed:
        changed = False
        for op in ops:
            new, deep = _makes_sequence(op, out, nested, active), _nests(op, out)
            if new and not set(new) <= out or deep and not set(deep) <= nested:
                out, nested = out | set(new), nested | set(deep)
                changed = True
    return out


def _nests(op, seqs):
    """``op``'s targets if it assigns a list or tuple display of lists or tuples: an item of one
    is a list or tuple (``L[0] + L[1]`` of ``L = [[a, b], [c]]`` joins them)."""
    v = getattr(op.stmt, "value", None)
    if isinstance(v, (ast.List, ast.Tuple)) and v.elts and all(
            isinstance(e, (ast.List, ast.Tuple)) or isinstance(e, ast.Name) and e.id in seqs for e in v.elts):
        return op.targets
    return ()


def _makes_sequence(op, seqs, nested=frozenset(), active=frozenset()):
    if op.kind == "append":
        return op.targets
    stmt = op.stmt
    if not isinstance(stmt, ast.Assign) or isinstance(stmt.targets[0], ast.Subscript):
        return ()
    v = stmt.value
    if isinstance(v, (ast.List, ast.Tuple)) or isinstance(v, ast.Name) and v.id in seqs:
        return op.targets
    if isinstance(v, ast.Subscript) and isinstance(v.slice, ast.Slice) and isinstance(v.value, ast.Name) \
            and v.value.id in seqs:
        return op.targets          # a slice of a list is a list (`L[:i] + L[i + 1:]` joins them)
    if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and v.value.id in nested:
        return op.targets          # an item (or slice) of a display of lists is a list
    if isinstance(v, ast.Call) and (any(op.func is f for f in _LIST_RESULTS) or returns_tuple(op.func, maybe=False)):
        return op.targets
    if isinstance(v, ast.BinOp) and isinstance(v.op, _SEQ_OPS) and _seq_operand(v, seqs) \
            and not _elementwise(v, seqs, active):
        return op.targets
    return ()


def _seq_operand(v, seqs):
    return _is_seq(v.left, seqs) or _is_seq(v.right, seqs)


def _is_seq(e, seqs):
    return isinstance(e, (ast.List, ast.Tuple)) or isinstance(e, ast.Name) and e.id in seqs


def check(ops, active):
    """Refuse ``+``/``*`` of a list or tuple that a derivative flows through. ``x * [1.0, 2.0]``
    of a differentiated ``x`` is NumPy's product (an int, which would repeat the list, is never
    differentiated): left to the rule table."""
    seqs = sequence_names(ops, active)
    ints = int_names(ast.Module(body=[op.stmt for op in ops], type_ignores=[]))
    for op in ops:
        v = getattr(op.stmt, "value", None)
        if not (isinstance(v, ast.BinOp) and isinstance(v.op, _SEQ_OPS) and _seq_operand(v, seqs)):
            continue
        if any(o in active for o in op.operands) and not _elementwise(v, seqs, active):
            raise unsupported(getattr(op.stmt, "_s2sad_src", None), op.stmt, *_refusal(v, seqs, ints))


def _elementwise(v, seqs, active):
    """``L * x`` with ``x`` differentiated and not itself a list or tuple: NumPy's product."""
    return isinstance(v.op, ast.Mult) and any(
        _is_seq(s, seqs) and isinstance(o, ast.Name) and o.id in active and o.id not in seqs
        for s, o in ((v.left, v.right), (v.right, v.left)))


def _refusal(v, seqs, ints):
    joined = isinstance(v.op, ast.Add) and _is_seq(v.left, seqs) and _is_seq(v.right, seqs)
    repeated = isinstance(v.op, ast.Mult) and (_is_seq(v.left, seqs) and is_int(v.right, ints)
                                               or is_int(v.left, ints) and _is_seq(v.right, seqs))
    if not (joined or repeated):
        return ambiguous(v)
    what = "`+` of Python lists or tuples (it joins them)" if joined else \
        "`*` of a Python list or tuple (it repeats it)"
    return (what, "Add elements with `L.append(v)`, write the whole list in one display (`[a, b, c]`, "
                  "`[*a, *b]`), or join arrays with `np.concatenate`.")


def ambiguous(v):
    """(what, instead) of a refused ``+``/``*`` with a list or tuple on one side and a value that
    may be a list, an int or an array on the other: Python joins or repeats, NumPy adds or multiplies."""
    op = "+" if isinstance(v.op, ast.Add) else "*"
    does = "joins it to a list, or adds an array elementwise" if op == "+" else \
        "repeats it n times for an int n, or multiplies an array elementwise"
    return (f"`{op}` with a Python list or tuple on one side (Python {does}, and s2sad cannot tell "
            "which the other side is)",
            "Write `np.array([...])` for an elementwise operation; for lists, `[*a, *b]` joins and "
            "`[v for _ in range(n) for v in L]` repeats.")


def check_pops(body, active):
    """A pop ``frontend/list_mutation.py`` did not lift (``while L.pop() > 0:``: a test is not
    differentiated, so no method refusal reached it) still changes ``L`` when the primal runs,
    which the adjoint of ``L`` does not see (a wrong element got a gradient, or an IndexError in
    the derivative code): refused, with the reason ``list_mutation_why.py`` marked on the call,
    when ``L`` is differentiated."""
    for s in (n for top in body for n in ast.walk(top) if isinstance(n, ast.stmt)):
        parts = [v for _, f in ast.iter_fields(s) for v in (f if isinstance(f, list) else [f])
                 if isinstance(v, ast.expr)]
        for call in (c for p in parts for c in ast.walk(p)):
            why = getattr(call, "_s2sad_declined", None)
            if why and isinstance(call.func.value, ast.Name) and call.func.value.id in active:
                raise unsupported(getattr(s, "_s2sad_src", None), call, *why)


def check_items(body, ranks, active, ns):
    """An item write ``L[i] = v`` into a Python list (``list_names``) of rank ``r`` (kinds count a
    list's length as an axis) stores an item of rank ``r - 1``. Into a list that surely is one
    (``list_names.sure_lists``) kinds join the item's rank into the list's
    (``kinds._assigned_ranks``), so a ragged list's rank is unknown and read again when the adjoint
    runs, and nothing is checked here. Into a name that may be a list but is not surely one (a row
    of a list of lists: ``tab[i][0] = y`` of ``tab = [[0.0] * 3 ...]``) the rank stays the
    display's: an array written there made the rows ragged, the items were taken for numbers and
    the reverse sweep's copies of the list failed (an internal error). Refused, with the line, when
    a derivative flows through ``v`` or ``L`` and ``v``'s rank is higher than the items' (a lower
    one is left: ``A[i] = 0.0`` of an array broadcasts)."""
    from .expr_ranks import rank
    from .list_names import list_names
    lists = list_names(ast.Module(body=list(body), type_ignores=[]), joins=True)
    for s in (n for top in body for n in ast.walk(top)):
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Subscript)):
            continue
        tgt = s.targets[0]
        if not (isinstance(tgt.value, ast.Name) and tgt.value.id in lists) \
                or isinstance(tgt.slice, (ast.Slice, ast.Tuple)):
            continue
        rl, rv = ranks.get(tgt.value.id), rank(s.value, ranks, ns)
        if not isinstance(rl, int) or not isinstance(rv, int) or rv <= rl - 1:
            continue
        if tgt.value.id in active or any(isinstance(n, ast.Name) and n.id in active for n in ast.walk(s.value)):
            _refuse_item(s, rv, rl)


def _refuse_item(s, rv, rl):
    item = "numbers" if rl == 1 else f"{rl - 1}-d arrays"
    value = "a number" if rv == 0 else f"a {rv}-d array"
    raise unsupported(getattr(s, "_s2sad_src", None), s,
                      f"an item write putting {value} into a list whose items are {item} "
                      "(the list becomes ragged: items of different ranks mixed)",
                      "Build the list with items of one kind from the start (`[np.zeros(n) for _ in "
                      "range(k)]` for arrays, `np.full(n, t)` for a number as an array), or keep arrays in an "
                      "array (`T = np.zeros((k, m, n))`; `T[i, 0] = y`).")
