"""Array parameters a recursive function leaves on its tapes without a copy (split mode).

``R_forward`` leaves last on ``tapes`` the values its reverse reads straight from
variables, an array as a copy (``split_build._keep``): its caller may change the array's
values after the call. When every call passes for parameter ``p`` an array made just
for that call, which its caller only fills before the call and never reads or changes
after (det by minors: ``det(minor(A, j))``, the minor made by ``np.zeros`` and filled
right before), the copy copies an array nobody else will see: ``p`` is pushed itself.
(det at n=7, compiled: one copy per call, 13700 calls, about 7% of the gradient's time.)

Invariant: ``p``'s copy is dropped only if all of these hold, checked once the group is
built (every call to ``R_forward`` known: the adjoint's and the split functions'):

* ``R`` never binds ``p`` (its exit value is the caller's array) and returns numbers only
  (an array result could be ``p`` or a view of it, which the caller could change);
* at every call, the argument for ``p`` is a name ``v`` of the calling function's
  statements that is bound exactly once, by a call that returns a new array
  (``inplace.make_fresh_call``) or to a name that is such an array (``t3 = minor_M``, the
  ANF stage's copy), in the statement list that holds the call, before it;
* every other use of ``v`` there is the call's argument, the array of an element store
  (``v[i] = e``, ``v[i] += e``), a read of ``v.shape``/``v.ndim``/``v.size`` or a copy
  ``u = v`` to a name never read, inside the statements between the binding and the call.

So each run of the binding makes one array, filled only before the one call that
receives it, which nothing reads or changes afterwards (the next run of the binding
makes another): the array left on the tape keeps the values it had when ``R_forward``
returned, as the copy would.
"""
import ast

from .. import astutil as A
from ..backends.inplace import make_fresh_call

_SHAPE_ATTRS = ("shape", "ndim", "size")


def drop_copies(group, top_body, functions):
    """Push each such parameter itself in the forward functions of ``group`` among ``functions``."""
    fresh_call = make_fresh_call(group.ns)
    bodies = [top_body] + [s.body for s in group.splits.values() if getattr(s, "body", None) is not None]
    forwards = {s.forward: s for s in group.splits.values()}
    for fn in functions:
        split = forwards.get(fn.name)
        if split is None or any(r != 0 for r in split.out_ranks or [None]):
            continue
        calls = [c for c in group.calls if c.split is split]
        keep = {p for k, p in enumerate(split.params)
                if not _binds(split.body, p) and calls
                and all(_fresh_argument(c, k, bodies, fresh_call) for c in calls)}
        for node in ast.walk(fn):
            if getattr(node, "_s2sad_push", None) in keep:
                _uncopy(node.value)


def _uncopy(push):
    """``tape.append(np.copy(p))`` -> ``tape.append(p)``."""
    arg = push.args[0]
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "copy" \
            and len(arg.args) == 1 and isinstance(arg.args[0], ast.Name):
        push.args[0] = arg.args[0]


def _binds(body, name):
    """``name`` is bound (or deleted) somewhere in ``body``."""
    return any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
               for s in body for n in ast.walk(s))


def _fresh_argument(call, k, bodies, fresh_call):
    """The ``k``-th argument of the split call ``call``, as its statement reads it now (copies
    propagated), is a name for a new array only this call sees."""
    value = call.stmt.value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == call.split.forward
            and k < len(value.args) and isinstance(value.args[k], ast.Name)):
        return False
    arg = value.args[k]
    found = next(((body, block) for body in bodies for block in _blocks(body)
                  if any(s is call.stmt for s in block)), None)
    if found is None:
        return False
    body, block = found
    at = next(i for i, s in enumerate(block) if s is call.stmt)
    return _fresh_name(arg.id, body, block, at, fresh_call)


def _fresh_name(name, body, block, at, fresh_call):
    """``name`` is bound in ``block`` before ``block[at]`` to a new array, through copies
    ``t3 = minor_M`` (the ANF stage's) at most, each name of the chain bound once in ``body``,
    and every other use of those names is harmless, between the new array's binding and
    ``block[at]``, or in it."""
    chain, where = [], at
    while True:
        binds = [i for i, s in enumerate(block[:where]) if A.bound_name(s) == name]
        if len(binds) != 1 or sum(1 for s in body for n in ast.walk(s) if isinstance(n, ast.Name)
                                     and n.id == name and not isinstance(n.ctx, ast.Load)) != 1:
            return False
        chain.append(name)
        where = binds[0]
        value = block[where].value
        if not isinstance(value, ast.Name):
            break
        name = value.id
    if not (isinstance(value, ast.Call) and fresh_call(value) == "fresh"):
        return False
    span = block[where + 1:at + 1]
    inside = {id(n) for s in span for n in ast.walk(s)}
    copies = {id(s.value) for s in span if A.bound_name(s) in chain}
    harmless = {k for v in chain for k in _harmless_uses(body, v)} | copies | {id(n) for n in ast.walk(block[at])}
    return all(id(n) in harmless and id(n) in inside for s in body for n in ast.walk(s)
               if isinstance(n, ast.Name) and n.id in chain and isinstance(n.ctx, ast.Load))


def _harmless_uses(body, name):
    """The loads of ``name`` that neither share nor read its array: element-store targets,
    shape reads, and copies ``u = name`` to a name ``u`` that is never read (left by the ANF
    stage once the call reads ``name`` itself)."""
    nodes = [n for s in body for n in ast.walk(s)]
    read = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    out = set()
    for n in nodes:
        if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store) or \
                isinstance(n, ast.Attribute) and n.attr in _SHAPE_ATTRS or \
                isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and n.targets[0].id not in read:
            if isinstance(n.value, ast.Name) and n.value.id == name:
                out.add(id(n.value))
    return out


def _blocks(body):
    """Every statement list in ``body``, itself included."""
    yield body
    for s in body:
        for node in ast.walk(s):
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    yield inner
