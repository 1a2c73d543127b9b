"""Numba versions of the run-time helpers in :mod:`s2sad.runtime`.

Importing this module registers, with ``numba.extending.overload``, a
nopython implementation for every helper a generated adjoint may call
(``zeros_like``, ``unbroadcast``, ``sum_grad``, ...). The generated code keeps
calling the very same Python functions; inside ``numba.njit`` code numba picks
the implementation registered here. Numba cannot hold a float and an array in
one variable, so each overload chooses its implementation at typing time from
the argument types (scalar or array, number of dimensions, ``axis`` None or an
integer). Where the code depends on the number of dimensions it is generated
as text for that ``ndim`` (see ``_gen``).

It also teaches numba a few NumPy reductions it lacks and that adjoints of
common code need: ``np.max``/``np.min``/``np.amax``/``np.amin``/``np.mean``/
``np.prod``/``np.var``/``np.std`` with an integer ``axis``, and ``np.sum``/
``np.max``/... with ``keepdims=True``. Only signatures numba rejects are
added; numba's own implementations are left alone.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload

from . import runtime as rt

_GEN_CACHE = {}


def _gen(src, name, extra=None):
    """Compile generated helper source ``src`` once and return function ``name``."""
    key = (src, name)
    if key not in _GEN_CACHE:
        glb = {"np": np, "_expand_to": _expand_to, "_reduced_count": _reduced_count,
               "unbroadcast": rt.unbroadcast, "_axis_reduce": _axis_reduce}
        glb.update(extra or {})
        exec(compile(src, f"<s2sad numba helper {name}>", "exec"), glb)
        _GEN_CACHE[key] = glb[name]
    return _GEN_CACHE[key]


def _is_none(t):
    if isinstance(t, types.Omitted):
        return t.value is None
    return t is None or isinstance(t, types.NoneType)


def _literal_bool(t):
    """The value of a compile-time constant bool argument, else None."""
    if isinstance(t, bool):
        return t
    if isinstance(t, types.Omitted):
        return bool(t.value)
    if isinstance(t, types.BooleanLiteral):
        return t.literal_value
    return None


def _is_array(t):
    return isinstance(t, types.Array)


def _is_scalar(t):
    return isinstance(t, (types.Number, types.Boolean))


def _ndim(t):
    return t.ndim if _is_array(t) else 0


def _idx(names):
    return ", ".join(names) + ("," if len(names) == 1 else "")


# ----------------------------------------------------------------- private helpers
def _expand_to(g, x, axis):
    """``g``, the result of a reduction of ``x`` over ``axis``, with the reduced axis
    reinserted as a size-1 axis, so that it broadcasts against ``x``."""


@overload(_expand_to)
def _ov_expand_to(g, x, axis):
    n = _ndim(x)
    if not _is_array(g) or _is_none(axis) or _ndim(g) == n:
        return lambda g, x, axis: g
    if not isinstance(axis, types.Integer):
        raise TypingError("s2sad (jit): a reduction over a tuple of axes is not supported; use jit=False")
    if _ndim(g) != n - 1:
        raise TypingError(f"s2sad (jit): cannot expand a {_ndim(g)}-d gradient to {n} dimensions")
    lines = ["def expand(g, x, axis):", f"    ax = axis % {n}", "    gc = np.ascontiguousarray(g)",
             "    s = g.shape"]
    for a in range(n):
        shape = [f"s[{k}]" for k in range(n - 1)]
        shape.insert(a, "1")
        lines.append(f"    {'if' if a == 0 else 'elif'} ax == {a}:")
        lines.append(f"        return gc.reshape(({_idx(shape)}))")
    lines.append(f"    return gc.reshape(({_idx(['1'] * n)}))")
    return _gen("\n".join(lines) + "\n", "expand")


def _reduced_count(x, axis):
    """How many elements of ``x`` each result of a reduction over ``axis`` combines."""


@overload(_reduced_count)
def _ov_reduced_count(x, axis):
    if not _is_array(x):
        return lambda x, axis: 1.0
    if _is_none(axis):
        return lambda x, axis: float(x.size)
    n = x.ndim
    return lambda x, axis: float(x.shape[axis % n])


def _axis_reduce(x, axis, op):
    """Reduce array ``x`` over one integer ``axis`` with ``op`` (a literal string)."""


@overload(_axis_reduce)
def _ov_axis_reduce(x, axis, op):
    if not isinstance(op, types.StringLiteral):
        raise TypingError("op must be a literal")
    n, kind = x.ndim, op.literal_value
    init = {"sum": "0.0", "prod": "1.0", "max": "-np.inf", "min": "np.inf"}[kind]
    upd = {"sum": "acc += v", "prod": "acc *= v", "max": "acc = v if v > acc or v != v else acc",
           "min": "acc = v if v < acc or v != v else acc"}[kind]
    lines = ["def reduce(x, axis, op):", "    s = x.shape"]
    if n == 1:
        lines += [f"    acc = {init}", "    for i0 in range(s[0]):", "        v = x[i0]",
                  f"        {upd}", "    return acc"]
        return _gen("\n".join(lines) + "\n", "reduce")
    lines.append(f"    ax = axis % {n}")
    for a in range(n):
        keep = [k for k in range(n) if k != a]
        lines.append(f"    {'if' if a == 0 else 'elif' if a < n - 1 else 'else'}"
                     f"{f' ax == {a}' if a < n - 1 else ''}:")
        ind = " " * 8
        lines.append(f"{ind}out = np.empty(({_idx([f's[{k}]' for k in keep])}))")
        for k in keep:
            lines.append(f"{ind}for i{k} in range(s[{k}]):")
            ind += "    "
        lines += [f"{ind}acc = {init}", f"{ind}for i{a} in range(s[{a}]):",
                  f"{ind}    v = x[{_idx([f'i{k}' for k in range(n)])}]", f"{ind}    {upd}",
                  f"{ind}out[{_idx([f'i{k}' for k in keep])}] = acc"]
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "reduce")


# ----------------------------------------------------------------- the helpers
@overload(rt.zeros_like)
def _ov_zeros_like(x):
    if _is_array(x):
        return lambda x: np.zeros(x.shape)
    return lambda x: 0.0


@overload(rt.unbroadcast)
def _ov_unbroadcast(g, x):
    if not _is_array(g):
        return lambda g, x: g
    if not _is_array(x):
        return lambda g, x: np.sum(g)
    gn, xn = g.ndim, x.ndim
    if gn < xn:
        raise TypingError(f"s2sad (jit): unbroadcast of a {gn}-d gradient to a {xn}-d argument")
    lead = gn - xn
    i = [f"i{k}" for k in range(gn)]
    lines = ["def unbroadcast(g, x):", "    xs = x.shape", "    gs = g.shape"]
    if gn == xn:
        lines.append("    if gs == xs:")
        lines.append("        return g")
    lines.append("    out = np.zeros(xs)")
    ind = "    "
    for k in range(gn):
        lines.append(f"{ind}for i{k} in range(gs[{k}]):")
        ind += "    "
        if k >= lead:
            lines.append(f"{ind}j{k} = 0 if xs[{k - lead}] == 1 else i{k}")
    j = [f"j{k}" for k in range(lead, gn)]
    lines.append(f"{ind}out[{_idx(j)}] += g[{_idx(i)}]")
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "unbroadcast")


@overload(rt.add_at)
def _ov_add_at(b, idx, g):
    if isinstance(idx, types.Integer) or isinstance(idx, types.BaseTuple) and \
            all(isinstance(t, (types.Integer, types.SliceType)) for t in idx):
        def add_at(b, idx, g):
            b[idx] += g
        return add_at
    if _is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, types.Integer):
        if _is_array(g):
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    b[idx[k]] += g[k]
        else:
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    b[idx[k]] += g
        return add_at
    if _is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, types.Boolean):
        if _is_array(g):
            def add_at(b, idx, g):
                j = 0
                for k in range(idx.shape[0]):
                    if idx[k]:
                        b[k] += g[j]
                        j += 1
        else:
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    if idx[k]:
                        b[k] += g
        return add_at
    raise TypingError(f"s2sad (jit): indexed gradient accumulation with an index of type {idx} "
                      "is not supported")


@overload(rt.safe_log)
def _ov_safe_log(x):
    if _is_array(x):
        return lambda x: np.log(np.where(x > 0, x, 1.0))
    return lambda x: np.log(x) if x > 0 else 0.0


@overload(rt.sum_grad)
def _ov_sum_grad(g, x, axis=None, keepdims=False):
    if not _is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: np.zeros(x.shape) + _expand_to(g, x, axis)


@overload(rt.mean_grad)
def _ov_mean_grad(g, x, axis=None, keepdims=False):
    if not _is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: \
        (np.zeros(x.shape) + _expand_to(g, x, axis)) / _reduced_count(x, axis)


@overload(rt.prod_grad)
def _ov_prod_grad(g, y, x, axis=None, keepdims=False):
    return lambda g, y, x, axis=None, keepdims=False: _expand_to(g * y, x, axis) / x


@overload(rt.extreme_grad)
def _ov_extreme_grad(g, y, x, axis=None, keepdims=False):
    if not _is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
    if _is_none(axis):
        def extreme_grad(g, y, x, axis=None, keepdims=False):
            hit = (x == _expand_to(y, x, axis)) * 1.0
            return hit * _expand_to(g, x, axis) / np.sum(hit)
        return extreme_grad

    def extreme_grad(g, y, x, axis=None, keepdims=False):
        hit = (x == _expand_to(y, x, axis)) * 1.0
        count = _expand_to(_axis_reduce(hit, axis, "sum"), x, axis)
        return hit * _expand_to(g, x, axis) / count
    return extreme_grad


@overload(rt.var_grad)
def _ov_var_grad(g, x, axis=None, ddof=0, keepdims=False):
    if not _is_array(x):
        return lambda g, x, axis=None, ddof=0, keepdims=False: g * 0.0
    if _is_none(axis):
        def var_grad(g, x, axis=None, ddof=0, keepdims=False):
            n = float(x.size)
            return _expand_to(g, x, axis) * 2.0 * (x - np.mean(x)) / (n - ddof)
        return var_grad

    def var_grad(g, x, axis=None, ddof=0, keepdims=False):
        n = _reduced_count(x, axis)
        centered = x - _expand_to(_axis_reduce(x, axis, "sum"), x, axis) / n
        return _expand_to(g, x, axis) * 2.0 * centered / (n - ddof)
    return var_grad


@overload(rt.norm_grad)
def _ov_norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
    if not (_is_none(ord) or isinstance(ord, types.StringLiteral) and ord.literal_value == "fro"
            or isinstance(ord, types.IntegerLiteral) and ord.literal_value == 2 and _ndim(x) == 1
            or isinstance(ord, types.Integer) and _ndim(x) == 1):
        raise TypingError("s2sad differentiates np.linalg.norm only for the 2-norm/Frobenius norm")
    if not _is_array(x):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            g * (0.0 if y == 0 else x / y)
    if _is_none(axis):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            g * (x * 0.0 if y == 0 else x / y)

    def norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
        yy = _expand_to(y, x, axis)
        return _expand_to(g, x, axis) * np.where(yy == 0, 0.0, x / np.where(yy == 0, 1.0, yy))
    return norm_grad


def _c(a):
    """Contiguous (np.dot on non-contiguous operands is slow and warns)."""


@overload(_c)
def _ov_c(a):
    if _is_array(a) and a.layout != "C":
        return lambda a: np.ascontiguousarray(a)
    return lambda a: a


@overload(rt.dot_grad_left)
def _ov_dot_grad_left(g, a, b):
    na, nb = _ndim(a), _ndim(b)
    if na == 0 or nb == 0:
        return lambda g, a, b: unbroadcast(g * b, a)
    if nb == 1:
        if na == 2:
            return lambda g, a, b: np.outer(g, b)
        return lambda g, a, b: g * b
    if na == 2:
        return lambda g, a, b: np.dot(_c(g), np.ascontiguousarray(b.T))
    return lambda g, a, b: np.dot(_c(b), _c(g))


@overload(rt.dot_grad_right)
def _ov_dot_grad_right(g, a, b):
    na, nb = _ndim(a), _ndim(b)
    if na == 0 or nb == 0:
        return lambda g, a, b: unbroadcast(g * a, b)
    if na == 1:
        if nb == 2:
            return lambda g, a, b: np.outer(a, g)
        return lambda g, a, b: g * a
    if nb == 2:
        return lambda g, a, b: np.dot(np.ascontiguousarray(a.T), _c(g))
    return lambda g, a, b: np.dot(_c(g), _c(a))


@overload(rt.outer_grad_left)
def _ov_outer_grad_left(g, a, b):
    if not _is_array(a):
        return lambda g, a, b: np.sum(np.dot(_c(g), np.ravel(b)))
    return lambda g, a, b: np.dot(_c(g), np.ravel(b)).reshape(a.shape)


@overload(rt.outer_grad_right)
def _ov_outer_grad_right(g, a, b):
    if not _is_array(b):
        return lambda g, a, b: np.sum(np.dot(np.ravel(a), _c(g)))
    return lambda g, a, b: np.dot(np.ravel(a), _c(g)).reshape(b.shape)


@overload(rt.transpose_grad)
def _ov_transpose_grad(g, axes=None):
    if not _is_array(g):
        return lambda g, axes=None: g
    if _is_none(axes):
        return lambda g, axes=None: np.transpose(g)
    n = g.ndim
    src = (f"def transpose_grad(g, axes=None):\n    inv = np.argsort(np.array(axes))\n"
           f"    return np.transpose(g, ({_idx([f'inv[{k}]' for k in range(n)])}))\n")
    return _gen(src, "transpose_grad")


@overload(rt.reshape_grad)
def _ov_reshape_grad(g, x):
    if _is_array(x):
        if _is_array(g):
            return lambda g, x: np.ascontiguousarray(g).reshape(x.shape)
        return lambda g, x: np.full(x.shape, g)
    if _is_array(g):
        return lambda g, x: np.sum(g)
    return lambda g, x: g


@overload(rt.clip_mask)
def _ov_clip_mask(x, lo, hi):
    def part(bound, op):
        if _is_none(bound):
            return ""
        return f" * (x {op} {'lo' if op == '>=' else 'hi'})"
    if _is_array(x):
        src = f"def clip_mask(x, lo, hi):\n    return np.ones(x.shape){part(lo, '>=')}{part(hi, '<=')}\n"
    else:
        src = f"def clip_mask(x, lo, hi):\n    return float(1.0{part(lo, '>=')}{part(hi, '<=')})\n"
    return _gen(src, "clip_mask")


@overload(rt.cumsum_grad)
def _ov_cumsum_grad(g, x, axis=None):
    if not _is_array(x):
        return lambda g, x, axis=None: g
    if _is_none(axis) or x.ndim == 1:
        return lambda g, x, axis=None: np.cumsum(np.ravel(g)[::-1])[::-1].copy().reshape(x.shape)
    raise TypingError("s2sad (jit): np.cumsum with an axis on a multi-dimensional array is not supported")


@overload(rt.trace_grad)
def _ov_trace_grad(g, x):
    return lambda g, x: g * np.eye(x.shape[0], x.shape[1])


@overload(rt.solve_grad_a)
def _ov_solve_grad_a(g, a, z):
    if _ndim(z) == 1:
        return lambda g, a, z: -np.outer(np.linalg.solve(np.ascontiguousarray(a.T), g), z)
    return lambda g, a, z: -np.dot(np.linalg.solve(np.ascontiguousarray(a.T), _c(g)),
                                   np.ascontiguousarray(z.T))


# ------------------------------------------- NumPy reductions numba does not provide
def _reduction(fn, kind):
    """Add ``fn(a, axis=<int>)`` and ``fn(a, axis=..., keepdims=True)`` for arrays."""

    @overload(fn)
    def _ov(a, axis=None, keepdims=False):
        if not _is_array(a) or not (_is_none(axis) or isinstance(axis, types.Integer)):
            return None
        keep = _literal_bool(keepdims)
        if keep is None:
            return None
        if _is_none(axis) and not keep or kind == "sum" and not keep:
            return None                                 # numba's own implementation
        if kind in ("sum", "prod", "max", "min"):
            whole, body = f"np.{kind}(a)", f"_axis_reduce(a, axis, {kind!r})"
        else:                                           # mean, var, std
            whole = f"np.{kind}(a)"
            body = "_axis_reduce(a, axis, 'sum') / a.shape[axis % a.ndim]"
            if kind in ("var", "std"):
                body = (f"_axis_reduce((a - _expand_to({body}, a, axis)) ** 2, axis, 'sum')"
                        " / a.shape[axis % a.ndim]")
            if kind == "std":
                body = f"np.sqrt({body})"
        if _is_none(axis):
            result = f"np.full(({_idx(['1'] * a.ndim)}), {whole})"
        else:
            result = f"_expand_to({body}, a, axis)" if keep else body
        return _gen(f"def red(a, axis=None, keepdims=False):\n    return {result}\n", "red")
    return _ov


for _fn, _kind in [(np.max, "max"), (np.amax, "max"), (np.min, "min"), (np.amin, "min"),
                   (np.sum, "sum"), (np.prod, "prod"), (np.mean, "mean"), (np.var, "var"),
                   (np.std, "std")]:
    _reduction(_fn, _kind)

