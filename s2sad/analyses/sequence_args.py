"""Which parameters of a helper a call gives a sure list or tuple (open47): ``score(xs, s)``
called as ``score([a, b, x], c)`` (after ANF: ``t = [a, b, x]; score(t, c)``).

A helper is built on its own, so ``list(xs)`` / ``[*xs]`` of its parameter was refused: ``xs``
might be a dict or an iterator, which a loop by index cannot run over. At its call site the
caller's body knows what is passed: a name every binding of which is a list or tuple display
(``list_names.sure_sequences``), or a display itself. Those parameters are sequences in the
helper's build (``Desugar``'s ``list_params``), exactly as the parameters of the function
differentiated that are given lists.

Invariant: a parameter is named only if the argument bound to it (by position, or by keyword)
surely holds a list or tuple when the call runs, and only for the build of that one call.
"""
import ast
import collections
import inspect

from .. import astutil as A
from .list_names import sure_lists, sure_sequences


def sure_names(body):
    """(the names of an inlined body every binding of which is a list, ... a list or tuple)."""
    module = ast.Module(body=list(body), type_ignores=[])
    return sure_lists(module), sure_sequences(module)


def sequence_params(fn, call, sure):
    """(the parameters of ``fn`` that ``call`` (an ``ast.Call``) gives a sure list, ... a sure
    list or tuple); ``sure``: ``sure_names`` of the caller's body."""
    none = (frozenset(), frozenset())
    if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords):
        return none
    try:
        sig = inspect.signature(fn)
        bound = sig.bind_partial(*call.args, **{k.arg: k.value for k in call.keywords})
    except (TypeError, ValueError):
        return none
    plain = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY,
             inspect.Parameter.KEYWORD_ONLY)
    args = {p: v for p, v in bound.arguments.items() if sig.parameters[p].kind in plain}
    args.update({p: ast.Tuple(elts=[], ctx=ast.Load()) for p, q in sig.parameters.items()
                 if q.kind == q.VAR_POSITIONAL})    # a helper's `*args`: always a tuple
    lists = frozenset(p for p, v in args.items() if isinstance(v, ast.List) or isinstance(v, ast.Name)
                      and v.id in sure[0])
    seqs = frozenset(p for p, v in args.items() if isinstance(v, (ast.List, ast.Tuple)) or isinstance(v, ast.Name)
                     and v.id in sure[1])
    return lists, seqs


def body_generators(body, top):
    """Name -> generator class for the names of the (partly inlined) ``body`` that hold a random
    generator: those the function ``top`` made or was given (``frontend/methods.generator_names``,
    kept by the anf stage), and the names bound once, to one of those (a helper's parameter)."""
    out = dict(getattr(top, "_s2sad_generators", None) or {})
    bound = collections.Counter(n.id for s in body for n in ast.walk(s)
                                if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load))
    aliases = [(A.bound_name(n), n.value.id) for s in body for n in ast.walk(s)
               if A.bound_name(n) is not None and isinstance(n.value, ast.Name)]
    for _ in range(len(aliases)):
        more = {a: out[b] for a, b in aliases if b in out and a not in out and bound[a] == 1 and out[b]}
        if not more:
            break
        out.update(more)
    return {name: cls for name, cls in out.items() if cls is not None}


def generator_params(fn, call, generators):
    """The parameters of ``fn`` that ``call`` gives a name holding a random generator, with its class."""
    if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords) or not generators:
        return {}
    try:
        bound = inspect.signature(fn).bind_partial(*call.args, **{k.arg: k.value for k in call.keywords})
    except (TypeError, ValueError):
        return {}
    return {p: generators[v.id] for p, v in bound.arguments.items() if isinstance(v, ast.Name) and v.id in generators}

