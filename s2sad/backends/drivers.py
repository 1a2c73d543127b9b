"""Drivers around a compiled adjoint: ``grad``, ``value_and_grad`` and ``vjp`` as numba
functions (built as ASTs and emitted into the generated module).

``_s2sad_grad(x, y)`` calls the adjoint ``f_adjoint(x, y, 1.0)`` and returns each gradient
the way ``s2sad.grad`` does from Python: shaped like its argument, a float for a
scalar, a fresh array that shares memory with no argument and no other
gradient (``own``). The same drivers serve ``g.compiled`` (called from the
user's ``@numba.njit`` code) and the fast Python call path
(:mod:`s2sad.backends.fastcall`), so both return what the checking path returns.
"""
import ast

import numpy as np
from numba import types
from numba.extending import overload

from .. import astutil as A
from .numba_support import gen, is_array

KINDS = ("grad", "grad_tuple", "value_and_grad", "value_and_grad_tuple", "vjp", "vjp_tuple")


def driver_name(kind):
    return f"_s2sad_{kind}"


def driver_defs(adjoint, params, wrt_pos):
    """One FunctionDef per kind in KINDS, for the adjoint named ``adjoint`` of
    ``params`` wrt positions ``wrt_pos``."""
    return [_driver(kind, adjoint, params, wrt_pos) for kind in KINDS]


def _driver(kind, adjoint, params, wrt_pos):
    vjp = kind.startswith("vjp")
    args = list(params) + (["dout"] if vjp else [])
    seed = A.name("dout") if vjp else A.const(1.0)
    body = [A.assign("r", A.call(adjoint, *[A.name(p) for p in params], seed))]
    grads = []
    for k, pos in enumerate(wrt_pos):
        others = grads + [A.name(a) for a in args]
        g = f"g{k + 1}"
        raw = ast.Subscript(value=A.name("r"), slice=A.const(k + 1), ctx=ast.Load())
        body.append(A.assign(g, A.call("_s2sad_own", raw, A.name(params[pos]),
                                       ast.Tuple(elts=others, ctx=ast.Load()))))
        grads.append(A.name(g))
    result = grads[0] if len(grads) == 1 and not kind.endswith("_tuple") else ast.Tuple(elts=grads, ctx=ast.Load())
    if kind.startswith("value_and_grad"):
        value = ast.Subscript(value=A.name("r"), slice=A.const(0), ctx=ast.Load())
        result = ast.Tuple(elts=[value, result], ctx=ast.Load())
    body.append(ast.Return(value=result))
    fdef = ast.FunctionDef(name=driver_name(kind), args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=a) for a in args], vararg=None, kwonlyargs=[],
        kw_defaults=[], kwarg=None, defaults=[]), body=body, decorator_list=[], returns=None,
        type_params=[])
    return ast.fix_missing_locations(fdef)


# ------------------------------------------------------------------ own
def own(g, like, others):
    """Gradient ``g`` of argument ``like`` as ``s2sad.grad`` returns it (Python version)."""
    if isinstance(like, np.ndarray):
        dtype = np.result_type(like.dtype, np.float64)
        if not isinstance(g, np.ndarray) or g.shape != like.shape or g.dtype != dtype:
            g = np.asarray(g, dtype=dtype).reshape(like.shape)
        if any(isinstance(o, np.ndarray) and np.may_share_memory(g, o) for o in others):
            g = g.copy()
        return g
    if np.ndim(g) == 0 and not isinstance(g, complex):
        return float(g)
    return g


def extent(a):
    """``(lowest, highest + 1)`` byte address an array's elements occupy."""


@overload(extent)
def _ov_extent(a):
    def extent(a):
        lo = hi = a.ctypes.data
        if a.size == 0:
            return lo, lo
        for k in range(a.ndim):
            span = (a.shape[k] - 1) * a.strides[k]
            if span < 0:
                lo += span
            else:
                hi += span
        return lo, hi + a.itemsize
    return extent


def overlaps(a, b):
    """True if arrays ``a`` and ``b`` may share memory (their address ranges meet)."""


@overload(overlaps)
def _ov_overlaps(a, b):
    def overlaps(a, b):
        alo, ahi = extent(a)
        blo, bhi = extent(b)
        return alo < bhi and blo < ahi
    return overlaps


@overload(own)
def _ov_own(g, like, others):
    if not is_array(like):
        if isinstance(g, (types.Integer, types.Boolean, types.Float)):
            return lambda g, like, others: float(g)
        if not is_array(g):
            return lambda g, like, others: g
    checks = [k for k, t in enumerate(others.types) if is_array(t)] if isinstance(others, types.BaseTuple) else []
    lines = ["def own(g, like, others):"]
    if is_array(like):
        target = "np.complex128" if isinstance(like.dtype, types.Complex) else "np.float64"
        if not is_array(g):
            lines.append(f"    return np.full(like.shape, g, dtype={target})")
            return gen("\n".join(lines) + "\n", "own", {"np": np}, __name__)
        if g.dtype != (types.complex128 if target == "np.complex128" else types.float64):
            lines.append(f"    g = g.astype({target})")
        lines += ["    if g.shape != like.shape:", "        g = np.ascontiguousarray(g).reshape(like.shape)"]
    for k in checks:
        lines += [f"    if overlaps(g, others[{k}]):", "        return g.copy()"]
    lines.append("    return g")
    return gen("\n".join(lines) + "\n", "own", {"np": np, "overlaps": overlaps}, __name__)


def store(out, g):
    """Write gradient ``g`` into the buffer ``out`` (shaped like the parameter)."""
    out[...] = g


@overload(store)
def _ov_store(out, g):
    if is_array(g):
        def store(out, g):
            flat = out.reshape(out.size)
            src = np.ravel(g)
            for k in range(flat.shape[0]):
                flat[k] = src[k]
        return store
    return lambda out, g: out.fill(g)
