"""Objects and functional idioms (fuzz24):

* ``classes``: a module-level class holding parameters (``self.W = W``), its method reading
  them (``model.forward(v)``, ``model(v)`` through ``__call__``), sometimes keeping a running
  state rebound by each call (``self.acc = self.acc + ...``); and a ``@dataclasses.dataclass``
  record of parameters whose fields are read (``p.w * p.scale``);
* ``folds``: ``functools.reduce`` over a vector's elements with a lambda (reading enclosing
  names), over a list of same-shaped arrays (``lambda a, b: a + b``, ``np.add``, ``np.maximum``);
* ``loop_closures``: functions made in a loop (``fs.append(lambda s_, c=c: ...)``, or a late-binding
  ``lambda s_: ... c ...`` that reads the loop's last value) and called after it.

Invariant (the generator's): an object holds the caller's arrays only to read them (methods
rebind attributes, never write through them); every name a class or lambda reads is bound
when it is called.
"""
import ast

from .effects import _helper_name
from .productions import expr
from .scope import Scope
from .stmts import construct
from .tmpl import E, S, clone, name

__all__ = []


class _ToAttr(ast.NodeTransformer):
    """Reads of the given names become attribute reads on ``owner`` (``W`` -> ``self.W``)."""

    def __init__(self, owner, fields):
        self.owner, self.fields = owner, fields

    def visit_Name(self, node):
        if node.id in self.fields and isinstance(node.ctx, ast.Load):
            return ast.Attribute(value=name(self.owner), attr=node.id, ctx=ast.Load())
        return node


def _fields(ctx, scope):
    """1-2 live values an object will hold: [(field, local name, shape)]."""
    live = [v for v in scope.vars.values() if v.name not in scope.loop_vars]
    if not live:
        return []
    picked = ctx.rng.sample(live, min(len(live), ctx.pick([1, 2, 2])))
    names = ["W", "b", "scale", "w", "c0", "gain"]
    return [(names[k] if v.shape != () else ["scale", "gain", "c0"][k], v.name, v.shape)
            for k, v in enumerate(picked)]


def _method_value(ctx, fields, arg_shape, owner="self", arg="z"):
    """The value a method returns: an expression of its fields and its argument ``z``."""
    sub = Scope()
    for fld, _, shape in fields:
        sub.define(fld, shape)
    sub.define("z", arg_shape)
    sub.vars["z"].weight = 5.0
    value = expr(ctx, sub, (), ctx.pick([1, 2, 3]))
    read = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
    for fld, _, shape in fields:
        if fld not in read:
            value = E("_0 + np.sum(np.sin(_1))" if shape else "_0 + np.sin(_1)", value, fld)
    if "z" not in read:
        value = E("_0 + np.sum(np.tanh(_1))" if arg_shape else "_0 + np.tanh(_1)", value, "z")
    value = _ToAttr(owner, {f for f, _, _ in fields}).visit(value)
    for node in ast.walk(value):
        if isinstance(node, ast.Name) and node.id == "z":
            node.id = arg
    return value


def _class_def(ctx, cname, fields, method, stateful, value):
    init = [ast.Assign(targets=[ast.Attribute(value=name("self"), attr=f, ctx=ast.Store())], value=name(f))
            for f, _, _ in fields] + (S("self.acc = 0.0") if stateful else [])
    text = f"class {cname}:\n    def __init__(self, {', '.join(f for f, _, _ in fields)}):\n        pass\n" \
           f"    def {method}(self, z):\n        pass"
    node = S(text)[0]
    node.body[0].body = init
    if stateful:
        node.body[1].body = S("self.acc = self.acc + _0\nreturn self.acc", value)
    else:
        node.body[1].body = [ast.Return(value=value)]
    return node


@construct("classes", 2, 0)
def model_object(ctx, scope, depth, out):
    fields = _fields(ctx, scope)
    if not fields or depth >= 2:
        return [], False
    arg_shape = ctx.pick([(), (ctx.n,), (ctx.m,)])
    if ctx.chance(0.25):
        return _record(ctx, scope, fields, arg_shape)
    cname = _helper_name(ctx, ["Model", "Layer", "Potential", "Spring", "Net"])
    method = ctx.pick(["forward", "energy", "__call__", "apply"])
    stateful = ctx.chance(0.3)
    ctx.extra_defs.append(_class_def(ctx, cname, fields, method, stateful, _method_value(ctx, fields, arg_shape)))
    obj, r = _helper_name(ctx, ["model", "layer", "obj", "net"]), ctx.fresh("scalar", scope)
    call = "_0(_2)" if method == "__call__" else f"_0.{method}(_2)"
    stmts = S(f"_1 = _3({', '.join(loc for _, loc, _ in fields)})\n_4 = {call}", obj, obj,
              expr(ctx, scope, arg_shape, 1), cname, r)
    if stateful or ctx.chance(0.3):     # a second call (a stateful object returns its running sum)
        stmts += S(f"_4 = _4 + {call}", obj, None, expr(ctx, scope, arg_shape, 1), None, r)
    scope.define(r, ())
    return stmts, False


def _record(ctx, scope, fields, arg_shape):
    cname = _helper_name(ctx, ["Params", "Config", "Weights"])
    text = f"@dataclasses.dataclass\nclass {cname}:\n" + "".join(
        f"    {f}: {'float' if shape == () else 'np.ndarray'}\n" for f, _, shape in fields)
    ctx.extra_defs += S(text)
    p, r = _helper_name(ctx, ["prm", "cfg", "pars"]), ctx.fresh("scalar", scope)
    z = _helper_name(ctx, ["z_arg", "inp"])
    value = _method_value(ctx, fields, arg_shape, owner=p, arg=z)
    keywords = ctx.chance(0.5)          # all by keyword, or all by position
    args = ", ".join(f"{f}={loc}" if keywords else loc for f, loc, _ in fields)
    stmts = S(f"_0 = {cname}({args})\n_1 = _2\n_3 = _4", p, z, expr(ctx, scope, arg_shape, 1), r, value)
    scope.define(r, ())
    return stmts, False


@construct("folds", 1, 0)
def fold(ctx, scope, depth, out):
    vecs = [v for v in scope.vars.values() if len(v.shape) == 1]
    kind = ctx.pick(["elements", "arrays", "arrays"] if vecs else ["arrays"])
    r = ctx.fresh("scalar", scope)
    if kind == "elements":
        v = ctx.pick(vecs)
        sub = scope.copy()
        sub.define("e_", ())
        sub.define("acc_", ())
        term = expr(ctx, sub, (), ctx.pick([1, 2]))
        form = ctx.pick(["acc_ + _0", "0.5 * acc_ + _0", "acc_ * 0.9 + np.tanh(e_) * _0"])
        body = E(form, term)
        if "e_" not in {n.id for n in ast.walk(body) if isinstance(n, ast.Name)}:
            body = E("_0 + e_ * e_", body)
        lam = E("lambda acc_, e_: _0", body)
        init = expr(ctx, scope, (), 1)       # drawn before r is defined: it must not read r
        scope.define(r, ())
        return S("_0 = functools.reduce(_1, _2, _3)", r, lam, v.name, init), False
    shape = ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n)])
    items = ast.List(elts=[expr(ctx, scope, shape, 1) for _ in range(ctx.pick([2, 3, 3]))], ctx=ast.Load())
    fn = ctx.pick(["lambda a_, b_: a_ + b_", "np.add", "lambda a_, b_: a_ * 0.5 + b_", "np.maximum",
                   "lambda a_, b_: a_ * b_"])
    total = ctx.fresh("vector" if len(shape) == 1 else "matrix", scope)
    scope.define(total, shape)
    return S(f"_0 = functools.reduce({fn}, _1)", total, items), False


@construct("folds", 1, 0)
def loop_closures(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    fs, k, c, g, tot = (ctx.fresh("list", scope), ctx.fresh("int", scope), ctx.fresh("scalar", scope),
                        _helper_name(ctx, ["fn", "g_", "term"]), ctx.fresh("scalar", scope))
    count = ctx.pick([2, 3, 4])
    coef = expr(ctx, scope, (), 1)
    sub2 = Scope()
    sub2.define(c, ())
    sub2.define("s_", ())
    body = expr(ctx, sub2, (), ctx.pick([1, 2]))
    read = {n.id for n in ast.walk(body) if isinstance(n, ast.Name)}
    body = body if {c, "s_"} <= read else E("_0 + _1 * np.sin(s_)", body, c)
    late = ctx.chance(0.4)           # reads c when called: every function made sees the last c
    params = "s_" if late else f"s_, {c}={c}"
    arg = expr(ctx, scope, (), 1)
    if ctx.chance(0.3):              # a lambda appended, or a def bound in the body and appended
        make = S("_0.append(_1)", fs, E(f"lambda {params}: _0", body))
    else:
        make = S(f"def {g}_k({params}):\n    return _0\n_1.append({g}_k)", body, fs)
    stmts = S(f"_0 = []\nfor _1 in range({count}):\n    _2 = _3 * (_1 + 1.0)\n"
              f"_5 = 0.0\nfor _6 in _0:\n    _5 = _5 + _6(_7)", fs, k, c, coef, None, tot, g, clone(arg))
    stmts[1].body += make
    scope.define(tot, ())
    return stmts, False
