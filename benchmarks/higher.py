"""Forward mode and second order: jvp/primal and hvp/gradient time ratios on the
benchmark's gradient rows.

    python -m benchmarks.higher                 # full sizes, writes benchmarks/results/higher.md
    python -m benchmarks.higher --quick         # small sizes, fewer repeats (a smoke run)
    python -m benchmarks.higher --only rnn,himmelblau

For each row, the tangent ``v`` is random and every result is first checked
(``check_jvp`` against differences of ``f`` along ``v``, ``check_hvp`` against
differences of the gradient), then timed (``benchmarks.timing.measure``, median):

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
    out["py"] = {"primal": measure(lambda: wl.primal(*args), repeats).median,
                 "grad": measure(lambda: g(*args), repeats).median,
                 "jvp": measure(lambda: j(*args, v), repeats).median,
                 "hvp": measure(lambda: h(*args, v), repeats).median}
    gj = s2sad.grad(wl.primal, wrt=wrt, jit=True)
    jj, hj = s2sad.jvp(wl.primal, wrt=wrt, jit=True), s2sad.hvp(wl.primal, wrt=wrt, jit=True)
    np.testing.assert_allclose(_flat(jj(*args, v)[1]), _flat(j(*args, v)[1]), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(_flat(hj(*args, v)), _flat(h(*args, v)), rtol=1e-9, atol=1e-12)
    gd, jd, hd = gj.built.dispatcher, jj.built.dispatcher, hj.built.dispatcher
    try:
        primal = jit_primal(wl.primal)
        primal(*args)
        t_primal = measure(lambda: primal(*args), repeats).median
    except Exception as exc:          # numba cannot compile the user's function itself
        t_primal, out["primal_error"] = None, f"{type(exc).__name__}"
    out["jit"] = {"primal": t_primal,
                  "grad": measure(lambda: gd(*args, 1.0), repeats).median,
                  "jvp": measure(lambda: jd(*args, *vs), repeats).median,
                  "hvp": measure(lambda: hd(*args, *vs), repeats).median}
    return out


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
    p.add_argument("--quick", action="store_true", help="small sizes, 3 repeats")
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
            rows.append(row(wl, size, 3 if a.quick else 5))
        except Exception as exc:          # a row that fails is reported, the others still run
            rows.append({"name": wl.size_label(size), "error": f"{type(exc).__name__}: {exc}".splitlines()[0]})
    text = table(rows)
    print(text)
    if not a.quick:
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
        with open(a.out, "w") as fh:
            fh.write("# Forward mode and second order: time ratios\n\n`python -m benchmarks.higher` "
                     "(median of 5 repeats; see the module docstring for what is timed)\n\n" + text + "\n")
    return rows


if __name__ == "__main__":
    main()
