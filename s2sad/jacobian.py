"""``jacobian(f, wrt, mode)``: the full Jacobian, one forward sweep per input element
(``mode="fwd"``, ``jvp``) or one reverse sweep per output element (``mode="rev"``,
``vjp``); by default the direction with fewer sweeps. Of a gradient (``jacobian(grad(f))``,
a Hessian) always forward sweeps over its adjoint (``nested.GradTangent``).

Its shape is ``out.shape + x.shape`` (JAX's convention), with tuples for several
``wrt`` arguments or a tuple output: ``J[k][j]`` is output ``k`` by argument ``j``, float32 when
argument ``j`` is (as gradients are: ``results.in_dtypes``).
"""
import functools

import numpy as np

from . import arguments, results
from .api import GradFunction
from .errors import S2sadError
from .targets import call
from .higher import JVPFunction, _basis, _Transformed, refuse_redraws


_SPELLED = {"forward": "fwd", "reverse": "rev"}   # the long names mean the same modes


class JacobianFunction(_Transformed):
    """``jacobian(f, wrt, mode)(*args)``: shape ``out.shape + x.shape``; one ``jvp`` per input
    element (``mode="fwd"``) or one ``vjp`` per output element (``mode="rev"``)."""

    mode = "jacobian"

    def __init__(self, func, wrt=0, direction=None, jit=False):
        direction = _SPELLED.get(direction, direction)
        if direction not in (None, "fwd", "rev"):
            raise S2sadError(f"jacobian(mode={direction!r}): use mode='fwd', 'rev' or None (the cheaper)")
        self._of_grad = isinstance(func, GradFunction)
        if self._of_grad:       # jacobian(grad(f)): forward sweeps over the adjoint (nested.py)
            from .nested import GradTangent
            self._jvp = GradTangent(func, wrt, jit, "jacobian")
            super().__init__(getattr(func, "__wrapped__", func.func), wrt, self._jvp.jit)
            direction = "fwd"   # no reverse sweep over a gradient; the same numbers either way
        else:
            super().__init__(func, wrt, jit)
            self._jvp = JVPFunction(func, wrt, jit)
            from .api import vjp
            self._vjp = vjp(func, wrt, jit=jit)
        self.direction = direction
        self._last = self._jvp

    @property
    def built(self):
        return self._last.built

    def __call__(self, *args, **kwargs):
        full = self._jvp._full(args, kwargs, direction=False)
        _refuse_records(self, full)
        self._float32 = self._jvp._float32     # the caller's dtypes (_full read them before any conversion)
        direction = self.direction
        if direction is None:   # fwd costs one jvp per input element, rev one vjp per output element
            n_in = sum(np.size(full[p]) for p in self._wrt_pos)
            direction = "fwd" if n_in <= _size(self._value(full)) else "rev"
        self._last = self._jvp if direction == "fwd" else self._vjp
        out = self._forward(full) if direction == "fwd" else self._reverse(args, full, kwargs)
        refuse_redraws(self._last.built)
        return out

    def _value(self, args):
        if self._of_grad:       # the gradient itself (a sweep along zero tangents)
            return self._jvp._apply(args, tuple(np.zeros(np.shape(args[p])) if np.ndim(args[p]) else 0.0
                                                for p in self._wrt_pos))[0]
        return call(self.func, [np.copy(a) if isinstance(a, np.ndarray) else a for a in args])

    def _forward(self, args):
        like = [args[p] for p in self._wrt_pos]
        zeros = [np.zeros(np.shape(a)) if np.ndim(a) else 0.0 for a in like]
        blocks = None
        for j, x in enumerate(like):
            for idx in np.ndindex(*np.shape(x)):
                vs = list(zeros)
                vs[j] = _basis(x, idx)
                value, tangent = self._jvp._apply(args, tuple(vs))
                outs, touts = (value, tangent) if isinstance(value, tuple) else ((value,), (tangent,))
                if blocks is None:
                    blocks = [[np.zeros(np.shape(o) + np.shape(a)) for a in like] for o in outs]
                for k, t in enumerate(touts):
                    blocks[k][j][(Ellipsis,) + idx] = t
        if blocks is None:      # no input element (empty arrays): no jvp ran, the blocks are empty
            value = self._value(args)
            arguments.check_output(value, "jacobian", self.target.name, lambda: arguments.return_line(self.func))
            outs = value if isinstance(value, tuple) else (value,)
            blocks = [[np.zeros(np.shape(o) + np.shape(a)) for a in like] for o in outs]
        return self._shape(blocks, value)

    def _reverse(self, visible, args, kwargs):
        value = self._value(args)
        outs = value if isinstance(value, tuple) else (value,)
        like = [args[p] for p in self._wrt_pos]
        blocks = [[np.zeros(np.shape(o) + np.shape(a)) for a in like] for o in outs]
        # numba's C dispatch (jit=True) puts positional values first, so `dout` after arguments
        # given by keyword could not reach its slot: such a call takes the checking path
        vjp = functools.partial(GradFunction.__call__, self._vjp) if kwargs else self._vjp
        for k, o in enumerate(outs):
            for idx in np.ndindex(*np.shape(o)):
                dout = [np.zeros(np.shape(q)) if np.ndim(q) else 0.0 for q in outs]
                dout[k] = _basis(o, idx)
                grads = vjp(*visible, tuple(dout) if isinstance(value, tuple) else dout[0], **kwargs)
                for j, g in enumerate(grads if self.many else (grads,)):
                    blocks[k][j][idx] = g
        return self._shape(blocks, value)

    def _shape(self, blocks, value):
        """Blocks by output, then argument; each in its argument's float dtype (``results.in_dtypes``)."""
        blocks = [results.in_dtypes([float(b) if b.ndim == 0 else b for b in row], self._float32)
                  for row in blocks or [[]]]
        rows = [tuple(row) if self.many else row[0] for row in blocks]
        return tuple(rows) if isinstance(value, tuple) else rows[0]


def _refuse_records(fn, full):
    """A tuple, namedtuple, dataclass or dict argument differentiated: its Jacobian's shape
    ``out.shape + x.shape`` has no meaning (the sweeps run over numbers and arrays): refused."""
    for p in fn._wrt_pos:
        if isinstance(full[p], (tuple, list, dict)):
            kind = getattr(full[p], "kind", type(full[p]))
            raise arguments.ArgumentError(
                f"jacobian of `{fn.target.name}`: `{fn._params[p]}` is a {kind.__name__}; a Jacobian is taken "
                "with respect to numbers and arrays. Pass its fields as separate arguments, or use grad "
                "(a scalar output) or jvp with a tangent of its class.")


def _size(value):
    return sum(np.size(v) for v in value) if isinstance(value, tuple) else np.size(value)


def jacobian(f=None, wrt=0, mode=None, *extra, jit=False, **unknown):
    """The Jacobian ``jacobian(f, wrt=0, mode=None)(*args)``, shape ``out.shape + x.shape``
    (tuples for several ``wrt`` or tuple outputs). ``mode="fwd"`` runs one ``jvp`` per input
    element, ``"rev"`` one ``vjp`` per output element; None picks the one with fewer runs."""
    if extra or unknown:
        from .arguments import refuse_options
        refuse_options("jacobian", unknown, ("wrt", "mode", "jit"), extra)
    if f is None:
        return lambda g: JacobianFunction(g, wrt, mode, jit)
    return JacobianFunction(f, wrt, mode, jit)

