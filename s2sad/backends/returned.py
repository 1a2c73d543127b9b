"""A returned value bound in several places holds one kind for numba (part of the ``jit`` stage).

A function with several ``return`` statements becomes an adjoint that assigns one generated
name (``result``, and in forward mode its tangent ``t_result``) on each path and returns it at
the end. Python lets that name hold a number on one path and a 0-d array on another
(``return 2.0`` beside ``return np.array(v)``, a 0-d ``np.zeros(())``, ``np.asarray(np.sum(x))``);
numba gives a variable one type and refused with a message about the generated ``result``.
A 0-d array is differentiated as a number (a 0-d argument reaches numba as a float), so the
value is one here too: every binding of such a name becomes ``as_number(value)``, which is
``value[()]`` for a 0-d array and ``value`` itself for anything else (so arrays of other ranks,
numbers and tuples are untouched: the rewrite changes no value, only a 0-d array's type).

The same holds for a variable of the user's that numba reports holding a 0-d array in one place
and a number in another (``s = np.array(0.0)``, then ``s = s + x[i]``): ``number_variable``, on
that report, before compiling again (``backends.jit``).

Invariant: only the names the front end gives such a value (``RESULT``: ``frontend/lower.py``'s
``result``, ``result_0``..., and forward mode's ``t_result``; the jit stage's own passes bind other
names twice, a fused loop's guard and its fallback, and those keep their code) that the final
``return`` reads, or the variable numba named, bound two or more times, only by plain ``name = value`` statements, and
otherwise only read whole (never indexed, never an attribute's object, never written in place):
for such a name a 0-d array and its number are interchangeable.
"""
import ast
import re

import numpy as np
from numba import types
from numba.extending import overload

from .. import astutil as A


RESULT = re.compile(r"^(t_)?result[\d_]*$")


def as_number(v):
    """``v[()]`` (a number) for a 0-d array, else ``v``."""
    return v[()] if isinstance(v, np.ndarray) and v.ndim == 0 else v


@overload(as_number)
def _ov_as_number(v):
    if isinstance(v, types.Array) and v.ndim == 0:
        return lambda v: v[()]
    return lambda v: v


def rewrite(fdef, ns):
    """Wrap each binding of the returned names that qualify (module docstring) in ``as_number``."""
    ret = fdef.body[-1] if fdef.body else None
    if not isinstance(ret, ast.Return) or ret.value is None:
        return fdef
    returned = {n.id for n in ast.walk(ret.value) if isinstance(n, ast.Name) and RESULT.match(n.id)}
    _wrap(fdef, ns, returned)
    return fdef


def number_variable(fdef, ns, name):
    """numba found variable ``name`` of ``fdef`` holding a 0-d array in one place and a number in
    another (``s = np.array(0.0)`` then ``s = s + x[i]``): wrap its bindings in ``as_number``
    if it qualifies as a returned name does (bound two or more times by plain assignments,
    otherwise only read whole), so that it is a number everywhere, with the same values. True
    if it did (the caller compiles again), False if ``name`` does not qualify."""
    return bool(_wrap(fdef, ns, {name}))


def _wrap(fdef, ns, names):
    """Wrap the bindings of those of ``names`` that qualify; the names wrapped."""
    binds, spoiled = {}, set()
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            binds.setdefault(node.targets[0].id, []).append(node)
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.value, ast.Name):
            spoiled.add(node.value.id)
        elif isinstance(node, (ast.AugAssign, ast.For, ast.comprehension, ast.NamedExpr)):
            spoiled |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Assign):
            spoiled |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                and not getattr(node.func, "id", "").startswith("_s2sad_as_number") \
                and not _reads_only(node, ns):
            spoiled.add(node.args[0].id)    # a helper may write into its first argument (add_into)
    wrapped = [name for name in sorted(names - spoiled) if len(binds.get(name, ())) >= 2]
    for name in wrapped:
        for node in binds[name]:
            ref = A.name(ns.bind("_s2sad_as_number", as_number))
            ref._s2sad_bound = True
            node.value = A.at(ast.Call(func=A.at(ref, node.value), args=[node.value], keywords=[]), node.value)
    return wrapped


def _reads_only(call, ns):
    """True if ``call`` is of a NumPy ufunc with its inputs only (``np.sin(s)``): a ufunc writes
    into no argument unless given an output (``out=``, or a positional one after its inputs)."""
    func, path = call.func, []
    while isinstance(func, ast.Attribute):
        path.append(func.attr)
        func = func.value
    obj = getattr(ns, "objects", {}).get(func.id) if isinstance(func, ast.Name) else None
    for attr in reversed(path):
        obj = getattr(obj, attr, None)
    return isinstance(obj, np.ufunc) and not call.keywords and len(call.args) <= obj.nin
