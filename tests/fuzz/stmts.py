"""Statement constructs and the block driver.

``block(ctx, scope, budget, depth, out)`` returns a list of statements and
updates ``scope`` to what is defined after them. Each construct is a function
``(ctx, scope, depth, out) -> (stmts, terminal)`` registered with
``@construct(tag, weight, in_loop_weight)``; ``terminal`` says the block cannot
continue (a ``return``, ``break`` or ``continue`` was emitted). ``out`` holds
the shapes an early ``return`` must produce (None: no early return here).

Writes go only into arrays the function allocated (``Var.writable``), directly
or through views; the caller's and the module's arrays are only read.
"""
import ast

from .productions import cond, expr
from .elementwise import operand_shape
from .structured import call_helper
from .tmpl import E, S, const, name

__all__ = ["construct", "block", "pick_shape", "is_fresh", "CONSTRUCT_TABLE", "return_value"]

CONSTRUCT_TABLE = []
VIEW_FUNCS = {"reshape", "ravel", "squeeze", "expand_dims", "asarray", "ascontiguousarray", "transpose"}


def construct(tag, weight, in_loop=None):
    def register(fn):
        CONSTRUCT_TABLE.append((tag, weight, weight if in_loop is None else in_loop, fn))
        return fn
    return register


def block(ctx, scope, budget, depth, out):
    """Statements until ``budget`` runs out or a terminal statement is emitted."""
    stmts = []
    tries = 0
    while budget > 0 and tries < 30:
        tries += 1
        items = [((w_loop if scope.in_loop else w), (tag, fn)) for tag, w, w_loop, fn in CONSTRUCT_TABLE
                 if ctx.enabled(tag) and (depth < 3 or tag in ("arith", "inplace", "views", "lists"))]
        tag, fn = ctx.weighted(items)
        new, terminal = fn(ctx, scope, depth, out)
        if not new:
            continue
        ctx.use(tag)
        stmts += new
        budget -= 1
        if terminal:
            return stmts, True
    return stmts, False


def pick_shape(ctx, scope):
    """A shape for a new value: the shapes already in play, then the canonical ones."""
    live = [v.shape for v in scope.vars.values()]
    return ctx.pick(live + ctx.shapes() + [()] * 2)


def is_fresh(node, scope):
    """True when ``node`` evaluates to a new array (not a view or alias of a name)."""
    if isinstance(node, ast.Name):
        var = scope.vars.get(node.id)
        return bool(var and var.writable)
    if isinstance(node, ast.Subscript):      # basic indexing of an array gives a view
        return is_fresh(node.value, scope)
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return is_fresh(node.value, scope)
    if isinstance(node, ast.Call):
        fname = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if fname in VIEW_FUNCS and node.args:
            base = node.func.value if isinstance(node.func, ast.Attribute) and fname != "asarray" else node.args[0]
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "np":
                base = node.args[0]
            return is_fresh(base, scope)
    if isinstance(node, ast.IfExp):
        return is_fresh(node.body, scope) and is_fresh(node.orelse, scope)
    return True


def return_value(ctx, scope, shapes, depth):
    """The returned expression(s): a combination of live values, so every variable can matter."""
    values = []
    for shape in shapes:
        parts = [expr(ctx, scope, shape, depth)]
        live = sorted(scope.vars.values(), key=lambda v: -v.weight)[:3]
        for v in live:
            if ctx.chance(0.6) and v.name not in scope.loop_vars:
                parts.append(_reduce_like(ctx, v, shape))
        node = parts[0]
        for p in parts[1:]:
            if p is not None:
                node = E("_0 + _1", node, p)
        values.append(node)
    return values[0] if len(values) == 1 else ast.Tuple(elts=values, ctx=ast.Load())


def _reduce_like(ctx, var, shape):
    if var.shape == shape:
        return E(ctx.pick(["_0", "0.5 * _0", "np.sin(_0)"]), var.name)
    if shape == ():
        return E(ctx.pick(["np.sum(_0 ** 2)", "np.mean(_0)", "np.sum(np.sin(_0))"] if var.shape else
                          ["_0 ** 2", "_0"]), var.name)
    if var.shape == ():
        return E("_0", var.name)
    return None


# ---- simple constructs ---------------------------------------------------------------
@construct("arith", 10, 4)
def assign(ctx, scope, depth, out):
    shape = pick_shape(ctx, scope)
    kind = "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"
    target = ctx.fresh(kind, scope)
    value = expr(ctx, scope, shape, ctx.pick([1, 1, 2, 2, 3]))
    scope.define(target, shape, writable=shape != () and is_fresh(value, scope))
    return [ast.Assign(targets=[name(target, True)], value=value)], False


REBIND = ["_0 + _1", "0.9 * _0 + 0.1 * _1", "0.5 * (_0 + _1)", "np.tanh(_0 + _1)", "_0 - 0.1 * _1",
          "_0 * _1", "_0 + 0.05 * _1"]


@construct("arith", 6, 14)
def rebind(ctx, scope, depth, out):
    """s = s + e, s += e, h = np.tanh(h + e), x = 0.9 * x + ... (loop-carried in loops)."""
    targets = [v for v in scope.vars.values() if v.name not in scope.loop_vars]
    if not targets:
        return [], False
    var = ctx.pick(targets)
    rhs_shape = operand_shape(ctx, var.shape)
    value = expr(ctx, scope, rhs_shape, ctx.pick([1, 2]))
    if ctx.chance(0.35) and (var.shape == () or var.writable):
        op = ctx.pick([ast.Add(), ast.Sub(), ast.Mult(), ast.Add()])
        if var.shape != ():
            ctx.use("inplace")
        return [ast.AugAssign(target=name(var.name, True), op=op, value=value)], False
    new = E(ctx.pick(REBIND), var.name, value)
    writable = var.shape != () and is_fresh(new, scope)
    scope.define(var.name, var.shape, writable)
    return [ast.Assign(targets=[name(var.name, True)], value=new)], False


@construct("arith", 2, 1)
def tuple_assign(ctx, scope, depth, out):
    same = {}
    for v in scope.vars.values():
        same.setdefault(v.shape, []).append(v)
    pairs = [vs for vs in same.values() if len(vs) >= 2]
    if pairs and ctx.chance(0.4):
        a, b = ctx.rng.sample(ctx.pick(pairs), 2)
        if a.name in scope.loop_vars or b.name in scope.loop_vars:
            return [], False
        scope.vars[a.name].writable = scope.vars[b.name].writable = a.writable and b.writable
        return S("_0, _1 = (_1, _0)", a.name, b.name), False
    shapes = [pick_shape(ctx, scope), pick_shape(ctx, scope)]
    names_ = []
    values = []
    for shape in shapes:
        values.append(expr(ctx, scope, shape, 2))
    for shape, value in zip(shapes, values):
        kind = "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"
        names_.append(ctx.fresh(kind, scope))
        scope.define(names_[-1], shape, shape != () and is_fresh(value, scope))
    return S("_0, _1 = (_2, _3)", names_[0], names_[1], values[0], values[1]), False


@construct("helpers", 3, 2)
def helper_tuple(ctx, scope, depth, out):
    tuples = [h for h in ctx.helpers if len(h.returns) > 1]
    if not tuples:
        return [], False
    h = ctx.pick(tuples)
    call = call_helper(ctx, scope, h, 2)
    targets = []
    for shape in h.returns:
        kind = "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"
        targets.append(ctx.fresh(kind, scope))
        scope.define(targets[-1], shape, False)
    tgt = ast.Tuple(elts=[name(t, True) for t in targets], ctx=ast.Store())
    return [ast.Assign(targets=[tgt], value=call)], False


@construct("branches", 5, 4)
def if_stmt(ctx, scope, depth, out):
    """if / elif / else; a branch may return early (or break/continue inside a loop)."""
    arms = [cond(ctx, scope, 1)]
    if ctx.chance(0.3):
        arms.append(cond(ctx, scope, 1))
    has_else = ctx.chance(0.6)
    scopes, bodies, ends = [], [], []
    for _ in range(len(arms) + has_else):
        sub = scope.copy()
        body, terminal = block(ctx, sub, ctx.pick([1, 1, 2, 3]), depth + 1, out)
        if not terminal and ctx.chance(0.15):
            body += _terminal(ctx, sub, depth, out)
            terminal = bool(body) and isinstance(body[-1], (ast.Return, ast.Break, ast.Continue))
        bodies.append(body or [ast.Pass()])
        scopes.append(sub)
        ends.append(terminal)
    if not has_else:
        scopes.append(scope.copy())
        ends.append(False)
    node = ast.If(test=arms[-1], body=bodies[len(arms) - 1], orelse=bodies[len(arms)] if has_else else [])
    for test, body in zip(reversed(arms[:-1]), reversed(bodies[:len(arms) - 1])):
        node = ast.If(test=test, body=body, orelse=[node])
    live = [s for s, end in zip(scopes, ends) if not end]
    if not live:
        return [node], True
    merged = live[0]
    for other in live[1:]:
        merged = merged.meet(other)
    scope.vars, scope.lists, scope.ints = merged.vars, merged.lists, merged.ints
    return [node], False


def _terminal(ctx, scope, depth, out):
    """An early exit: return (when the function allows it), break or continue (in a loop)."""
    options = []
    if out is not None and ctx.enabled("return"):
        options.append("return")
    if scope.in_loop and ctx.enabled("break"):
        options += ["break", "continue"]
    if not options:
        return []
    kind = ctx.pick(options)
    ctx.use("return" if kind == "return" else "break")
    if kind == "return":
        return [ast.Return(value=return_value(ctx, scope, out, 2))]
    return [ast.Break() if kind == "break" else ast.Continue()]


@construct("break", 2, 6)
def guarded_exit(ctx, scope, depth, out):
    """if <cond>: break / continue / return <value>."""
    body = _terminal(ctx, scope, depth, out)
    if not body:
        return [], False
    return [ast.If(test=cond(ctx, scope, 1), body=body, orelse=[])], False


@construct("unsupported", 0.3, 0)
def unsupported(ctx, scope, depth, out):
    """Comprehensions and generator expressions, and Python's max/min/sorted of one sequence
    (``rules/runtime_sequences.py``: a comprehension, a generator, a 1-d array)."""
    vecs = [v for v in scope.vars.values() if len(v.shape) == 1]
    if not vecs:
        return [], False
    v = ctx.pick(vecs)
    target = ctx.fresh("scalar", scope)
    form = ctx.pick(["sum(np.sin(e) * e for e in _0)", "np.sum(np.array([e * e for e in _0]))",
                     "max([abs(e) for e in _0])", "min(e * e - 0.5 * e for e in _0)", "max(np.tanh(_0))",
                     "sorted(_0)[0] + 2.0 * sorted([e * e for e in _0])[-1]"])
    scope.define(target, ())
    return S(f"_1 = {form}", v.name, target), False


def const_of(ctx, lo, hi):
    return const(round(ctx.rng.uniform(lo, hi), 2))
