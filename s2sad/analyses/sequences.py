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
with a sequence operand); ``np.array([...])`` is an array, not a sequence.
"""
import ast
import builtins

from ..errors import unsupported
from ..frontend.calls import returns_tuple
from ..rules.runtime_sequences import seq_sorted

_LIST_RESULTS = (builtins.list, builtins.tuple, builtins.sorted, seq_sorted)

_SEQ_OPS = (ast.Add, ast.Mult)


def sequence_names(ops):
    """The names that hold a Python list or tuple (see the module docstring)."""
    out, nested, changed = set(), set(), True
    while changed:
        changed = False
        for op in ops:
            new, deep = _makes_sequence(op, out, nested), _nests(op, out)
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


def _makes_sequence(op, seqs, nested=frozenset()):
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
    if isinstance(v, ast.BinOp) and isinstance(v.op, _SEQ_OPS) and _seq_operand(v, seqs):
        return op.targets
    return ()


def _seq_operand(v, seqs):
    return any(isinstance(e, (ast.List, ast.Tuple)) or isinstance(e, ast.Name) and e.id in seqs
               for e in (v.left, v.right))


def check(ops, active):
    """Refuse ``+``/``*`` of a list or tuple that a derivative flows through."""
    seqs = sequence_names(ops)
    for op in ops:
        v = getattr(op.stmt, "value", None)
        if not (isinstance(v, ast.BinOp) and isinstance(v.op, _SEQ_OPS) and _seq_operand(v, seqs)):
            continue
        if any(o in active for o in op.operands):
            what = "`+` of Python lists or tuples (it joins them)" if isinstance(v.op, ast.Add) else \
                "`*` of a Python list or tuple (it repeats it)"
            raise unsupported(getattr(op.stmt, "_s2sad_src", None), op.stmt, what,
                              "Add elements with `L.append(v)`, write the whole list in one display "
                              "(`[a, b, c]`), or join arrays with `np.concatenate`.")


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
