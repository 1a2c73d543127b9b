"""Memory and time of reverse mode through a long simulation, with and without checkpointing.

    python -m benchmarks.memory             # 10^5 steps of a 1000-float state (about 5 min on 2 cores)
    python -m benchmarks.memory --quick     # 2000 steps of 100 floats, a few configurations

The workload is explicit Euler for a 1-D reaction-diffusion equation (below),
written once for s2sad and once for JAX. Each configuration runs in its own
subprocess so that its peak memory is its own: after a warm-up (numba compiles
on a 10-step call; JAX compiles at the full length, because ``lax.scan`` needs
a static length), the peak resident set is reset (``/proc/self/clear_refs``)
and the figure reported is the peak during the gradient call minus the
resident set before it. For JAX the peak is taken over its first call at full
length (that includes XLA's compilation, a few tens of MB) and the time over
the second: its allocator keeps freed buffers, so a second call would hide its
tape. Every gradient is compared with the plain s2sad one (1e-12 relative for
s2sad, 1e-9 for JAX, whose arithmetic is ordered differently).

Peak memory is the resident set (RSS, ``VmHWM`` of ``/proc/self/status``), not tracemalloc:
numba's allocations (the jit rows' tapes and snapshots) do not pass through tracemalloc.
Its resolution is a page, and memory the allocator already holds does not show, so a
figure under 0.1 MB reads "< 0.1" (K snapshots of the state are K x 8 KB here).

Writes ``benchmarks/results/memory.md``, ``memory.json`` and ``memory.png``.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def simulate(k, u0, steps):
    """Reaction-diffusion, explicit Euler; the loss is the final state's energy."""
    u = u0.copy()
    for t in range(steps):
        lap = u[:-2] - 2.0 * u[1:-1] + u[2:]
        u[1:-1] = u[1:-1] + 0.2 * lap + 0.001 * np.tanh(k * u[1:-1])
    return np.sum(u * u)


def simulate_until(k, u0, t_end):
    """The same, run by a while loop until the simulated time reaches t_end (dt = 1e-3)."""
    u = u0.copy()
    t = 0.0
    while t < t_end:
        lap = u[:-2] - 2.0 * u[1:-1] + u[2:]
        u[1:-1] = u[1:-1] + 0.2 * lap + 0.001 * np.tanh(k * u[1:-1])
        t = t + 0.001
    return np.sum(u * u)


def jax_loss(kind, steps):
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)

    def step(u, k):
        lap = u[:-2] - 2.0 * u[1:-1] + u[2:]
        return u.at[1:-1].set(u[1:-1] + 0.2 * lap + 0.001 * jnp.tanh(k * u[1:-1]))

    def body(u, k):
        return step(u, k), None

    def loss(k, u0):
        if kind == "jax-scan":
            u, _ = jax.lax.scan(lambda u, _: body(u, k), u0, None, length=steps)
        elif kind == "jax-scan-remat":       # jax.checkpoint on the step: keeps only the carries
            u, _ = jax.lax.scan(jax.checkpoint(lambda u, _: body(u, k)), u0, None, length=steps)
        else:                                # two levels: about sqrt(n) checkpointed chunks of sqrt(n) steps
            inner = max(d for d in range(1, int(steps ** 0.5) + 1) if steps % d == 0)
            outer = steps // inner

            @jax.checkpoint
            def chunk(u, _):
                return jax.lax.scan(lambda v, _: body(v, k), u, None, length=inner)[0], None
            u, _ = jax.lax.scan(chunk, u0, None, length=outer)
        return jnp.sum(u * u)
    return jax.jit(jax.grad(loss, argnums=(0, 1)))


def _status(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(field)


def _reset_peak():
    """Hand freed heap back to the system (so that reusing it shows as growth), then
    start the peak resident set afresh."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def measure(config, steps, size, out):
    """Run one configuration in this process; write its gradient to ``out`` (.npz); return figures."""
    u0 = np.sin(np.linspace(0.0, 3.0, size)) + 0.5
    k = 0.7
    system = config["system"]
    if system.startswith("jax"):
        g = jax_loss(system, steps)
        import jax
        _reset_peak()
        base = _status("VmRSS")
        dk, du = jax.block_until_ready(g(k, u0))
        peak = _status("VmHWM") - base
        start = time.perf_counter()
        dk, du = jax.block_until_ready(g(k, u0))
        seconds = time.perf_counter() - start
    else:
        import s2sad
        f, arg = (simulate, steps) if config["loop"] == "for" else (simulate_until, (steps - 0.5) * 1e-3)
        g = s2sad.grad(f, wrt=(0, 1), jit=config["jit"], checkpoint=config["K"])
        g(k, u0, 10 if config["loop"] == "for" else 0.0095)
        _reset_peak()
        base = _status("VmRSS")
        start = time.perf_counter()
        dk, du = g(k, u0, arg)
        seconds = time.perf_counter() - start
        peak = _status("VmHWM") - base
    np.savez(out, dk=np.asarray(dk), du=np.asarray(du))
    return {"seconds": seconds, "peak_mb": peak}


def configurations(quick):
    out = []
    for jit in ((True,) if not quick else (False,)) + ((False,) if not quick else ()):
        for K in (None, 100, 1000) if jit else (None, 100):
            out.append({"system": "s2sad-jit" if jit else "s2sad", "jit": jit, "K": K, "loop": "for"})
    out += [{"system": "s2sad-jit" if not quick else "s2sad", "jit": not quick, "K": K, "loop": "while"}
            for K in (None, 100)]
    if not quick:
        out += [{"system": s, "K": None, "loop": "for"} for s in ("jax-scan", "jax-scan-remat", "jax-scan-sqrt")]
    return out


def label(c):
    if c["system"].startswith("jax"):
        return {"jax-scan": "JAX scan", "jax-scan-remat": "JAX scan, jax.checkpoint on the step",
                "jax-scan-sqrt": "JAX scan of checkpointed scans (sqrt n)"}[c["system"]]
    name = "s2sad jit=True" if c["jit"] else "s2sad"
    how = "no checkpointing" if c["K"] is None else f"checkpoint={c['K']}"
    return f"{name}, `{c['loop']}`, {how}"


def run_all(quick, outdir):
    steps, size = (2000, 100) if quick else (100_000, 1000)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, c in enumerate(configurations(quick)):
            path = os.path.join(tmp, f"g{i}.npz")
            cmd = [sys.executable, "-m", "benchmarks.memory", "--one", json.dumps(c),
                   "--steps", str(steps), "--size", str(size), "--grad-out", path]
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(HERE))
            row = dict(c, label=label(c))
            if proc.returncode != 0:
                lines = proc.stderr.strip().splitlines() or ["failed"]
                row["error"] = next((ln for ln in reversed(lines) if "Error" in ln), lines[-1])[:300]
            else:
                row.update(json.loads(proc.stdout.strip().splitlines()[-1]))
                g = np.load(path)
                row["grad"] = (float(g["dk"]), g["du"])
            rows.append(row)
            print(f"{row['label']:<48} {row.get('seconds', float('nan')):8.2f} s "
                  f"{row.get('peak_mb', float('nan')):10.1f} MB  {row.get('error', '')}", flush=True)
    _compare(rows)
    _write(rows, steps, size, outdir)
    return rows


def _compare(rows):
    ref = {c["loop"]: c for c in rows if c["system"].startswith("s2sad") and c["K"] is None and "grad" in c}
    for r in rows:
        base = ref.get(r["loop"])
        if "grad" not in r or base is None:
            continue
        rtol = 1e-9 if r["system"].startswith("jax") else 1e-12
        dk, du = r["grad"]
        err = max(abs(dk - base["grad"][0]) / abs(base["grad"][0]),
                  float(np.max(np.abs(du - base["grad"][1])) / np.max(np.abs(base["grad"][1]))))
        r["rel_error"], r["same_gradient"] = err, bool(err <= rtol)


def _write(rows, steps, size, outdir):
    os.makedirs(outdir, exist_ok=True)
    plain = {r["loop"] + str(r["jit"]): r for r in rows if r["system"].startswith("s2sad") and r["K"] is None}
    lines = [f"Gradient of {steps} steps of a {size}-float state (reaction-diffusion, explicit Euler), "
             "one subprocess per row. Peak memory: growth of the resident set (RSS) during the "
             "gradient call; `python -m benchmarks.memory`.", "",
             "| configuration | time (s) | peak memory (MB) | memory vs plain | time vs plain | "
             "same gradient |", "|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['label']} | error: {r['error']} | | | | |")
            continue
        p = plain.get(r["loop"] + str(r.get("jit", True))) if not r["system"].startswith("jax") else \
            plain.get("forTrue")
        mem = _less(p["peak_mb"], r["peak_mb"]) if p and r is not p else ""
        tim = f"{r['seconds'] / p['seconds']:.2f}x" if p and r is not p else ""
        same = "" if "same_gradient" not in r else (f"yes ({r['rel_error']:.0e})" if r["same_gradient"]
                                                   else f"NO ({r['rel_error']:.1e})")
        peak = f"{r['peak_mb']:.1f}" if r["peak_mb"] >= 0.1 else "< 0.1"
        lines.append(f"| {r['label']} | {r['seconds']:.2f} | {peak} | {mem} | {tim} | {same} |")
    with open(os.path.join(outdir, "memory.md"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(outdir, "memory.json"), "w") as fh:
        json.dump([{k: v for k, v in r.items() if k != "grad"} for r in rows], fh, indent=1)
    _plot(rows, os.path.join(outdir, "memory.png"), steps, size)
    print("\n".join(lines))


def _less(plain, peak):
    """'1806x less' (a lower bound under the resolution of 0.1 MB), or '1.5x more'."""
    ratio = plain / max(peak, 0.1)
    if ratio < 1:
        return f"{1 / ratio:.1f}x more"
    return ("> " if peak < 0.1 else "") + f"{ratio:.0f}x less"


def _plot(rows, path, steps, size):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    ok = [r for r in rows if "error" not in r]
    fig, axes = plt.subplots(1, 2, figsize=(12, 0.45 * len(ok) + 1.5), sharey=True)
    names = [r["label"].replace("`", "") for r in ok]
    colors = ["tab:blue" if r["system"].startswith("s2sad") and r["K"] else "tab:gray" if
              r["system"].startswith("s2sad") else "tab:orange" for r in ok]
    for ax, key, title in ((axes[0], "peak_mb", "peak memory (MB, log)"), (axes[1], "seconds", "time (s, log)")):
        ax.barh(names, [max(r[key], 0.1) for r in ok], color=colors)
        ax.set_xscale("log")
        ax.set_title(title)
    axes[0].invert_yaxis()     # the axes share y: invert once, rows top-down as in the table
    fig.suptitle(f"Gradient of a {steps}-step loop over a {size}-float state")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=None)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--steps", type=int, default=100_000, help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, default=1000, help=argparse.SUPPRESS)
    ap.add_argument("--grad-out", help=argparse.SUPPRESS)
    ap.add_argument("--render", action="store_true", help="rewrite the table and plot from the last json")
    args = ap.parse_args(argv)
    if args.render:
        out = args.out or os.path.join(HERE, "results")
        with open(os.path.join(out, "memory.json")) as fh:
            rows = json.load(fh)
        return _write(rows, rows[0].get("steps", 100_000), rows[0].get("size", 1000), out)
    if args.one:
        print(json.dumps(measure(json.loads(args.one), args.steps, args.size, args.grad_out)))
        return None
    out = args.out or os.path.join(HERE, "results", "quick" if args.quick else "")
    return run_all(args.quick, out)


if __name__ == "__main__":
    main()
