"""Runs the cells: build + first call, check against the reference, time."""
import contextlib
import dataclasses
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field

import numpy as np

from .fresh import FRESH, first_call_apart
from .registry import SYSTEMS
from .systems import CellError, Skip, adapter
from .timing import Stat, first_call, measure

QUICK_STEPS = 2000   # descent rows in --quick (the known end point is checked at full length)


@dataclass
class Cell:
    status: str                      # ok | error | WRONG | unsupported | not installed | n/a
    message: str = ""
    detail: str = ""                 # the full error text (results.json only)
    first: float | None = None    # build + first call, seconds
    grad: Stat | None = None      # per gradient (per descent run for descent rows)
    primal: Stat | None = None

    @property
    def ratio_primal(self):
        if self.grad and self.primal:
            return self.grad.median / self.primal.median
        return None


@dataclass
class Row:
    label: str
    kind: str
    cells: dict = field(default_factory=dict)
    fd_error: float | None = None      # hand adjoint vs finite differences (quick)
    expect_error: float | None = None  # descent end point vs the known optimum
    notes: dict = field(default_factory=dict)  # system -> why it is unsupported


def short(exc, limit=200):
    """One line: the exception type and its gist.  s2sad's located errors
    become 'line N: <explanation>'; other multi-line messages keep their first
    line and their last explanatory line (not a 'Use ...' hint)."""
    text = str(exc)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    m = re.match(r'File "[^"]*", line (\d+)', text)
    if m:
        text = f"line {m.group(1)}: {lines[-1]}"
    elif len(lines) > 1:
        gist = [" ".join(ln.split()) for ln in lines[1:] if not ln.startswith(("Use ", "Hint", "generated"))]
        text = " ".join([lines[0]] + gist[-2:])
    msg = text if isinstance(exc, CellError) else f"{type(exc).__name__}: {text}"
    msg = msg.replace("|", "/")
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"


def rel_error(got, ref):
    """Max-norm relative error over a tuple of gradients (inf if shapes differ)."""
    if len(got) != len(ref):
        return float("inf")
    worst = 0.0
    for g, r in zip(got, ref):
        g, r = np.asarray(g, dtype=float), np.asarray(r, dtype=float)
        if g.shape != r.shape and g.size != r.size:
            return float("inf")
        g = g.reshape(r.shape)
        scale = max(float(np.max(np.abs(r))) if r.size else 0.0, 1e-30)
        worst = max(worst, float(np.max(np.abs(g - r))) / scale if r.size else 0.0)
    return worst if np.isfinite(worst) else float("inf")


class _Timeout(Exception):
    pass


_RECHECK = 0.05   # seconds between checks once a cell's time is up while numba compiles


def _compiling():
    """Is this thread inside numba's compiler (holding its global compiler lock)?"""
    lock = sys.modules.get("numba.core.compiler_lock")
    return lock is not None and lock.global_compiler_lock.is_locked()


def _with_timeout(seconds, fn):
    """``fn()``, interrupted by ``_Timeout`` after ``seconds`` (fractions too), but never inside
    numba's compiler: an exception raised from a signal handler in the middle of a compilation
    (the LLVM passes, numba's own bookkeeping) left numba's state half-updated, and every later
    cell of the run failed or crashed. When the time is up during a compilation, the timer
    re-fires every ``_RECHECK`` s and the timeout is raised at the first check outside it."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        return fn()

    def handler(signum, frame):
        if _compiling():
            return          # the interval timer checks again shortly
        signal.setitimer(signal.ITIMER_REAL, 0)   # raised once: not again while unwinding
        raise _Timeout(f"cell exceeded {seconds} s")
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds, _RECHECK)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def _apart(system, wl, size_index, timeout):
    """``[seconds]`` of ``system``'s first call measured in a process of its own
    (:mod:`benchmarks.fresh`), ``[]`` when not (``size_index`` None, a column that is not
    ``FRESH``), ``[None, why]`` when that process failed. Inside, s2sad's cache is the one that
    process filled: the cell's own build loads its machine code instead of compiling it again."""
    if size_index is None or system not in FRESH:
        yield []
        return
    old = os.environ.get("S2SAD_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="s2sad-bench-cell-") as tmp:
        try:
            got = [first_call_apart(wl, size_index, system, tmp, timeout)]
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            got = [None, short(exc)]
        os.environ["S2SAD_CACHE_DIR"] = tmp
        try:
            yield got
        finally:
            if old is None:
                del os.environ["S2SAD_CACHE_DIR"]
            else:
                os.environ["S2SAD_CACHE_DIR"] = old


def run_cell(system, wl, args, ref, quick=False, repeats=5, timeout=300, size_index=None):
    """One cell. With ``size_index`` (the size's position in ``wl.sizes["full"]``), the first
    call of a ``FRESH`` column is the one measured in a process of its own (``_apart``)."""
    with _apart(system, wl, size_index, timeout) as apart:
        cell = _run_cell(system, wl, args, ref, quick, repeats, timeout)
    if apart and cell.first is not None:
        cell.first = apart[0]
        if len(apart) > 1:
            cell.message = (cell.message + "; " if cell.message else "") + "first call apart: " + apart[1]
    return cell


def _run_cell(system, wl, args, ref, quick, repeats, timeout):
    try:
        ad = adapter(system, wl)
    except Skip as s:
        return Cell(str(s))
    except Exception as exc:  # noqa: BLE001  (any failure of a system is a table cell)
        return Cell("error", short(exc), detail=str(exc))

    def go():
        pargs = ad.prep(args)
        fn, out, t_first = first_call(ad.build, pargs)
        ad.sync(out)
        err = rel_error(ad.to_numpy(out), ref)
        if not err <= wl.rtol:
            return Cell("WRONG", f"rel. error {err:.2g}", first=t_first)
        cell = Cell("ok", first=t_first)
        if not quick:
            cell.grad = measure(lambda: ad.sync(fn(*pargs)), repeats)
            if ad.primal is not None:
                try:
                    cell.primal = measure(lambda: ad.sync(ad.primal(*pargs)), repeats)
                except _Timeout:
                    raise
                except Exception as exc:  # noqa: BLE001  (the gradient stands; only the ratio is lost)
                    cell.message = "primal failed: " + short(exc)
        return cell
    try:
        return _with_timeout(timeout, go)
    except Exception as exc:  # noqa: BLE001  (any failure of a system is a table cell)
        return Cell("error", short(exc), detail=str(exc))


def reference(wl, args):
    """The NumPy hand-written result every cell is checked against."""
    if wl.kind == "descent":
        return tuple(np.asarray(v, dtype=float) for v in wl.hand_descent(*args, wl.lr, wl.steps))
    return tuple(np.asarray(v, dtype=float) for v in wl.hand(*args))


def finite_differences(wl, args, max_elems=40, seed=0):
    """Relative error of the hand adjoint against central differences of the
    primal, on up to ``max_elems`` randomly chosen entries per argument."""
    rng = np.random.default_rng(seed)
    ref = reference(wl, args)
    worst = 0.0
    for j, i in enumerate(wl.wrt):
        base = np.array(args[i], dtype=float)
        flat_idx = np.arange(base.size)
        if base.size > max_elems:
            flat_idx = rng.choice(base.size, max_elems, replace=False)
        gref = np.asarray(ref[j], dtype=float).reshape(base.shape)
        scale = max(float(np.max(np.abs(gref))), 1e-30)
        for k in flat_idx:
            h = 1e-5 * max(1.0, abs(base.flat[k]))
            vals = []
            for sgn in (1, -1):
                pert = base.copy()
                pert.flat[k] += sgn * h
                a = list(args)
                a[i] = float(pert) if np.ndim(args[i]) == 0 else pert
                vals.append(float(wl.primal(*a)))
            fd = (vals[0] - vals[1]) / (2 * h)
            worst = max(worst, abs(fd - gref.flat[k]) / scale)
    return worst


def run_row(wl, size, systems=SYSTEMS, quick=False, repeats=5, timeout=300, log=print, apart=False):
    """The row of ``wl`` at ``size``; ``apart``: the first calls of the ``FRESH`` columns are
    measured in processes of their own (:mod:`benchmarks.fresh`)."""
    args = wl.make_inputs(size)
    expect_error = None
    if quick and wl.kind == "descent":
        if wl.expect is not None:   # the full-length reference run reaches the known point
            expect_error = rel_error(reference(wl, args), tuple(np.asarray(e) for e in wl.expect))
        wl = dataclasses.replace(wl, steps=min(wl.steps, QUICK_STEPS))
    notes = (wl.base if wl.kind == "descent" else wl).notes
    row = Row(wl.size_label(size), wl.kind, expect_error=expect_error, notes=dict(notes))
    ref = reference(wl, args)
    if quick and wl.kind == "grad":
        row.fd_error = finite_differences(wl, args)
    for system in systems:
        index = wl.sizes["full"].index(size) if apart else None
        cell = run_cell(system, wl, args, ref, quick=quick, repeats=repeats, timeout=timeout, size_index=index)
        row.cells[system] = cell
        t = f"{cell.grad.median:.3g}s" if cell.grad else ""
        log(f"  {row.label:<28} {system:<11} {cell.status:<13} {t} {cell.message}")
    return row
