"""Stage 1b, a differentiated namedtuple parameter's fields read by position::

    class Params(NamedTuple):           def loss(p, x):
        W: np.ndarray                       return np.sum((p[0] @ x + p[1]) ** 2)
        b: np.ndarray
    def loss(p, x):                 ->
        return np.sum((p.W @ x + p.b) ** 2)

A differentiated tuple parameter arrives as its positions (``arguments.TupleArgument``), and a
namedtuple's class is part of the build's kind (its field names, ``analyses/expr_ranks.structure``),
so ``p.W`` is exactly ``p[0]`` for every call this build serves; nested namedtuples
(``p.layer1.W``) read position after position. Later stages then follow it as any tuple
parameter (its gradient goes back to the caller as the same namedtuple class).

Invariant: rewritten only for a parameter the function never rebinds (no store, ``del``,
``global`` or ``nonlocal`` of its name), and only a chain of field names; anything else
(``p._replace(...)``, ``p._asdict()``, ``getattr(p, name)``) is left as written (refused later, located).
"""
import ast

from .. import astutil as A


def namedtuple_params(fdef, kinds):
    fielded = {p: k for p, k in (kinds or {}).items() if _fields(k)}
    if not fielded:
        return
    bound = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    bound |= {name for n in ast.walk(fdef) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
    for p in set(fielded) - bound:
        _Fields(p, fielded[p]).visit(fdef)


def _fields(kind):
    """The field names of a namedtuple parameter's kind, or None."""
    return kind[3] if isinstance(kind, tuple) and len(kind) > 3 and kind[2] == "tuple" else None


class _Fields(ast.NodeTransformer):
    def __init__(self, param, kind):
        self.param, self.kind = param, kind

    def visit_Attribute(self, node):
        chain, inner = [], node
        while isinstance(inner, ast.Attribute):
            chain.append(inner)
            inner = inner.value
        if not (isinstance(inner, ast.Name) and inner.id == self.param):
            return self.generic_visit(node)
        out, kind = inner, self.kind
        for attr in reversed(chain):           # from the parameter outwards
            fields = _fields(kind)
            if fields is None or attr.attr not in fields:
                attr.value = out               # no field: kept, on the positions read so far
                return node
            position = fields.index(attr.attr)
            out = A.at(ast.Subscript(value=out, slice=A.const(position), ctx=attr.ctx), attr)
            kind = dict(kind[1]).get(position)
        return out
