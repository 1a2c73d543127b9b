"""``python -m s2sad`` and the ``s2sad`` console script (the commands are in s2sad/tools/cli.py),
and ``s2sad demo``: differentiate a simulation with a data-dependent loop, then fit it.
"""
import importlib.util
import inspect
import sys

import numpy as np

from .tools.cli import _first_line, highlight, main

# -- demo: fit a damped oscillator through a data-dependent loop ----------------------

DT = 0.02          # time step of the simulation
N_OBS = 400        # samples in the recording
TRUE_THETA = (4.0, 0.6)


def record(k, c, n):
    """The 'measured' trajectory: positions of x'' = -k x - c x' from x=1, v=0."""
    out, x, v = [], 1.0, 0.0
    for _ in range(n):
        v = v + DT * (-k * x - c * v)
        x = x + DT * v
        out.append(x)
    return out


def oscillator_loss(theta):
    """Distance between a damped oscillator with stiffness/damping theta = [k, c] and the
    recording OBS. It runs until the oscillator is at rest or the recording ends (a while
    loop whose trip count depends on theta); an if/else caps the cost of large misses."""
    k = theta[0]
    c = theta[1]
    x = 1.0
    v = 0.0
    i = 0
    err = 0.0
    energy = 0.5 * k
    while energy > 1e-4 and i < N_OBS:
        v = v + DT * (-k * x - c * v)
        x = x + DT * v
        d = x - OBS[i]
        if abs(d) > 0.5:
            err = err + abs(d) - 0.25
        else:
            err = err + d * d
        energy = 0.5 * v * v + 0.5 * k * x * x
        i = i + 1
    return err / N_OBS


def _adam(vg, x, lr, steps):
    m, v, losses = np.zeros_like(x), np.zeros_like(x), []
    for t in range(1, steps + 1):
        loss, g = vg(x)
        losses.append(loss)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        x = x - lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return x, losses


def _timed(fn, *args, **kwargs):
    import time
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def _median_time(fn, arg, n=50):
    """Median seconds of one call (robust to a busy machine)."""
    import statistics
    return statistics.median(_timed(fn, arg)[1] for _ in range(n))


def _build_demo(jit, x0):
    """value_and_grad of the loss, built for x0's argument kinds; (vg, built, jit, seconds)."""
    from . import api
    if jit and importlib.util.find_spec("s2sad.backends.jit") is None:
        print("(numba backend s2sad.backends.jit not available: using the Python adjoint)")
        jit = False
    vg = api.value_and_grad(oscillator_loss, jit=jit)

    def build():
        try:
            from .analyses.expr_ranks import of_value
        except ImportError:                       # a core without shape specialisation
            return vg.built
        return vg.build_for((of_value(x0),))
    try:
        built, t_build = _timed(build)
    except Exception as exc:                      # numba could not compile: say so, go on
        print(f"(jit build failed: {_first_line(exc)}; using the Python adjoint)")
        return _build_demo(False, x0)
    return vg, built, jit, t_build


def _descent(vg, x0, steps, jit):
    """Adam from x0: s2sad.minimize if this installation has it, else a Python loop.
    Returns (x, losses, {'run': s, 'compile': s}, description)."""
    minimize = getattr(sys.modules.get("s2sad"), "minimize", None)
    if minimize is None and importlib.util.find_spec("s2sad.tools.optim") is not None:
        from .tools.optim import minimize
    if minimize is not None:
        try:
            res, t = _timed(minimize, oscillator_loss, x0, method="adam", lr=0.05, steps=steps, jit=jit)
            times = dict(getattr(res, "time", None) or {"run": t})
            return res.x, list(res.losses), times, f"s2sad.minimize(method='adam', jit={jit})"
        except TypeError:
            pass
    (x, losses), t = _timed(_adam, vg, x0, 0.05, steps)
    return x, losses, {"run": t}, "Adam loop over s2sad.value_and_grad"


def run_demo(steps=300, jit=True, color="auto"):
    print("s2sad demo: recover the stiffness k and damping c of a damped oscillator from a\n"
          f"recorded trajectory (true k, c = {TRUE_THETA}). The loss simulates until the\n"
          "oscillator rests (a data-dependent while loop) with an if/else inside.\n")
    x0 = np.array([2.0, 0.2])
    vg, built, jit, t_build = _build_demo(jit, x0)
    print(highlight("# the function:\n" + inspect.getsource(oscillator_loss), color))
    print(highlight(f"# generated adjoint{' (compiled with numba)' if jit else ''}:\n" + built.source, color))
    _, t_first = _timed(vg, x0)
    t_grad = _median_time(vg, x0)
    primal = oscillator_loss
    if jit:
        import numba
        primal = numba.njit(oscillator_loss)
        primal(x0)
    t_primal = _median_time(primal, x0)
    x, losses, t_fit, how = _descent(vg, x0, steps, jit)
    compile_fit = t_fit.get("compile")
    print(f"descent: {how}, {steps} steps from k, c = {x0.tolist()}")
    print(f"  loss {losses[0]:.3e} -> {losses[-1]:.3e};  found k, c = {np.round(x, 4).tolist()}"
          f"  (true {list(TRUE_THETA)})")
    unit = "numba" if jit else "Python"
    rows = [(f"build adjoint (source transform{', numba setup' if jit else ''})", f"{t_build * 1e3:.1f} ms"),
            (f"first gradient call{' (numba compile)' if jit else ''}", f"{t_first * 1e3:.1f} ms"),
            (f"per gradient ({unit})", f"{t_grad * 1e6:.1f} us"),
            (f"per primal call ({unit})", f"{t_primal * 1e6:.1f} us"),
            ("gradient / primal time", f"{t_grad / t_primal:.2f}x"),
            (f"descent, {steps} steps", f"{t_fit['run'] * 1e3:.1f} ms")]
    if isinstance(compile_fit, float) and compile_fit > 0:
        rows.insert(-1, ("descent loop compile (numba, or disk cache)", f"{compile_fit * 1e3:.1f} ms"))
    print("timings:")
    for label, value in rows:
        print(f"  {label:<44}{value:>12}")
    return 0


OBS = np.array(record(*TRUE_THETA, N_OBS))


if __name__ == "__main__":
    sys.exit(main())
