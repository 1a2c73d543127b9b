"""A vector joined in a loop, written into the array it held before (for :mod:`.primal_inplace`).

In a loop, ``k1 = np.concatenate((x[:1], x[1:] * y[:-1]))`` (the ODE's right-hand side,
four times per RK4 step) allocates the product and the joined vector at every pass: under
numba, two allocations and two passes for 64 numbers, most of the forward sweep's time. With
``jit=True``, when ``k1``'s old array is this function's and nothing can read it any more
(the condition :mod:`.primal_inplace` checks for ``z = E``), the pieces are written into it:

    if not _s2sad_has_k1:
        k1 = np.concatenate((a, b * c))
        _s2sad_has_k1 = True
    elif is_float64(k1, a, b, c) and k1.shape[0] == a.shape[0] + b.shape[0] and c.shape == b.shape:
        _o = 0
        for _i0 in range(a.shape[0]):
            k1[_o + _i0] = a[_i0]
        _o = _o + a.shape[0]
        for _i0 in range(b.shape[0]):
            k1[_o + _i0] = b[_i0] * c[_i0]
    else:
        k1 = np.concatenate((a, b * c))

The pieces may be a tuple or list written in the call or, as the ANF stage leaves them, a
name bound to one by the statement just before and read nowhere else (``t5 = a, b * c``),
which then moves into the branches that call ``np.concatenate``. A join of such a tuple
inside a larger expression in a loop (RK4's ``t15 = t9 * (k1 + ... + np.concatenate(t5_4))``,
once the inlining substituted ``k4``) first gets a statement of its own, ``joined =
np.concatenate(t5_4)``, right after the tuple's (``split_nested``): only assignments of
call-free expressions to other names lie between, which neither change an array nor bind a
name the join reads, so the join computes the same vector there.

Invariant: the loops store what ``np.concatenate`` returns. Every piece is an elementwise
expression (:class:`.fuse._Leaves`: ``+ - * /`` by a safe divisor, ufuncs, numbers, views
evaluated once before) of vectors of one shape, tested when it runs; ``k1`` is a vector as
long as the pieces together; every vector read is float64, so the joined vector is (a
number in a piece is combined with float64 elements, as NumPy would). Piece ``k`` goes to
``k1[o_k:o_k + len_k]`` with ``o_k`` the lengths of the pieces before it, and no piece reads
``k1``, so the order of the stores cannot matter.
"""
import ast

import numpy as np

from .. import astutil as A
from .fuse import _Leaves, _same_shapes


def split_nested(fdef, ranks, namer):
    """Give each join of a tuple of vectors nested in a loop's assignment a statement of its
    own, right after the tuple's (the module docstring); the new names' ranks go in ``ranks``."""
    loads = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            loads[n.id] = loads.get(n.id, 0) + 1
    for loop in [n for n in ast.walk(fdef) if isinstance(n, (ast.For, ast.While))]:
        block = loop.body
        for s in list(block):
            call = _nested_join(s, ranks)
            if call is None or loads.get(call.args[0].id) != 1:
                continue
            at = next((i for i, x in enumerate(block) if A.bound_name(x) == call.args[0].id), None)
            here = next(i for i, x in enumerate(block) if x is s)
            if at is None or at > here or not all(_inert(x, call) for x in block[at + 1:here]) \
                    or not isinstance(block[at].value, (ast.Tuple, ast.List)) \
                    or any(ranks.of(e) != 1 for e in block[at].value.elts):
                continue
            name = namer.fresh("joined")
            ranks.ranks[name] = 1
            block.insert(at + 1, A.at(A.assign(name, call), s))
            A.replaced(s, call, A.name(name))


def _nested_join(s, ranks):
    """The ``np.concatenate(t)`` inside the value of the assignment ``s``, if any."""
    if A.bound_name(s) is None:
        return None
    return next((n for n in ast.walk(s.value) if n is not s.value and isinstance(n, ast.Call)
                 and ranks.function(n) is np.concatenate and len(n.args) == 1 and not n.keywords
                 and isinstance(n.args[0], ast.Name)), None)


def _inert(s, call):
    """``s`` binds a name ``call`` does not read, to an expression with no call."""
    return A.bound_name(s) is not None and A.bound_name(s) not in A.names_in(call) \
        and not any(isinstance(n, ast.Call) for n in ast.walk(s.value))


def pieces(s, before, loads, ranks):
    """``(elements, folded)`` for ``z = np.concatenate(P)``: the pieces, and the statement
    ``P = (...)`` just ``before`` that binds them (None when they are written in the call);
    None for any other statement."""
    e = s.value
    if not (isinstance(e, ast.Call) and ranks.function(e) is np.concatenate and len(e.args) == 1
            and not e.keywords):
        return None
    arg, folded = e.args[0], None
    if isinstance(arg, ast.Name) and isinstance(before, ast.Assign) and len(before.targets) == 1 \
            and isinstance(before.targets[0], ast.Name) and before.targets[0].id == arg.id \
            and loads.get(arg.id) == 1:
        arg, folded = before.value, before
    if not isinstance(arg, (ast.Tuple, ast.List)) or not arg.elts \
            or any(isinstance(x, ast.Starred) for x in arg.elts):
        return None
    return arg.elts, folded


def rewrite(z, elements, ranks, names, namer):
    """``(hoisted, arrays, test, body)`` writing ``elements`` into the vector ``z``, or None when a
    piece is not elementwise over vectors (or reads ``z``, or calls something kept whole)."""
    parts, hoisted = [], []
    for piece in elements:
        leaves = _Leaves(ranks, namer, 1, names)
        element = leaves.expr(piece)
        if element is None or not leaves.arrays or z in leaves.arrays or z in A.names_in(piece) \
                or any(isinstance(n, ast.Call) for h in leaves.hoisted for n in ast.walk(h.value)):
            return None
        parts.append((leaves.arrays, element))
        hoisted += leaves.hoisted
    offset = names.fresh("_s2sad_o")
    body, sizes, tests = [A.assign(offset, A.const(0))], [], []
    for k, (arrays, element) in enumerate(parts):
        size = ast.Subscript(value=_shape(arrays[0]), slice=A.const(0), ctx=ast.Load())
        sizes.append(size)
        same = _same_shapes(arrays, arrays[0])
        tests += same.values if isinstance(same, ast.BoolOp) else [] if isinstance(same, ast.Constant) else [same]
        at = ast.BinOp(left=A.name(offset), op=ast.Add(), right=A.name(names.index(0)))
        store = ast.Subscript(value=A.name(z), slice=at, ctx=ast.Store())
        body.append(ast.For(target=A.name(names.index(0), store=True), iter=A.call(names.range_(), A.clone(size)),
                            body=[ast.Assign(targets=[store], value=element)], orelse=[]))
        if k < len(parts) - 1:
            body.append(A.assign(offset, ast.BinOp(left=A.name(offset), op=ast.Add(), right=A.clone(size))))
    length = sizes[0]
    for size in sizes[1:]:
        length = ast.BinOp(left=length, op=ast.Add(), right=A.clone(size))
    fits = ast.Compare(left=ast.Subscript(value=_shape(z), slice=A.const(0), ctx=ast.Load()), ops=[ast.Eq()],
                       comparators=[length])
    test = ast.BoolOp(op=ast.And(), values=[fits] + tests) if tests else fits
    arrays = list(dict.fromkeys(n for arrays, _ in parts for n in arrays))
    return hoisted, arrays, test, body


def _shape(n):
    return ast.Attribute(value=A.name(n), attr="shape", ctx=ast.Load())
