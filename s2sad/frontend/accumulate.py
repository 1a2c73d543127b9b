"""``itertools.accumulate`` read at once becomes the loop it runs (part of stage 1a', functional).

Where its items are read at once, item after item — the one argument of ``list``, ``tuple``,
``sum``, ``min``, ``max``, ``sorted``, ``any``, ``all``, or the iterable of a ``for`` — the call
``itertools.accumulate(S, F, initial=I)`` becomes, just before its statement::

    seq = S                      # (an iterator or a range listed first)
    acc = I                      # without initial:   out = []
    out = [acc]                  #                     if len(seq) > 0:
    for item in seq:             #                         acc = seq[0]
        acc = F(acc, item)       #                         out.append(acc)
        out.append(acc)          #                         for k in range(1, len(seq)):
                                 #                             acc = F(acc, seq[k]); out.append(acc)

and the call becomes the list ``out``, holding the same values in the same order (``F`` is
``operator.add`` when not given, ``acc + item``; a lambda of two plain parameters, an
``operator`` function or any other callable, as ``functools.reduce``'s). The result is a list of
the running values; whether they may be of different shapes is the later stages' question (a list
of arrays is checked as any other).

Refused, located: an ``accumulate`` whose iterator is kept in a name or passed on (read later, and
only once: a list would read differently after ``next(it)``), and forms with ``*args``/``**kw``
or other keywords. Inside a lambda, a comprehension or a branch of ``a if c else b`` it is left as
written (and refused later: no rule).

Invariant: the items are combined in Python's order, once each; nothing else is changed.
"""
import ast
import itertools

from .. import astutil as A
from ..errors import unsupported


def is_accumulate(node, resolve):
    if not isinstance(node, ast.Call):
        return False
    try:
        return resolve(node.func) is itertools.accumulate
    except TypeError:          # an unhashable global
        return False


def accumulate_loop(red, node, plain_lambda, listed):
    """The statements before the statement (added to ``red.pre``) and the name of the list."""
    if not getattr(node, "_s2sad_consumed", False):
        raise unsupported(red.src, node, "`itertools.accumulate(...)` kept as an iterator (read later, once)",
                          "Make it a list where it is made: `list(itertools.accumulate(...))`.")
    kws = {k.arg: k.value for k in node.keywords}
    if any(isinstance(a, ast.Starred) for a in node.args) or len(node.args) > 2 or None in kws \
            or not set(kws) <= {"func", "initial"} or len(node.args) == 2 and "func" in kws or not node.args:
        raise unsupported(red.src, node, "this form of `itertools.accumulate`",
                          "Write `itertools.accumulate(xs)`, `itertools.accumulate(xs, f)` or with `initial=v`.")
    fn = node.args[1] if len(node.args) == 2 else kws.get("func")
    if isinstance(fn, ast.Constant) and fn.value is None:
        fn = None
    lam = plain_lambda(fn, 2) if fn is not None else None
    if isinstance(fn, ast.Lambda) and lam is None:
        raise unsupported(red.src, node, "`itertools.accumulate` with this lambda",
                          "Use a lambda of two plain parameters, or a helper function.")
    initial = kws.get("initial")
    if isinstance(initial, ast.Constant) and initial.value is None:
        initial = None
    seq, out, acc = (red.namer.fresh(b) for b in ("seq", "accumulated", "acc"))
    put = ast.Expr(value=A.call(ast.Attribute(value=A.name(out), attr="append", ctx=ast.Load()), A.name(acc)))
    first = [A.assign(seq, listed(node.args[0]))]
    if initial is not None:
        item = red.namer.fresh("item")
        loop = ast.For(target=A.name(item, store=True), iter=A.name(seq), body=[], orelse=[])
        loop.body = _combine(red, fn, lam, acc, A.name(item)) + [put]
        first += [A.assign(acc, initial), A.assign(out, ast.List(elts=[A.name(acc)], ctx=ast.Load())), loop]
    else:
        k = red.namer.fresh("k")
        loop = ast.For(target=A.name(k, store=True), iter=A.call("range", A.const(1), A.call("len", A.name(seq))),
                       body=[], orelse=[])
        at = ast.Subscript(value=A.name(seq), slice=A.name(k), ctx=ast.Load())
        loop.body = _combine(red, fn, lam, acc, at) + [A.clone(put)]
        start = [A.assign(acc, ast.Subscript(value=A.name(seq), slice=A.const(0), ctx=ast.Load())), put, loop]
        items = node.args[0]
        if isinstance(items, (ast.List, ast.Tuple)) and items.elts and not any(
                isinstance(e, ast.Starred) for e in items.elts):
            first += [A.assign(out, ast.List(elts=[], ctx=ast.Load()))] + start    # (never empty)
        else:
            nonempty = ast.Compare(left=A.call("len", A.name(seq)), ops=[ast.Gt()], comparators=[A.const(0)])
            first += [A.assign(out, ast.List(elts=[], ctx=ast.Load())), ast.If(test=nonempty, body=start, orelse=[])]
    red.pre.extend(A.at(s, red.stmt) for s in first)
    return A.at(A.name(out), node)


def _combine(red, fn, lam, acc, value):
    if fn is None:
        return [A.assign(acc, ast.BinOp(left=A.name(acc), op=ast.Add(), right=value))]
    return red._combine(fn, lam, acc, value)
