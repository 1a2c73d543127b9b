"""Warm run time of one jit=True gradient's compiled forms, side by side, in thread CPU time.

    python -m benchmarks.warm_ab <workload name> [size index] [--rounds 15] [--calls N]

The project machines are shared (load 10-20 on two cores): wall-clock cells of
:mod:`benchmarks.run` taken minutes apart differ by a third. This times, in one process and
interleaved round by round, each form a Python call of ``s2sad.grad(f, jit=True)`` can run:

* ``fast``: the gradient called as users call it (numba's C dispatch to the fast-path driver,
  which calls the first-try copy while it has one: :mod:`s2sad.backends.fastcall`);
* ``adjoint``: the adjoint's own dispatcher (broadcasting fallbacks included);
* ``first_try``: the copy without them (:mod:`s2sad.backends.first_try`), if the module has one;
* ``numba-hand``: the workload's hand-written adjoint under ``numba.njit``, the baseline.

Each round calls every form ``calls`` times and records thread CPU milliseconds per call
(``time.thread_time``: other processes' work is not counted, their cache and core contention
is, hence medians over rounds); every form's gradient is first checked against the hand
adjoint's. The first-try copy exists to save compile time; what it costs warm is
``first_try / adjoint`` here (GMM d=10: about 1.1, stop 57).
"""
import statistics
import sys
import time

import numpy as np

from .registry import all_workloads
from .systems import _wrt_arg, njit_with_helpers


def forms(wl, args):
    """Name -> callable of ``args``: the forms above, each called once (compiled, checked)."""
    import s2sad
    g = s2sad.grad(wl.primal, wrt=_wrt_arg(wl), jit=True)
    for _ in range(3):          # the third call runs the fast-path driver (fastcall)
        g(*args)
    module = g.built.module
    out = {"fast": g, "adjoint": module.njit(module.adj_name)}
    if module.try_name is not None:
        out["first_try"] = module.njit(module.try_name)
    out["numba-hand"] = njit_with_helpers(wl.hand_numba or wl.hand)
    want = _grads(out["numba-hand"](*args))
    for name, fn in out.items():
        got = _grads(fn(*args))
        got = got[-len(want):]         # the adjoints return the value first
        for a, b in zip(got, want, strict=True):
            np.testing.assert_allclose(a, b, rtol=wl.rtol, atol=1e-12, err_msg=name)
    return out


def _grads(result):
    return [np.asarray(r, dtype=float) for r in (result if isinstance(result, tuple) else (result,))]


def timed(fns, args, rounds=15, calls=10):
    """Name -> thread CPU milliseconds per call, one entry per round (forms interleaved)."""
    out = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.thread_time()
            for _ in range(calls):
                fn(*args)
            out[name].append((time.thread_time() - t0) / calls * 1e3)
    return out


def report(times, base="numba-hand"):
    """Lines: each form's median and quartiles (ms), and its median over the baseline's."""
    ref = statistics.median(times[base])
    lines = []
    for name, ms in times.items():
        q = statistics.quantiles(ms, n=4) if len(ms) > 1 else [ms[0]] * 3
        lines.append(f"{name:>11}: median {statistics.median(ms):.4g} ms  (IQR {q[0]:.4g}-{q[2]:.4g})"
                     f"  {statistics.median(ms) / ref:.2f}x {base}")
    return lines


def main(argv):
    name, rest = argv[0], argv[1:]
    rounds = int(rest[rest.index("--rounds") + 1]) if "--rounds" in rest else 15
    calls = int(rest[rest.index("--calls") + 1]) if "--calls" in rest else None
    index = int(rest[0]) if rest and rest[0].isdigit() else 0
    wl = next(w for w in all_workloads() if w.name == name and w.kind == "grad")
    size = (wl.sizes["full"] + wl.sizes["quick"])[index]
    args = wl.make_inputs(size)
    run_and_report(wl, size, args, forms(wl, args), rounds, calls)


def run_and_report(wl, size, args, fns, rounds, calls=None):
    """Time ``fns`` (``calls`` per round, default about 20 ms of numba-hand's time) and print the table."""
    if calls is None:
        t0 = time.thread_time()
        fns["numba-hand"](*args)
        calls = max(1, min(1000, int(0.02 / max(time.thread_time() - t0, 1e-6))))
    print(wl.size_label(size), f"({rounds} rounds of {calls} calls, thread CPU)")
    print("\n".join(report(timed(fns, args, rounds, calls))))


if __name__ == "__main__":
    main(sys.argv[1:])
