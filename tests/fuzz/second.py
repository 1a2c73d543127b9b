"""The right answer for the second-order modes: differences of a trusted gradient.

``SecondOrder(program, args, v, gradient)`` is a ``Reference`` for the scalar function
``phi(x) = sum_k <gradient(x)_k, v_k>`` (the gradient of ``f`` read along ``v``, one ``v_k``
per differentiated argument). The gradient of ``phi`` is ``H v``, so ``hvp(f)(x, v)``,
``hessian(f)(x)`` contracted with ``v`` and ``grad(grad(f))`` (``v = 1`` on one number) are
judged by the first-order machinery unchanged: central differences of ``phi`` along the
same random directions as the gradient's check, a mismatch confirmed at two other steps;
``nonsmooth`` when a decision of ``f`` changes under a step (the instrumented ``f`` runs at
every point ``phi`` is evaluated at, so a kink of the gradient, ``x * abs(x)`` at 0, shows);
``range`` where ``f`` overflows or sits on a domain edge.

``trusted_gradient`` says which gradient is differenced: autograd's when autograd runs the
program and agrees with the finite differences at the test point, else s2sad's own
``jit=False`` gradient, and that only once the first-order check judged it right there (a
wrong gradient is the grad mode's finding, not a second-order one). Invariant: every
reference built here differences a gradient some independent check vouched for.
"""
import numpy as np

from .reference import Reference, _autograd, copy_args

__all__ = ["SecondOrder", "direction", "trusted_gradient"]


class NoGradient(Exception):
    """The gradient to difference fails at a point a step away (no neighbourhood to judge in)."""


class SecondOrder(Reference):
    def __init__(self, program, args, v, gradient):
        self.v, self.gradient = list(v), gradient
        super().__init__(program, args)

    def _autograd_reference(self, setup):
        return None           # the differences of the gradient are the reference

    def _eval(self, args):
        _, decisions = super()._eval(args)       # f's own decisions at this point
        grads = self.gradient(copy_args(args))
        if grads is None:
            raise NoGradient("the gradient to difference cannot be computed here")
        return float(sum(np.sum(np.asarray(g, dtype=np.float64) * np.asarray(d)) for g, d in zip(grads, self.v))), \
            decisions


def direction(program, args):
    """The ``v`` of the second-order checks, one entry per ``program.wrt`` (seeded by the program)."""
    rng = np.random.default_rng([program.seed, program.attempt, 271828])
    names = [p for p, _ in program.params]
    out = []
    for w in program.wrt:
        a = args[names.index(w)]
        out.append(rng.uniform(-1.0, 1.0, size=a.shape) if isinstance(a, np.ndarray)
                   else float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.0)))
    return out


def trusted_gradient(program, base, grad_ok, s2sad_gradient):
    """(a function args -> gradients for ``program.wrt``, where it comes from), or (None, why).

    ``base`` is the first-order ``Reference`` of the full program; ``grad_ok`` whether s2sad's
    jit=False gradient passed the first-order check; ``s2sad_gradient(args)`` computes it."""
    names = [p for p, _ in program.params]
    pos = [names.index(w) for w in program.wrt]
    if base.autograd_trusted:
        def autograd_gradient(args):
            return _autograd(program, args, pos, None)
        return autograd_gradient, "autograd"
    if grad_ok:
        return s2sad_gradient, "s2sad"
    return None, "no gradient to difference: autograd does not run or agree, and s2sad's gradient was not judged right"
