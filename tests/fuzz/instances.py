"""Objects s2sad lifted in stop 27 that the generator did not draw before (fuzz39):

* ``dataclass_full``: a ``@dataclasses.dataclass`` built in the function with a defaulted field,
  a ``@property`` and a one-expression method reading its fields, copied by
  ``dataclasses.replace(p, field=e)``, both records read after (``records.py``/``record_reads.py``);
* ``super_call``: a module-level object of a subclass whose method calls ``super().m(z)``
  (``own_methods.py``/``super_calls.py``), called from ``f`` on data;
* ``stats``: ``scipy.stats`` closed forms (``norm``/``t``/``gamma``/``expon``/``beta``/``laplace``/
  ``logistic`` ``logpdf``/``pdf``, ``norm.cdf``/``logcdf``/``sf``/``logsf``, ``poisson.logpmf``),
  also frozen (``scipy.stats.norm(mu, s).logpdf(x)``), the arguments in each one's support.

Invariant: a record holds the function's values only to read them; the module-level object
holds constants; a distribution's scale and shape parameters are positive and ``beta``'s
argument lies in (0, 1).
"""
import ast

from .effects import _helper_name
from .objects import _ToAttr, _fields, _method_value
from .productions import adapt, expr, production
from .scope import Scope
from .stmts import construct
from .tmpl import E, S

__all__ = []


def _value(ctx, fields, owner):
    """An expression of the fields only (a property's body), read through ``owner``."""
    sub = Scope()
    for fld, _, shape in fields:
        sub.define(fld, shape)
    value = expr(ctx, sub, (), ctx.pick([1, 2]))
    read = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
    for fld, _, shape in fields:
        if fld not in read:
            value = E("_0 + np.sum(np.cos(_1))" if shape else "_0 + np.cos(_1)", value, fld)
    return _ToAttr(owner, {f for f, _, _ in fields}).visit(value)


@construct("dataclasses", 2, 0)
def dataclass_full(ctx, scope, depth, out):
    fields = _fields(ctx, scope)
    if not fields or depth >= 2:
        return [], False
    cname = _helper_name(ctx, ["Params", "State", "Particle", "Cell"])
    prop, meth = _helper_name(ctx, ["energy", "norm2", "total"]), _helper_name(ctx, ["apply", "score", "eval_"])
    default = ctx.chance(0.5)
    text = "@dataclasses.dataclass\nclass C:\n" + "".join(
        f"    {f}: {'float' if shape == () else 'np.ndarray'}\n" for f, _, shape in fields)
    if default:
        text += "    damp: float = 0.5\n"
    text += f"    @property\n    def {prop}(self):\n        return _0\n    def {meth}(self, z):\n        return _1\n"
    arg_shape = ctx.pick([(), (ctx.n,)])
    own = fields + ([("damp", None, ())] if default else [])
    defs = S(text, _value(ctx, own, "self"), _method_value(ctx, own, arg_shape))
    defs[0].name = cname
    ctx.extra_defs += defs
    p, q, r = _helper_name(ctx, ["prm", "st", "rec"]), _helper_name(ctx, ["prm2", "st2", "rec2"]), \
        ctx.fresh("scalar", scope)
    args = ", ".join(f"{f}={loc}" if ctx.chance(0.5) else loc for f, loc, _ in fields)
    if args.count("=") and args.count("=") < len(fields):      # keywords after positionals only
        args = ", ".join(f"{f}={loc}" for f, loc, _ in fields)
    changed, _, cshape = ctx.pick(own)
    stmts = S(f"_0 = {cname}({args})\n_1 = dataclasses.replace(_0, {changed}=_2)", p, q,
              expr(ctx, scope, cshape, 1))
    use = ctx.pick([f"_0 = _1.{prop} + _2.{meth}(_3)", f"_0 = _2.{prop} * 0.5 + _1.{meth}(_3)",
                    f"_0 = _1.{meth}(_3) - _2.{meth}(_3) + _2.{prop}"])
    arg = _helper_name(ctx, ["z_in", "inp", "obs"])      # a method is inlined when called with a name
    stmts += S("_0 = _1", arg, expr(ctx, scope, arg_shape, 1)) + S(use, r, p, q, arg)
    scope.define(r, ())
    ctx.use("classes")
    return stmts, False


def _module_object(ctx, fields, base, child, meth, obj):
    sub = Scope()
    for f, _, shape in fields:
        sub.define(f, shape)
    init = ", ".join(f for f, _, _ in fields)
    text = (f"class {base}:\n    def __init__(self, {init}):\n" +
            "".join(f"        self.{f} = {f}\n" for f, _, _ in fields) +
            f"    def {meth}(self, z):\n        return _0\n"
            f"class {child}({base}):\n    def {meth}(self, z):\n        return _1 * super().{meth}(z) + _2\n")
    value = _method_value(ctx, fields, (), owner="self")
    scale = E("1.0 + 0.5 * np.tanh(_0)", _method_value(ctx, fields, (), owner="self"))
    extra = E("0.25 * _0", _method_value(ctx, fields, (), owner="self"))
    return S(text, value, scale, extra)


@construct("dataclasses", 1, 1)
def super_call(ctx, scope, depth, out):
    n = ctx.n
    fields = [("w", None, (n,)), ("scale", None, ())][:ctx.pick([1, 2])]
    base, child = _helper_name(ctx, ["Base", "Model", "Energy"]), _helper_name(ctx, ["Child", "Damped", "Scaled"])
    meth, obj = _helper_name(ctx, ["value", "energy", "loss"]), _helper_name(ctx, ["MODEL", "NET", "POT"])
    ctx.extra_defs += _module_object(ctx, fields, base, child, meth, obj)
    consts = {"w": f"np.linspace(0.2, 1.0, {n})", "scale": str(ctx.pick([0.5, 1.5, 0.8]))}
    ctx.extra_defs += S(f"{obj} = {child}({', '.join(consts[f] for f, _, _ in fields)})")
    r = ctx.fresh("scalar", scope)
    form = ctx.pick([f"_0 = {obj}.{meth}(_1)", f"_0 = {obj}.{meth}(_1) + 0.5 * {obj}.{meth}(_2)"])
    stmts = S(form, r, expr(ctx, scope, (), 1), expr(ctx, scope, (), 1))
    scope.define(r, ())
    ctx.use("classes")
    return stmts, False


_CONT = {"norm": ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"), "t": ("logpdf", "pdf"),
         "gamma": ("logpdf", "pdf"), "expon": ("logpdf", "pdf"), "beta": ("logpdf", "pdf"),
         "laplace": ("logpdf", "pdf"), "logistic": ("logpdf", "pdf")}


def _dist_args(ctx, scope, dist, shape):
    """(x, shape parameters, loc/scale keywords) for ``dist``, each in its support."""
    pos = [adapt(ctx, scope, "pos", (), 1) for _ in range(2)]
    if dist == "beta":
        return E("0.05 + 0.9 * (0.5 + 0.5 * np.tanh(_0))", expr(ctx, scope, shape, 1)), pos, []
    if dist in ("gamma", "expon"):
        x = adapt(ctx, scope, "pos", shape, 1)
        return x, pos[:1] if dist == "gamma" else [], ([("scale", pos[1])] if ctx.chance(0.5) else [])
    x = expr(ctx, scope, shape, 1)
    shapes = pos[:1] if dist == "t" else []
    kw = []
    if ctx.chance(0.6):
        kw.append(("loc", expr(ctx, scope, (), 1)))
    if ctx.chance(0.6):
        kw.append(("scale", pos[1]))
    return x, shapes, kw


@production("stats", "stats", 1)
def stats(ctx, scope, shape, depth):
    if depth < 1 or len(shape) > 1:
        return None
    if ctx.chance(0.1):
        k = ctx.pick([0, 1, 2, 3])
        return E("scipy.stats.poisson.logpmf(_0, _1)", k, adapt(ctx, scope, "pos", shape, 1))
    dist = ctx.pick(sorted(_CONT))
    method = ctx.pick(_CONT[dist])
    x, shapes, kw = _dist_args(ctx, scope, dist, shape)
    if kw and ctx.chance(0.3):              # frozen: the parameters in the distribution's call
        frozen = E(f"scipy.stats.{dist}()")
        frozen.args = shapes
        frozen.keywords = [ast.keyword(arg=k, value=v) for k, v in kw]
        call = E(f"_0.{method}(_1)", frozen, x)
    else:
        call = E(f"scipy.stats.{dist}.{method}(_0)", x)
        call.args += shapes
        call.keywords = [ast.keyword(arg=k, value=v) for k, v in kw]
    if method in ("pdf", "cdf", "sf"):
        call = E("np.log(_0 + 1e-3)", call) if ctx.chance(0.5) else call
    return call
