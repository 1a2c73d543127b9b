"""The first call of a compiling column, measured in a process of its own.

In one process, a numba column reuses what an earlier cell compiled: numba compiles each
NumPy function it lowers (``np.sum``'s, ``np.empty``'s, a broadcasting kernel, the shape
message of a slice assignment...) once per process and argument types, and a second size of
a row reuses s2sad-jit's whole module. numba-hand ran after s2sad-jit and took s2sad-jit's
leftovers (the sigmoid net: 3.0 s CPU for numba-hand's first call alone, 2.0 s after
s2sad-jit), and s2sad-jit's second GMM and LSTM rows compiled nothing (7.5 ms). So the first
call of ``FRESH`` columns is timed here, in a new process with empty caches (s2sad's and
numba's), after the same ``warm_up`` as the run: each cell pays its own compiles, in any order.

    python -m benchmarks.fresh <workload name> <size index> <system>

prints one JSON line, ``{"first": seconds}`` or ``{"error": text}``. The comparators that do
not compile with numba are not imported (``BENCH_NO_COMPARATORS``): this process has no use
for them and they take seconds to import.
"""
import json
import os
import subprocess
import sys

FRESH = ("s2sad-jit", "numba-hand")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def first_call_apart(wl, size_index, system, cache_dir, timeout):
    """Seconds of ``system``'s build + first call on ``wl`` at its ``size_index``-th full size,
    in a fresh process whose s2sad cache is ``cache_dir`` (empty: s2sad-jit compiles). numba's
    cache files go beside s2sad's module there (no ``NUMBA_CACHE_DIR``), so the caller's own
    build of the cell may load the machine code instead of compiling it again. Raises
    RuntimeError if the process failed."""
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env.update(BENCH_NO_COMPARATORS="1", S2SAD_CACHE_DIR=cache_dir,
               PYTHONPATH=os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    done = subprocess.run([sys.executable, "-m", "benchmarks.fresh", wl.name, str(size_index), system],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"fresh first call failed: {(done.stderr or done.stdout).strip()[-500:]}")
    result = json.loads(lines[-1])
    if "error" in result:
        raise RuntimeError(result["error"])
    return result["first"]


def main(argv):
    import gc

    from .registry import all_workloads
    from .systems import adapter, warm_up
    from .timing import first_call
    name, size_index, system = argv[0], int(argv[1]), argv[2]
    wl = next(w for w in all_workloads() if w.name == name)
    args = wl.make_inputs(wl.sizes["full"][size_index])
    warm_up([system])
    gc.freeze()
    try:
        ad = adapter(system, wl)
        _, _, seconds = first_call(ad.build, ad.prep(args))
    except Exception as exc:  # noqa: BLE001  (reported to the run, which shows its own cell's error)
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return
    print(json.dumps({"first": seconds}))


if __name__ == "__main__":
    main(sys.argv[1:])
