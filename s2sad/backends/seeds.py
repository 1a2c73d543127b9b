"""Constant seeds of a descent loop: created once, not at every step.

Inlined into :func:`s2sad.minimize`'s numba loop (:mod:`s2sad.tools.descent`),
the adjoint of ``np.mean(r * r)`` starts its reverse sweep with
``b_t = np.full(t.shape, (dout + 0.0) / max(t.size, 1))``: the same array at every
step while ``t``'s shape stays (``dout`` is 1.0 in the loop). Such a top-level
statement becomes::

    if b_t_seed.shape != t.shape:
        b_t_seed = np.full(t.shape, (dout + 0.0) / max(t.size, 1))
    b_t = b_t_seed

with ``b_t_seed = np.empty((0,) * rank)`` before the loop (the first step
fills it). The value may read only numbers, ``dout`` (so it is a float, like
the placeholder) and ``.size`` of the name whose shape is the seed's (also as
``max(t.size, 1)``), so equal
shapes mean equal values. The seed must never be written: ``b_t`` is bound
once, and every use of it reads it (an operand of arithmetic or of a
comparison, ``.shape``/``.size``, an element ``b_t[i]``): never passed to a
call or aliased by another name, which could write through it.
"""
import ast
from collections import Counter

from .. import astutil as A
from .specialize import is_safe_size

SUFFIX = "_seed"
_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def hoist_seeds(stmts, ranks, taken, head="dout"):
    """``(prelude, stmts)``: the seeds to create before the loop and the step's statements
    reusing them. ``ranks``: ``Built.ranks`` (the seed's rank is its primal's); ``taken``:
    names in use (the seeds' names avoid them); ``head``: the adjoint's name for ``dout``
    (another beside a parameter of the function named ``dout``)."""
    if ranks is None:
        return [], stmts
    kinds, adjoints = ranks
    binds = Counter(n.id for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Store))
    parents = {id(c): p for s in stmts for p in ast.walk(s) for c in ast.iter_child_nodes(p)}
    taken = set(taken)
    prelude, out = [], []
    for s in stmts:
        seed = _seed(s, binds, parents, stmts, kinds, adjoints, head)
        if seed is None:
            out.append(s)
            continue
        t, shape_of, rank = seed
        name = t + SUFFIX
        while name in taken:
            name += "_"
        taken.add(name)
        empty = ast.Attribute(value=A.name("np"), attr="empty", ctx=ast.Load())
        prelude.append(A.assign(name, ast.Call(func=empty, args=[
            ast.Tuple(elts=[A.const(0)] * rank, ctx=ast.Load())], keywords=[])))
        test = ast.Compare(left=_attr(name, "shape"), ops=[ast.NotEq()], comparators=[_attr(shape_of, "shape")])
        out += [A.at(ast.If(test=test, body=[A.assign(name, s.value)], orelse=[]), s), A.at(A.assign(t, name), s)]
    return prelude, out


def _attr(name, attr):
    return ast.Attribute(value=A.name(name), attr=attr, ctx=ast.Load())


def _seed(s, binds, parents, stmts, kinds, adjoints, head):
    """``(t, x, rank)`` for ``t = np.full(x.shape, v)`` as in the module docstring, else None."""
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)):
        return None
    t, call = s.targets[0].id, s.value
    if not (isinstance(call, ast.Call) and A.dotted_path(call.func) == "np.full" and len(call.args) == 2
            and not call.keywords and isinstance(call.args[0], ast.Attribute) and call.args[0].attr == "shape"
            and isinstance(call.args[0].value, ast.Name)):
        return None
    x = call.args[0].value.id
    rank = kinds.get(x)
    if type(rank) is not int or rank < 1 or kinds.get(adjoints.get(t, t)) != rank:
        return None
    if binds[t] != 1 or binds.get(head, 0) != 1 or not _constant(call.args[1], x, head) \
            or not any(isinstance(n, ast.Name) and n.id == head for n in ast.walk(call.args[1])):
        return None
    uses = [n for st in stmts for n in ast.walk(st) if isinstance(n, ast.Name) and n.id == t and n is not s.targets[0]]
    return (t, x, rank) if all(_reads(n, parents) for n in uses) else None


def _constant(v, x, head):
    """``v`` reads only numbers, ``dout`` and ``x.size`` with + - * /."""
    if isinstance(v, ast.Constant):
        return isinstance(v.value, (int, float)) and not isinstance(v.value, bool)
    if isinstance(v, ast.Name):
        return v.id == head
    if isinstance(v, ast.Attribute):
        return v.attr == "size" and isinstance(v.value, ast.Name) and v.value.id == x
    if is_safe_size(v):                # max(x.size, 1)
        return _constant(v.args[0], x, head)
    if isinstance(v, ast.UnaryOp):
        return isinstance(v.op, ast.USub) and _constant(v.operand, x, head)
    return isinstance(v, ast.BinOp) and isinstance(v.op, _ARITH) and _constant(v.left, x, head) and _constant(v.right, x, head)


def _reads(n, parents):
    """Whether this use of a name only reads the array."""
    p = parents.get(id(n))
    if isinstance(p, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        return True
    if isinstance(p, ast.Attribute):
        return p.attr in ("shape", "size")
    if isinstance(p, ast.Subscript) and p.value is n:
        return isinstance(p.ctx, ast.Load) and _not_aliased(p, parents)
    return False


def _not_aliased(sub, parents):
    """An element read ``b[i]`` is a number only where it is an operand or assigned to an
    element; ``b[1:]`` bound to a name or passed on could be written through."""
    p = parents.get(id(sub))
    return isinstance(p, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.AugAssign)) or \
        isinstance(p, ast.Assign) and all(isinstance(tg, ast.Subscript) for tg in p.targets)

