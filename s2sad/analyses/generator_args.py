"""Which parameters of a helper its call gives a random generator (``def perturb(v, g): return v +
0.1 * g.standard_normal(len(v))`` called ``perturb(x, rng)``), so that the helper's draws are followed
as the caller's are (``frontend/methods.generator_names``: a parameter marked ``_s2sad_generator``).

An argument holds a generator when it names one the caller holds: a parameter of the function
differentiated that this build is given a generator for (marked by ``pipeline_frontend._mark_ints``),
a local every store to which makes one (``np.random.default_rng(...)``, ``RandomState(...)``) or
copies a name holding one of the same class (the binding ``perturb_g = rng`` of an inlined helper's
parameter: a generator passed on through helpers), or a module-level generator the body never
rebinds. Invariant: a name counts only when every store to it gives a generator of one class;
anything else is unknown, and the helper's method call is refused as before.
"""
import ast
import inspect

import numpy as np

from .ir import resolve

__all__ = ["caller_generators", "generator_params"]

_MAKERS = {np.random.default_rng: np.random.Generator, np.random.Generator: np.random.Generator,
           np.random.RandomState: np.random.RandomState}


def caller_generators(body, params, ns):
    """``name -> class`` for the names in ``body`` that hold a generator; ``params``: the ``ast.arg``s
    of the function differentiated (a generator argument marked ``_s2sad_generator``)."""
    values, stored, plain = {}, set(), set()
    nodes = [node for stmt in body for node in ast.walk(stmt)]
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values.setdefault(node.targets[0].id, []).append(node.value)
            plain.add(id(node.targets[0]))
    stored = {n.id for n in nodes if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and id(n) not in plain}
    classes = {a.arg: a._s2sad_generator for a in params if getattr(a, "_s2sad_generator", None) is not None
               and a.arg not in values and a.arg not in stored}
    local = set(values) | stored | {a.arg for a in params}
    for _ in range(len(values) + 1):
        found = {name: _one_class(vals, classes, ns, local) for name, vals in values.items()
                 if name not in stored and name not in classes}
        found = {k: v for k, v in found.items() if v is not None}
        if not found:
            break
        classes.update(found)
    return classes, local


def _one_class(vals, classes, ns, local):
    got = {_class_of(v, classes, ns, local) for v in vals}
    return next(iter(got)) if len(got) == 1 else None


def _class_of(node, classes, ns, local):
    if isinstance(node, ast.Call):
        maker = resolve(ns, node.func)
        return next((cls for m, cls in _MAKERS.items() if maker is m), None)
    if isinstance(node, ast.Name):
        if node.id in classes:
            return classes[node.id]
        obj = None if node.id in local else resolve(ns, node)
        return type(obj) if isinstance(obj, (np.random.Generator, np.random.RandomState)) else None
    return None


def generator_params(fn, call, known, ns):
    """``param -> class`` for the parameters of ``fn`` that ``call`` gives a generator; ``known``:
    ``caller_generators`` of the caller's body."""
    classes, local = known
    if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords):
        return {}
    try:
        bound = inspect.signature(fn).bind_partial(*call.args, **{k.arg: k.value for k in call.keywords})
    except (TypeError, ValueError):
        return {}
    out = {p: _class_of(v, classes, ns, local) for p, v in bound.arguments.items() if isinstance(v, ast.Name)}
    return {p: cls for p, cls in out.items() if cls is not None}
