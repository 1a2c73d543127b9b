"""``grad(grad(f))``: a gradient differentiated again.

``grad(grad(f, wrt=i), wrt=j)(*args)`` is the derivative of the scalar ``df/dx_i``
with respect to ``x_j``. It is computed by forward mode over the adjoint s2sad
generated for ``f`` (the ``hvp`` code), one sweep per element of ``x_j``: the same
number a reverse sweep over the adjoint would give, without a second tape.
The inner gradient must be a scalar (``x_i`` a scalar); for more use
``s2sad.hessian`` or ``s2sad.hvp``.
"""
import numpy as np

from .errors import NonScalarOutputError, NotDifferentiableError
from .higher import _basis, _Transformed, scalar_output


class SecondOrder(_Transformed):
    """``grad(grad(f, wrt=i), wrt=j)``: the derivative of the scalar ``df/dx_i`` w.r.t. ``x_j``,
    by forward mode over the adjoint (one sweep per element of ``x_j``)."""

    _extra = ""     # no direction after the arguments

    def __init__(self, inner, wrt, mode, jit):
        self.mode = mode
        if inner.mode != "grad" or inner.many or getattr(inner, "has_aux", False):
            raise NotDifferentiableError(f"s2sad.{mode} of {inner!r}: s2sad differentiates a gradient again "
                                         "(higher-order) only as grad(grad(f)) with one wrt and no has_aux "
                                         "(use s2sad.hessian or s2sad.hvp for more)")
        super().__init__(getattr(inner, "__wrapped__", inner.func), wrt, jit or inner.jit)
        self.inner = inner

    def _key(self):
        return super()._key() + (tuple(self.inner.wrt),)

    def _make(self, kinds):
        from .pipeline_forward import build_hvp
        return build_hvp(self.func, self.inner.wrt, twrt=self.wrt, param_kinds=kinds, compiled=self.jit,
                         objects=self._objects)

    def __call__(self, *args, **kwargs):
        args = self._full(args, kwargs)
        i = self._params.index(self.inner.wrt[0])
        if np.ndim(args[i]) != 0:
            raise NonScalarOutputError(
                f"grad(grad({self.func.__name__})): the inner gradient (with respect to `{self._params[i]}`) "
                f"has shape {np.shape(args[i])}, not a scalar; use s2sad.hessian or s2sad.hvp instead.")
        like = [args[p] for p in self._wrt_pos]
        zeros = [np.zeros(np.shape(a)) if np.ndim(a) else 0.0 for a in like]
        out = [np.zeros(np.shape(a)) for a in like]
        first = None
        for j, x in enumerate(like):
            for idx in np.ndindex(*np.shape(x)):
                vs = list(zeros)
                vs[j] = _basis(x, idx)
                (value, first), (_, second) = self._call(args, vs)
                scalar_output(value, self.func.__name__, f"{self.mode}(grad({self.func.__name__}))")
                out[j][idx] = second
        out = tuple(float(o) if o.ndim == 0 else o for o in out)
        grads = out if self.many else out[0]
        if self.mode == "value_and_grad":
            if first is None:
                (value, first), _ = self._call(args, zeros)
                scalar_output(value, self.func.__name__, f"{self.mode}(grad({self.func.__name__}))")
            return float(first), grads
        return grads


def nested(inner, wrt, mode, jit):
    """``grad(g)`` / ``value_and_grad(g)`` for ``g = grad(f)``: the second derivative."""
    from .api import GradFunction
    if not isinstance(inner, GradFunction):     # jvp, hvp, hessian, grad(grad(f)) itself...
        raise NotDifferentiableError(f"s2sad.{mode} of {inner!r}: s2sad takes higher-order derivatives "
                                     "only as grad(grad(f)) (second order), s2sad.hvp and s2sad.hessian; "
                                     "write higher derivatives by hand.")
    if mode not in ("grad", "value_and_grad"):
        raise NotDifferentiableError(f"s2sad.{mode} of {inner!r}: of the higher-order derivatives, only "
                                     "grad(grad(f)) and value_and_grad(grad(f)) differentiate a gradient "
                                     "again; use s2sad.hvp or s2sad.hessian.")
    return SecondOrder(inner, wrt, mode, jit)
