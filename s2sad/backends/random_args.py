"""Part of stage ``jit``: keyword arguments of ``np.random`` draws written as numba takes them.

numba's versions of ``np.random.normal``, ``uniform``, ``exponential``... take their parameters
by position or all named, but not a later one named with the earlier ones left to their
defaults: ``np.random.normal(size=n)``, the usual way to draw noise, failed to compile.
``rewrite`` writes such a call with every parameter up to the last one given by position,
the omitted ones as NumPy's defaults: the same call in NumPy (AST in, AST out, in place).

Invariant: a call is changed only when every keyword names a parameter of the table below and
none is also given by position; anything else is left as written (numba then says what it lacks).
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve

_LOC_SCALE = (("loc", 0.0), ("scale", 1.0), ("size", None))
_SCALE = (("scale", 1.0), ("size", None))

# NumPy's parameters, in order, with their defaults (None: no default, or size's None)
PARAMETERS = {
    np.random.normal: _LOC_SCALE,
    np.random.laplace: _LOC_SCALE,
    np.random.logistic: _LOC_SCALE,
    np.random.gumbel: _LOC_SCALE,
    np.random.uniform: (("low", 0.0), ("high", 1.0), ("size", None)),
    np.random.lognormal: (("mean", 0.0), ("sigma", 1.0), ("size", None)),
    np.random.exponential: _SCALE,
    np.random.rayleigh: _SCALE,
    np.random.poisson: (("lam", 1.0), ("size", None)),
}


def rewrite(fdef, ns):
    """Every call of a function of ``PARAMETERS`` with keywords, written by position."""
    for node in ast.walk(fdef):
        if isinstance(node, ast.Call) and node.keywords and isinstance(node.func, (ast.Name, ast.Attribute)):
            params = _parameters(resolve(ns, node.func))
            if params is not None:
                _positional(node, params)
    return fdef


def _parameters(obj):
    try:
        return PARAMETERS.get(obj)
    except TypeError:            # an unhashable object
        return None


def _positional(call, params):
    names = [p for p, _ in params]
    given = dict(zip(names, call.args))
    if len(call.args) > len(names) or any(isinstance(a, ast.Starred) for a in call.args):
        return
    for kw in call.keywords:
        if kw.arg not in names or kw.arg in given:
            return
        given[kw.arg] = kw.value
    last = max(names.index(n) for n in given)
    args = []
    for name, default in params[:last + 1]:
        if name not in given and default is None:
            return                         # a required parameter is missing: NumPy's own error
        args.append(given[name] if name in given else A.at(A.const(default), call))
    call.args, call.keywords = args, []
