"""From what the generated adjoint returns to what the user receives, and the primal's word
when the generated code fails.

Invariants: every gradient handed to the user has its argument's shape, is real, in float64
or, for a float32 argument, float32 (``in_dtypes``: as JAX, PyTorch and autograd return it; jvp's
tangent is float32 when every differentiated argument is), and shares no memory with another
gradient, an argument or the head gradient (the user may modify it); ``run_primal`` never runs the
user's function on the caller's arrays.
"""
import contextlib
import traceback

import numpy as np

from . import arguments, integer_args
from .errors import S2sadError
from .targets import call


def shaped(grads, args, dout, wrt_pos, params, fname):
    """The gradients ``grads`` of the arguments at ``wrt_pos``, each shaped like its argument."""
    out = []
    for i, g in zip(wrt_pos, grads):
        x = args[i]
        if isinstance(x, dict):  # a dict of gradients, built by the adjoint
            out.append(arguments.user_gradient(x, g))
            continue
        if type(x) is np.ndarray:
            if type(g) is not np.ndarray or g.shape != x.shape or g.dtype != np.float64:
                g = _as_real(g, params[i], fname)
                if g.shape != x.shape:
                    g = _reshaped(g, x, params[i], fname)
            if any(type(o) is np.ndarray and np.may_share_memory(g, o) for o in (*out, *args, dout)):
                g = g.copy()
        elif type(g) is not float:
            g = float(_as_real(g, params[i], fname)) if np.ndim(g) == 0 else np.asarray(g)
        out.append(g)
    return out


def float32_flags(args, wrt_pos):
    """For each differentiated argument as the caller passed it: True if it is float32 (an array
    or ``np.float32``). The adjoint computes in float64 (numba's rules are compiled for it)."""
    return tuple(isinstance(args[i], np.float32) or type(args[i]) is np.ndarray and args[i].dtype == np.float32
                 for i in wrt_pos)


def in_dtypes(results, flags):
    """``results`` (one per differentiated argument) each given its argument's float dtype:
    float32 where ``flags`` says so (a new array; ``np.float32`` for a number), else as it is."""
    return [_float32(r) if f else r for r, f in zip(results, flags)]


def _float32(r):
    if isinstance(r, tuple):
        return tuple(_float32(e) for e in r)
    if isinstance(r, np.ndarray):
        return r.astype(np.float32)
    return np.float32(r) if np.ndim(r) == 0 else r


def run_primal(func, args, exc, ints=None, fname=None):
    """The generated code failed with ``exc``: run ``func`` on copies of ``args`` (never the
    caller's arrays). ``(True, value)`` if it runs; if it fails, its own exception is raised
    (the user's error at their line, not the generated code's, even when of the class of ``exc``:
    ``WORK += x`` on a global is an UnboundLocalError in both). If it fails
    only because the integers ``ints`` are floats in ``args``, that is refused (see
    ``integer_args.refuse_integer_use``)."""
    if isinstance(exc, S2sadError) and not _is_jit_error(exc) and not _is_build_failure(exc):
        return False, None      # s2sad's own refusal stands
    try:
        return True, call(func, [arguments.copied(a) for a in args])
    except Exception as own:  # (raised again below, unless the integers explain it)
        if ints:
            integer_args.refuse_integer_use(func, args, ints, own, fname or func.__name__)
        raise own from None


@contextlib.contextmanager
def building(func, fname):
    """Generating the derivative code of ``func`` (called ``fname``): an exception of s2sad's own
    compiler (not an ``S2sadError``) leaves as a ``BuildFailedError`` that says so, on every path
    that builds (a call, ``.source``, ``minimize``, ``hvp``, ``g.compiled``), never as a bare
    ``KeyError``."""
    try:
        yield
    except S2sadError:
        raise
    except Exception as exc:
        from .errors import BuildFailedError
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        code = getattr(func, "__code__", None)
        where = f'File "{code.co_filename}", line {code.co_firstlineno}, in {fname}: ' if code else f"In `{fname}`: "
        raise BuildFailedError(
            f"{where}s2sad failed while generating the derivative code: {type(exc).__name__}: {exc} "
            f"(in {frame.filename}, line {frame.lineno}). This is a bug in s2sad, not in `{fname}`; please "
            "report it with the function. Meanwhile, differentiate a smaller part of the function to find "
            "the construct it trips on, and write that part another way.") from exc


def adjoint_failed(exc, fname):
    """The located ``AdjointFailedError`` for ``exc``, an exception the generated code raised
    (not an ``S2sadError``) where the user's function runs on the same arguments."""
    from .backends.emit import where_of
    from .errors import AdjointFailedError
    where = where_of(exc) or f"In `{fname}`: "
    return AdjointFailedError(
        f"{where}s2sad's derivative code for this line raised {type(exc).__name__}: {exc}, although "
        f"`{fname}` itself runs on these arguments. Either the derivative cannot be evaluated here "
        "(e.g. a matrix singular in the derivative only) or s2sad has a bug; please report it. "
        "Meanwhile, differentiate at other values or rewrite this line (print `.source` to read "
        "the derivative code).")


def _is_build_failure(exc):
    from .errors import BuildFailedError
    return isinstance(exc, BuildFailedError)


def _is_jit_error(exc):
    from .backends.errors import JitError
    return isinstance(exc, JitError)


def _as_real(g, pname, fname):
    g = np.asarray(g)
    if g.dtype.kind == "c":
        raise arguments.ArgumentError(f"{fname}(): the gradient with respect to `{pname}` is complex: complex "
                                      "values reached the differentiated computation; s2sad differentiates "
                                      "real functions.")
    return g.astype(np.float64, copy=False)


def _reshaped(g, x, pname, fname):
    if g.size != x.size:
        raise S2sadError(f"internal error: the gradient of `{fname}` with respect to `{pname}` has shape "
                         f"{g.shape}, the argument {x.shape}. This is a bug in s2sad: please report it "
                         "with the function.")
    return g.reshape(x.shape)


def structure(args):
    """The shape of the dict and tuple arguments in ``args`` (their keys, their lengths), or None
    when there are none: what the primal's own unpacking and key errors depend on."""
    out = tuple((type(a).__name__, tuple(a)) if isinstance(a, dict) else None for a in args)
    return out if any(out) else None


def run_primal_on_aggregates(func, args):
    """Run ``func`` once on copies of ``args`` (differentiated tuples as tuples again) so that
    its own errors on a dict or tuple argument (``a, b = t`` with three items, a missing key)
    reach the user as Python raises them: the adjoint reads the items it uses by position or
    key, and would accept a tuple too long or refuse a short one in its own words."""
    from .arguments import TupleArgument
    plain = [a.plain() if isinstance(a, TupleArgument) else a for a in args]
    try:
        call(func, [arguments.copied(a) for a in plain])
    except Exception as own:    # the user's error, at their line
        raise own from None
