"""A campaign: check seeds ``seed .. seed + n - 1`` in worker processes and report.

Workers are recycled every few chunks (numba and the gradient caches grow with
every program) and a worker that dies (a segfault in compiled code) only
costs its chunk: the chunk's seeds are re-run one per process, the one that
kills it again is re-run once more without the autograd reference (autograd
itself segfaults on a few programs, seed 2402359), and only a seed that kills
that run too is recorded as ``crash``; one saved that way is judged against
finite differences alone and says so (``"reference": "fd"``). Records are appended to a JSON
Lines file as they arrive, so an interrupted campaign keeps what it did.

Which programs run with ``jit=True``: every one with ``--jit on``; with
``--jit both`` every one whose seed is a multiple of ``--jit-every`` (numba
compiles each generated adjoint for 2-40 s on a shared core, so jit on every
program does not fit in an hour); the summary states the fraction. Which
derivatives: the kinds of ``--modes`` (``modes.py``: grad, vjp, jvp, ckpt, hvp,
hessian, gg), each in the jit modes the seed gets.
"""
import concurrent.futures as cf
import json
import os
import sys
import tempfile
import time
import warnings

from .modes import names

__all__ = ["run", "modes_for"]


def modes_for(seed, jit, jit_every, kinds=("grad",)):
    """The mode names (``modes.py``) to check ``seed`` in: each kind with jit=False, jit=True or both."""
    if jit == "off":
        return names(kinds, (False,))
    if jit == "on":
        return names(kinds, (True,))
    return names(kinds, (False, True) if jit_every and seed % jit_every == 0 else (False,))


def _worker_init():
    warnings.simplefilter("ignore")
    os.environ.setdefault("NUMBA_DISABLE_PERFORMANCE_WARNINGS", "1")


def check_chunk(seeds, jit, jit_every, only, without=None, kinds=("grad",), autograd=True):
    """Run in a worker: one record per seed (``autograd=False``: without the autograd reference)."""
    _worker_init()
    from . import reference
    from .check import check_seed
    reference.USE_AUTOGRAD = autograd
    workdir = tempfile.mkdtemp(prefix="fz")
    out = []
    for seed in seeds:
        modes = modes_for(seed, jit, jit_every, kinds)
        try:
            if any(m == "jit" or m.endswith("-jit") for m in modes):        # numba state after a timeout, or a crash, stays in that child
                rec = _in_child(check_seed, seed, workdir, modes, only, without=without)
                if rec.get("class") == "crash" and autograd:
                    reference.USE_AUTOGRAD = False      # the child inherits it
                    try:
                        rec = _in_child(check_seed, seed, workdir, modes, only, without=without)
                    finally:
                        reference.USE_AUTOGRAD = True
                    rec["reference"] = "fd"
            else:
                rec = check_seed(seed, workdir, modes, only, without=without)
        except Exception as exc:       # noqa: BLE001 - a fuzzer bug must not stop the campaign
            rec = {"seed": seed, "class": "fuzzer_error", "error": f"{type(exc).__name__}: {exc}"[:500]}
        if not reference.USE_AUTOGRAD:
            rec["reference"] = "fd"
        rec["finished"] = round(time.time(), 2)
        out.append(rec)
    return out


def _in_child(fn, seed, *args, **kwargs):
    """``fn(seed, ...)`` in a forked child; a child that dies gives a ``crash`` record."""
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)

    def target():
        try:
            child.send(json.loads(json.dumps(fn(seed, *args, **kwargs), default=_json_default)))
        except Exception as exc:       # noqa: BLE001 - reported like in the worker
            child.send({"seed": seed, "class": "fuzzer_error", "error": f"{type(exc).__name__}: {exc}"[:500]})
    proc = ctx.Process(target=target)
    proc.start()
    child.close()
    try:
        rec = parent.recv()
    except EOFError:
        rec = {"seed": seed, "class": "crash", "issues": [{"class": "crash", "mode": "jit", "check": "call"}]}
    proc.join()
    return rec


def run(n, seed, jit="both", jit_every=50, workers=1, only=None, jsonl=None, chunk=10, log=print, without=None,
        kinds=("grad",)):
    """Check ``n`` programs; returns the list of records (also appended to ``jsonl``)."""
    seeds = list(range(seed, seed + n))
    chunks = [seeds[k:k + chunk] for k in range(0, len(seeds), chunk)]
    records, start = [], time.monotonic()
    if _context().get_start_method() == "fork":
        _preload()
    sink = open(jsonl, "a") if jsonl else None
    pending = list(chunks)
    try:
        while pending:
            pending = _drain(pending, records, sink, (jit, jit_every, only, without, kinds), workers, start, n, log)
    finally:
        if sink:
            sink.close()
    records.sort(key=lambda r: r["seed"])
    return records


def _preload():
    """Import what every worker imports (s2sad and numba, the fuzzer, scipy and autograd, which
    generated programs and the reference use) once, here: forked workers inherit the modules
    instead of importing them again each time a pool is replaced (~1.2 s of CPU apiece)."""
    os.environ.setdefault("NUMBA_DISABLE_PERFORMANCE_WARNINGS", "1")     # read when numba is imported
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import autograd.numpy  # noqa: F401
        import autograd.scipy.stats  # noqa: F401
        import scipy.linalg  # noqa: F401
        import scipy.special  # noqa: F401
        import scipy.stats  # noqa: F401

        from . import check, modes  # noqa: F401


def _drain(chunks, records, sink, options, workers, start, total, log):
    """Run chunks until done or a worker dies; returns the chunks still to run.

    Each batch of chunks gets a fresh pool, so worker processes (whose numba and
    gradient caches grow with every program) are replaced every few hundred programs."""
    batch = workers * PER_WORKER
    for lo in range(0, len(chunks), batch):
        group = chunks[lo:lo + batch]
        done = set()
        try:
            with cf.ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                futures = {pool.submit(check_chunk, c, *options): k for k, c in enumerate(group)}
                for fut in cf.as_completed(futures):
                    for rec in fut.result():
                        _emit(rec, records, sink)
                    done.add(futures[fut])
                    _progress(records, start, total, log)
        except cf.process.BrokenProcessPool:
            left = [c for k, c in enumerate(group) if k not in done]
            _isolate(left[0], records, sink, options, log)
            return left[1:] + chunks[lo + batch:]
    return []


PER_WORKER = 8          # chunks per worker process before it is replaced


def _context():
    import multiprocessing
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _isolate(chunk, records, sink, options, log):
    """Re-run a chunk whose worker died, one seed per process; the seed that kills it is a crash."""
    log(f"worker died in chunk {chunk[0]}..{chunk[-1]}: re-running its seeds one per process")
    for seed in chunk:
        if any(r["seed"] == seed for r in records):
            continue
        for autograd in (True, False):
            try:
                with cf.ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
                    recs = pool.submit(check_chunk, [seed], *options, autograd=autograd).result()
            except cf.process.BrokenProcessPool:
                continue
            for rec in recs:
                _emit(rec, records, sink)
            break
        else:
            _emit({"seed": seed, "class": "crash", "issues": [{"class": "crash", "mode": "?", "check": "call"}]},
                  records, sink)


def _emit(rec, records, sink):
    records.append(rec)
    if sink:
        sink.write(json.dumps(rec, default=_json_default) + "\n")
        sink.flush()


def _json_default(obj):
    import numpy as np
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    return str(obj)


def _progress(records, start, total, log):
    done = len(records)
    if done % 100 and done != total:
        return
    elapsed = time.monotonic() - start
    rate = done / max(elapsed, 1e-9)
    counts = {}
    for r in records:
        counts[r["class"]] = counts.get(r["class"], 0) + 1
    eta = (total - done) / max(rate, 1e-9)
    log(f"[{done}/{total}] {elapsed:.0f}s, {rate:.2f} programs/s, eta {eta:.0f}s  "
        + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    sys.stdout.flush()
