"""Constant lists of integers that index become arrays: numba indexes with integer arrays, not lists.

Part of stage ``jit`` (:mod:`s2sad.backends.numba_lower` runs it first). ``t1 = [0, 2]``, bound once,
becomes ``t1 = np.array([0, 2])`` when every read of ``t1`` is one where an array of the same
integers means what the list means in Python and NumPy: an index (``y[t1]``, one item of a tuple
index ``y[:, t1]``), a read of one item (``t1[0]``), ``len(t1)``, or an argument of a NumPy
function or of one of s2sad's run-time helpers (``add_at(b_x, t1, g)``, ``np.add.at``). A list
display of integers written straight into such a call (``scattered_2(y, [0, 0], x)``) or into an
index (``b_r[[0, 1, 1]]``, the adjoint of ``np.bincount([0, 1, 1], weights=v)``; ``y[:, [0, 2]]``)
becomes an array the same way.

A list the function grows (``support = []``, then ``support.append(k)``) is read as ``np.array(support)``
where it indexes (``PHI[:, support]``), and only there.

Invariant: any other read keeps the list, since there a list and an array differ: ``t1 + [3]``
(concatenation), ``t1 * 2``, a comparison, a method (``t1.append``), a loop over it, a user's
function, an item written (``t1[0] = 0.5`` truncates in an integer array), another name bound to it.
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..frontend.resolve import np_ref


def rewrite(fdef, ns):
    """Rewrite ``fdef`` in place (see the module's docstring)."""
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    params = {a.arg for a in ast.walk(fdef) if isinstance(a, ast.arg)}
    lists = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and _int_list(node.value):
            lists.setdefault(node.targets[0].id, []).append(node)
    for name, assigns in lists.items():
        reads = [n for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
        once = len(assigns) == 1 and name not in params and sum(
            1 for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)) == 1
        if once and all(_same_as_array(n, parents, ns) for n in reads):
            assigns[0].value = _array(assigns[0].value)
    for node in list(ast.walk(fdef)):          # the arrays made here are not visited again
        if isinstance(node, ast.Call) and _array_call(node, ns):
            node.args = [_array(a) if _int_list(a) else a for a in node.args]
        elif isinstance(node, ast.Subscript) and _int_list(node.slice):
            node.slice = _array(node.slice)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):
            node.slice.elts = [_array(e) if _int_list(e) else e for e in node.slice.elts]
    _grown_lists_as_indices(fdef, parents, params, lists)


def _grown_lists_as_indices(fdef, parents, params, constant):
    """A list the function builds (``support = []``, ``support.append(k)``, every binding a list
    display) that indexes an array (``PHI[:, support]``) is read there as ``np.array(support)``: for
    an index NumPy reads a list as the array of its items, and numba indexes with arrays only."""
    bound = {}
    for node in ast.walk(fdef):
        for t in node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]:
            if isinstance(t, ast.Name):
                bound.setdefault(t.id, []).append(isinstance(node, ast.Assign) and isinstance(node.value, ast.List))
    grown = {n for n, displays in bound.items() if all(displays) and n not in params and n not in constant}
    for node in list(ast.walk(fdef)):
        if isinstance(node, ast.Subscript):
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            new = [_array(e) if isinstance(e, ast.Name) and e.id in grown and isinstance(e.ctx, ast.Load)
                   else e for e in items]
            if isinstance(node.slice, ast.Tuple):
                node.slice.elts = new
            else:
                node.slice = new[0]


def _int_list(node):
    return isinstance(node, ast.List) and node.elts and all(
        isinstance(e, ast.Constant) and type(e.value) is int for e in node.elts)


def _array(lst):
    return A.at(ast.Call(func=np_ref("np.array"), args=[lst], keywords=[]), lst)


def _same_as_array(name, parents, ns):
    """``name``'s read means the same with an array of its integers in place of the list."""
    up = parents.get(id(name))
    if isinstance(up, ast.Tuple) and isinstance(parents.get(id(up)), ast.Subscript) \
            and parents[id(up)].slice is up:
        return True                                  # y[:, t1]
    if isinstance(up, ast.Subscript):
        return up.slice is name or isinstance(up.ctx, ast.Load)      # y[t1], t1[0] read
    if isinstance(up, ast.Call) and name in up.args:
        return resolve(ns, up.func) is len or _array_call(up, ns)
    return False


def _array_call(call, ns):
    """``call`` calls a NumPy function (a ufunc's method too) or one of s2sad's run-time helpers."""
    fn = resolve(ns, call.func)
    if fn is None:
        return False
    owner = getattr(fn, "__self__", None)
    module = str(getattr(fn, "__module__", None) or "")
    return isinstance(fn, np.ufunc) or isinstance(owner, np.ufunc) or module.split(".")[0] in ("numpy", "s2sad")
