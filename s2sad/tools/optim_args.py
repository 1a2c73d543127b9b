"""The arguments of ``s2sad.minimize``, checked before anything is built.

Invariant: ``minimize`` only starts with a callable ``f`` returning a real
scalar at ``x0``, a real float or float array ``x0``, a known method, an
integral ``steps >= 0``, real hyper-parameters in the ranges PyTorch accepts
(``lr >= 0``, ``0 <= beta < 1``, ``eps >= 0``, ``momentum >= 0``) and ``args``
as a tuple; anything else is an ``ArgumentError`` (or the output errors of
``s2sad.arguments``), never an internal exception.
"""
import math
from numbers import Integral, Real

import numpy as np

from ..api import GradFunction
from ..subclasses import plain_args
from ..arguments import refuse_options
from ..errors import ArgumentError, NonScalarOutputError, NotDifferentiableError, OutputTypeError, S2sadError

METHODS = ("sgd", "momentum", "adam")


ACCEPTED = ("method", "lr", "steps", "args", "jit", "betas", "eps", "momentum")
_ADVICE = {
    "callback": "minimize has no callback: it runs the whole descent in one compiled loop. It returns "
                "res.losses (f at every step); to look at x on the way, run it in pieces "
                "(res = minimize(f, res.x, steps=k, ...): SGD continues exactly, Adam's and momentum's "
                "state restart with each piece)",
    "bounds": "minimize has no bounds (it does not project x): optimise an unconstrained z and map it "
              "inside f (x = lo + (hi - lo) / (1 + np.exp(-z)), or x = np.exp(z) for x > 0), or use "
              "scipy.optimize.minimize(f, x0, jac=s2sad.grad(f), bounds=...)",
}


def refuse_unknown(extra, options):
    """An ArgumentError for positional arguments after ``momentum`` or a keyword minimize does not
    take (``callback=``, ``bounds=``, SciPy's ``jac=``, ``tol=``...), naming those it accepts."""
    if extra:
        raise ArgumentError(f"minimize takes f, x0 and at most {len(ACCEPTED)} more positional arguments "
                            f"({', '.join(ACCEPTED)}); got {len(extra)} more.")
    refuse_options("minimize", options, ACCEPTED, instead=_ADVICE)


def checked(f, x0, method, lr, steps, args, jit, betas, eps, momentum, known=None, target=None):
    """The arguments of minimize, normalized: (x0 as a float or float array, steps as an int,
    args as a tuple), or an ArgumentError naming the bad one. ``known``: the type keys
    (``type_key``) of ``(x0, *args)`` a compiled descent of ``f`` already ran with:
    for those ``f`` is not called again to check its output (its numba types make it a
    scalar: the compiled loop stores it in a float array). ``target``: the ``targets.Target``
    of ``f`` that the gradient minimize reuses settled when it was made (None: resolved here)."""
    if not callable(f):
        raise ArgumentError(f"minimize: f must be a function f(x, *args) returning a scalar loss; got {f!r}.")
    if isinstance(f, GradFunction) or getattr(f, "_s2sad_derivative", False):   # grad(g), hvp(g)...
        raise NotDifferentiableError(
            f"minimize of {f!r}: minimize descends along s2sad's gradient of f, and s2sad differentiates a "
            "derivative again only as grad(grad(f)) of a scalar argument. Write the loss as a Python function.")
    if not isinstance(method, str) or method not in METHODS:
        raise ArgumentError(f"minimize: method={method!r}; choose one of {METHODS}.")
    steps = _steps(steps)
    if not isinstance(args, (tuple, list)):
        raise ArgumentError(f"minimize: args={args!r} must be a tuple of the extra arguments of f, "
                            "e.g. args=(data,).")
    if not isinstance(jit, (bool, np.bool_)):
        raise ArgumentError(f"minimize: jit={jit!r} must be True or False.")
    _real("lr", lr, low=0.0)
    _real("eps", eps, low=0.0)
    _real("momentum", momentum, low=0.0)
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ArgumentError(f"minimize: betas={betas!r} must be a pair (beta1, beta2), e.g. (0.9, 0.999).")
    for k, b in enumerate(betas):
        _real(f"betas[{k}]", b, low=0.0, below=1.0)
    x0, given = _x0(x0), plain_args(tuple(args), [f"args[{k}]" for k in range(len(args))], "minimize")
    args = _with_defaults(f, given, target)
    if not (known and jit and type_key((x0,) + args) in known):
        _scalar_loss(f, x0, given)
    return x0, steps, args


def _with_defaults(f, args, target=None):
    """The values the descent passes after ``x``: ``args``, then every later parameter of the
    function underneath ``f`` as the call ``f(x0, *args)`` binds it (defaults, keyword-only
    parameters, a functools.partial's keywords). A function whose first parameters are fixed
    (a bound method's ``self``, a partial's positional arguments) is refused: the descent runs
    on the first parameter of the function s2sad differentiates. ``target``: ``f``'s, when the
    gradient minimize reuses has it (resolving it again, two ``inspect.signature``, was half
    of minimize's own time per call)."""
    from .. import targets
    try:
        target = target or targets.resolve(f, "minimize")
    except S2sadError:
        return args                     # the build refuses it again, with its own message
    if target.fixed:
        raise ArgumentError(
            f"minimize: `{target.name}` has its first parameter `{target.params[0]}` fixed (a bound method's "
            "self, or a functools.partial's positional argument); minimize descends on the first parameter "
            "of the function it differentiates. Write the loss as a function taking x first, "
            "`def loss(x, a, b)`, and pass the values it fixes in args=(a, b).")
    if not target.keywords and not target.partials and len(args) + 1 == len(target.params) and not target.func.__code__.co_kwonlyargcount:
        return args                     # every parameter passed by position: the binding below adds none
    try:
        bound = target.signature.bind(0.0, *args)
    except TypeError:
        return args                     # _scalar_loss says why f(x0, *args) cannot be called
    bound.apply_defaults()
    named = {**target.keywords, **bound.arguments}
    if not all(p in named for p in target.params):
        return args
    return tuple(named[p] for p in target.params[1:])


def type_key(values):
    """A key standing for the numba types of ``values`` (equal keys, equal types), cheaper
    to compute than ``numba.typeof``: floats and arrays by what numba types them on,
    anything else by its numba type."""
    key = []
    for v in values:
        t = type(v)
        if t is float:
            key.append(float)
        elif t is int:
            key.append((int, v.bit_length() < 64))
        elif t is np.ndarray:
            fl = v.flags
            key.append((v.dtype, v.ndim, fl.c_contiguous, fl.f_contiguous, fl.writeable, fl.aligned))
        else:
            key.append(_numba_type(v))
    return tuple(key)


def _numba_type(v):
    """numba's type of ``v``; for a value numba cannot type (a dict, an empty list or set) its Python
    type: the compile that follows then refuses it with a located JitError naming the argument,
    where numba's own ValueError ("Cannot type empty list") reached the user."""
    import numba
    try:
        return numba.typeof(v)
    except ValueError:
        return ("untyped", type(v))


def _steps(steps):
    if type(steps) is int and steps >= 0:            # the common case, without the ABC checks below
        return steps
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, (Integral, Real, np.integer, np.floating)) \
            or not math.isfinite(steps) or steps != int(steps):
        raise ArgumentError(f"minimize: steps={steps!r} must be a whole number of steps.")
    if steps < 0:
        raise ArgumentError(f"minimize: steps={steps!r} must be >= 0.")
    return int(steps)


def _real(name, value, low, below=None):
    if type(value) is float and low <= value < (math.inf if below is None else below):
        return                                        # the common case (NaN fails the test)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.integer, np.floating)) \
            or not math.isfinite(value):
        raise ArgumentError(f"minimize: {name}={value!r} must be a finite real number.")
    if value < low or (below is not None and value >= below):
        bounds = f">= {low}" + (f" and < {below}" if below is not None else "")
        raise ArgumentError(f"minimize: {name}={value!r} must be {bounds}.")


def _x0(x0):
    if x0 is None or isinstance(x0, (str, bytes, dict, set, bool, np.bool_)):
        raise ArgumentError(f"minimize: x0={x0!r} must be a float or an array of floats (the starting point).")
    if isinstance(x0, np.ndarray) and type(x0) is not np.ndarray:
        from ..subclasses import plain_array
        plain_array(x0, "x0", "minimize")
    try:
        arr = np.asarray(x0)
    except (ValueError, TypeError):
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        what = "complex" if arr is not None and arr.dtype.kind == "c" else "not an array of real numbers"
        raise ArgumentError(f"minimize: x0 is {what}; it must be a float or an array of floats.")
    arr = np.array(arr, dtype=np.float64, order="C")  # the descent loop updates x in C order
    return float(arr) if arr.ndim == 0 else arr


def _scalar_loss(f, x0, args):
    import inspect
    try:
        inspect.signature(f).bind(x0, *args)
    except TypeError as exc:
        raise ArgumentError(f"minimize: f(x0, *args) cannot be called: {exc} (args={_short(args)}).") from None
    except ValueError:
        pass
    value = f(x0, *args)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.integer, np.floating, np.ndarray)):
        raise OutputTypeError(f"minimize: `{getattr(f, '__name__', f)}` returned {type(value).__name__} at x0; "
                              "it must return a real scalar loss.")
    if np.ndim(value) != 0:
        raise NonScalarOutputError(f"minimize: `{getattr(f, '__name__', f)}` must return a scalar loss, "
                                   f"got shape {np.shape(value)}")
    if isinstance(value, np.ndarray) and value.dtype.kind not in "iuf":
        raise OutputTypeError(f"minimize: `{getattr(f, '__name__', f)}` returned a {value.dtype} value; it must "
                              "return a real scalar loss.")


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
