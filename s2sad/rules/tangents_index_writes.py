"""Forward (tangent) rules of writes through index arrays (``np.add.at`` is
``a += scattered(a, idx, v)``; ``np.maximum.at`` and the other ``ufunc.at`` forms are
``runtime_ufunc_at.py``'s helpers), and of those helpers' reverse rules, for hvp. Split from
``tangents_arrays.py``, in the same style: the tangent of a write is the write of the tangents,
and the reverse helpers are linear in the incoming gradient ``g``.
"""
from .forward_registry import tangent
from .runtime_index_writes import added_at, scattered
from .runtime_ufunc_at import ufunc_at, ufunc_at_grad_a, ufunc_at_grad_a_tangent, ufunc_at_grad_v, ufunc_at_grad_v_tangent, ufunc_at_tangent


# ---- writes through index arrays (np.add.at is `a += scattered(a, idx, v)`) -----------


@tangent(added_at, nondiff={"indices": "indices (integers)", "sign": "a constant +1.0 or -1.0"})
def added_at_(y, a, indices, v, sign=1.0):
    t[y] = t[a] + scattered(a, indices, t[v]) * sign


@tangent(scattered, nondiff={"a": "only its shape and type are read", "indices": "indices (integers)"})
def scattered_(y, a, indices, v):
    t[y] = scattered(a, indices, t[v])


@tangent(ufunc_at, nondiff={"indices": "indices (integers)", "op": "which ufunc (a constant name)"})
def ufunc_at_(y, a, indices, v, op):
    t[y] = ufunc_at_tangent(t[a], t[v], a, indices, v, op)


AT = {"indices": "indices (integers)", "op": "which ufunc (a constant name)"}


@tangent(ufunc_at_grad_a, nondiff=dict(AT, a="which value each result is (piecewise constant); multiply's does not read it"))
def ufunc_at_grad_a_(r, g, a, indices, v, op):      # (hvp through np.maximum.at...: runtime_ufunc_at)
    t[r] = ufunc_at_grad_a_tangent(t[g], t[v], g, a, indices, v, op)


@tangent(ufunc_at_grad_v, nondiff=AT)
def ufunc_at_grad_v_(r, g, a, indices, v, op):
    t[r] = ufunc_at_grad_v_tangent(t[g], t[a], t[v], g, a, indices, v, op)
