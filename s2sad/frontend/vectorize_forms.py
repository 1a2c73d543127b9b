"""NumPy calls that apply a function to each element or each 1-d slice, written as comprehensions
over that function (used by :mod:`.desugar` before it turns comprehensions into loops), so s2sad
differentiates the function where it is called, as if the user had written the loop:

* ``np.vectorize(f)(x)`` (``np.vectorize`` given ``f`` alone) is
  ``np.reshape(np.array([f(t) for t in np.ravel(x)]), np.shape(x))``; of several arguments, each
  broadcast to ``s = np.broadcast_shapes(...)`` of their shapes, ``f`` of their entries taken
  together (``zip``), reshaped to ``s``.
* ``np.apply_along_axis(f, axis, a)`` (no further arguments for ``f``) moves ``axis`` last, applies
  ``f`` to each row of ``a`` flattened to rows: ``o = np.array([f(r[i]) for i in range(len(r))])``,
  and reshapes ``o`` to the shape of ``a`` without ``axis``, followed by the shape of one ``f(...)``.
  That is NumPy's result when ``f`` returns a number, or ``axis`` is ``a``'s last; a check
  (``along_rows``) refuses the other cases and an axis of length 0 at run time.

Invariant: the expression written instead evaluates each argument once (into a fresh name, by
statements placed before the statement, as comprehensions are) and computes NumPy's value; any
other form is left as written and keeps its own refusal (a function held in a variable).
"""
import ast

import numpy as np

from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _check
from .resolve import np_ref


def _np(path, *args):
    return ast.Call(func=np_ref(path), args=list(args), keywords=[])


def _plain(call):
    return not call.keywords and not any(isinstance(a, ast.Starred) for a in call.args)


def _named(value, fresh, pre, like):
    """A fresh name bound to ``value`` by a statement appended to ``pre`` (a constant stays)."""
    if isinstance(value, ast.Constant):
        return value
    name = fresh("applied")
    pre.append(A.assign(name, value, like=like))
    return A.name(name)


def _vectorize(call, fresh, pre):
    inner = call.func
    if len(inner.args) != 1 or not _plain(inner) or not call.args or not _plain(call):
        return None
    xs = [_named(a, fresh, pre, call) for a in call.args]
    if len(xs) == 1:
        shape, flats = _np("np.shape", A.clone(xs[0])), [_np("np.ravel", xs[0])]
    else:       # the arguments broadcast against each other, as np.vectorize does
        shape = _named(_np("np.broadcast_shapes", *[_np("np.shape", x) for x in xs]), fresh, pre, call)
        flats = [_np("np.ravel", _np("np.broadcast_to", A.clone(x), A.clone(shape))) for x in xs]
    ts = [fresh("t") for _ in xs]
    target = A.name(ts[0], store=True) if len(ts) == 1 else \
        ast.Tuple(elts=[A.name(t, store=True) for t in ts], ctx=ast.Store())
    comp = ast.ListComp(elt=ast.Call(func=A.clone(inner.args[0]), args=[A.name(t) for t in ts], keywords=[]),
                        generators=[ast.comprehension(target=target, iter=flats[0] if len(flats) == 1 else
                                                      A.call("zip", *flats), ifs=[], is_async=0)])
    return _np("np.reshape", _np("np.array", comp), A.clone(shape))


def _shape(node, part):
    return ast.Subscript(value=_np("np.shape", A.clone(node)), slice=part, ctx=ast.Load())


def _along(call, fresh, pre):
    bound = bind_arguments(call, ("func1d", "axis", "arr"))
    if bound is None or len(bound) != 3 or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    a = _named(bound["arr"], fresh, pre, call)
    axis = _named(bound["axis"], fresh, pre, call)
    moved = _named(_np("np.moveaxis", a, axis, A.const(-1)), fresh, pre, call)
    rows = _named(_np("np.reshape", moved, ast.Tuple(elts=[A.const(-1), _shape(moved, A.const(-1))], ctx=ast.Load())),
                  fresh, pre, call)
    i = fresh("i")
    comp = ast.ListComp(
        elt=ast.Call(func=A.clone(bound["func1d"]), args=[ast.Subscript(value=A.clone(rows), slice=A.name(i),
                                                                         ctx=ast.Load())], keywords=[]),
        generators=[ast.comprehension(target=A.name(i, store=True), iter=A.call("range", _shape(rows, A.const(0))),
                                      ifs=[], is_async=0)])
    out = _named(_np("np.array", comp), fresh, pre, call)
    checked = _check("checked", out, _check("along_rows", A.clone(out), A.clone(a), A.clone(axis)))
    shape = ast.BinOp(left=_shape(moved, ast.Slice(upper=A.const(-1))), op=ast.Add(),
                      right=_shape(out, ast.Slice(lower=A.const(1))))
    return _np("np.reshape", checked, shape)


def rewrite(call, resolve, fresh):
    """(statements to run first, the expression written instead of ``call``), or None when
    ``call`` is none of the forms above. ``resolve(node)`` is the object a name or dotted
    path names; ``fresh(base)`` a fresh local name."""
    pre = []
    try:
        if isinstance(call.func, ast.Call) and resolve(call.func.func) is np.vectorize:
            out = _vectorize(call, fresh, pre)
        elif resolve(call.func) is np.apply_along_axis:
            out = _along(call, fresh, pre)
        else:
            return None
    except TypeError:      # an object that cannot be compared: not one of these functions
        return None
    return None if out is None else (pre, A.at(out, call))
