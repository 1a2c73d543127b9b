"""``python -m benchmarks.run [--quick] [--only NAME] [--systems a,b] [--out DIR]``"""
import argparse
import contextlib
import datetime
import gc
import os
import sys
import tempfile
import time

from . import report
from .harness import run_row
from .registry import SYSTEMS, all_workloads
from .systems import warm_up

HERE = os.path.dirname(os.path.abspath(__file__))


def parse(argv):
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    p.add_argument("--quick", action="store_true",
                   help="each workload once at a small size; check gradients, no timing")
    p.add_argument("--only", default="", help="comma-separated workload names (substring match)")
    p.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated columns")
    p.add_argument("--out", default=None, help="output directory (default benchmarks/results"
                   ", or benchmarks/results/quick with --quick)")
    p.add_argument("--repeats", type=int, default=5, help="timing repeats per cell")
    p.add_argument("--first-in-process", action="store_true",
                   help="time s2sad-jit's and numba-hand's first calls in this process, in row order, "
                   "instead of each in a fresh process (benchmarks/fresh.py)")
    p.add_argument("--timeout", type=float, default=None, help="seconds per cell (default 300, quick 90)")
    return p.parse_args(argv)


def select(workloads, only):
    if not only:
        return workloads
    keys = [k.strip().lower() for k in only.split(",") if k.strip()]
    return [w for w in workloads if any(k in w.name.lower() for k in keys)]


@contextlib.contextmanager
def cold_s2sad_cache():
    """A fresh, empty S2SAD_CACHE_DIR for the run (unless one is set), so the
    first-call column includes s2sad-jit's numba compile, not a disk-cache load."""
    if os.environ.get("S2SAD_CACHE_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="s2sad-bench-cache-") as tmp:
        os.environ["S2SAD_CACHE_DIR"] = tmp
        try:
            yield
        finally:
            del os.environ["S2SAD_CACHE_DIR"]


@contextlib.contextmanager
def start_up_frozen():
    """What the imports and ``warm_up`` made (frozen by the caller once they are done) is out of
    the collector's sight for the run: it lives to the end anyway, and the collection before
    each first call (``timing.first_call``) then walks only what the cells made since (with
    JAX's and PyTorch's objects included: 0.6-0.9 s each, minutes over a full run). Unfrozen
    at the end, for a caller that goes on (the test suite runs ``main`` in its process)."""
    try:
        yield
    finally:
        gc.unfreeze()


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        raise SystemExit(f"unknown systems {unknown}; choose from {', '.join(SYSTEMS)}")
    workloads = select(all_workloads(), args.only)
    if not workloads:
        raise SystemExit(f"no workload matches {args.only!r}")
    out = args.out or os.path.join(HERE, "results", *(["quick"] if args.quick else []))
    timeout = args.timeout or (90 if args.quick else 300)
    t0 = time.perf_counter()
    with cold_s2sad_cache(), start_up_frozen():
        warm_up(systems)
        gc.freeze()
        apart = not args.quick and not args.first_in_process
        rows = [run_row(wl, size, systems, quick=args.quick, repeats=args.repeats, timeout=timeout, apart=apart)
                for wl in workloads for size in wl.sizes["quick" if args.quick else "full"]]
    cmd = "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = report.write(rows, systems, args.quick, report.meta_info(cmd.strip(), when), out)
    print(text)
    written = [f for f in ("results.md", "results.json", "chart.png") if os.path.exists(os.path.join(out, f))]
    print(f"\nwrote {', '.join(written)} in {out} ({time.perf_counter() - t0:.0f} s)")
    return rows


if __name__ == "__main__":
    main()
