"""numba versions of the helpers of :mod:`s2sad.rules.runtime_decomp` that are not matrix
decompositions, and the NumPy/``math`` forms around them numba lacks: ``np.take_along_axis``'s
gradient for a vector or a matrix with indices of the array's rank, ``np.pad``'s in mode
'constant' and the modes that copy elements, ``np.gradient`` along one axis with one
number as the spacing, ``math.fsum``/``prod``/``dist`` and ``statistics.mean``/``fmean`` of a list or a
vector, ``math.hypot`` of
more than two numbers. Any other form is refused at typing time (``JitError``, naming the line
and ``jit=False``)."""
import math
import statistics

import numpy as np
from numba import types
from numba.extending import overload

from ...errors import NoDerivativeError
from ...rules import runtime as rt
from .numba_rules_base import constant, gen, helper, is_array, is_none, literal, refuse


# ---- gathers along an axis, padding --------------------------------------------------------
@helper(rt.take_along_axis_grad)
def _ov_take_along_axis_grad(g, arr, indices, axis=-1):
    if not (is_array(arr) and is_array(indices) and indices.ndim == arr.ndim and arr.ndim in (1, 2)):
        refuse("the gradient of np.take_along_axis is compiled for vectors and matrices, with indices of the "
               "array's rank")
    if arr.ndim == 1:
        def along_vector(g, arr, indices, axis=-1):
            out = np.zeros(arr.shape)
            gs = g + np.zeros(indices.shape)
            for j in range(indices.size):
                out[indices[j]] += gs[j]
            return out
        return along_vector

    def along_matrix(g, arr, indices, axis=-1):
        out = np.zeros(arr.shape)
        gs = g + np.zeros(indices.shape)
        ax = axis % 2
        n_other = arr.shape[1 - ax]
        if indices.shape[1 - ax] != n_other:
            raise NoDerivativeError("s2sad (jit): np.take_along_axis with indices broadcast against the array")
        for r in range(indices.shape[0]):
            for c in range(indices.shape[1]):
                if ax == 0:
                    out[indices[r, c], c] += gs[r, c]
                else:
                    out[r, indices[r, c]] += gs[r, c]
        return out
    return along_matrix


@helper(rt.pad_copies_grad)
def _ov_pad_copies_grad(g, x, pad_width, mode="constant"):
    """Mode 'constant': the middle of ``g``; the modes that copy elements (of an array): ``g`` summed
    into the element each padded position copies (numba_numpy_keywords' ``np.pad`` of the indices)."""
    if not is_array(x):
        def pad_constant_grad(g, x, pad_width, mode="constant"):
            if mode != "constant":
                raise NoDerivativeError("s2sad (jit): np.pad of a number is compiled in mode='constant' only")
            return rt.pad_grad(g, x, pad_width)
        return pad_constant_grad

    def pad_copies_grad(g, x, pad_width, mode="constant"):
        if mode == "constant":
            return rt.pad_grad(g, x, pad_width)
        if mode not in ("edge", "reflect", "symmetric", "wrap"):
            raise NoDerivativeError("s2sad (jit): np.pad is differentiated in modes 'constant', 'edge', "
                                    "'reflect', 'symmetric' and 'wrap' only")
        padded = np.pad(np.arange(x.size).reshape(x.shape), pad_width, mode)
        where, gs = padded.ravel(), np.ravel(g + np.zeros(padded.shape))
        out = np.zeros(x.size)
        for i in range(where.size):
            out[where[i]] += gs[i]
        return out.reshape(x.shape)
    return pad_copies_grad


# ---- np.gradient along one axis ---------------------------------------------------------------
def _gradient_form(f, varargs, axis, edge_order):
    """The axis ``np.gradient`` differentiates along (refused unless one number is the spacing and
    the axis is constant: None only for a vector)."""
    if not (is_array(f) and f.ndim >= 1 and isinstance(varargs, (types.Number, types.Omitted, float, int))):
        refuse("np.gradient is compiled with one number as the spacing")
    k = 0 if is_none(axis) and f.ndim == 1 else literal(axis, None)
    if not isinstance(k, int) or isinstance(k, bool) or not -f.ndim <= k < f.ndim:
        refuse("np.gradient is compiled for a vector, or along one constant integer `axis=k`")
    if constant(edge_order, "edge_order") not in (1, 2):
        refuse("np.gradient with edge_order other than 1 or 2")
    return k % f.ndim


_GRADIENT = """
def gradient(f, varargs=1.0, axis=None, edge_order=1):
    F = np.moveaxis(f * 1.0, {k}, 0)
    n = F.shape[0]
    if n < {least}:
        raise ValueError("Shape of array too small to calculate a numerical gradient")
    out = np.empty(F.shape)
    out[1:n - 1] = (F[2:] - F[:n - 2]) / (2.0 * varargs)
    {ends}
    return np.ascontiguousarray(np.moveaxis(out, 0, {k}))
"""
_ENDS = {1: "out[0] = (F[1] - F[0]) / varargs\n    out[n - 1] = (F[n - 1] - F[n - 2]) / varargs",
         2: "out[0] = -1.5 / varargs * F[0] + 2.0 / varargs * F[1] - 0.5 / varargs * F[2]\n"
            "    out[n - 1] = 0.5 / varargs * F[n - 3] - 2.0 / varargs * F[n - 2] + 1.5 / varargs * F[n - 1]"}


@overload(np.gradient)
def _ov_gradient(f, varargs=1.0, axis=None, edge_order=1):
    k, order = _gradient_form(f, varargs, axis, edge_order), literal(edge_order, 1)
    return gen(_GRADIENT.format(k=k, least=order + 1, ends=_ENDS[order]), "gradient")


_GRADIENT_GRAD = """
def gradient_grad(g, y, f, spacing=1.0, axis=None, edge_order=1):
    G = np.moveaxis((g + np.zeros(y.shape)) / spacing, {k}, 0)
    n = G.shape[0]
    out = np.zeros(G.shape)
    out[2:] += 0.5 * G[1:n - 1]
    out[:n - 2] -= 0.5 * G[1:n - 1]
    {ends}
    return np.ascontiguousarray(np.moveaxis(out, 0, {k}))
"""
_GRAD_ENDS = {1: "out[0] -= G[0]\n    out[1] += G[0]\n    out[n - 1] += G[n - 1]\n    out[n - 2] -= G[n - 1]",
              2: "out[0] -= 1.5 * G[0]\n    out[1] += 2.0 * G[0]\n    out[2] -= 0.5 * G[0]\n"
                 "    out[n - 1] += 1.5 * G[n - 1]\n    out[n - 2] -= 2.0 * G[n - 1]\n    out[n - 3] += 0.5 * G[n - 1]"}


@helper(rt.gradient_grad)
def _ov_gradient_grad(g, y, f, spacing=1.0, axis=None, edge_order=1):
    k, order = _gradient_form(f, spacing, axis, edge_order), literal(edge_order, 1)
    return gen(_GRADIENT_GRAD.format(k=k, ends=_GRAD_ENDS[order]), "gradient_grad")


@helper(rt.gradient_grad_spacing)
def _ov_gradient_grad_spacing(g, y, f, spacing=1.0, axis=None, edge_order=1):
    _gradient_form(f, spacing, axis, edge_order)
    return lambda g, y, f, spacing=1.0, axis=None, edge_order=1: -np.sum(g * y) / spacing


@helper(rt.gradient_tangent)
def _ov_gradient_tangent(t, y, f, spacing=1.0, axis=None, edge_order=1):
    k, order = _gradient_form(f, spacing, axis, edge_order), literal(edge_order, 1)
    return gen("def gradient_tangent(t, y, f, spacing=1.0, axis=None, edge_order=1):\n"
               f"    return np.gradient(t + np.zeros(f.shape), spacing, {k}, {order})\n", "gradient_tangent")


@helper(rt.gradient_tangent_spacing)
def _ov_gradient_tangent_spacing(t, y, f, spacing=1.0, axis=None, edge_order=1):
    _gradient_form(f, spacing, axis, edge_order)
    return lambda t, y, f, spacing=1.0, axis=None, edge_order=1: -y * (t / spacing)


# ---- math functions of sequences -------------------------------------------------------------
def _numbers(seq):
    return is_array(seq) and seq.ndim == 1 or isinstance(seq, (types.List, types.UniTuple)) and isinstance(
        seq.dtype, types.Number)


@overload(math.fsum)
def _ov_fsum(seq):
    if not _numbers(seq):
        return None

    def fsum(seq):      # Neumaier's compensated sum (math.fsum is exactly rounded; this is within an ulp)
        total, comp = 0.0, 0.0
        for v in seq:
            v = v * 1.0
            t = total + v
            comp += (total - t) + v if abs(total) >= abs(v) else (v - t) + total
            total = t
        return total + comp
    return fsum


@overload(statistics.fmean)
@overload(statistics.mean)
def _ov_fmean(data, weights=None):
    if not (_numbers(data) and is_none(weights)):
        return None

    def fmean(data, weights=None):
        if len(data) == 0:
            raise statistics.StatisticsError("fmean requires at least one data point")
        return math.fsum(data) / len(data)
    return fmean


@overload(math.prod)
def _ov_prod(iterable, start=1):
    if not _numbers(iterable):
        return None

    def prod(iterable, start=1):
        out = start * 1.0
        for v in iterable:
            out *= v
        return out
    return prod


@overload(math.dist)
def _ov_dist(p, q):
    if not (_numbers(p) and _numbers(q)):
        return None

    def dist(p, q):
        if len(p) != len(q):
            raise ValueError("both points must have the same number of dimensions")
        total = 0.0
        for k in range(len(p)):
            total += (p[k] - q[k]) ** 2
        return math.sqrt(total)
    return dist


@helper(rt.dist_grad)
def _ov_dist_grad(g, y, p, q):
    def dist_grad(g, y, p, q):
        diff = np.empty(len(p))
        for k in range(len(p)):
            diff[k] = (p[k] - q[k]) * (g / y if y != 0.0 else 0.0)
        return diff
    return dist_grad


@overload(math.hypot)
def _ov_hypot(x, y=0.0, c2=None, c3=None, c4=None, c5=None):
    given = [n for n, t in zip(("c2", "c3", "c4", "c5"), (c2, c3, c4, c5)) if not is_none(t)]
    lone = isinstance(y, types.Omitted) or not isinstance(y, types.Type)    # hypot(x): y left out
    if not given and not lone:
        return None      # numba's own hypot of two numbers
    squares = " + ".join(f"{n} * {n}" for n in ["x"] + ([] if lone else ["y"]) + given)
    src = f"def hypot(x, y=0.0, c2=None, c3=None, c4=None, c5=None):\n    return math.sqrt({squares})\n"
    return gen(src, "hypot", {"math": math})


@helper(rt.hypot_of)
def _ov_hypot_of(w):
    """math.hypot(*w) of a 1-d array: the square root of the sum of squares, as the overload of
    math.hypot of three or more numbers above."""
    if not is_array(w) or w.ndim != 1:
        refuse(f"math.hypot(*w) of {w} (s2sad follows a 1-d array's)")

    def hypot_of(w):
        s = 0.0
        for v in w:
            s += v * v
        return math.sqrt(s)
    return hypot_of
