"""``s2sad.minimize``: gradient descent whose loop, primal, adjoint and update
are compiled together by numba.

    >>> res = s2sad.minimize(himmelblau, np.array([-4.0, 0.0]), method="adam",
    ...                      lr=1e-3, steps=20000)
    >>> res.x, res.losses[-1], res.time

``f(x, *args)`` must return a scalar; ``x`` (a float array, or a float) is the
parameter being optimised, ``args`` are passed unchanged. Methods follow
PyTorch's ``torch.optim`` formulas step for step (float64):

* ``sgd``:      ``x = x - lr * g``
* ``momentum``: ``buf = momentum * buf + g`` (``buf = g`` at step 1); ``x = x - lr * buf``
  (``torch.optim.SGD(momentum=...)``, no dampening, no Nesterov)
* ``adam``:     ``torch.optim.Adam`` with bias correction (``amsgrad=False``, no weight decay)

With ``jit=True`` (the default) the whole descent is one numba function in the
adjoint's generated module (see :mod:`s2sad.tools.descent`): the adjoint
writes the gradient into a buffer the loop owns and ``x`` and the optimiser
state are updated in place, element by element, so a step allocates nothing;
it is cached on disk with the adjoint. With ``jit=False`` the same update
statements run as plain Python on whole arrays, calling the pure-Python
adjoint, and draw a progress bar on stderr when the run takes more than about
2 seconds.
"""
import sys
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

from .. import api
from ..errors import NonScalarOutputError, S2sadError
from .descent import METHODS, loop_def, loop_name
from .descent_sized import sized_name
from .descent_try import TryLoop, try_name
from .optim_args import checked, refuse_unknown, type_key
from .optim_fast import remember, run

_PROGRESS_AFTER = 2.0          # seconds before the progress bar appears


@dataclass
class MinimizeResult:
    """``x``: final parameters; ``losses``: ``f`` at each step before its update;
    ``time``: seconds spent in ``transform`` (building the adjoint), ``compile``
    (numba, or loading it from the disk cache), ``run`` and ``total``."""
    x: object
    losses: np.ndarray
    method: str
    steps: int
    time: dict = field(default_factory=dict)

    @property
    def fun(self):
        """The loss at the last step (before its update)."""
        return float(self.losses[-1]) if len(self.losses) else float("nan")

    def __repr__(self):
        t = ", ".join(f"{k}={v:.3g}s" if isinstance(v, float) else f"{k}={v}" for k, v in self.time.items())
        return (f"MinimizeResult(method={self.method!r}, steps={self.steps}, x={self.x!r}, "
                f"final loss={self.fun:.6g}, time: {t})")


class _Progress:
    """A minimal stderr progress bar, shown once a run has taken > ~2 s."""

    def __init__(self, stream=None):
        self.start = time.perf_counter()
        self.shown = False
        self.last = 0.0
        self.stream = stream or sys.stderr

    def __call__(self, k, steps, loss):
        now = time.perf_counter()
        elapsed = now - self.start
        if elapsed < _PROGRESS_AFTER or now - self.last < 0.2:
            return
        self.last, self.shown = now, True
        frac = k / max(steps, 1)
        eta = f"{elapsed / frac - elapsed:.0f}s" if frac > 0 else "?"
        bar = "#" * int(30 * frac)
        self.stream.write(f"\rs2sad.minimize [{bar:<30}] {k}/{steps} steps  loss {float(loss):.6g}  "
                          f"eta {eta} ")
        self.stream.flush()

    def close(self, steps):
        if self.shown:
            self.stream.write(f"\rs2sad.minimize [{'#' * 30}] {steps}/{steps} steps, "
                              f"{time.perf_counter() - self.start:.1f}s{' ' * 20}\n")
            self.stream.flush()


_GRADS = weakref.WeakKeyDictionary()     # f -> {jit: value_and_grad(f)}, reused across calls
_VERIFIED = weakref.WeakKeyDictionary()  # f -> type keys of (x0, *args) a compiled descent ran with


def _verified(f):
    """The set of type keys (``type_key``) of ``(x0, *args)`` with which a compiled descent
    of ``f`` ran: for those, ``f`` returned a scalar (the loop stores it in a float array).
    None if ``f`` cannot be a weak key."""
    try:
        return _VERIFIED.setdefault(f, set())
    except TypeError:
        return None


def _settled_target(f, jit):
    """The ``targets.Target`` of the gradient of ``f`` an earlier call made (``_built_for``), or
    None: the function minimize differentiates was settled then, as ``grad(f)`` settles it;
    None too when its code was replaced since with one taking other parameters (autoreload)."""
    try:
        vg = _GRADS.get(f, {}).get(jit)
    except TypeError:                     # not weak-referenceable
        return None
    if vg is None:
        return None
    code = vg.target.func.__code__
    return vg.target if vg.target.params == list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]) \
        else None


def _built_for(f, args, jit):
    """The adjoint of ``f`` wrt its first parameter, specialised like a call with ``args``."""
    try:
        by_jit = _GRADS.setdefault(f, {})
    except TypeError:                     # not weak-referenceable: no reuse
        by_jit = {}
    vg = by_jit.get(jit)
    if vg is None:
        vg = by_jit[jit] = api.value_and_grad(f, wrt=0, jit=jit)
    return vg.build_for(tuple(api._rank(a) for a in args))


def minimize(f, x0, method="adam", lr=1e-3, steps=1000, args=(), jit=True,
             betas=(0.9, 0.999), eps=1e-8, momentum=0.9, *extra, **options):
    """Minimise scalar ``f(x, *args)`` over ``x`` from ``x0`` with ``steps`` steps of
    ``method`` ('sgd', 'momentum' or 'adam'); returns a :class:`MinimizeResult`.

    ``jit=True`` compiles the descent loop, ``f``'s primal and adjoint and the
    update into one numba function; ``jit=False`` runs the same loop in Python.
    There is no ``callback`` or ``bounds``: any other argument is an ``ArgumentError``
    naming those accepted (``optim_args.refuse_unknown``)."""
    if extra or options:
        refuse_unknown(extra, options)
    if jit is True:           # a kind of call that ran before, its adjoint current (optim_fast)
        fast = run(f, x0, method, lr, steps, args, betas, eps, momentum)
        if fast is not None:
            return MinimizeResult(fast[0], fast[1], method, steps, fast[2])
    given = x0, args
    known = _verified(f) if jit else None
    x0, steps, args = checked(f, x0, method, lr, steps, args, jit, betas, eps, momentum, known=known,
                              target=_settled_target(f, jit))
    if method not in METHODS:
        raise S2sadError(f"minimize: method={method!r}; choose one of {METHODS}")
    steps = int(steps)
    if steps < 0:
        raise S2sadError(f"minimize: steps={steps} must be >= 0")
    args = tuple(args)                     # x0: a float, or a float64 C-ordered copy (checked)
    t_start = time.perf_counter()
    built = _built_for(f, (x0,) + args, jit)
    if len(built.params) != 1 + len(args):
        raise S2sadError(f"minimize: `{getattr(f, '__name__', f)}` takes {len(built.params)} "
                         f"argument(s); got x0 and {len(args)} in args=")
    b1, b2 = (float(b) for b in betas)
    call = (x0,) + args + (float(lr), steps, b1, b2, float(eps), float(momentum))
    t_built = time.perf_counter()
    timing = {"transform": t_built - t_start}
    if jit:
        try:
            x, losses, args_key, loop, ran = _run_jit(f, built, method, call, timing, 1 + len(args))
        except Exception as exc:
            if not isinstance(exc, S2sadError):
                _own_error(f, call[:1 + len(args)])
            raise
        if known is not None:
            known.add(args_key)
            remember(f, _GRADS[f][jit], method, *given, built, loop, ran)
    else:
        _check_scalar(f, built, call)
        x, losses = _run_python(built, method, call, len(args))
        timing["compile"] = 0.0
        timing["run"] = time.perf_counter() - t_built
    timing["total"] = time.perf_counter() - t_start
    return MinimizeResult(x=x, losses=losses, method=method, steps=steps, time=timing)


def _own_error(f, values):
    """The compiled descent failed (``f`` was not run first when a descent with these argument
    types ran before): if ``f`` itself fails at ``x0`` (on copies), raise its own error."""
    from .. import targets
    from ..arguments import copied
    target = targets.resolve(f, "minimize")
    named = dict(zip(target.params, [copied(v) for v in values]))
    try:
        target.func(**named)
    except Exception as own:    # the user's error, at their line
        raise own from None


def _check_scalar(f, built, call):
    """One gradient evaluation, in Python: the loss must be a scalar. (With jit=True the
    adjoint is not compiled alone: the descent loop inlines it, so that compile would be
    paid twice.)"""
    value = getattr(built, "python_function", built.function)(*call[:len(built.params)], 1.0)[0]
    if np.ndim(value) != 0:
        raise NonScalarOutputError(f"minimize: `{getattr(f, '__name__', f)}` must return a scalar loss, "
                                   f"got shape {np.shape(value)}")


def _run_python(built, method, call, n_extra):
    import ast

    from ..backends import emit
    glb = {"np": np, "_s2sad_adjoint": built.function}
    progress = glb["_s2sad_progress"] = _Progress()
    fdef = loop_def(method, n_extra, "_s2sad_adjoint", array=False, progress=True)
    exec(compile(emit.to_source(ast.Module(body=[fdef], type_ignores=[])), f"<s2sad minimize {method}>",
                 "exec"), glb)
    try:
        return glb[fdef.name](*call)
    finally:
        progress.close(call[-5])


def _run_jit(f, built, method, call, timing, n_args):
    """``(x, losses, type key of (x0, *args), loop, its arguments)``: the compiled descent run on ``call``."""
    from ..backends.drivers import contiguous    # numba's: imported when a jit descent first runs
    t0 = time.perf_counter()
    call = contiguous(call)          # no strided view reaches numba (its BLAS is wrong on reversed ones)
    name = _loop_for(built, method, call[0])
    array = type(call[0]) is np.ndarray
    loops = built.__dict__.setdefault("descent_loops", {})
    args_key = type_key(call[:n_args])
    key = (name, args_key, type_key(call[n_args:]))   # numba.typeof costs ~2 us a value: only on a miss
    disp = loops.get(key)
    if disp is None:
        sig = _numba_signature(call, built.name)
        disp = loops[key] = _compile_loop(f, built, built.descent_module_for(method, array), name, sig, call,
                                          timing)
    else:
        timing["cache"] = "in memory"
    t1 = time.perf_counter()
    timing["compile"] = t1 - t0
    x, losses = disp(*call)
    timing["run"] = time.perf_counter() - t1
    return x, losses, args_key, getattr(disp, "active", disp), call


def _numba_signature(call, name):
    """numba's types of the descent loop's arguments, or a JitError naming the one numba cannot type
    (a dict, an empty list: numba's own ValueError reached the user)."""
    import numba

    from ..backends.errors import JitError
    sig = []
    for k, value in enumerate(call):
        try:
            sig.append(numba.typeof(value))
        except ValueError as err:
            which = "x0" if k == 0 else f"args[{k - 1}]"
            raise JitError(f"minimize of `{name}` with jit=True: {which}, a `{type(value).__name__}`, has no numba "
                           f"type ({err}), so the compiled descent cannot take it. Pass the numbers and arrays it "
                           "holds as separate arguments, or use jit=False.") from None
    return tuple(sig)


def _loop_for(built, method, x):
    """The name of the descent loop for ``x``: the loop for its size (``descent_sized``) when
    the module has one, else the loop on arrays (or on a float)."""
    if type(x) is not np.ndarray:
        return loop_name(method, False)
    names = built.__dict__.setdefault("descent_names", {})
    key = (method, x.shape)
    name = names.get(key)
    if name is None:
        sized = sized_name(method, x.shape[0]) if x.ndim == 1 else None
        name = names[key] = sized if sized and hasattr(built.descent_module_for(method, True).module, sized) \
            else loop_name(method, True)
    return name


def _compile_loop(f, built, module, name, sig, call, timing):
    _check_scalar(f, built, call)
    if not hasattr(module.module, name):
        from ..backends.errors import JitError
        raise JitError(f"minimize: the adjoint of `{built.name}` is not with respect to its first "
                       "parameter only")
    first = try_name(module, name, call)
    if first is not None:          # the loop without broadcasting fallbacks first (descent_try)
        try:
            disp = _compiled(built, module, first, sig, timing)
        except Exception:  # noqa: BLE001  (the loop itself compiles, or says why not)
            return _compiled(built, module, name, sig, timing)
        return TryLoop(disp, lambda: _compiled(built, module, name, sig, timing))
    return _compiled(built, module, name, sig, timing)


def _compiled(built, module, name, sig, timing):
    """The dispatcher of ``module``'s loop ``name``, compiled (or loaded from disk) for ``sig``."""
    from ..backends.jit import CompileNotice
    disp = module.njit(name)
    with CompileNotice(f"the descent loop of `{built.name}`"):
        try:
            disp.compile(sig)
        except Exception as err:  # noqa: BLE001  (any compile failure is a JitError)
            raise built.explain(err, "the descent loop", module) from err
    timing["cache"] = "loaded from disk" if sum(disp.stats.cache_hits.values()) else "compiled"
    return disp
