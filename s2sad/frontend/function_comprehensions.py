"""Stage 1c'0, a list comprehension of lambdas (issue 8, stop 56)::

    fs = [lambda t, k=k: k * t for k in range(3)]     ->    fs = []
                                                            for k_1 in range(3):
                                                                fs.append(lambda t, k=k_1: k * t)

the loop ``function_lists`` follows (a list of functions made in a loop by one lambda, told apart
by its defaults, and called after it). The comprehension's variables get fresh names, so the loop
leaves no variable of the function changed, as the comprehension's own scope does; a lambda reading
one without a default (``lambda t: k * t``) reads its last value when called in both.

Invariant: rewritten only for ``name = [lambda ...: ... for targets in iterable]`` (one ``for``, no
``if``, no ``async``, names as targets, a lambda with no lambda or comprehension inside), the
iterable evaluated once before the loop as before; the lambda's parameters keep their names in its
body. Anything else is left as written (refused later, located).
"""
import ast

from .. import astutil as A


def function_comprehensions(fdef, namer):
    for parent in [n for n in A.walk(fdef) if isinstance(getattr(n, "body", None), list)]:
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list):
                setattr(parent, field, [o for s in block for o in _as_loop(s, namer)])


def _as_loop(s, namer):
    comp = s.value if isinstance(s, ast.Assign) else None
    if not (isinstance(comp, ast.ListComp) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
            and len(comp.generators) == 1 and not comp.generators[0].ifs and not comp.generators[0].is_async
            and isinstance(comp.elt, ast.Lambda)
            and all(isinstance(n, (ast.Name, ast.Tuple, ast.List, ast.Store)) for n in ast.walk(comp.generators[0].target))
            and not any(isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
                        for n in ast.walk(comp.elt.body))):
        return [s]
    gen, fn = comp.generators[0], comp.elt
    rename = {n.id: namer.fresh(n.id) for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
    params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    fn = A.clone(fn)
    for default in fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]:
        _rename(default, rename)
    _rename(fn.body, {k: v for k, v in rename.items() if k not in params})
    target = A.clone(gen.target)
    _rename(target, rename)
    name = s.targets[0].id
    append = ast.Expr(value=A.call(ast.Attribute(value=A.name(name), attr="append", ctx=ast.Load()), fn))
    loop = ast.For(target=target, iter=gen.iter, body=[A.at(append, s)], orelse=[])
    return [A.at(A.assign(name, ast.List(elts=[], ctx=ast.Load())), s), A.at(loop, s)]


def _rename(node, rename):
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in rename:
            n.id = rename[n.id]
