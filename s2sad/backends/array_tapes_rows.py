"""The statements a qualifying list tape's pushes and pops become (the second half of
:mod:`s2sad.backends.array_tapes`, which decides the tapes and marks their statements).

``Expand`` replaces each push marked ``_s2sad_array_push`` and each pop marked
``_s2sad_array_pop`` (``(tape, rows, count, v, stable, cap, shape)``) by their array forms: rows
grown by the ``numba_tapes`` helpers, rows allocated once for a counted capacity and written out,
or (``shape``: the pops read only the value's shape, ``tape_shapes``) one array of each shape.
The forms are those shown in ``array_tapes``' docstring.

Invariant: the statements written keep the list tape's order (pushes fill the rows, then the
list; pops empty the list, then the rows), a row is written only under a test that the value has
a row's shape unless that shape is proven (``stable``), and every row write copies the value
(``_s2sad_copies``): no row aliases an array the adjoint changes later.
"""
import ast

from .. import astutil as A
from .numba_helpers import numba_tapes

class Expand(ast.NodeTransformer):
    """Replaces the marked pushes and pops by their array forms (module docstring)."""

    def __init__(self, ns):
        self.ns = ns

    def helper(self, fn, *args):
        ref = A.name(self.ns.bind(f"_s2sad_{fn.__name__}", fn))
        ref._s2sad_bound = True
        return ast.Call(func=ref, args=list(args), keywords=[])

    def visit_Expr(self, node):
        mark = getattr(node, "_s2sad_array_push", None)
        if mark is None:
            return node
        tape, rows, count, v, stable, cap, shape = mark
        if cap is not None:
            return [A.at(s, node) for s in _counted_push(self, tape, rows, count, v, stable, cap, shape)]
        first = A.assign(rows, self.helper(numba_tapes.new_rows, A.name(v)))
        push = A.assign(ast.Tuple(elts=[A.name(rows, store=True), A.name(count, store=True)], ctx=ast.Store()),
                        self.helper(numba_tapes.push_row, A.name(rows), A.name(count), A.name(v)))
        if stable:
            start = ast.If(test=_eq(A.name(count), A.const(0)), body=[first], orelse=[])
            return [A.at(start, node), A.at(push, node)]
        start = ast.If(test=_eq(A.name(count), A.const(0)), body=[
            A.assign(_pair(rows, tape), self.helper(numba_tapes.new_tape, A.name(v)))], orelse=[])
        push.value = self.helper(numba_tapes.push, A.name(rows), A.name(count), A.name(tape), A.name(v))
        return [A.at(start, node), A.at(push, node)]

    def visit_Assign(self, node):
        mark = getattr(node, "_s2sad_array_pop", None)
        if mark is None:
            return node
        tape, rows, count, v, stable, cap, shape = mark
        if shape:
            return A.at(_shape_pop(self, tape, rows, v, stable, getattr(node, "_s2sad_shape_held", None)), node)
        step = ast.AugAssign(target=A.name(count, store=True), op=ast.Sub(), value=A.const(1))
        read = A.assign(v, ast.Subscript(value=A.name(rows), slice=A.name(count), ctx=ast.Load()))
        if stable:
            return [A.at(step, node), A.at(read, node)]
        listed = A.assign(v, self.helper(numba_tapes.list_pop, A.name(tape)))
        popped = ast.If(test=ast.Compare(left=A.call("len", A.name(tape)), ops=[ast.NotEq()], comparators=[A.const(0)]),
                        body=[listed], orelse=[read])
        return [A.at(step, node), A.at(popped, node)]


def _counted_push(expand, tape, rows, count, v, stable, cap, shape):
    """A push into rows allocated for ``cap`` pushes at the first one (no growth test): written
    out, ``rows[count] = v``, for a proven shape; else the same under a test that the list is
    empty and ``v`` has a row's shape, ``append_copy`` otherwise (the list from the first
    value whose shape differs from the rows' on). ``shape``: the pops are read only for their
    shape: :func:`_shape_push`."""
    if shape:
        return _shape_push(expand, tape, rows, count, v, stable)
    if stable:
        first = A.assign(rows, expand.helper(numba_tapes.rows_for, A.name(v), cap))
        return [ast.If(test=_eq(A.name(count), A.const(0)), body=[first], orelse=[]), _row_write(rows, count, v),
                _step(count)]
    first = A.assign(_pair(rows, tape), expand.helper(numba_tapes.tape_for, A.name(v), cap))
    row_shape = ast.Subscript(value=_attr(rows, "shape"), slice=ast.Slice(lower=A.const(1)), ctx=ast.Load())
    fits = ast.BoolOp(op=ast.And(), values=[_eq(A.call("len", A.name(tape)), A.const(0)),
                                            _eq(_attr(v, "shape"), row_shape)])
    listed = ast.Expr(value=expand.helper(numba_tapes.append_copy, A.name(tape), A.name(v)))
    return [ast.If(test=_eq(A.name(count), A.const(0)), body=[first], orelse=[]),
            ast.If(test=fits, body=[_row_write(rows, count, v)], orelse=[listed]), _step(count)]


def _shape_push(expand, tape, rows, count, v, stable):
    """A push of a value the pops read only for its shape (:mod:`s2sad.backends.tape_shapes`):
    the first push keeps an array of its shape (``rows``); a proven shape needs nothing more;
    another value of the first push's shape adds nothing (a test of its shape, no call, no
    row), and from the first that differs on, an array of each value's shape goes on the list::

        if tape_z_n == 0:
            tape_z_rows, tape_z = _s2sad_shape_tape(z)
        tape_z_n += 1
        if len(tape_z) != 0 or z.shape != tape_z_rows.shape:
            _s2sad_shape_push(tape_z, z)"""
    step = ast.AugAssign(target=A.name(count, store=True), op=ast.Add(), value=A.const(1))
    if stable:
        first = A.assign(rows, expand.helper(numba_tapes.shape_rep, A.name(v)))
        return [ast.If(test=_eq(A.name(count), A.const(0)), body=[first], orelse=[]), step]
    first = A.assign(_pair(rows, tape), expand.helper(numba_tapes.shape_tape, A.name(v)))
    differs = ast.BoolOp(op=ast.Or(), values=[
        ast.Compare(left=A.call("len", A.name(tape)), ops=[ast.NotEq()], comparators=[A.const(0)]),
        ast.Compare(left=_attr(v, "shape"), ops=[ast.NotEq()], comparators=[_attr(rows, "shape")])])
    keep = ast.Expr(value=expand.helper(numba_tapes.shape_push, A.name(tape), A.name(v)))
    return [ast.If(test=_eq(A.name(count), A.const(0)), body=[first], orelse=[]), step,
            ast.If(test=differs, body=[keep], orelse=[])]


def _shape_pop(expand, tape, rows, v, stable, held=None):
    """The pop matching :func:`_shape_push`: the list's arrays while it holds any (pushed
    last, popped first), then the first push's array: ``v`` has the popped value's shape.
    ``held`` (a flag's name, or None): nothing but the pops binds ``v`` from the first pop on
    (``array_tapes._bound_only_by``), so once a pop has bound ``v`` to the first push's array, the next
    pops of that array leave it bound: ``v`` is not bound again at each iteration of the reverse
    sweep's loops, which under numba took and released a reference each time::

        if len(tape_sq) != 0:
            sq = _s2sad_list_pop(tape_sq)
            tape_sq_held = False
        elif not tape_sq_held:
            sq = tape_sq_rows
            tape_sq_held = True"""
    rep = A.assign(v, A.name(rows))
    if stable:
        return rep
    listed = [A.assign(v, expand.helper(numba_tapes.list_pop, A.name(tape)))]
    orelse = [rep]
    if held:
        listed.append(A.assign(held, A.const(False)))
        orelse = [ast.If(test=ast.UnaryOp(op=ast.Not(), operand=A.name(held)),
                         body=[rep, A.assign(held, A.const(True))], orelse=[])]
    return ast.If(test=ast.Compare(left=A.call("len", A.name(tape)), ops=[ast.NotEq()], comparators=[A.const(0)]),
                  body=listed, orelse=orelse)


def _row_write(rows, count, v):
    """``rows[count] = v``: a row of an array gets ``v``'s values, not ``v``."""
    write = A.assign(ast.Subscript(value=A.name(rows), slice=A.name(count), ctx=ast.Store()), A.name(v))
    write._s2sad_copies = True       # (backends/inplace.Origins)
    return write


def _step(count):
    return ast.AugAssign(target=A.name(count, store=True), op=ast.Add(), value=A.const(1))


def _pair(a, b):
    return ast.Tuple(elts=[A.name(a, store=True), A.name(b, store=True)], ctx=ast.Store())


def _eq(a, b):
    return ast.Compare(left=a, ops=[ast.Eq()], comparators=[b])


def _attr(name, attr):
    return ast.Attribute(value=A.name(name), attr=attr, ctx=ast.Load())
