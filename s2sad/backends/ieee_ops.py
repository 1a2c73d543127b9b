"""A derivative's ``ieee_div(a, b)`` as Python's ``/`` where the ranks prove it the same (``jit=False``).

``ieee_div`` (``rules/runtime_ieee.py``) is ``a / b`` wherever that does not raise, and NumPy's
``inf``/``nan`` where Python's division of numbers by zero raises. An operand of rank >= 1 (the
ranks of the primal names are known; adjoints and tangents have their primal's) makes the division
NumPy's, which never raises ``ZeroDivisionError``, so the helper's ``try`` only ever ran ``a / b``:
the call is written ``a / b``. Anything else (both ranks 0 or unknown; inside a lambda or a
comprehension, whose names are its own) keeps the call: a Python number divided by a Python zero
raises, and the call is what gives NumPy's value there.

Invariant: the rewritten code computes exactly what the helper did, for every value the ranks admit.
The ``jit`` stage has its own writing (``backends/specialize.py``); this runs only without it.
"""
import ast

from .. import astutil as A
from ..rules import runtime
from .inplace import Ranks


class _IeeeOps(ast.NodeTransformer):
    def __init__(self, ranks):
        self.ranks = ranks

    def _keep(self, node):      # (a lambda's or comprehension's names are its own: their ranks are not known)
        return node

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _keep

    def visit_Call(self, node):
        self.generic_visit(node)
        if node.keywords or len(node.args) != 2 or self.ranks.function(node) is not runtime.ieee_div:
            return node
        a, b = node.args
        if self.ranks.of(a) or self.ranks.of(b):
            return A.at(ast.BinOp(left=a, op=ast.Div(), right=b), node)
        return node


def rewrite(fdef, ns, ranks, adjoints):
    """Write ``fdef``'s ``ieee_div`` calls as ``/`` where ``ranks`` (primal name -> rank) and
    ``adjoints`` (adjoint name -> primal name) prove an operand an array."""
    _IeeeOps(Ranks(ranks, adjoints, ns)).visit(fdef)
    return fdef
