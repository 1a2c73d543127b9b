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

With ``jit=True`` (the default) the whole descent is one numba function
generated as text next to the adjoint (see :mod:`s2sad.backends.jit`) and cached on
disk. With ``jit=False`` the same loop text runs as plain Python, calling the
pure-Python adjoint, and draws a progress bar on stderr when the run takes
more than about 2 seconds.
"""
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from ..errors import NonScalarOutputError, S2sadError

METHODS = ("sgd", "momentum", "adam")
_PROGRESS_AFTER = 2.0          # seconds before the progress bar appears

_UPDATES = {
    "sgd": ("", "        x = x - lr * g\n"),
    "momentum": ("    buf = _s2sad_zeros_like(x)\n",
                 "        buf = momentum * buf + g\n"
                 "        x = x - lr * buf\n"),
    "adam": ("    m = _s2sad_zeros_like(x)\n    v = _s2sad_zeros_like(x)\n",
             "        t = k + 1\n"
             "        m = m + (1.0 - b1) * (g - m)\n"
             "        v = v * b2 + (1.0 - b2) * g * g\n"
             "        bc1 = 1.0 - b1 ** t\n"
             "        bc2 = 1.0 - b2 ** t\n"
             "        denom = np.sqrt(v) / np.sqrt(bc2) + eps\n"
             "        x = x + (-(lr / bc1)) * (m / denom)\n"),
}
_PROGRESS_LINE = "        if k % 64 == 0:\n            _s2sad_progress(k, steps, r[0])\n"


def loop_source(n_extra, method, progress=False):
    """Source of ``_s2sad_minimize_<method>(x0, a1.., lr, steps, b1, b2, eps, momentum)``
    -> ``(x, losses)``; it calls the global ``_s2sad_adjoint(x, a1.., dout)``."""
    extra = [f"a{k + 1}" for k in range(n_extra)]
    call = ", ".join(["x"] + extra + ["1.0"])
    init, update = _UPDATES[method]
    return (f"def _s2sad_minimize_{method}({', '.join(['x0'] + extra)}, lr, steps, b1, b2, eps, momentum):\n"
            "    x = x0 + 0.0\n"
            f"{init}"
            "    losses = np.empty(steps)\n"
            "    for k in range(steps):\n"
            f"        r = _s2sad_adjoint({call})\n"
            "        losses[k] = r[0]\n"
            "        g = r[1]\n"
            f"{update}"
            f"{_PROGRESS_LINE if progress else ''}"
            "    return x, losses\n")


def all_loops_source(n_extra):
    """The three loops, for the generated module of an adjoint wrt its first parameter."""
    return "\n\n".join(loop_source(n_extra, m) for m in METHODS)


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


def _built_for(f, args, jit):
    """The adjoint of ``f`` wrt its first parameter, specialised like a call with ``args``."""
    from .. import api
    vg = api.value_and_grad(f, wrt=0, jit=jit)
    if hasattr(vg, "build_for"):
        from ..analyses.kinds import of_value
        rank = getattr(api, "_rank", of_value)
        return vg.build_for(tuple(rank(a) for a in args))
    return vg.built


def minimize(f, x0, method="adam", lr=1e-3, steps=1000, args=(), jit=True,
             betas=(0.9, 0.999), eps=1e-8, momentum=0.9):
    """Minimise scalar ``f(x, *args)`` over ``x`` from ``x0`` with ``steps`` steps of
    ``method`` ('sgd', 'momentum' or 'adam'); returns a :class:`MinimizeResult`.

    ``jit=True`` compiles the descent loop, ``f``'s primal and adjoint and the
    update into one numba function; ``jit=False`` runs the same loop in Python."""
    from .optim_args import checked
    x0, steps, args = checked(f, x0, method, lr, steps, args, jit, betas, eps, momentum)
    if method not in METHODS:
        raise S2sadError(f"minimize: method={method!r}; choose one of {METHODS}")
    steps = int(steps)
    if steps < 0:
        raise S2sadError(f"minimize: steps={steps} must be >= 0")
    args = tuple(args)
    x0 = np.array(x0, dtype=np.float64)
    x0 = float(x0) if x0.ndim == 0 else x0
    t_start = time.perf_counter()
    built = _built_for(f, (x0,) + args, jit)
    if len(built.params) != 1 + len(args):
        raise S2sadError(f"minimize: `{getattr(f, '__name__', f)}` takes {len(built.params)} "
                         f"argument(s); got x0 and {len(args)} in args=")
    if np.ndim(f(x0, *args)) != 0:
        raise NonScalarOutputError(f"minimize: `{getattr(f, '__name__', f)}` must return a scalar loss, "
                                   f"got shape {np.shape(f(x0, *args))}")
    b1, b2 = (float(b) for b in betas)
    call = (x0,) + args + (float(lr), steps, b1, b2, float(eps), float(momentum))
    t_built = time.perf_counter()
    timing = {"transform": t_built - t_start}
    if jit:
        x, losses = _run_jit(built, method, call, timing)
    else:
        x, losses = _run_python(built, method, call, len(args))
        timing["compile"] = 0.0
        timing["run"] = time.perf_counter() - t_built
    timing["total"] = time.perf_counter() - t_start
    return MinimizeResult(x=x, losses=losses, method=method, steps=steps, time=timing)


def _run_python(built, method, call, n_extra):
    from ..rules import runtime
    glb = {"np": np, "_s2sad_adjoint": built.function, "_s2sad_zeros_like": runtime.zeros_like}
    progress = glb["_s2sad_progress"] = _Progress()
    exec(compile(loop_source(n_extra, method, progress=True), f"<s2sad minimize {method}>", "exec"), glb)
    try:
        return glb[f"_s2sad_minimize_{method}"](*call)
    finally:
        progress.close(call[-5])


def _run_jit(built, method, call, timing):
    import numba

    from ..backends.jit import JitError, _explain, _numba_errors
    name = f"_s2sad_minimize_{method}"
    # one gradient call first: compiles the adjoint alone (clear errors; JitBuilt may adjust
    # the module) and binds its dispatcher in the module the loop lives in
    t0 = time.perf_counter()
    built.function(*call[:len(built.params)], 1.0)
    module = built.module
    if not hasattr(module.module, name):
        raise JitError(f"minimize: the adjoint of `{built.name}` is not with respect to its first "
                       "parameter only")
    disp = module.njit(name)
    before = len(disp.overloads)
    try:
        disp.compile(tuple(numba.typeof(a) for a in call))
    except _numba_errors() as err:
        raise _explain(module, err, "the descent loop") from err
    t1 = time.perf_counter()
    timing["compile"] = t1 - t0
    timing["cache"] = ("in memory" if len(disp.overloads) == before else
                       "loaded from disk" if sum(disp.stats.cache_hits.values()) else "compiled")
    x, losses = disp(*call)
    timing["run"] = time.perf_counter() - t1
    return x, losses
