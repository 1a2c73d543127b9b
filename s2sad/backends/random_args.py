"""Part of stage ``jit``: keyword arguments of ``np.random`` draws written as numba takes them.

numba's versions of ``np.random.normal``, ``uniform``, ``exponential``... take their parameters
by position or all named, but not a later one named with the earlier ones left to their
defaults: ``np.random.normal(size=n)``, the usual way to draw noise, failed to compile.
``rewrite`` writes such a call with every parameter up to the last one given by position,
the omitted ones as NumPy's defaults: the same call in NumPy (AST in, AST out, in place).

``np.random.Generator(np.random.PCG64(seed))`` becomes ``np.random.default_rng(seed)``, which
is how NumPy defines ``default_rng``.

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
    """Every call of a function of ``PARAMETERS`` with keywords, written by position; every
    ``np.random.Generator(np.random.PCG64(seed))`` as ``np.random.default_rng(seed)``."""
    for node in ast.walk(fdef):
        if isinstance(node, ast.Call) and node.keywords and isinstance(node.func, (ast.Name, ast.Attribute)):
            params = _parameters(resolve(ns, node.func))
            if params is not None:
                _positional(node, params)
    _default_generators(fdef, ns)
    return fdef


def _default_generators(fdef, ns):
    """``np.random.Generator(np.random.PCG64(seed))`` (the bit generator also through a name bound
    once and read only there, as the frontend writes it) is ``np.random.default_rng(seed)``, by
    NumPy's definition of ``default_rng``: the same draws. numba makes neither a ``Generator``
    nor a ``PCG64``; ``default_rng`` it does (numba_helpers/numba_random.py). A seed given by
    keyword or anything else is left as written (numba then refuses it, located)."""
    binds, uses = {}, {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            binds.setdefault(node.targets[0].id, []).append(node)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            uses[node.id] = uses.get(node.id, 0) + 1
    dead = set()
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Call) and _is(ns, node.func, np.random.Generator) and len(node.args) == 1
                and not node.keywords):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Name) and len(binds.get(arg.id, ())) == 1 and uses.get(arg.id) == 1 \
                and _pcg64_seed(ns, binds[arg.id][0].value) is not None:
            dead.add(binds[arg.id][0])
            arg = binds[arg.id][0].value
        seed = _pcg64_seed(ns, arg)
        if seed is None:
            continue
        ref = A.name(ns.bind("_s2sad_default_rng", np.random.default_rng))
        ref._s2sad_bound = True
        node.func, node.args = A.at(ref, node.func), seed
    for node in ast.walk(fdef):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(s in dead for s in block):
                setattr(node, field, [s for s in block if s not in dead] or [A.at(ast.Pass(), node)])


def _is(ns, func, obj):
    return isinstance(func, (ast.Name, ast.Attribute)) and resolve(ns, func) is obj


def _pcg64_seed(ns, value):
    """The arguments (the seed, or none) of ``np.random.PCG64(seed)``, else None."""
    if isinstance(value, ast.Call) and _is(ns, value.func, np.random.PCG64) and not value.keywords \
            and len(value.args) <= 1 and not any(isinstance(a, ast.Starred) for a in value.args):
        return list(value.args)
    return None


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
