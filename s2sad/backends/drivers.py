"""Drivers around a compiled adjoint: ``grad``, ``value_and_grad`` and ``vjp`` as numba
functions (built as ASTs and emitted into the generated module).

``_s2sad_grad(x, y)`` calls the adjoint ``f_adjoint(x, y, 1.0)`` and returns each gradient
the way ``s2sad.grad`` does from Python: shaped like its argument, a float for a
scalar, a fresh array that shares memory with no argument and no other
gradient (``own``). The same drivers serve ``g.compiled`` (called from the
user's ``@numba.njit`` code) and the fast Python call path
(:mod:`s2sad.backends.fastcall`), so both return what the checking path returns.
"""
import ast

import llvmlite.binding as llvm
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.core.imputils import impl_ret_borrowed
from numba.extending import intrinsic, overload

from .. import astutil as A
from ..errors import ArgumentError, NonScalarOutputError
from .dout_fits import dout_message
from .live import PREFIX
from .numba_helpers.numba_support import gen, is_array

KINDS = ("grad", "grad_tuple", "value_and_grad", "value_and_grad_tuple", "vjp", "vjp_tuple")
FAST = "py_"                    # a fast-path driver of an adjoint with a static guard: "py_grad"...
TRY = "try_"                    # a fast-path driver calling the adjoint without fallbacks: "try_py_grad"...
RECALL_TRY = "_s2sad_recall_try"    # the recall typed by that adjoint (bound in the module's header)


def driver_name(kind):
    return f"_s2sad_{kind}"


def driver_defs(adjoint, params, data, wrt_pos, fresh, fname, fast=None, first=None, ranks=()):
    """One FunctionDef per kind in KINDS, for the adjoint named ``adjoint`` of ``params``
    wrt positions ``wrt_pos``; ``data``: the names of the globals the adjoint takes as
    parameters after ``params`` (the drivers pass the module's values: frozen when numba
    compiles them); ``fresh[k]``: gradient k needs no copy (inplace.fresh_results);
    ``fname``: the differentiated function's name, for the refusal of an ndarray subclass.
    ``fast``: also one per kind for the fast Python call path (:mod:`.fastcall`), whose arrays
    go back to Python as ``boxing.Boxed``: ``live.PREFIX`` (they check the adjoint's guard
    first, :mod:`.live`) or ``FAST`` (a static guard: nothing to check). ``first``: the adjoint
    without fallbacks (:mod:`.first_try`), also one fast driver per kind calling it (``TRY + fast
    + kind``): when it raises, the driver's result is the checking path's (``live`` recall).
    ``ranks``: each parameter's rank the adjoint is specialised on (None: any), checked when numba
    types a driver (``rank_inline``)."""
    kinds = list(KINDS) + ([f"{fast}{kind}" for kind in KINDS] if fast else [])
    kinds += [f"{TRY}{fast}{kind}" for kind in KINDS] if fast and first else []
    return [_driver(kind, first if kind.startswith(TRY) else adjoint, params, data, wrt_pos, fresh, fname, ranks)
            for kind in kinds]


def value_of(r):
    """``r[0]``: the output in the adjoint's result ``r``."""
    return ast.Subscript(value=A.name(r), slice=A.const(0), ctx=ast.Load())


def bare_kind(kind):
    """``kind`` without its fast-path prefixes: 'grad', 'vjp_tuple'..."""
    return kind.removeprefix(TRY).removeprefix(PREFIX).removeprefix(FAST)


def free_name(base, taken):
    """``base``, or ``base_``, ``base__``...: a local of generated code that is none of ``taken``."""
    while base in taken:
        base += "_"
    return base


def _driver(kind, adjoint, params, data, wrt_pos, fresh, fname, ranks=()):
    taken = set(params) | set(data)
    r, dout = free_name("r", taken), free_name("dout", taken)
    vjp = bare_kind(kind).startswith("vjp")
    args = list(params) + ([dout] if vjp else [])
    seed = A.call("_s2sad_real", A.name(dout)) if vjp else A.const(1.0)
    passed = [A.call("_s2sad_real" if k in wrt_pos else "_s2sad_contig", A.name(p))
              for k, p in enumerate(list(params) + list(data))]
    said = [f"argument `{p}`" for p in params] + (["the head gradient `dout`"] if vjp else [])
    body = [ast.Expr(value=A.call("_s2sad_plain", A.name(a), A.const(f"{fname}(): {what}")))
            for a, what in zip(args, said)]
    ranks = list(ranks[:len(params)]) + list(ranks[len(params):] if vjp else [])   # dout's: the output's
    body += [ast.Expr(value=A.call("_s2sad_rank", A.name(p), A.const(r), A.const(f"{fname}(): {what}")))
             for p, r, what in zip(args, ranks, said) if isinstance(r, int)]
    call = A.assign(r, A.call(adjoint, *passed, seed))
    pack = lambda names: ast.Tuple(elts=names, ctx=ast.Load())
    again = A.assign(r, A.call(RECALL_TRY if kind.startswith(TRY) else "_s2sad_recall",
                               pack([A.clone(p) for p in passed] + [A.clone(seed)]), pack([A.name(a) for a in args])))
    if kind.startswith(TRY):        # it raised (BroadcastNeeded or an error): the checking path's result
        call = ast.Try(body=[call], handlers=[ast.ExceptHandler(type=A.name("Exception"), name=None,
                                                                 body=[A.clone(again)])], orelse=[], finalbody=[])
    if kind.removeprefix(TRY).startswith(PREFIX):     # the guard first (.live): the checking path's result if it fails
        call = ast.If(test=A.call("_s2sad_live"), body=[call], orelse=[again])
    body.append(call)
    if vjp and kind in KINDS:   # g.compiled: dout's lengths (the Python path checks them itself)
        body.append(ast.Expr(value=A.call("_s2sad_fits", value_of(r), A.name(dout),
                                          A.const(dout_message(fname)))))
    if not vjp:     # a gradient is of a number (an adjoint of any rank: its output's rank is the call's)
        value = ast.Subscript(value=A.name(r), slice=A.const(0), ctx=ast.Load())
        body.append(ast.Expr(value=A.call("_s2sad_rank", value, A.const(0), A.const(f"{fname}(): the output"))))
    grads = []
    for k, pos in enumerate(wrt_pos):
        g = free_name(f"g{k + 1}", taken)
        raw = ast.Subscript(value=A.name(r), slice=A.const(k + 1), ctx=ast.Load())
        helper = "_s2sad_own" if k < len(fresh) and fresh[k] else "_s2sad_own_copy"
        body.append(A.assign(g, A.call(helper, raw, A.name(params[pos]))))
        grads.append(A.name(g))
    value = ast.Subscript(value=A.name(r), slice=A.const(0), ctx=ast.Load())
    if kind.removeprefix(TRY).startswith((PREFIX, FAST)):        # to Python: boxing.boxed
        grads, value = [A.call("_s2sad_boxed", g) for g in grads], A.call("_s2sad_boxed", value)
    result = grads[0] if len(grads) == 1 and not kind.endswith("_tuple") else ast.Tuple(elts=grads, ctx=ast.Load())
    if bare_kind(kind).startswith("value_and_grad"):
        result = ast.Tuple(elts=[value, result], ctx=ast.Load())
    body.append(ast.Return(value=result))
    # empty: the fast call path's star slot; none in ``g.compiled``'s drivers, which numba inlines
    rest = ast.arg(arg=free_name("_s2sad_rest", taken)) if kind not in KINDS else None
    fdef = ast.FunctionDef(name=driver_name(kind), args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=a) for a in args], vararg=rest, kwonlyargs=[],
        kw_defaults=[], kwarg=None, defaults=[]), body=body, decorator_list=[], returns=None,
        type_params=[])
    return fdef     # no locations: only emit.to_source reads it (astor reads none)


# ------------------------------------------------------------------ plain
_PLAIN = {"s2sad_numpy_ndarray_type": np.ndarray, "s2sad_numpy_memmap_type": np.memmap}
for _symbol, _type in _PLAIN.items():
    llvm.add_symbol(_symbol, id(_type))     # the addresses of the type objects, for _is_plain


def plain(x, what):
    """Nothing in Python: the checking path refuses ndarray subclasses (``subclasses``) before
    a driver runs. Compiled, it refuses an array that came from Python as a subclass: numba's
    C dispatch types an np.matrix or a masked array as a plain array, so a driver compiled for
    arrays would run on it, with ndarray's derivative (``what``: "f(): argument `x`")."""


def _plain_bit(context, builder, arrty, value):
    """The LLVM bit ``_is_plain`` computes for array ``value`` of type ``arrty``."""
    parent = context.make_array(arrty)(context, builder, value).parent
    module = builder.module
    known = [module.globals.get(name) or ir.GlobalVariable(module, ir.IntType(8), name) for name in _PLAIN]
    result = cgutils.alloca_once_value(builder, cgutils.true_bit)
    with builder.if_then(cgutils.is_not_null(builder, parent)):
        kind = builder.bitcast(context.get_python_api(builder).get_type(parent), known[0].type)
        same = [builder.icmp_unsigned("==", kind, k) for k in known]
        builder.store(builder.or_(*same), result)
    return builder.load(result)


@intrinsic
def _is_plain(typingctx, x):
    """True unless array ``x`` came from Python as an instance of a subclass of np.ndarray other
    than np.memmap (its ``parent``, the Python object numba unboxed it from, is of another type;
    an array made by compiled code has none). The type is compared with the addresses numba's
    linker resolves for the ``_PLAIN`` symbols at load time, so the machine code stays cacheable."""
    def codegen(context, builder, sig, args):
        return _plain_bit(context, builder, sig.args[0], args[0])
    return types.boolean(x), codegen


def _plain_message(what):
    said = getattr(what, "literal_value", "an argument")
    return (f"{said} is an instance of a subclass of np.ndarray (np.matrix, a masked array...), whose "
            "operations s2sad does not model. Pass np.asarray(...) (a masked array: .filled(value)).")


@intrinsic(prefer_literal=True)
def plain_inline(typingctx, x, what):
    """``plain`` as the drivers call it (``_s2sad_plain``): its test and raise lowered inline in
    the driver, where the overload was a function of its own per argument type and message
    that numba typed, optimised and compiled to machine code (a driver of four arguments:
    0.09 s CPU of its first compile)."""
    message = _plain_message(what)

    def codegen(context, builder, sig, args):
        if isinstance(sig.args[0], types.Array):
            ok = _plain_bit(context, builder, sig.args[0], args[0])
            with builder.if_then(builder.not_(ok), likely=False):
                context.call_conv.return_user_exc(builder, ArgumentError, (message,))
        return context.get_dummy_value()
    return types.none(x, what), codegen


@overload(plain, prefer_literal=True)
def _ov_plain(x, what):
    if not isinstance(x, types.Array):
        return lambda x, what: None
    message = _plain_message(what)

    def check(x, what):
        if not _is_plain(x):
            raise ArgumentError(message)
    return check


# ------------------------------------------------------------------ rank
def _rank_of(x):
    """The rank a build specialises on for numba type ``x`` (``expr_ranks.of_value``): a number's
    0, an array's ndim (a 0-d array is a number there too); None for another type (not checked)."""
    if isinstance(x, types.Array):
        return x.ndim
    return 0 if isinstance(x, (types.Number, types.Boolean)) else None


@intrinsic(prefer_literal=True)
def rank_inline(typingctx, x, rank, what):
    """``_s2sad_rank(x, r, "f(): argument `x`")``: nothing at run time; when numba types a driver
    for an ``x`` whose rank is not the ``r`` its adjoint was specialised on (``g.compiled`` called
    with other kinds than the call it was built after, from Python or the user's njit code),
    s2sad's ArgumentError (numba 0.68 passes an exception that is not its own through unchanged):
    the adjoint of another rank computed a wrong gradient, or failed inside numba's typing."""
    got = _rank_of(x)
    if got is not None and got != rank.literal_value:
        said = lambda r: "a number (or a 0-d array)" if r == 0 else f"a {r}-d array"
        if what.literal_value.endswith("the output"):
            raise NonScalarOutputError(f"{what.literal_value} is {said(got)} ({x}) for these arguments: a gradient is "
                                       "of a number. Use s2sad.vjp for an array output, or sum it.")
        raise ArgumentError(f"{what.literal_value} is {said(got)} ({x}), but this compiled gradient was built "
                            f"for {said(rank.literal_value)}: the adjoint is specialised on the ranks of the call "
                            "it was built after. Call the gradient from Python once with arguments of these kinds, "
                            "then take `.compiled` again (one dispatcher per kind of arguments).")

    def codegen(context, builder, sig, args):
        return context.get_dummy_value()
    return types.none(x, rank, what), codegen


# ------------------------------------------------------------------ contig
def contig(x):
    """``x`` as the compiled adjoint takes it. An array that is not C-contiguous (a view with
    steps, a reversed view, an F-ordered matrix) becomes a C-contiguous copy: numba's
    BLAS-backed functions give wrong results on negative strides (``np.linalg.norm(x[::-1])``
    in numba 0.68), and a variable holding an F-ordered argument and later a C-ordered result
    is typed with layout 'A', on which numba 0.68 cannot compute ``4 * U`` ("Don't know how
    to allocate array with layout 'A'"). float32 becomes float64: numba has no mixed-precision ``@`` and promotes float32
    with a Python float to float64, so the function would change a variable's type; a 0-d
    float array becomes a float (numba computes with 0-d arrays as numbers, so they too
    would change type). An array in the other byte order (``'>f8'`` here) is in this machine's:
    numba has no type for it. Integer and boolean values (indices, masks) are left as they are."""
    if isinstance(x, np.ndarray):
        if not x.dtype.isnative:
            x = x.astype(x.dtype.newbyteorder("="))
        if x.ndim == 0 and x.dtype.kind == "f":
            return float(x)
        if x.dtype == np.float32:
            return x.astype(np.float64)
        return x if x.flags.c_contiguous else np.ascontiguousarray(x)
    return float(x) if isinstance(x, np.float32) else x


def real(x):
    """``contig``, and a differentiated value or head gradient as a float / float64 array
    (integers and booleans as numbers), as the checking path converts it (for ``g.compiled``
    called with integers from numba code)."""
    if isinstance(x, np.ndarray) and x.dtype.kind in "biu":
        return x.astype(np.float64)
    if isinstance(x, (int, np.integer, np.bool_)):
        return float(x)
    return contig(x)


@overload(contig)
def _ov_contig(x):
    if isinstance(x, types.Array) and x.ndim == 0 and isinstance(x.dtype, types.Float):
        return lambda x: np.float64(x[()])
    if isinstance(x, types.Array) and x.dtype == types.float32:
        return lambda x: x.astype(np.float64)
    if isinstance(x, types.Array) and x.layout != "C":
        return lambda x: np.ascontiguousarray(x)
    if x == types.float32:
        return lambda x: np.float64(x)
    return lambda x: x


@overload(real)
def _ov_real(x):
    if isinstance(x, types.Array) and isinstance(x.dtype, (types.Integer, types.Boolean)):
        return lambda x: x.astype(np.float64)
    if isinstance(x, (types.Integer, types.Boolean)):
        return lambda x: np.float64(x)
    return lambda x: contig(x)


def _contig_same(x):
    """True if ``contig`` gives values of numba type ``x`` back unchanged."""
    if isinstance(x, types.Array):
        return x.layout == "C" and x.dtype != types.float32 and not (x.ndim == 0 and isinstance(x.dtype, types.Float))
    return x != types.float32


def _real_same(x):
    """True if ``real`` gives values of numba type ``x`` back unchanged."""
    numbers = (types.Integer, types.Boolean)
    return not isinstance(x.dtype if isinstance(x, types.Array) else x, numbers) and _contig_same(x)


def _inline(fn, same, arity=1):
    """An intrinsic calling ``fn`` as the drivers do: when ``fn`` gives its first argument back
    unchanged (``same`` of the argument types: a C-contiguous float64 array, a float, the
    usual case) that value is passed on inline; otherwise ``fn``'s overload is called. Each
    overload was a function numba compiled per argument types, for a driver's every parameter
    and gradient (0.1 s CPU of linear regression's descent driver)."""
    def typer(typingctx, *argtys):
        if same(*argtys):
            return argtys[0](*argtys), lambda context, builder, sig, args: impl_ret_borrowed(
                context, builder, sig.return_type, args[0])
        fnty = typingctx.resolve_value_type(fn)
        call = typingctx.resolve_function_type(fnty, argtys, {})

        def codegen(context, builder, sig, args):
            return context.get_function(fnty, call)(builder, args)
        return call, codegen
    if arity == 1:
        return intrinsic(lambda typingctx, x: typer(typingctx, x))
    return intrinsic(lambda typingctx, g, like: typer(typingctx, g, like))


def contiguous(values):
    """``values`` (a tuple) with ``contig`` applied; the same tuple when nothing changes."""
    for v in values:
        t = type(v)
        if t is np.ndarray and (v.dtype == np.float32 or not v.flags.c_contiguous or not v.ndim
                                or not v.dtype.isnative) or t is np.float32:
            return tuple(contig(w) for w in values)
    return values


contig_inline = _inline(contig, _contig_same)     # the drivers' _s2sad_contig
real_inline = _inline(real, _real_same)           # the drivers' _s2sad_real


# ------------------------------------------------------------------ own
def own(g, like):
    """Gradient ``g`` of argument ``like`` as ``s2sad.grad`` returns it: a float for a
    scalar, an array of ``like``'s shape (float64, or complex128 for complex) otherwise."""
    if isinstance(like, np.ndarray):
        dtype = np.result_type(like.dtype, np.float64)
        if not isinstance(g, np.ndarray) or g.shape != like.shape or g.dtype != dtype:
            g = np.asarray(g, dtype=dtype).reshape(like.shape)
        return g
    if np.ndim(g) == 0 and not isinstance(g, complex):
        return float(g)
    return g


def own_copy(g, like):
    """``own``, as a fresh array: for a gradient that may share memory with an argument,
    ``dout`` or another gradient."""
    g = own(g, like)
    return g.copy() if isinstance(g, np.ndarray) else g


def _own_source(g, like, copy):
    if not is_array(like):
        if isinstance(g, (types.Integer, types.Boolean, types.Float)):
            return "def own(g, like):\n    return float(g)\n"
        return f"def own(g, like):\n    return {'g.copy()' if copy and is_array(g) else 'g'}\n"
    target = "np.complex128" if isinstance(like.dtype, types.Complex) else "np.float64"
    if not is_array(g):
        return f"def own(g, like):\n    return np.full(like.shape, g, dtype={target})\n"
    lines = ["def own(g, like):"]
    converted = g.dtype != (types.complex128 if target == "np.complex128" else types.float64)
    if converted:
        lines.append(f"    g = g.astype({target})")
    lines += ["    if g.shape != like.shape:", "        return np.ascontiguousarray(g).reshape(like.shape)"
              + (".copy()" if copy and not converted else "")]
    lines.append(f"    return {'g.copy()' if copy and not converted else 'g'}")
    return "\n".join(lines) + "\n"


def _own_same(g, like):
    """True if ``own``/``own_copy`` give ``g`` back unchanged: a float64 gradient of a number."""
    return g == types.float64 and not is_array(like)


own_inline = _inline(own, _own_same, 2)             # the drivers' _s2sad_own
own_copy_inline = _inline(own_copy, _own_same, 2)   # and _s2sad_own_copy


@overload(own)
def _ov_own(g, like):
    return gen(_own_source(g, like, False), "own", {"np": np}, __name__)


@overload(own_copy)
def _ov_own_copy(g, like):
    return gen(_own_source(g, like, True), "own", {"np": np}, __name__)


def store(out, g):
    """Write gradient ``g`` into the buffer ``out`` (shaped like the parameter)."""
    out[...] = g


@overload(store)
def _ov_store(out, g):
    if is_array(g):
        def store(out, g):
            flat = out.reshape(out.size)
            src = np.ravel(g)
            for k in range(flat.shape[0]):
                flat[k] = src[k]
        return store
    return lambda out, g: out.fill(g)
