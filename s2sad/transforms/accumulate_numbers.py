"""Accumulating the adjoint of a number (part of stage 7, ``transforms/accumulate.py``).

Invariant: the adjoint of a number is an immutable number (a float or an ``np.float64``), never
an array, so no other adjoint can share it and ``b += e`` only rebinds ``b``. NumPy does not make
this true by itself: a rule applied to a number may return a 0-d *array* (``np.roll``,
``np.where``, ``np.reshape`` of a number and their gradients), which ``b += e`` then changed in
place, and with it every other adjoint holding the same array (``b_t = b_u; b_t += ...`` changed
``b_u``: a silently wrong gradient; under jit numba cannot add a 0-d array into a float). So a
value that is not certainly a number (the result of an operator, a constant, an element read out
of an array, another number's adjoint, ``unbroadcast``/``own``/``item``/``float`` of anything)
is taken as ``item(value)``: its one element as a number.
"""
import ast

from .. import astutil as A
from ..analyses.ir import resolve

ZERO, OWN, SHARED = 0, 1, 2   # (a number's adjoint is never SHARED: it is immutable)
NUMBER_MAKERS = ("unbroadcast", "own", "item",    # of the runtime: a number for a number's shape
                 "ieee_div", "ieee_pow")          # (a derivative's `/` and `**`: a number of numbers, as the operators)


def accum_number(acc, b, value, st, view, state, out):
    """``b += value`` for ``b`` the adjoint of a number (``acc``: the Accumulate pass); ``view``:
    ``value`` reads a view of an adjoint that may change later (its number is taken now anyway)."""
    if not immutable(acc, value, state):
        value = A.call(acc.helper(acc.rt.item), value)
    if st == ZERO:
        out.append(A.assign(b, value))
    else:
        out.append(ast.AugAssign(target=A.name(b, store=True), op=ast.Add(), value=value))
    state[b] = OWN


def immutable(acc, value, state):
    """True if ``value`` (the gradient of a number) is certainly a number, not a 0-d array."""
    if isinstance(value, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Compare)):
        return True
    if isinstance(value, ast.Name):     # every number's adjoint is one; so is the head gradient
        if value.id not in acc.primal_of:   # (arguments.dout_value: a number for a 0-d array)
            return True
        return state.get(value.id) != ZERO and acc.kinds.get(acc.primal_of.get(value.id)) == 0
    if isinstance(value, ast.Subscript):    # an element (not `b[...]`, a 0-d view)
        return not any(isinstance(n, (ast.Slice, ast.Constant)) and getattr(n, "value", 0) is Ellipsis
                       or isinstance(n, ast.Slice) for n in ast.walk(value.slice))
    if isinstance(value, ast.Call):
        fn = resolve(acc.ns, value.func) if isinstance(value.func, (ast.Name, ast.Attribute)) else None
        return fn is float or getattr(fn, "__name__", None) in NUMBER_MAKERS and \
            getattr(fn, "__module__", "").startswith("s2sad.rules")
    return False
