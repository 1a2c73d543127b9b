"""Stage 1a', iterator forms: ``map`` and ``filter`` read where they are made become the
generator expressions they are, for ``desugar`` to make loops of; with the predicates the
functional forms (``functional.py``) share.

``map(F, A, B)`` -> ``(F(a, b) for a, b in zip(A, B))``; ``filter(F, S)`` -> ``(v for v in S if
F(v))``, ``filter(None, S)`` -> ``(v for v in S if v)``. A lambda's body is used as it is, its
parameters the loop's variables; an ``operator`` function of two operands is its operator.

Invariant: ``F`` is called once per item, in the iterable's order, and the items kept are the
ones Python keeps; a form not listed here (keywords, starred arguments, a lambda with defaults
or bindings of its own) is left exactly as written.
"""
import ast
import builtins
import operator

from .. import astutil as A

OPERATORS = {operator.add: ast.Add, operator.sub: ast.Sub, operator.mul: ast.Mult, operator.truediv: ast.Div,
             operator.pow: ast.Pow, operator.matmul: ast.MatMult, operator.floordiv: ast.FloorDiv,
             operator.mod: ast.Mod}


def as_generator(node, resolve, namer):
    """The generator expression a consumed ``map(...)`` or ``filter(...)`` is, or None."""
    return _map_as_generator(node, resolve, namer) or _filter_as_generator(node, resolve, namer)


def _map_as_generator(node, resolve, namer):
    if not is_call_of(node, resolve, builtins.map) or len(node.args) < 2:
        return None
    fn, seqs = node.args[0], node.args[1:]
    lam = plain_lambda(fn, len(seqs))
    if isinstance(fn, ast.Lambda) and lam is None:
        return None
    names = [p.arg for p in lam.args.args] if lam else [namer.fresh("item") for _ in seqs]
    elt = A.clone(lam.body) if lam else applied(fn, [A.name(n) for n in names], resolve)
    if len(seqs) == 1:
        target, it = A.name(names[0], store=True), seqs[0]
    else:
        target = ast.Tuple(elts=[A.name(n, store=True) for n in names], ctx=ast.Store())
        it = A.at(A.call("zip", *seqs), node)
    gen = ast.comprehension(target=target, iter=it, ifs=[], is_async=0)
    return A.at(ast.GeneratorExp(elt=elt, generators=[gen]), node)


def _filter_as_generator(node, resolve, namer):
    if not is_call_of(node, resolve, builtins.filter) or len(node.args) != 2:
        return None
    fn, seq = node.args
    lam = plain_lambda(fn, 1)
    if isinstance(fn, ast.Lambda) and lam is None:
        return None
    name = lam.args.args[0].arg if lam else namer.fresh("item")
    if lam is not None:
        test = A.clone(lam.body)
    elif isinstance(fn, ast.Constant) and fn.value is None:
        test = A.name(name)
    else:
        test = applied(fn, [A.name(name)], resolve)
    gen = ast.comprehension(target=A.name(name, store=True), iter=seq, ifs=[test], is_async=0)
    return A.at(ast.GeneratorExp(elt=A.at(A.name(name), node), generators=[gen]), node)


def applied(fn, args, resolve):
    """``fn(*args)`` as an expression: an ``operator`` function as its operator, else a call."""
    try:
        op = OPERATORS.get(resolve(fn)) if len(args) == 2 else None
    except TypeError:
        op = None
    if op is not None:
        return A.at(ast.BinOp(left=args[0], op=op(), right=args[1]), fn)
    return A.at(ast.Call(func=A.clone(fn), args=list(args), keywords=[]), fn)


def resolves_in(func, resolve, objs):
    try:
        return resolve(func) in objs
    except TypeError:      # an unhashable global
        return False


def is_call_of(node, resolve, fn):
    if not isinstance(node, ast.Call) or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        return False
    return resolve(node.func) is fn


def plain_lambda(fn, arity):
    """``fn`` if it is a lambda of ``arity`` positional parameters, no defaults, whose body binds
    nothing of its own; else None."""
    if not isinstance(fn, ast.Lambda):
        return None
    a = fn.args
    if a.posonlyargs or a.vararg or a.kwonlyargs or a.kwarg or a.defaults or len(a.args) != arity:
        return None
    if any(isinstance(n, (ast.Lambda, ast.NamedExpr, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
           for n in ast.walk(fn.body)):
        return None
    return fn
