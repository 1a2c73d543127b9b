"""``np.matmul`` and ``@`` for compiled adjoints: numba's ``@`` takes vectors and matrices only.

The ``jit`` stage (:mod:`s2sad.backends.numba_lower`, through ``numba_lists.SUBSTITUTES``)
replaces every ``np.matmul(...)`` call of an adjoint by :func:`matmul`, a Python function that is
``np.matmul`` itself (so the rewritten adjoint still runs without numba). Its numba overload is
numba's ``@`` for 1-d and 2-d operands (an overload of the ``np.matmul`` ufunc would be fused
elementwise into array expressions) and, for stacks of float matrices (both operands 2-d or
more), a loop over the broadcast stack of ``@`` products; of a stack and a vector, a loop of
matrix-vector products; ``a @ b`` of such stacks (an overload of ``operator.matmul``) runs the
same loops.

Invariant: the result is NumPy's (shape, values, the promoted float dtype); stacks that do not
broadcast raise ``ValueError`` as NumPy does; stacks of other dtypes are left to numba's refusal.
"""
import operator

import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ..errors import JitError
from .numba_support import gen, idx, is_array


def _gen(src, name):
    return gen(src, name, {"np": np, "JitError": JitError}, __name__)


def matmul(a, b):
    """``np.matmul``: numba's ``@`` for 1-d and 2-d operands, a loop over the broadcast stack for
    stacks of float matrices (both operands 2-d or more)."""
    return np.matmul(a, b)


def _stack_and_vector(a, b):
    """``a @ b`` of a stack of float matrices and a vector (either side): NumPy's product of each
    matrix of the stack with the vector, in a loop over the stack (its leading axes)."""
    stack, left = (a, False) if a.ndim > 2 else (b, True)
    lead = [f"i{k}" for k in range(stack.ndim - 2)]
    at = ", ".join(lead)
    dtype = np.promote_types(str(a.dtype), str(b.dtype))
    shape = idx([f"S.shape[{k}]" for k in range(len(lead))] + ["S.shape[-1]" if left else "S.shape[-2]"])
    lines = ["def matmul(a, b):", f"    S = {'b' if left else 'a'}", f"    out = np.empty(({shape}), np.{dtype})"]
    pad = "    "
    for k, i in enumerate(lead):
        lines.append(f"{pad}for {i} in range(S.shape[{k}]):")
        pad += "    "
    lines.append(f"{pad}out[{at}] = " + (f"a @ np.ascontiguousarray(S[{at}])" if left else
                                          f"np.ascontiguousarray(S[{at}]) @ b"))
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "matmul")


def _stack_vector_types(a, b):
    return is_array(a) and is_array(b) and max(a.ndim, b.ndim) > 2 and min(a.ndim, b.ndim) == 1 \
        and all(isinstance(t.dtype, types.Float) for t in (a, b))


@overload(matmul)
def _ov_matmul(a, b):
    if _stack_vector_types(a, b):
        return _stack_and_vector(a, b)
    if not (is_array(a) and is_array(b) and max(a.ndim, b.ndim) > 2 and min(a.ndim, b.ndim) >= 2):
        return lambda a, b: a @ b
    if not all(isinstance(t.dtype, types.Float) for t in (a, b)):
        return None
    nd = max(a.ndim, b.ndim)
    lead = [f"s{k}" for k in range(nd - 2)]
    lines = ["def matmul(a, b):"]
    for name, t in (("A", a), ("B", b)):
        ones = "(1,) * " + str(nd - t.ndim) + " + "
        lines.append(f"    {name} = np.ascontiguousarray({name.lower()}).reshape({ones}{name.lower()}.shape)")
    for k, s in enumerate(lead):
        lines += [f"    {s} = max(A.shape[{k}], B.shape[{k}])",
                  f"    if min(A.shape[{k}], B.shape[{k}]) not in (1, {s}):",
                  "        raise ValueError('matmul: the stacks of matrices do not broadcast')"]
    lines.append(f"    out = np.empty(({idx(lead + ['A.shape[-2]', 'B.shape[-1]'])}), np.{np.promote_types(str(a.dtype), str(b.dtype))})")
    pad = "    "
    for k, s in enumerate(lead):
        lines.append(f"{pad}for i{k} in range({s}):")
        pad += "    "
    pick = {n: ", ".join(f"min(i{k}, {n}.shape[{k}] - 1)" for k in range(nd - 2)) for n in "AB"}
    lines.append(f"{pad}out[{', '.join(f'i{k}' for k in range(nd - 2))}] = A[{pick['A']}] @ B[{pick['B']}]")
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "matmul")


@overload(operator.matmul)
def _ov_matmul_operator(a, b):
    """``a @ b`` of stacks of float matrices: the loop of ``matmul`` (numba's ``@`` has none)."""
    if is_array(a) and is_array(b) and max(a.ndim, b.ndim) > 2 and min(a.ndim, b.ndim) >= 2 \
            and all(isinstance(t.dtype, types.Float) for t in (a, b)) or _stack_vector_types(a, b):
        return lambda a, b: matmul(a, b)
    return None


def outer(a, b):
    """``np.outer``: of two float vectors, a loop (numba's multiplies two reshaped views through
    the broadcasting ``np.multiply``: about 0.1 us more per call, a tenth of the sigmoid net's
    gradient, whose adjoint takes the weights' gradients as outer products)."""
    return np.outer(a, b)


@overload(outer)
def _ov_outer(a, b):
    if not (is_array(a) and is_array(b) and a.ndim == 1 and b.ndim == 1
            and all(isinstance(t.dtype, (types.Float, types.Complex)) for t in (a, b))):
        return lambda a, b: np.outer(a, b)
    dtype = np.promote_types(str(a.dtype), str(b.dtype))
    return _gen("def outer(a, b):\n"
                f"    out = np.empty((a.shape[0], b.shape[0]), np.{dtype})\n"
                "    for i in range(a.shape[0]):\n"
                "        ai = a[i]\n"
                "        for j in range(b.shape[0]):\n"
                "            out[i, j] = ai * b[j]\n"
                "    return out\n", "outer")


SMALL_DOT = 256     # matrix elements up to which a loop beats numba's call of BLAS (gemv)


def dot(a, b):
    """``np.dot``: of a float64 matrix and vector whose matrix has at most ``SMALL_DOT`` elements,
    a loop (numba calls BLAS's gemv after its checks: about 0.1 us more for a 2x2 matrix; the
    adjoint of ``W @ h`` takes ``h``'s gradient as such a product); BLAS otherwise."""
    return np.dot(a, b)


@register_jitable
def _small_matvec(m, v):
    out = np.empty(m.shape[0])
    for i in range(m.shape[0]):
        s = 0.0
        for k in range(v.shape[0]):
            s += m[i, k] * v[k]
        out[i] = s
    return out


@overload(dot)
def _ov_dot(a, b):
    floats = is_array(a) and is_array(b) and a.dtype == types.float64 and b.dtype == types.float64
    if floats and a.ndim == 2 and b.ndim == 1:
        return lambda a, b: np.dot(a, b) if a.size > SMALL_DOT or a.shape[1] != b.shape[0] else _small_matvec(a, b)
    if floats and a.ndim == 1 and b.ndim == 2:      # v @ M as M.T @ v: M.T is a strided view
        return lambda a, b: np.dot(a, b) if b.size > SMALL_DOT or a.shape[0] != b.shape[0] else _small_matvec(b.T, a)
    return lambda a, b: np.dot(a, b)


# ---- the gradients of a stack of matrices times a vector (numba_grads' dot_grad_left/right)
@register_jitable
def _as_stack(x):
    """``x`` (..., r, c) as one C-ordered stack (s, r, c)."""
    r, c = x.shape[-2], x.shape[-1]
    return np.ascontiguousarray(x).reshape((x.size // (r * c) if r * c else 0, r, c))


@register_jitable
def summed_products(g, stack, stack_left):
    """The vector's gradient of ``stack @ v`` (``stack_left``: the sum of ``g[k] @ stack[k]``) or of
    ``v @ stack`` (the sum of ``stack[k] @ g[k]``); ``g`` has the product's shape."""
    S = _as_stack(stack)
    s, r, c = S.shape
    G = np.ascontiguousarray(g).reshape((s, r if stack_left else c))
    out = np.zeros(c if stack_left else r)
    for k in range(s):
        out += G[k] @ S[k] if stack_left else S[k] @ G[k]
    return out


@register_jitable
def outer_products(g, stack, v, stack_left):
    """The stack's gradient of ``stack @ v`` (``stack_left``: ``np.outer(g[k], v)`` for each matrix)
    or of ``v @ stack`` (``np.outer(v, g[k])``)."""
    S = _as_stack(stack)
    s, r, c = S.shape
    G = np.ascontiguousarray(g).reshape((s, r if stack_left else c))
    out = np.empty((s, r, c))
    for k in range(s):
        for i in range(r):
            out[k, i, :] = G[k, i] * v if stack_left else v[i] * G[k]
    return out.reshape(stack.shape)
