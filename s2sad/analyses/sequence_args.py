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
import inspect

from .list_names import sure_lists, sure_sequences


def sure_names(body):
    """(the names of an inlined body every binding of which is a list, ... a list or tuple)."""
    module = ast.Module(body=list(body), type_ignores=[])
    return sure_lists(module), sure_sequences(module)


def bound_arguments(fn, call):
    """{parameter: argument node} of ``call`` to ``fn``, bound as Python binds it, for its plain
    (not ``*``/``**``) parameters; None where that cannot be told (``*``/``**`` arguments, or
    arguments that do not fit)."""
    if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords):
        return None
    try:
        sig = inspect.signature(fn)
        bound = sig.bind_partial(*call.args, **{k.arg: k.value for k in call.keywords})
    except (TypeError, ValueError):
        return None
    plain = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY,
             inspect.Parameter.KEYWORD_ONLY)
    return {p: v for p, v in bound.arguments.items() if sig.parameters[p].kind in plain}


def sequence_params(fn, call, sure):
    """(the parameters of ``fn`` that ``call`` (an ``ast.Call``) gives a sure list, ... a sure
    list or tuple); ``sure``: ``sure_names`` of the caller's body."""
    args = bound_arguments(fn, call)
    if args is None:
        return frozenset(), frozenset()
    sig = inspect.signature(fn)
    args.update({p: ast.Tuple(elts=[], ctx=ast.Load()) for p, q in sig.parameters.items()
                 if q.kind == q.VAR_POSITIONAL})    # a helper's `*args`: always a tuple
    lists = frozenset(p for p, v in args.items() if isinstance(v, ast.List) or isinstance(v, ast.Name)
                      and v.id in sure[0])
    seqs = frozenset(p for p, v in args.items() if isinstance(v, (ast.List, ast.Tuple)) or isinstance(v, ast.Name)
                     and v.id in sure[1])
    return lists, seqs
