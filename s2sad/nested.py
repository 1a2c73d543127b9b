"""``grad(grad(f))`` and ``jvp(grad(f))``: a gradient differentiated again.

``grad(grad(f, wrt=i), wrt=j)(*args)`` is the derivative of the scalar ``df/dx_i``
with respect to ``x_j``. It is computed by forward mode over the adjoint s2sad
generated for ``f`` (the ``hvp`` code), one sweep per element of ``x_j``: the same
number a reverse sweep over the adjoint would give, without a second tape.
The inner gradient must be a scalar (``x_i`` a scalar); for more use
``s2sad.hessian`` or ``s2sad.hvp``.

``jvp(grad(f, wrt=i), wrt=j)(*args, t)`` is ``(grad_i f, d/ds grad_i f(x_j + s t))``: one sweep
of the same code with ``t`` as the tangent of ``x_j``, for a gradient of any shape (several
``wrt`` too); of ``value_and_grad`` it is ``((value, grad), (t_value, t_grad))``.
"""
import numpy as np

from . import arguments, results
from .errors import NonScalarOutputError, NotDifferentiableError
from .higher import _basis, _fresh, _Transformed, scalar_output


class _OverGradient(_Transformed):
    """A transform of a gradient ``inner``: keyed on the inner ``wrt`` too, built as forward mode
    over its adjoint (``build_hvp`` with ``twrt`` the outer ``wrt``)."""

    def _key(self):
        return super()._key() + (tuple(self.inner.wrt),)

    def _make(self, kinds):
        from .pipeline_forward import build_hvp
        return build_hvp(self.func, self.inner.wrt, twrt=self.wrt, param_kinds=kinds, compiled=self.jit,
                         objects=self._objects)


class SecondOrder(_OverGradient):
    """``grad(grad(f, wrt=i), wrt=j)``: the derivative of the scalar ``df/dx_i`` w.r.t. ``x_j``,
    by forward mode over the adjoint (one sweep per element of ``x_j``)."""

    _extra = ""     # no direction after the arguments

    def __init__(self, inner, wrt, mode, jit):
        self.mode = mode
        if inner.mode == "value_and_grad":
            raise NotDifferentiableError(
                f"s2sad.{mode} of {inner!r}: it returns a pair (value, gradient), not a scalar; for the second "
                f"derivative write s2sad.value_and_grad(s2sad.grad(f)) (the first and second derivatives), "
                "or s2sad.jvp(s2sad.value_and_grad(f)) for all three along a direction.")
        if inner.mode != "grad" or inner.many or getattr(inner, "has_aux", False):
            raise NotDifferentiableError(f"s2sad.{mode} of {inner!r}: s2sad differentiates a gradient again "
                                         "(higher-order) only as grad(grad(f)) with one wrt and no has_aux "
                                         "(use s2sad.hessian or s2sad.hvp for more)")
        super().__init__(getattr(inner, "__wrapped__", inner.func), wrt, jit or inner.jit)
        self.inner = inner

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


class GradTangent(_OverGradient):
    """``jvp(grad(f, wrt=W), wrt=T)(*args, tangent)``: the gradient wrt ``W`` and its derivative
    along ``tangent`` (for the ``T`` arguments), by forward mode over the adjoint in one sweep
    (``build_hvp(f, W, twrt=T)``); the gradient shaped and typed as ``grad`` gives it."""

    mode = "jvp"

    def __init__(self, inner, wrt, jit, what="jvp"):
        if inner.mode not in ("grad", "value_and_grad") or inner.has_aux:
            raise NotDifferentiableError(f"s2sad.{what} of {inner!r}: s2sad differentiates a gradient in forward "
                                         f"mode as {what}(grad(f)) or {what}(value_and_grad(f)) without has_aux; "
                                         "use s2sad.hvp or s2sad.hessian.")
        super().__init__(getattr(inner, "__wrapped__", inner.func), wrt, jit or inner.jit)
        self.inner = inner
        self._inner_pos = [self._params.index(w) for w in inner.wrt]
        self.__name__ = f"jvp_grad_{self.target.name}"

    def __call__(self, *args, **kwargs):
        return self._apply(*self._split(args, "a tangent", kwargs))

    def _apply(self, args, vs):
        """(gradient, its tangent) for the function's full arguments and one tangent per wrt."""
        given = self._given32     # the gradient's dtypes: those of the arguments it is taken for
        vs = self._tangents(args, vs, "tangent")
        (value, *grads), (t_value, *t_grads) = self._call(args, vs)
        scalar_output(value, self.target.name, f"jvp({self.inner.mode}({self.target.name}))",
                      arguments.return_line(self.func))
        like = tuple(args[p] for p in self._inner_pos)
        grads = _fresh(tuple(grads), like, args + tuple(vs))
        t_grads = _fresh(tuple(t_grads), like, args + tuple(vs) + grads)
        grads, t_grads = (tuple(results.in_dtypes(r, given)) for r in (grads, t_grads))
        grads, t_grads = (r if self.inner.many else r[0] for r in (grads, t_grads))
        if self.inner.mode == "value_and_grad":
            return (value, grads), (float(t_value), t_grads)
        return grads, t_grads

    def _real(self, args):
        self._given32 = results.float32_flags(args, self._inner_pos)
        return super()._real(args)

