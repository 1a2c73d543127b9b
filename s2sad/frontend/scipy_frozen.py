"""A SciPy distribution frozen in the function (used by :mod:`.anf` and :mod:`.anf_calls`): its method
call is the distribution's own call with the frozen arguments after the point, as SciPy's frozen
distribution makes it: ``stats.norm(mu, s).logpdf(x)`` is ``stats.norm.logpdf(x, mu, s)``, and so is
``d.logpdf(x)`` after ``d = stats.norm(mu, s)`` when that binding can be read again where ``d`` is used.

A local ``d`` is read so (``frozen_locals``) when it is stored once, by a statement of the function's
own body ``d = <distribution>(...)``, is read only as the receiver of method calls, and the arguments
of the call are names, numbers and arithmetic (no call) none of whose names is written by that
statement or any after it: the call written again where ``d`` is used computes the same distribution.

Invariant: a call rewritten computes what SciPy computes; a method of a distribution frozen in the
call or in a local that is not a point method (``rvs``, ``mean``...) or not called with the point
alone by position, and a local bound to a frozen distribution that cannot be read again, are refused
as SciPy's, located, never as one of the user's own objects.
"""
import ast
import sys

from .. import astutil as A
from ..errors import unsupported

POINT_METHODS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "logpmf", "pmf")
PURE = (ast.Name, ast.Constant, ast.Attribute, ast.BinOp, ast.UnaryOp, ast.Subscript, ast.Tuple, ast.List,
        ast.Slice, ast.keyword, ast.expr_context, ast.operator, ast.unaryop)
ADVICE = ("Call the distribution's own function with the parameters after the point, e.g. "
          "`stats.norm.logpdf(x, loc, scale)` for `stats.norm(loc, scale).logpdf(x)`.")


def _distribution(node, obj):
    """Is ``node`` a call of a SciPy distribution (``stats.norm(...)``)?"""
    stats = sys.modules.get("scipy.stats")
    return stats is not None and isinstance(node, ast.Call) \
        and isinstance(obj(node.func), (stats.rv_continuous, stats.rv_discrete))


def frozen_locals(fdef, obj):
    """``({local: call}, bound)``: the locals read as their frozen distribution's call (module
    docstring) and every local stored from a distribution's call."""
    stores = [n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    bound = {s.targets[0].id for s in A.walk(fdef) if isinstance(s, ast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], ast.Name) and _distribution(s.value, obj)}
    receivers = {id(n.func.value) for n in A.walk(fdef) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)}
    reads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    out = {}
    for at, s in enumerate(fdef.body):
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                and _distribution(s.value, obj)):
            continue
        name = s.targets[0].id
        written = {n.id for later in fdef.body[at:] for n in A.walk(later) if isinstance(n, ast.Name)
                   and _written(n, later)}
        if stores.count(name) == 1 and name not in params and all(id(n) in receivers for n in reads if n.id == name) \
                and all(isinstance(n, PURE) for a in s.value.args + s.value.keywords for n in A.walk(a)) \
                and not written & set(A.names_in(ast.Tuple(elts=s.value.args + [kw.value for kw in s.value.keywords],
                                                            ctx=ast.Load()))):
            out[name] = s.value
    return out, bound


def _written(name, stmt):
    """Is ``name`` (a Name in ``stmt``) in a target of ``stmt``'s assignments (``x = ``, ``x[i] = ``, ``x += ``...)?"""
    targets = [t for n in A.walk(stmt) if isinstance(n, ast.Assign) for t in n.targets] \
        + [n.target for n in A.walk(stmt) if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For, ast.NamedExpr))]
    return any(name is n for t in targets for n in A.walk(t))


def unfreeze(src, e, obj, frozen, bound):
    """The method call ``e`` of a distribution frozen in the call or in a local of ``frozen``
    (``frozen_locals``) as ``(func, args, keywords)`` of the distribution's own call, or None when
    its receiver is no frozen distribution. Refused as the module docstring says (``bound``: the
    locals stored from a distribution's call)."""
    receiver = e.func.value if isinstance(e.func, ast.Attribute) else None
    if isinstance(receiver, ast.Name) and receiver.id in bound and receiver.id not in frozen:
        raise unsupported(src, e, f"the method call `{receiver.id}.{e.func.attr}(...)` of a SciPy distribution "
                                  f"`{receiver.id}` frozen in the function (its arguments are computed, or "
                                  f"written after it, or it is stored more than once)", ADVICE)
    call = frozen.get(receiver.id) if isinstance(receiver, ast.Name) else receiver
    if not _distribution(call, obj):
        return None
    method = e.func.attr
    if method not in POINT_METHODS or not hasattr(obj(call.func), method) or len(e.args) != 1 or e.keywords \
            or any(isinstance(a, ast.Starred) for a in e.args + call.args) or any(k.arg is None for k in call.keywords):
        raise unsupported(src, e, f"the call `.{method}(...)` of a frozen SciPy distribution with these arguments",
                          ADVICE + " Pass the point by position, with no `*`/`**` argument.")
    func = A.at(ast.Attribute(value=A.clone(call.func), attr=method, ctx=ast.Load()), e.func)
    func._s2sad_obj = getattr(obj(call.func), method)
    return func, list(e.args) + A.clone(list(call.args)), A.clone(list(call.keywords)) + list(e.keywords)
