"""``jvp``, and ``grad``/``value_and_grad`` with ``jit=True``, with respect to a record argument (a
namedtuple or a dataclass, ``record_args``): the derivative of a wrapper that takes the record's
fields as separate parameters (numbers and arrays, which forward mode and numba take) and calls the
function on the record rebuilt from them; a gradient goes back as an object of the record's class::

    jvp(loss)(P(W, b), x, P(tW, tb))   ==   jvp(loss_flat, wrt=(0, 1))(W, b, x, (tW, tb))

    def loss_flat(p__W, p__b, x):           (generated, registered with linecache)
        return loss(P(W=p__W, b=p__b), x)

A record built in the function and passed to a helper is what the front end follows anyway
(``frontend/records.py``, ``record_values.py``): the helper is ``loss`` itself, inlined. The wrapper
is the function's exact composition with the record's constructor, so its derivative along the
fields' tangents is the function's along the record's tangent.

Invariant: taken only for a plain Python function called with all its parameters positionally
(``_as_given``/``_simple``; under jit no ``has_aux`` or ``checkpoint``), each record differentiated flat (its fields numbers or arrays, no nested record),
and a tangent of the same class (or a tuple of one tangent per field); anything else keeps the
refusal (``directions.tangents``, ``api._no_aggregate_under_jit``). The caller's value and output
tangent are the wrapper's; the transformed wrapper is made once per function and record classes.
"""
import linecache
import types

from . import arguments
from .errors import ArgumentError
from .record_args import field_names, is_dataclass_value, made

_WRAPPERS = {}      # (function, record positions and classes) -> wrapper, made once


def records_in(fn, args):
    """The positions of the record arguments the wrapper takes by their fields (all of them, when
    one is differentiated), or () (none differentiated, or a call the wrapper does not cover)."""
    if not any(_kind(args[p]) is not None for p in fn._wrt_pos):
        return ()
    pos = [p for p in range(len(args)) if _kind(args[p]) is not None]   # (the others' too: numba takes their fields)
    plain = getattr(fn, "_as_given", None) or getattr(fn, "_simple", False)
    if not pos or not plain or not isinstance(fn.func, types.FunctionType) \
            or len(args) != len(fn._params):
        return ()
    names = _flat_names(fn, args, pos)
    return tuple(pos) if len(set(names)) == len(names) else ()     # (`p__W` also a parameter: not taken)


def _kind(a):
    """The record class of argument ``a`` (held by position, or a namedtuple as passed) when its
    fields are flat (no nested record, tuple or dict), else None."""
    kind = a.kind if isinstance(a, arguments.TupleArgument) else type(a)
    if kind in (tuple, list) or field_names(kind) is None:
        return None
    return None if any(isinstance(v, (dict, tuple, list)) or is_dataclass_value(v) for v in _items(a)) else kind


def _items(a):
    if isinstance(a, (tuple, arguments.TupleArgument)):
        return [a[i] for i in range(len(a))]
    return [getattr(a, n) for n in field_names(type(a))]        # a dataclass as passed


def flat_jvp(fn, args, vs, pos, maker):
    """(value, tangent_out) of ``fn`` (a JVPFunction) by ``maker`` (``higher.jvp``) of the wrapper."""
    flat, start = _flat_args(args, pos)
    tangents = []
    for p, v in zip(fn._wrt_pos, vs):         # in the caller's order of wrt
        tangents += _record_tangent(fn, p, _kind(args[p]), v) if p in pos else [v]
    inner = _inner(fn, args, pos, start, lambda w, wrt: maker(w, wrt=wrt, jit=fn.jit))
    return inner(*flat, tuple(tangents))


def flat_grad(fn, args, pos, maker):
    """``fn``'s (a GradFunction under jit) gradient, each record's an object of its class, by
    ``maker`` (``api._decorator(mode)``) of the wrapper."""
    flat, start = _flat_args(args, pos)
    out = _inner(fn, args, pos, start, lambda w, wrt: maker(w, wrt=wrt, jit=True))(*flat)
    value, grads = out if fn.mode == "value_and_grad" else (None, out)
    mine, k = [], 0
    for p in fn._wrt_pos:
        n = len(field_names(_kind(args[p]))) if p in pos else 1
        mine.append(made(_kind(args[p]), list(grads[k:k + n])) if p in pos else grads[k])
        k += n
    mine = tuple(mine) if fn.many else mine[0]
    return (value, mine) if fn.mode == "value_and_grad" else mine


def _flat_args(args, pos):
    flat, start = [], {}
    for p, a in enumerate(args):
        start[p] = len(flat)
        flat += _items(a) if p in pos else [a]
    return flat, start


def _inner(fn, args, pos, start, make):
    """The transformed wrapper for these records' classes, made once per ``fn``."""
    key = tuple((p, _kind(args[p])) for p in pos)
    cache = fn.__dict__.setdefault("_s2sad_record_inner", {})
    if key not in cache:
        wrt = []
        for p in fn._wrt_pos:
            wrt += range(start[p], start[p] + len(field_names(_kind(args[p])))) if p in pos else [start[p]]
        cache[key] = make(_wrapper(fn, args, pos), tuple(wrt))
    return cache[key]


def _record_tangent(fn, p, kind, v):
    names = field_names(kind)
    if type(v) is kind:
        return [getattr(v, n) for n in names]
    if type(v) is tuple and len(v) == len(names):
        return list(v)
    raise ArgumentError(f"{fn.__name__}: the tangent for `{fn._params[p]}` is {arguments.describe(v)}; pass a "
                        f"`{kind.__name__}` of tangents shaped like its fields ({', '.join(names)}).")


def _flat_names(fn, args, pos):
    out = []
    for p, name in enumerate(fn._params):
        out += [f"{name}__{f}" for f in field_names(_kind(args[p]))] if p in pos else [name]
    return out


def _wrapper(fn, args, pos):
    key = (fn.func, tuple((p, _kind(args[p])) for p in pos))
    if key in _WRAPPERS:
        return _WRAPPERS[key]
    names = _flat_names(fn, args, pos)
    call = []
    for p, name in enumerate(fn._params):
        if p in pos:
            fields = ", ".join(f"{f}={name}__{f}" for f in field_names(_kind(args[p])))
            call.append(f"_s2sad_record_{p}({fields})")
        else:
            call.append(name)
    fname = fn.target.name
    source = f"def {fname}({', '.join(names)}):\n    return _s2sad_func({', '.join(call)})\n"
    filename = f"<s2sad record arguments of {fname} {len(_WRAPPERS)}>"
    scope = {"_s2sad_func": fn.func, **{f"_s2sad_record_{p}": _kind(args[p]) for p in pos}}
    exec(compile(source, filename, "exec"), scope)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    _WRAPPERS[key] = scope[fname]
    return scope[fname]
