"""Stage ``jit``, applied last: ``math.sqrt(a)`` (and the other ``math`` functions with domain or range
errors), ``int(a)``, ``round(a)`` and ``math.floor(a)`` become calls of their checked stand-ins
(``numba_helpers/numba_math.py``): numba returns nan, inf or a wrapped int where Python raises
(``math.sqrt(-1.0)``, ``math.exp(3000.0)``, ``int(nan)``), so the compiled gradient returned where
the function raises. The stand-ins are the functions themselves in Python."""
import ast

from .. import astutil as A
from ..analyses.ir import resolve


def guard(fdef, ns, ref):
    """Rewrite ``fdef`` in place (``ref(fn)``: a name bound to ``fn`` in ``ns``)."""
    from .numba_helpers.numba_math import CHECKED
    _Checked(ns, ref, CHECKED).visit(fdef)
    return fdef


class _Checked(ast.NodeTransformer):
    def __init__(self, ns, ref, checked):
        self.ns, self.ref, self.checked = ns, ref, checked

    def visit_Call(self, node):
        self.generic_visit(node)
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args) \
                or not isinstance(node.func, (ast.Name, ast.Attribute)):
            return node
        try:
            sub = self.checked.get((resolve(self.ns, node.func), len(node.args)))
        except TypeError:          # an unhashable object
            sub = None
        if sub is not None:
            node.func = A.at(self.ref(sub), node.func)
        return node
