"""The adjoint writing its gradient into a buffer the caller owns (for descent loops).

``adjoint_into(fdef)`` copies the adjoint of a function wrt its first parameter
``x``, ``f_adjoint(x, *args, dout=1.0) -> (value, b_x)``, into
``f_adjoint_into(x, *args, _s2sad_g) -> value`` that leaves the gradient in
``_s2sad_g`` (an array shaped like ``x``). When the adjoint creates ``b_x`` once,
as zeros at the top of the function, and only ever updates it in place, ``b_x``
*is* the buffer (zeroed instead of allocated); otherwise the result is copied
into it at the end. Either way a descent step allocates no gradient array.
"""
import ast

from .. import astutil as A
from ..rules import runtime

BUFFER = "_s2sad_g"


def adjoint_into(fdef, namespace):
    new = A.clone(fdef)
    new.name = f"{fdef.name}_into"
    new.args.args[-1] = ast.arg(arg=BUFFER)          # dout is the last parameter
    new.args.defaults = []
    ret = new.body[-1]
    value, grad = ret.value.elts[0], ret.value.elts[1]
    body = [A.assign("dout", A.const(1.0))] + new.body[:-1]
    x = fdef.args.args[0].arg
    k = _single_zeros(body, grad.id, x, namespace) if isinstance(grad, ast.Name) else None
    if k is not None:
        body[k:k + 1] = [A.assign(grad.id, BUFFER),
                         ast.Expr(value=A.call(ast.Attribute(value=A.name(BUFFER), attr="fill", ctx=ast.Load()),
                                               A.const(0.0)))]
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
