"""Signatures of the differentiated function that stop 48 lifted (``frontend/check.signature_as_parameters``),
drawn now and then for ``f`` (fuzz49): the program's parameters and inputs stay the same (the oracle
calls ``f(*args)``), only how ``f`` receives them changes:

* positional-only: ``def f(x, /, w)`` (the first parameter, or all before the last);
* ``*args``: the trailing float parameters are packed, ``def f(x, *extra)``, and unpacked first thing
  in the body the ways people do (``a, b = extra``, ``a = extra[0]``, ``a, *_ = extra``...); a packed
  parameter is not differentiated (``wrt`` names only named parameters; a position at or after
  ``*args`` is refused by design), but the gradient of the others depends on it.

Never with a defaulted parameter (a packed tuple would take the default's place) nor an int one.
"""
import ast

from .tmpl import S

__all__ = ["signature_forms"]


def signature_forms(ctx, fdef, params):
    """Rewrite ``fdef``'s signature in place; returns the names now packed in ``*args``."""
    plain = all(not isinstance(s, tuple) or s == () or s[0] not in ("int", "default", "rng") for _, s in params)
    if not plain or not ctx.enabled("signatures"):
        return ()
    roll = ctx.rng.random()
    args = fdef.args
    if roll < 0.05 and len(args.args) >= 2:
        cut = ctx.pick([1, len(args.args) - 1])
        args.posonlyargs, args.args = args.args[:cut], args.args[cut:]
        ctx.use("signatures")
        return ()
    if roll < 0.12 and len(args.args) >= 2:
        count = ctx.pick([1, 1, 2]) if len(args.args) >= 3 else 1
        packed = [a.arg for a in args.args[-count:]]
        args.args = args.args[:-count]
        star = ctx.pick(["args", "extra", "rest"])
        args.vararg = ast.arg(arg=star)
        fdef.body[:0] = _unpack(ctx, packed, star)
        ctx.use("signatures")
        return tuple(packed)
    return ()


def _unpack(ctx, packed, star):
    names = ", ".join(packed)
    forms = [f"{names}, = {star}" if len(packed) == 1 else f"{names} = {star}",
             "\n".join(f"{p} = {star}[{k}]" for k, p in enumerate(packed)),
             f"{names}, *_ = {star}",
             "\n".join(f"{p} = {star}[{k - len(packed)}]" for k, p in enumerate(packed))]
    if len(packed) == 1:
        forms.append(f"({packed[0]},) = tuple({star})")
        forms.append(f"{packed[0]} = list({star})[0]")
    return S(ctx.pick(forms))
