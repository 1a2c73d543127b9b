"""The adjoint writing its gradient into a buffer the caller owns (for descent loops).

``adjoint_into(fdef)`` copies the adjoint of a function wrt its first parameter
``x``, ``f_adjoint(x, *args, dout=1.0) -> (value, b_x)``, into
``f_adjoint_into(x, *args, _s2sad_g) -> value`` that leaves the gradient in
``_s2sad_g`` (an array shaped like ``x``). When the adjoint creates ``b_x`` once,
as zeros at the top of the function, and only ever updates it in place, ``b_x``
*is* the buffer (zeroed instead of allocated); otherwise the result is copied
into it at the end. Either way a descent step allocates no gradient array.

When the statements right after the zeroing add into distinct elements of the
buffer by constant index (``b_p[1] += e1; b_p[0] += e0``, the adjoint of
``f(p[0], p[1])``), each such first update is an assignment (``b_p[1] = e1``)
and the zeroing runs only when those indices do not cover the buffer's first
axis (measured: the zeroing and the read-modify-write were 1.2x the whole
Himmelblau descent).
"""
import ast

from .. import astutil as A
from ..rules import runtime

BUFFER = "_s2sad_g"


def adjoint_into(fdef, namespace):
    new = A.clone(fdef)
    new.name = f"{fdef.name}_into"
    head = fdef.args.args[-1].arg                     # dout (dout2... beside a parameter `dout`)
    new.args.args[-1] = ast.arg(arg=BUFFER)
    new.args.defaults = []
    ret = new.body[-1]
    value, grad = ret.value.elts[0], ret.value.elts[1]
    body = [A.assign(head, A.const(1.0))] + new.body[:-1]
    x = fdef.args.args[0].arg
    k = _single_zeros(body, grad.id, x, namespace) if isinstance(grad, ast.Name) else None
    if k is not None:
        zero = ast.Expr(value=A.call(ast.Attribute(value=A.name(BUFFER), attr="fill", ctx=ast.Load()),
                                     A.const(0.0)))
        covered = _first_writes(body, k + 1, grad.id)
        if covered:
            zero = ast.If(test=ast.Compare(left=_len0(BUFFER), ops=[ast.NotEq()], comparators=[A.const(covered)]),
                          body=[zero], orelse=[])
        body[k:k + 1] = [A.assign(grad.id, BUFFER), zero]
        tail = [ast.Return(value=value)]
    else:
        tail = [ast.Expr(value=A.call("_s2sad_store", A.name(BUFFER), grad)), ast.Return(value=value)]
    new.body = body + tail
    return ast.fix_missing_locations(new)


def _single_zeros(body, b, x, namespace):
    """Index of ``b = zeros_like(x)`` in ``body`` if that is the only statement binding
    the name ``b`` (everything else updates it in place), else None."""
    binds = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == b
             and isinstance(n.ctx, ast.Store)]
    updates = {id(s.target) for s in (n for st in body for n in ast.walk(st)) if isinstance(s, ast.AugAssign)}
    binds = [n for n in binds if id(n) not in updates]
    for k, s in enumerate(body):
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and s.targets[0].id == b \
                and len(binds) == 1 and binds[0] is s.targets[0] and isinstance(s.value, ast.Call) \
                and isinstance(s.value.func, ast.Name) and namespace.get(s.value.func.id) is runtime.zeros_like \
                and len(s.value.args) == 1 and isinstance(s.value.args[0], ast.Name) and s.value.args[0].id == x:
            return k
    return None


def _len0(name):
    """``name.shape[0]``"""
    return ast.Subscript(value=ast.Attribute(value=A.name(name), attr="shape", ctx=ast.Load()),
                         slice=A.const(0), ctx=ast.Load())


def _first_writes(body, start, b):
    """Rewrite the run of ``b[c] += e`` (``c`` an int constant, ``e`` not reading ``b``) from
    ``body[start]``: the first update of each index becomes ``b[c] = e`` (the buffer is
    zero there). Returns ``m`` if those indices are exactly ``0..m-1`` (the zeroing is then
    needed only when ``b.shape[0] != m``), else 0 (always zero first)."""
    seen = []
    for s in body[start:]:
        t = s.target if isinstance(s, ast.AugAssign) else None
        if not (isinstance(s.op if t is not None else None, ast.Add) and isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name) and t.value.id == b and isinstance(t.slice, ast.Constant)
                and type(t.slice.value) is int and t.slice.value >= 0 and b not in A.names_in(s.value)):
            break
        if t.slice.value not in seen:
            seen.append(t.slice.value)
            body[body.index(s)] = ast.copy_location(ast.Assign(targets=[t], value=s.value), s)
    return len(seen) if seen and sorted(seen) == list(range(len(seen))) else 0
