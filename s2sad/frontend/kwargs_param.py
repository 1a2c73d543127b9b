"""``def h(x, **kw)``: a helper's ``**kw`` is a dict parameter built at each call.

A helper called from the differentiated function (inlined, ``transforms/inline.py``) with
``**kw`` in its signature gets ``kw`` as an ordinary parameter (``keywords_as_dict``, before
the check stage, which refuses ``**kwargs``), and each call binds it to a dict display of the
keywords the call passes that no named parameter takes (``bind_keywords``), in the call's
order: what Python puts in ``kw``. The dict stage (``transforms/aggregates.py``) then follows
its entries by constant keys (``kw['scale']``, ``kw.get('shift', 0.0)``, a loop over its items).

A helper's ``*args`` is likewise a parameter, bound at each call to the tuple display of the
positional arguments its named parameters do not take (stop 48).

Invariant: only helpers (never the function differentiated, whose signature the caller binds:
``check.signature_as_parameters``); a signature with positional-only parameters, and a call
spreading ``*xs`` into a helper with ``*args``, keep their refusal; a keyword named like ``kw``
itself goes into the dict, as in Python.
"""
import ast

from .. import astutil as A


def keywords_as_dict(fdef):
    """Rewrite the signature of helper ``fdef`` in place: ``*args`` -> a parameter ``args`` after the
    positional ones (each call binds it to the tuple display of its extra positional arguments,
    ``bind_params`` in ``transforms/inline.py``), ``**kw`` -> a parameter ``kw``."""
    a = fdef.args
    if a.posonlyargs:
        return
    if a.vararg is not None:
        fdef._s2sad_vararg = a.vararg.arg
        a.kwonlyargs = [a.vararg] + list(a.kwonlyargs)      # right after the positional ones
        a.kw_defaults = [None] + list(a.kw_defaults)
        a.vararg = None
    if a.kwarg is None:
        return
    name = a.kwarg.arg
    a.kwarg = None
    a.kwonlyargs = list(a.kwonlyargs) + [ast.arg(arg=name)]   # after the others (check.positional_keyword_only)
    a.kw_defaults = list(a.kw_defaults) + [None]
    fdef._s2sad_kwarg = name


def bind_keywords(fdef, call, params):
    """``{parameter: AST}`` of the call's keywords: named parameters by name, the others in a
    dict display bound to the ``**kw`` parameter (when ``fdef`` had one)."""
    kwarg = getattr(fdef, "_s2sad_kwarg", None)
    named, extra = {}, []
    for kw in call.keywords:
        if kwarg is not None and (kw.arg == kwarg or kw.arg not in params):
            extra.append(kw)
        else:
            named[kw.arg] = kw.value
    if kwarg is not None:
        named[kwarg] = A.at(ast.Dict(keys=[A.const(k.arg) for k in extra], values=[A.clone(k.value) for k in extra]),
                            call)
    return named
