"""s2sad: source-to-source reverse-mode automatic differentiation for numeric Python.

    >>> import s2sad
    >>> @s2sad.grad
    ... def f(x, y):
    ...     return x ** 2 + y ** 2
    >>> f(2.0, 3.0)
    4.0
    >>> print(f.source)        # the generated adjoint, as readable Python

Public API: ``grad``, ``value_and_grad``, ``vjp`` (all accept ``wrt=`` and
``jit=``), ``show``, ``adjoint`` (register a derivative rule), ``minimize``,
``testing.check_grad`` and the error classes; forward mode and second order:
``jvp``, ``hvp``, ``hessian``, ``jacobian``, ``grad(grad(f))``, ``tangent``
(register a forward rule), ``stop_gradient``, ``testing.check_jvp``/``check_hvp``.
"""
from .errors import (S2sadError, UnsupportedSyntaxError, NoDerivativeError, NonScalarOutputError,
                     ArgumentError, NotDifferentiableError, OutputTypeError, ShapeError, RuleError,
                     SourceUnavailableError, StaleAdjointError, AdjointFailedError, BuildFailedError,
                     RefusedValuesError)
from .backends.errors import JitError
from .api import grad, value_and_grad, vjp, show
from .higher import jvp, hvp, hessian, stop_gradient
from .jacobian import jacobian
from .rules.forward_registry import tangent
from .rules.registry import adjoint, nondifferentiable
from .tools.graph import graph
from .tools.optim import minimize
from . import testing  # s2sad.testing.check_grad after a plain `import s2sad`, like np.testing

__all__ = [
    "grad", "value_and_grad", "vjp", "show", "adjoint", "nondifferentiable", "graph", "minimize",
    "jvp", "hvp", "hessian", "jacobian", "stop_gradient", "tangent", "testing",
    "S2sadError", "UnsupportedSyntaxError", "NoDerivativeError", "NonScalarOutputError",
    "ArgumentError", "NotDifferentiableError", "OutputTypeError", "ShapeError", "RuleError",
    "SourceUnavailableError", "StaleAdjointError", "AdjointFailedError", "BuildFailedError", "JitError",
    "RefusedValuesError",
]
__version__ = "0.1.0"
