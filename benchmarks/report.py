"""results.md (Markdown tables + machine/package record), results.json and
chart.png (log-scale grouped bars)."""
import json
import os
import platform
from dataclasses import asdict

from .compat import versions
from .timing import fmt_time


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor() or "?"
    return {"nproc": os.cpu_count(), "cpu": model, "platform": platform.platform()}


def _status(cell):
    if cell.status == "ok":
        return None
    if cell.status in ("error", "WRONG"):
        return f"{cell.status}: {cell.message}" if cell.message else cell.status
    return cell.status


def _fmt_cells(rows, systems, figure):
    lines = ["| workload | " + " | ".join(systems) + " |",
             "|---|" + "---|" * len(systems)]
    for row in rows:
        out = []
        for s in systems:
            cell = row.cells.get(s)
            if cell is None:
                out.append("—")
                continue
            st = _status(cell)
            if st and figure not in ("time", "check"):
                st = cell.status           # the message is in the first table
            out.append(st if st and (figure != "first" or cell.first is None) else figure_text(cell, row, figure))
        lines.append(f"| {row.label} | " + " | ".join(out) + " |")
    return "\n".join(lines)


def figure_text(cell, row, figure):
    if figure == "first":
        return fmt_time(cell.first)
    if figure == "check":
        return "✓ matches reference"
    g = cell.grad
    if g is None:
        return "✓ (not timed)"
    if figure == "time":
        return f"{fmt_time(g.median)} [{fmt_time(g.q1)}–{fmt_time(g.q3)}]"
    if figure == "primal":
        r = cell.ratio_primal
        return f"{r:.3g}" if r is not None else "—"
    ref = row.cells.get("numba-hand")
    if ref is None or ref.grad is None:
        return "—"
    return f"{g.median / ref.grad.median:.3g}×"


TABLES = [
    ("time", "Median time per gradient [IQR]",
     "Descent rows: time for the whole descent. Warm: after the first call and two untimed calls (s2sad-jit compiles its fast-path driver on the second call with the same argument types); timeit autorange, several repeats."),
    ("numba", "Ratio to numba-hand (median / numba-hand median)",
     "1× is the hand-written adjoint compiled with numba: the practical floor."),
    ("primal", "Gradient / primal time, same system",
     ("Primal: numba-compiled for numba-hand and s2sad-jit, jax.jit for jax, plain Python/NumPy (or "
      "the library's eager mode, no_grad for torch) otherwise.")),
    ("first", "First call (transform + trace/compile + one evaluation)",
     ("s2sad-jit and numba-hand: each cell in a process of its own, with empty s2sad and numba "
      "caches (benchmarks/fresh.py), so neither reuses what the other or an earlier row compiled "
      "(--first-in-process: all in the run's process, in row order, as before). Other columns: in "
      "the run's process, in row order (a system may reuse work cached by an earlier row). "
      "numba and JAX are initialised (one trivial compile each; numba's shape message of a slice "
      "assignment compiled with numba's default flags and with s2sad's) before the first row, as "
      "the packages are imported: no column pays numba's own start-up.")),
]


def summary(rows, systems):
    """Bullets: s2sad cells that fail, and where s2sad-jit is furthest from numba-hand."""
    out = []
    for s in ("s2sad", "s2sad-jit"):
        if s not in systems:
            continue
        bad = [f"{r.label} ({r.cells[s].status}: {r.cells[s].message})" for r in rows
               if r.cells.get(s) and r.cells[s].status in ("error", "WRONG")]
        ok = sum(1 for r in rows if r.cells.get(s) and r.cells[s].status == "ok")
        out.append(f"- `{s}`: {ok} cells ok" + (f"; failing: {'; '.join(bad)}" if bad else ""))
    if "s2sad-jit" in systems and "numba-hand" in systems:
        ratios = []
        for r in rows:
            v = _value(r.cells.get("s2sad-jit"), r, "numba")
            if v is not None:
                ratios.append((v[0], r.label))
        far = sorted(ratios, reverse=True)[:3]
        if far:
            out.append("- `s2sad-jit` furthest from `numba-hand`: "
                       + ", ".join(f"{label} ({x:.3g}×)" for x, label in far))
    return (["## Summary", ""] + out + [""]) if out else []


def markdown(rows, systems, quick, meta):
    parts = [f"# s2sad benchmarks{' (quick check)' if quick else ''}", ""]
    m = meta["machine"]
    parts += [f"Machine: {m['nproc']} cores, {m['cpu']} ({m['platform']}).  ",
              "Packages: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".  ",
              f"Run: `{meta['command']}` at {meta['when']}.", "",
              ("Every cell's gradient is checked against the NumPy hand-written adjoint before "
               "it is timed (max-norm relative error); a mismatch reads WRONG and is not timed. "
               "'unsupported': the system cannot express the workload (JAX: reverse mode through a "
               "`lax.while_loop` with a data-dependent trip count is not available). "
               "Timings on a shared 2-core machine are noisy: compare ratios, not digits. "
               f"Threads per system: {meta.get('threads', '?')}."), ""]
    parts += summary(rows, systems)
    tables = TABLES if not quick else [
        ("check", "Gradient check (quick mode: small sizes, shorter descents, not timed)", ""), TABLES[-1]]
    for key, title, note in tables:
        parts += [f"## {title}", ""] + ([note, ""] if note else [])
        parts += [_fmt_cells(rows, systems, key), ""]
    notes = [f"- {r.label}, {s}: {n}" for r in rows for s, n in r.notes.items() if s in systems]
    if notes:
        parts += ["## Notes", ""] + notes + [""]
    fd = [(r.label, r.fd_error) for r in rows if r.fd_error is not None]
    if fd:
        parts += ["## Hand-written adjoint vs central finite differences", "",
                  "| workload | max rel. error |", "|---|---|"]
        parts += [f"| {label} | {err:.2g} |" for label, err in fd] + [""]
    ex = [(r.label, r.expect_error) for r in rows if r.expect_error is not None]
    if ex:
        parts += ["Descent end points vs the known optimum (rel. error): "
                  + ", ".join(f"{label}: {err:.2g}" for label, err in ex), ""]
    return "\n".join(parts)


def write(rows, systems, quick, meta, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    text = markdown(rows, systems, quick, meta)
    with open(os.path.join(out_dir, "results.md"), "w") as fh:
        fh.write(text)
    data = {"meta": meta, "systems": list(systems),
            "rows": [{"label": r.label, "kind": r.kind, "fd_error": r.fd_error,
                      "expect_error": r.expect_error,
                      "cells": {s: asdict(c) for s, c in r.cells.items()}} for r in rows]}
    with open(os.path.join(out_dir, "results.json"), "w") as fh:
        json.dump(data, fh, indent=1, default=str)
    try:
        chart(rows, systems, os.path.join(out_dir, "chart.png"), quick)
    except ImportError as exc:   # matplotlib is optional (the `bench`/`plot` extras)
        print(f"chart.png not written: {exc}")
    return text


def meta_info(command, when):
    threads = os.environ.get("OMP_NUM_THREADS", "default")
    return {"machine": machine(), "versions": versions(), "command": command, "when": when,
            "threads": threads}


def _value(cell, row, key):
    """(value, low, high) of one bar, or None."""
    if cell is None or cell.status != "ok":
        return None
    if key == "first":
        return (cell.first, cell.first, cell.first) if cell.first else None
    g = cell.grad
    if g is None:
        return None
    if key == "time":
        return g.median, g.q1, g.q3
    ref = row.cells.get("numba-hand")
    if ref is None or ref.grad is None:
        return None
    scale = ref.grad.median
    return g.median / scale, g.q1 / scale, g.q3 / scale


def _panel(ax, rows, systems, key, ylabel):
    import matplotlib.pyplot as plt
    import numpy as np
    width = 0.8 / len(systems)
    colors = plt.get_cmap("tab10").colors
    xs = np.arange(len(rows))
    for j, s in enumerate(systems):
        vals, err = [], [[], []]
        pos = xs - 0.4 + width * (j + 0.5)
        for i, row in enumerate(rows):
            cell = row.cells.get(s)
            v = _value(cell, row, key)
            vals.append(v[0] if v else np.nan)
            err[0].append(v[0] - v[1] if v else 0)
            err[1].append(v[2] - v[0] if v else 0)
            if cell is not None and cell.status in ("error", "WRONG"):
                ax.annotate("E" if cell.status == "error" else "W", (pos[i], 0.01),
                            xycoords=("data", "axes fraction"), ha="center", va="bottom",
                            fontsize=7, color=colors[j % 10], fontweight="bold")
        ax.bar(pos, vals, width, yerr=err if key != "first" else None, label=s,
               color=colors[j % 10], capsize=1.5, error_kw={"elinewidth": 0.7})
    if key == "numba":
        ax.axhline(1.0, color="black", lw=0.8, ls="--")
    ax.set_yscale("log")
    ax.set_ylabel(ylabel, fontsize=9)
    ax.grid(axis="y", which="major", alpha=0.4)
    ax.set_xticks(xs)
    ax.set_xticklabels([r.label for r in rows], rotation=30, ha="right", fontsize=8)


def chart(rows, systems, path, quick):
    """Quick mode: one panel of first-call times.  Full: time per gradient on
    top, ratio to numba-hand below (log scales, IQR whiskers)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("first", "first call: transform + compile + 1 run (s)")] if quick else [
        ("time", "median s per gradient\n(descent rows: per descent)"),
        ("numba", "time / numba-hand time\n(1 = hand-written numba)")]
    fig, axes = plt.subplots(len(panels), 1, figsize=(max(12, 1.1 * len(rows) + 4), 4.2 * len(panels) + 2.2),
                             sharex=True, squeeze=False)
    for ax, (key, ylabel) in zip(axes[:, 0], panels):
        _panel(ax, rows, systems, key, ylabel)
    axes[0, 0].legend(ncol=len(systems), fontsize=9, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                      frameon=False)
    fig.suptitle("s2sad vs tape AD (autograd, PyTorch), JAX and hand-written adjoints — lower is better\n"
                 "E / W at the bottom = error / WRONG gradient; no bar = unsupported, not installed or n/a",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
