"""Forward mode and second order: jvp/primal and hvp/gradient time ratios on the
benchmark's gradient rows.

    python -m benchmarks.higher                 # full sizes, writes benchmarks/results/higher.md
    python -m benchmarks.higher --quick         # small sizes (a smoke run: nothing is written)
    python -m benchmarks.higher --only rnn,himmelblau

For each row, the tangent ``v`` is random and every result is first checked
(``check_jvp`` against differences of ``f`` along ``v``, ``check_hvp`` against
differences of the gradient), then timed: ``benchmarks.timing.measure`` on each function
in turn, for three rounds, keeping each one's fastest repeat (the machine is shared: the
minimum is the figure least disturbed by other work, and the rounds interleave the
functions whose ratios are reported):

* ``jit``: the numba dispatchers themselves (``built.dispatcher``): the primal is
  the user's function under ``numba.njit``, the gradient ``grad(f, jit=True)``'s
  adjoint, ``jvp``/``hvp`` the generated forward and forward-over-reverse code.
  This is the compute cost, without Python's call overhead.
* ``python``: the public calls ``f(*args)``, ``grad(f)(*args)``, ``jvp(f)(*args, v)``
  and ``hvp(f)(*args, v)`` (argument checks and result shaping included).
"""
import argparse
import os
import sys

import numpy as np

import s2sad
from s2sad.testing import check_hvp, check_jvp

from .registry import all_workloads
from .systems import jit_primal
from .timing import fmt_time, measure

HERE = os.path.dirname(os.path.abspath(__file__))


def _directions(args, wrt, rng):
    return tuple(rng.normal(size=np.shape(args[i])) if np.ndim(args[i]) else float(rng.normal()) for i in wrt)


def _wrt(wl):
    return wl.wrt[0] if len(wl.wrt) == 1 else tuple(wl.wrt)


def row(wl, size, repeats):
    args = wl.make_inputs(size)
    wrt, rng = _wrt(wl), np.random.default_rng(0)
    vs = _directions(args, wl.wrt, rng)
    v = vs if len(wl.wrt) > 1 else vs[0]
    check_jvp(wl.primal, *args, tangent=v, wrt=wrt, rtol=1e-4, atol=1e-6)
    check_hvp(wl.primal, *args, v=v, wrt=wrt, rtol=1e-3, atol=1e-5)
    out = {"name": wl.size_label(size)}
    g, j, h = s2sad.grad(wl.primal, wrt=wrt), s2sad.jvp(wl.primal, wrt=wrt), s2sad.hvp(wl.primal, wrt=wrt)
    out["py"] = _fastest({"primal": lambda: wl.primal(*args), "grad": lambda: g(*args),
                          "jvp": lambda: j(*args, v), "hvp": lambda: h(*args, v)}, repeats)
    gj = s2sad.grad(wl.primal, wrt=wrt, jit=True)
    jj, hj = s2sad.jvp(wl.primal, wrt=wrt, jit=True), s2sad.hvp(wl.primal, wrt=wrt, jit=True)
    np.testing.assert_allclose(_flat(jj(*args, v)[1]), _flat(j(*args, v)[1]), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(_flat(hj(*args, v)), _flat(h(*args, v)), rtol=1e-9, atol=1e-12)
    gd, jd, hd = gj.built.dispatcher, jj.built.dispatcher, hj.built.dispatcher
    fns = {"grad": lambda: gd(*args, 1.0), "jvp": lambda: jd(*args, *vs), "hvp": lambda: hd(*args, *vs)}
    try:
        primal = jit_primal(wl.primal)
        primal(*args)
        fns["primal"] = lambda: primal(*args)
    except Exception as exc:          # numba cannot compile the user's function itself
        out["primal_error"] = f"{type(exc).__name__}"
    out["jit"] = {"primal": None, **_fastest(fns, repeats)}
    return out


def _fastest(fns, repeats, rounds=3):
    """Seconds per call of each function: the fastest repeat over ``rounds`` interleaved rounds."""
    best = {}
    for _ in range(rounds):
        for name, fn in fns.items():
            best[name] = min(best.get(name, float("inf")), measure(fn, repeats).lo)
    return best


def _flat(x):
    return np.concatenate([np.ravel(a) for a in x]) if isinstance(x, tuple) else np.ravel(x)


def _ratio(a, b):
    return "—" if a is None or b is None else f"{a / b:.2f}×"


def table(rows):
    lines = ["| workload | mode | primal | jvp | jvp/primal | gradient | hvp | hvp/gradient |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['name']} | error: {r['error'][:150]} | | | | | | |")
            continue
        for mode, label in (("jit", "jit (dispatchers)"), ("py", "Python (public calls)")):
            t = r[mode]
            lines.append(f"| {r['name']} | {label} | {fmt_time(t['primal'])} | {fmt_time(t['jvp'])} | "
                         f"{_ratio(t['jvp'], t['primal'])} | {fmt_time(t['grad'])} | {fmt_time(t['hvp'])} | "
                         f"{_ratio(t['hvp'], t['grad'])} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks.higher", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes (a smoke run: nothing is written)")
    p.add_argument("--only", help="comma-separated substrings of row names")
    p.add_argument("--out", default=os.path.join(HERE, "results", "higher.md"))
    a = p.parse_args(argv)
    rows = []
    for wl in all_workloads():
        if wl.kind != "grad" or (a.only and not any(s in wl.name for s in a.only.split(","))):
            continue
        size = wl.sizes["quick" if a.quick else "full"][0]
        print(f"{wl.size_label(size)} ...", file=sys.stderr, flush=True)
        try:
            rows.append(row(wl, size, 3))
        except Exception as exc:          # a row that fails is reported, the others still run
            rows.append({"name": wl.size_label(size), "error": f"{type(exc).__name__}: {exc}".splitlines()[0]})
    text = table(rows)
    print(text)
    if not a.quick:
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
        with open(a.out, "w") as fh:
            fh.write("# Forward mode and second order: time ratios\n\n`python -m benchmarks.higher` "
                     "(fastest of 3 interleaved rounds of 3 repeats; see the module docstring for what is "
                     "timed)\n\n" + text + "\n")
    return rows


if __name__ == "__main__":
    main()
