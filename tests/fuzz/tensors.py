"""Arrays of three axes (fuzz21): the batches and stacks people build and reduce.

``tensor_block`` writes a short chain on one 3-d array and ends in a value of a shape the
rest of the generator knows (a number, a vector or a matrix), which it defines in the scope:

* built from the data (``np.stack([A, B])``, ``a[:, None, None] * M[None]``, an outer product
  of three vectors, ``np.einsum('i,jk->ijk', w, M)``, a loop filling ``np.zeros((p, m, n))``)
  or read from a 3-d parameter (``ctx.tensors``);
* changed: elementwise maps, broadcasts against a matrix or a vector along any axis,
  ``keepdims`` normalisations, ``transpose``/``swapaxes``/``reshape`` chains, a batched
  ``@`` and, on an array the block allocated, in-place writes through views and masks;
* reduced: ``np.sum``/``np.mean``/``np.max`` over one axis or two, ``np.einsum``
  contractions, ``np.tensordot``, a slice ``T[i]``/``T[:, j, :]``, ``reshape`` to a matrix.

Invariant: the block tracks the 3-d array's exact shape through every step; 3-d names
never enter ``Scope.vars`` (the other productions build at most 2 axes), so no other
construct reads or writes them; writes go only into arrays the block allocated.
"""
import ast

from .leaves import index, var_of
from .productions import adapt, expr
from .stmts import construct
from .tmpl import E, S, const, name

__all__ = ["tensor_param_term"]

_POOL = ["T3", "X3", "vol", "batch", "stack3", "Z3", "cube", "F3"]


def _fresh(ctx):
    for base in _POOL:
        if base not in ctx.taken:
            ctx.taken.add(base)
            return base
    k = 2
    while f"T3_{k}" in ctx.taken:
        k += 1
    ctx.taken.add(f"T3_{k}")
    return f"T3_{k}"


def _operand(ctx, scope, shape, depth=1):
    """A live name of ``shape`` when there is one, else an expression."""
    live = var_of(ctx, scope, shape)
    return live if live is not None and ctx.chance(0.7) else expr(ctx, scope, shape, depth)


def _build(ctx, scope):
    """(statements, name, shape, writable): a new 3-d array from the data, or a 3-d parameter."""
    if ctx.tensors and ctx.chance(0.6):
        pname, shape = ctx.pick(ctx.tensors)
        return [], pname, shape, False
    m, n = ctx.m, ctx.n
    p = ctx.pick([2, m, n])
    t = _fresh(ctx)
    kind = ctx.pick(["stack", "scale", "outer", "einsum", "fill", "fill"])
    if kind == "stack":
        items = [_operand(ctx, scope, (m, n)) for _ in range(p)]
        return [_assign(t, E(ctx.pick(["np.stack(_0)", "np.array(_0)"]), _list(items)))], t, (p, m, n), True
    if kind == "scale":
        return [_assign(t, E("_0[:, None, None] * _1[None, :, :]", _operand(ctx, scope, (p,)),
                              _operand(ctx, scope, (m, n))))], t, (p, m, n), True
    if kind == "outer":
        value = E("_0[:, None, None] * _1[None, :, None] + _2[None, None, :]", _operand(ctx, scope, (p,)),
                  _operand(ctx, scope, (m,)), _operand(ctx, scope, (n,)))
        return [_assign(t, value)], t, (p, m, n), True
    if kind == "einsum":
        ctx.rules.add("np.einsum")
        return [_assign(t, E("np.einsum('i,jk->ijk', _0, _1)", _operand(ctx, scope, (p,)),
                              _operand(ctx, scope, (m, n))))], t, (p, m, n), True
    i = ctx.fresh("int", scope)
    mat, vec = _operand(ctx, scope, (m, n)), _operand(ctx, scope, (n,))
    form = ctx.pick(["    _0[_1] = np.tanh(_2 + 0.5 * _1)", "    _0[_1, :, :] = _2 * (_1 + 1.0) + _3",
                     "    _0[_1] = _2\n    _0[_1, 0] += _3"])
    stmts = S(f"_0 = np.zeros(({p}, {m}, {n}))\nfor _1 in range({p}):\n{form}", t, i, mat, vec)
    return stmts, t, (p, m, n), True


def _assign(target, value):
    return S("_0 = _1", target, value)[0]


def _list(items):
    return ast.List(elts=items, ctx=ast.Load())


def _change(ctx, scope, t, shape, writable):
    """One step on the 3-d array: (statements, new name, new shape, writable)."""
    p, m, n = shape
    steps = ["map", "map", "bcast", "keepdims", "axes", "matmul"] + ["write", "write"] * writable
    kind = ctx.pick(steps)
    if kind == "write":
        return _write(ctx, scope, t, shape), t, shape, True
    new = _fresh(ctx)
    if kind == "map":
        value = E(ctx.pick(["np.tanh(_0)", "_0 * _0", "np.exp(-_0 ** 2)", "np.sin(_0) + 0.5 * _0",
                            "_0 / (1.0 + _0 ** 2)", "np.abs(_0)"]), t)
        return [_assign(new, value)], new, shape, True
    if kind == "bcast":
        axis = ctx.pick([0, 1, 2])
        if axis == 2 and ctx.chance(0.5):
            value = E(ctx.pick(["_0 * _1", "_0 + 0.5 * _1", "_0 - _1[None]"]), t, _operand(ctx, scope, (m, n)))
        else:
            index_ = ["_1[:, None, None]", "_1[None, :, None]", "_1[None, None, :]"][axis]
            value = E(f"_0 * {index_}" if ctx.chance(0.5) else f"_0 + {index_}", t,
                      _operand(ctx, scope, (shape[axis],)))
        return [_assign(new, value)], new, shape, True
    if kind == "keepdims":
        form = ctx.pick(["_0 - np.mean(_0, axis=0, keepdims=True)",
                         "_0 / (1.0 + np.sum(_0 ** 2, axis=(1, 2), keepdims=True))",
                         "np.exp(_0 - np.max(_0, axis=-1, keepdims=True))",
                         "_0 / (0.5 + np.linalg.norm(_0, axis=2, keepdims=True))",
                         "_0 / (0.5 + np.sqrt(np.sum(_0 * _0, axis=2, keepdims=True)))"])
        return [_assign(new, E(form, t))], new, shape, True
    if kind == "axes":
        form, out = ctx.pick([("np.transpose(_0, (0, 2, 1))", (p, n, m)), ("_0.transpose(1, 0, 2)", (m, p, n)),
                              ("np.swapaxes(_0, 0, 2)", (n, m, p)), ("np.moveaxis(_0, 0, -1)", (m, n, p)),
                              ("_0.reshape(_1, _2, _3)", (m, p, n)), ("_0[:, ::-1, :]", shape),
                              ("_0[..., 1:]", (p, m, n - 1))])
        return [_assign(new, E(form, t, *out))], new, out, writable and "reshape" not in form
    k = ctx.pick([m, n])
    if ctx.chance(0.5):
        return [_assign(new, E("_0 @ _1", t, _operand(ctx, scope, (n, k))))], new, (p, m, k), True
    return [_assign(new, E("_0 @ np.swapaxes(_0, 1, 2)", t))], new, (p, m, m), True


def _write(ctx, scope, t, shape):
    p, m, n = shape
    s = adapt(ctx, scope, "small", (), 1)
    form, operand = ctx.pick([("_0[0] *= _1", None), ("_0[:, 0, :] += _2", (n,)), ("_0[..., -1] = _2", (p, m)),
                              ("_0[1:] -= 0.5 * _0[:-1]", None), ("_0[_0 < _3] = 0.0", None),
                              ("_0[-1, :, 1:] = _1 * _0[-1, :, :-1]", None), ("_0[:, _4] += _2", (n,)),
                              ("_0 *= _1", None)])
    value = _operand(ctx, scope, operand) if operand else None
    return S(form, t, s, value, const(round(ctx.rng.uniform(-0.3, 0.3), 2)), index(ctx, scope, m))


def _reduce(ctx, scope, t, shape):
    """(expression, shape, fresh): a value of at most two axes from the 3-d array; ``fresh`` when
    it is a new array (not a view of the 3-d one)."""
    p, m, n = shape
    options = [("np.sum(_0 ** 2)", ()), ("np.mean(_0)", ()), ("np.einsum('ijk,ijk->', _0, _0)", ()),
               ("np.sum(_0, axis=0)", (m, n)), ("np.mean(_0, axis=2)", (p, m)), ("np.max(_0, axis=1)", (p, n)),
               ("np.sum(_0, axis=(0, 2))", (m,)), ("np.einsum('ijk,ijk->i', _0, _0)", (p,)),
               ("np.einsum('ijk,k->ij', _0, _1)", (p, m)), ("np.tensordot(_2, _0, axes=([0], [0]))", (m, n)),
               ("_0[-1]", (m, n)), ("_0[:, _3, :]", (p, n)), ("_0.reshape(_4, -1)", (p, m * n)),
               ("np.sum(_0, axis=-1, keepdims=True)[..., 0]", (p, m)), ("(_0).sum(axis=1).T", (n, p))]
    form, out = ctx.pick(options)
    ctx.rules.update({"np.einsum"} if "einsum" in form else {"np.tensordot"} if "tensordot" in form else set())
    args = [t, _operand(ctx, scope, (n,)) if "_1" in form else None,
            _operand(ctx, scope, (p,)) if "_2" in form else None, index(ctx, scope, m) if "_3" in form else None, p]
    return E(form, *args), out, not form.startswith("_0[") and "reshape" not in form


@construct("tensors", 3, 1)
def tensor_block(ctx, scope, depth, out):
    """Build (or read) a 3-d array, change it one to three times, reduce it into the scope."""
    if depth >= 2:
        return [], False
    stmts, t, shape, writable = _build(ctx, scope)
    for _ in range(ctx.pick([1, 1, 2, 3])):
        more, t, shape, writable = _change(ctx, scope, t, shape, writable)
        stmts += more
    value, res_shape, fresh = _reduce(ctx, scope, t, shape)
    kind = "scalar" if res_shape == () else "vector" if len(res_shape) == 1 else "matrix"
    target = ctx.fresh(kind, scope)
    scope.define(target, res_shape, writable=res_shape != () and fresh)
    ctx.use("tensors")
    return stmts + [_assign(target, value)], False


def tensor_param_term(ctx, pname):
    """A number reading 3-d parameter ``pname`` (when the function body did not)."""
    return E(ctx.pick(["np.sum(np.sin(_0))", "np.sum(_0 ** 2) * 0.1", "np.mean(np.tanh(_0))"]), name(pname))
