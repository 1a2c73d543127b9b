"""Which arguments a call's result may share memory with: the alias model's one table.

NumPy returns a *view* (or the argument itself) from many functions, sometimes only for some
layouts or keywords (``np.reshape`` of a C-ordered array, ``np.array(x, copy=False)``,
``np.diff(x, n=0)``). The alias stage (``analyses/alias.py``), the tape analysis
(``analyses/tape.py``) and forward mode (``transforms/forward.py``, ``pipeline_forward.py``) all
ask ``shared_arguments(fn, call)``: the names the result of ``call`` may hold a view of. Every
entry says why.

Invariant (sound): a function whose result can share memory with an argument for *some*
inputs is listed in ``views()`` (never in ``new()``); ``new()`` lists only functions whose result is a
fresh buffer whatever the arguments; a NumPy ufunc or a ``math`` function makes a new value, and
so does each of s2sad's run-time helpers (``rules/runtime.py``) that ``views()`` does not list;
a function the table does not know may return (a view of) any argument. A call that writes
into an array it is given (``out=``, a ufunc's extra positional argument) is a write the alias
stage cannot follow: ``writes_into`` names it, and the alias stage refuses it.
``tests/analyses/test_alias_views.py`` classifies every function the rule tables know and
checks each entry against ``np.shares_memory`` on 1-d, 2-d, 3-d, C- and F-ordered inputs.
"""
import ast
import builtins
import functools
import math
import operator
import statistics

import numpy as np

from .. import astutil as A
from ..frontend.resolve import positional_index

FIRST = "first"          # (a view of) the first argument
ALL = "all"              # (a view of) any argument, or of an element of a list argument


def _keyword(call, name, position=None):
    for k in call.keywords:
        if k.arg == name:
            return k.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _copy_not_true(call, position=None):
    """``np.array(x, copy=False)`` / ``copy=None`` (also ``x.astype(T, copy=False)``): a ``copy``
    given and not written True (at ``position`` when passed by position)."""
    node = _keyword(call, "copy", position)
    return node is not None and not (isinstance(node, ast.Constant) and node.value is True)


def _in_place(call):
    """``np.nan_to_num(x, copy=False)`` (``copy`` second by position too), or a copy not written True."""
    return _copy_not_true(call, 1)


def _n_may_be_zero(call):
    """``np.diff(x, n)`` with ``n`` not a positive constant."""
    node = _keyword(call, "n", 1)
    return node is not None and not (isinstance(node, ast.Constant) and isinstance(node.value, int)
                                     and node.value > 0)


def _m_may_be_zero(call):
    """``np.polyder(p, m)`` or ``np.polyint(p, m)`` with ``m`` not a positive constant."""
    node = _keyword(call, "m", 1)
    return node is not None and not (isinstance(node, ast.Constant) and isinstance(node.value, int)
                                     and node.value > 0)


def _bins_given(call):
    """``np.histogram(a, bins)`` with ``bins`` given (an array of edges is returned itself)."""
    return _keyword(call, "bins", 1) is not None


def _power_may_be_one(call):
    """``np.linalg.matrix_power(a, n)`` with ``n`` not a constant other than 1."""
    node = _keyword(call, "n", 1)
    return node is None or not (isinstance(node, ast.Constant) and isinstance(node.value, int) and node.value != 1)


def _always(call):
    return True


def _one_operand(call):
    """``np.einsum`` with one operand after its subscripts (``'ij->ji'``, ``'ii->i'``), or written
    another way (subscripts not a string constant, the interleaved form, ``*args``): NumPy's
    einsum returns a view only of a single operand; of two or more it allocates its result."""
    first = call.args[0] if call.args else None
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return True
    return len(call.args) <= 2 or any(isinstance(a, ast.Starred) for a in call.args)


@functools.cache
def views():
    """function -> (which arguments, when (the call's AST -> bool), why)."""
    from ..higher import stop_gradient
    from ..rules import runtime, tangent_runtime
    from ..rules.custom import checked_rule_result
    always = {
        "permutes or drops strides: always a view": (
            np.transpose, np.swapaxes, np.moveaxis, np.squeeze, np.expand_dims, np.flip, np.flipud, np.fliplr,
            np.rot90, np.diagonal, np.real, np.imag, np.matrix_transpose, np.permute_dims, np.broadcast_to,
            np.lib.stride_tricks.sliding_window_view, np.lib.stride_tricks.as_strided),
        "a view when the layout allows it (C- or F-order, contiguity): may share": (
            np.reshape, np.ravel, np.ascontiguousarray, np.asfortranarray, np.require),
        "the argument itself when it is already an array of that dtype": (
            np.asarray, np.asanyarray, np.asarray_chkfinite, np.float64, np.float32),
        "np.diag of a matrix is a view of its diagonal (of a vector: a new matrix)": (np.diag,),
        "views of the argument, one per piece": (
            np.split, np.array_split, np.hsplit, np.vsplit, np.dsplit, np.unstack),
        "returns its argument itself": (stop_gradient, runtime.checked),
        "x.conj() of a real array returns the array itself": (runtime.conj_method,),
        "returns its first argument itself when it has the other's float type (no cast)": (runtime.cast_like,),
        "returns the value a user's rule gives d[x] itself, after checking its shape": (checked_rule_result,),
        "x.item() of a value that is not an array returns it itself": (runtime.item,),
        "diff_grad(g, x, 0) returns g itself (np.diff with n=0)": (runtime.diff_grad,),
        "the adjoint itself when no axis was broadcast, or a view of it": (
            runtime.unbroadcast, runtime.reshape_grad, runtime.transpose_grad),
        "returns its first argument, written in place (forward mode's `b[idx] += g`)": (tangent_runtime.added_at,),
        "the incoming adjoint itself (prod_grad of a number), a view of it with the stacked axis first "
        "(stack_grad), or its elements a basic index selects (last_write_grad)": (
            runtime.prod_grad, runtime.stack_grad, runtime.last_write_grad),
    }
    table = {fn: (FIRST, _always, why) for why, fns in always.items() for fn in fns}
    table.update({fn: (ALL, _always, "each result is (a view of) the argument in its position")
                  for fn in (np.atleast_1d, np.atleast_2d, np.atleast_3d, np.broadcast_arrays, np.meshgrid, np.ix_)})
    table[tangent_runtime.pop] = (ALL, _always, "returns an element of its list argument itself (a tape's)")
    table.update({fn: (ALL, _always, "returns one of its arguments itself (a 0-d or one-element array)")
                  for fn in (builtins.max, builtins.min)})
    table.update({fn: (ALL, _always, "Python's max/min/sorted of one sequence: its items themselves")
                  for fn in (runtime.seq_max, runtime.seq_min, runtime.seq_sorted)})
    table[runtime.copy_method] = (ALL, _always, "x.copy() of a list: a new list of its items themselves")
    table[builtins.tuple] = (ALL, _always, "tuple(xs): a new tuple of the items themselves (of an array: its rows, views)")
    table[runtime.tuple_tangent] = (ALL, _always, "the tangent of tuple(xs): a tuple of the items' tangents themselves")
    table.update({fn: (FIRST, _always, "the tangent of the item(s) picked: rows of the tangent itself when it is a matrix")
                  for fn in (runtime.seq_extreme_tangent, runtime.seq_sorted_tangent)})
    table[np.einsum] = (ALL, _one_operand, "a view when it only permutes axes or takes a diagonal "
                        "of its one operand ('ij->ji', 'ii->i', 'ij'); the operands may come first "
                        "(np.einsum(a, [0, 1], [1, 0])); of two or more operands a new array")
    table[np.array] = (FIRST, _copy_not_true, "copy=False or copy=None returns the argument itself "
                       "when no conversion is needed (x.astype(T, copy=False) is np.array(x, dtype=T, copy=False))")
    table[np.diff] = (FIRST, _n_may_be_zero, "np.diff(x, n=0) returns x itself")
    table.update({fn: (FIRST, _m_may_be_zero, "np.polyder(p, 0) and np.polyint(p, 0) return p itself")
                  for fn in (np.polyder, np.polyint)})
    table[np.nan_to_num] = (FIRST, _in_place, "np.nan_to_num(x, copy=False) returns x itself, written in place "
                            "(copy=True, the default: a new array)")
    table[np.linalg.matrix_power] = (FIRST, _power_may_be_one, "np.linalg.matrix_power(a, 1) returns a itself")
    table[np.histogram] = (ALL, _bins_given, ("np.histogram(a, bins) with bins an array of floats returns that "
                                              "array itself as its edges (the counts: a new array)"))
    return table


@functools.cache
def new():
    """function -> why its result is always a fresh buffer."""
    from ..rules import grads_elementwise, runtime, schedule, tangent_runtime
    from ..rules.grads import NONDIFFERENTIABLE
    table = {
        "allocates its result": (
            np.copy, np.sort, np.take, np.take_along_axis, np.pad, np.tile, np.roll, np.repeat, np.concatenate,
            np.stack, np.hstack, np.vstack, np.dstack, np.column_stack, np.where, np.clip, np.cumsum, np.cumprod,
            np.tril, np.triu, np.kron, np.outer, np.dot, np.matmul, np.vdot, np.tensordot, np.cross, np.convolve,
            np.polyval, np.interp, np.gradient, np.linspace, np.arange, np.full, np.full_like, np.trapezoid,
            np.linalg.inv, np.linalg.solve, np.linalg.cholesky, np.linalg.eigh, np.linalg.eigvalsh, np.linalg.qr,
            np.linalg.svd, np.linalg.svdvals, np.linalg.pinv, np.linalg.lstsq, np.linalg.det, np.linalg.slogdet,
            np.linalg.norm, np.trace, np.vander, np.bincount, np.sinc, np.cov, np.append, np.block, np.correlate,
            np.inner, np.ediff1d, np.corrcoef, np.polyfit, np.insert, np.delete, np.unwrap, np.partition,
            np.diagflat, np.i0, np.resize, np.choose, np.logspace, np.linalg.tensorsolve),
        "a reduction: a new array or a number (also with axis=())": (
            np.sum, np.prod, np.mean, np.std, np.var, np.max, np.min, np.amax, np.amin, np.average, np.median,
            np.percentile, np.quantile, np.nanpercentile, np.nanquantile, np.nansum, np.nanmean, np.nanmax, np.nanmin, np.nanmedian, builtins.sum, math.fsum,
            math.prod, math.dist, math.hypot, statistics.fmean, statistics.mean),
        "a series evaluated by arithmetic on x and c (one coefficient too: c[0] + 0 * x)": (
            np.polynomial.polynomial.polyval, np.polynomial.chebyshev.chebval, np.polynomial.legendre.legval,
            np.polynomial.hermite.hermval, np.polynomial.hermite_e.hermeval),
        "a Python number or a new array": (builtins.abs, builtins.pow, builtins.float, runtime.own),
        "a new list or tuple of copies, or a copy (a list parameter's copy on entry)": (
            schedule.snapshot, schedule.param_snapshot),
        "a pair of Python numbers or of new arrays": (builtins.divmod,),
        "a gather (the tangent in sorted order): a new array": (tangent_runtime.sort_tangent,),
        "an operator on arrays allocates its result (`+x` copies)": (
            operator.add, operator.sub, operator.mul, operator.truediv, operator.pow, operator.mod, operator.neg,
            operator.pos, operator.matmul, grads_elementwise.constant_over),
        "s2sad's own helpers, each building a new array": tuple(
            getattr(runtime, n) for n in (
                "diag_grad", "diagonal_grad", "gathered", "join_grad", "kron_grad_left",
                "kron_grad_right", "median_grad", "pad_grad", "pad_value_grad", "repeat_grad", "roll_grad",
                "scattered", "added_at", "take_grad", "tile_grad", "zeros_pieces", "digamma", "erf_slope", "accumulate_source",
                "vander_slope", "cov_grad", "cov_tangent", "ufunc_at", "ufunc_at_grad_a", "ufunc_at_grad_v",
                "ufunc_at_tangent", "diagonal_index", "along_axis_index", "put_index", "layout_index")),
        "s2sad's non-differentiable table: integers, tests, allocations, Python plumbing": tuple(
            fn for fns in NONDIFFERENTIABLE.values() for fn in fns if _lookup(fn) is None),  # not np.imag
    }
    return {fn: why for why, fns in table.items() for fn in fns}


_SCIPY_NEW = ("solve_triangular", "solve", "expm", "lfilter", "convolve", "correlate", "lu_factor",  # overwrite_a/b=True:
              "pinv", "lstsq", "sqrtm", "toeplitz", "block_diag",     # refused by the rule; toeplitz copies
              "fftconvolve", "oaconvolve", "convolve2d", "correlate2d", "sosfilt", "savgol_filter")   # its strided view


def is_new(fn):
    """True if ``fn``'s result never shares memory with an argument."""
    if isinstance(fn, np.ufunc) or getattr(fn, "__module__", None) == "math" \
            or isinstance(getattr(fn, "__self__", None), np.ufunc):
        return True   # a ufunc (np.exp, scipy.special.erf) or its accumulate, given no `out`; math returns floats
    if (getattr(fn, "__module__", None) or "").startswith("scipy.special"):
        return True   # logsumexp, softmax, log_softmax (rules installed once scipy.special is imported): computed
    if (getattr(fn, "__module__", None) or "").startswith(("scipy.linalg", "scipy.signal")) \
            and getattr(fn, "__name__", None) in _SCIPY_NEW:
        return True   # rules installed once scipy.linalg / scipy.signal is imported: computed
    if getattr(fn, "__module__", None) == "s2sad.rules.runtime" and _lookup(fn) is None:
        return True   # s2sad's run-time helpers build new arrays unless views() lists them
    try:
        return fn in new()
    except TypeError:
        return False


def shared_arguments(fn, call):
    """The names (among ``call``'s arguments) whose memory the result of ``call`` (a call of
    ``fn``) may share."""
    if fn is None and _array_method(call) is not None:
        return _method_shares(call)
    entry = _lookup(fn)
    if entry is None:
        if is_new(fn):
            return []
        return _names(list(call.args) + [k.value for k in call.keywords])   # unknown: any argument
    which, when, _ = entry
    if not when(call):
        return []
    if which == FIRST:
        return _names(call.args[:1] if call.args else [k.value for k in call.keywords])
    return _names(list(call.args))


FRESH, VIEW, ANY = "fresh", "view", "unknown"   # the words of backends/inplace.py's kinds


def result_kind(fn, call):
    """``FRESH`` if the result of ``call`` (calling ``fn``) is a new buffer (or a number),
    ``VIEW`` if it may be (a view of) its first argument, ``ANY`` if it may share memory with
    any argument or anything else. For code s2sad generates: its own run-time helpers
    (``rules/runtime.py`` and the modules adding to it) build new arrays unless ``views()``
    lists them."""
    entry = _lookup(fn)
    if entry is not None:
        which, when, _ = entry
        return FRESH if not when(call) else VIEW if which == FIRST else ANY
    if is_new(fn):
        return FRESH
    return ANY


@functools.cache
def _by_name():
    table = {}
    for fn, entry in views().items():
        if getattr(fn, "__module__", None) != "builtins":   # max(a, b) is never called as an attribute
            table[fn.__name__] = entry
    table.update({"view": (FIRST, _always, "x.view(): a view"), "item": (FIRST, _always, "x.item() of a number")})
    return table


def named_view(call):
    """For passes that see calls by name (``np.flip(x)``, ``x.reshape(n)``): None if the call's
    result is fresh, ``FIRST`` if it may be (a view of) its first argument (a method's object),
    ``ALL`` if it may share any argument."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in _by_name():
        return None
    which, when, _ = _by_name()[call.func.attr]
    return which if when(call) else None


def writes_into(fn, call):
    """The argument a call writes its result into (``out=c``, ``np.exp(x, c)``, ``np.dot(a, b, c)``,
    ``np.nan_to_num(x, copy=False)``), or None."""
    node = _keyword(call, "out")
    if node is None and isinstance(fn, np.ufunc) and len(call.args) > fn.nin:
        node = call.args[fn.nin]
    position = positional_index(fn, "out")
    if node is None and position is not None and len(call.args) > position:
        node = call.args[position]
    if node is None and fn is np.nan_to_num and _in_place(call):    # copy=False: x is written
        node = call.args[0] if call.args else _keyword(call, "x")
    return node if node is not None else _overwritten(fn, call)


def _overwritten(fn, call):
    """SciPy's ``overwrite_a=``/``overwrite_b=`` not written as False (``lu_factor(a, True)``): SciPy
    may write into ``a``/``b`` (the rules refuse it), so the call may share their memory."""
    if not (getattr(fn, "__module__", None) or "").startswith("scipy."):
        return None
    for k, name in enumerate(("overwrite_a", "overwrite_b")):
        flag, position = _keyword(call, name), positional_index(fn, name)
        if flag is None and position is not None and len(call.args) > position:
            flag = call.args[position]
        if flag is not None and not (isinstance(flag, ast.Constant) and flag.value is False) and len(call.args) > k:
            return call.args[k]
    return None


def write_form(fn, call=None):
    """How a call of ``fn`` that ``writes_into`` an argument says so, and what to write instead."""
    if call is not None and _overwritten(fn, call) is not None and writes_into(fn, call) is _overwritten(fn, call) \
            and _keyword(call, "out") is None:
        return ("`overwrite_a=`/`overwrite_b=` not False (SciPy may then write into the argument)",
                "Leave overwrite_a and overwrite_b at False, the default: the derivative needs the argument unchanged.")
    if fn is np.nan_to_num:
        return "`copy=False`", "Write `y = np.nan_to_num(x)` (copy=True, the default: a new array)."
    return "`out=`", "Assign the result to a name instead (`c = np.exp(x)`)."


def _array_method(call):
    """A method of an array the frontend knows, called on a value left whole (an inactive
    ``np.arange(6).astype(float)``): ``(np function, the call with the receiver first)``, as
    ``frontend/methods.py`` rewrites it (``x.astype(T)`` is ``np.array(x, dtype=T)``: its
    argument is a dtype, never memory the result shares), else None."""
    from ..frontend.methods import METHODS
    func = call.func
    if not isinstance(func, ast.Attribute) or not METHODS.get(func.attr):
        return None
    fn = np.array if func.attr == "astype" else getattr(np, METHODS[func.attr][3:])
    args, keywords = [ast.Name(id=_RECEIVER, ctx=ast.Load())] + list(call.args), list(call.keywords)
    if func.attr == "astype":
        args, keywords = args[:1], [ast.keyword(arg="dtype", value=a) for a in call.args[:1]] + keywords
    return fn, ast.Call(func=func, args=args, keywords=keywords)


_RECEIVER = "<receiver>"


def _method_shares(call):
    """The names ``x.reshape(n)`` (an array method, ``_array_method``) may share: those its receiver
    may, when the method's result may be (a view of) the receiver (a call's receiver, ``f(a).T``,
    shares what that call's result may: read with the unknown-function rule when not a method)."""
    names = shared_arguments(*_array_method(call))
    if _RECEIVER not in names:
        return names
    receiver = call.func.value
    held = shared_arguments(None, receiver) if isinstance(receiver, ast.Call) else _names([receiver])
    return [n for n in names if n != _RECEIVER] + [n for n in held if n not in names]


def _lookup(fn):
    try:
        return views().get(fn)
    except TypeError:
        return None


def _names(nodes):
    """Names an argument may hand over: itself, a list's elements, the root of ``k[1:]``."""
    out = []
    for node in nodes:
        for n in A.walk(node) if not isinstance(node, ast.Name) else [node]:
            if isinstance(n, ast.Name) and n.id not in out:
                out.append(n.id)
    return out
