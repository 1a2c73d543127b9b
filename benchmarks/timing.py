"""timeit-style measurement: autorange, then several repeats; medians and IQR."""
import gc
import statistics
import time
import timeit
from dataclasses import dataclass


@dataclass
class Stat:
    median: float
    q1: float
    q3: float
    lo: float
    hi: float
    number: int
    repeats: int


WARM_CALLS = 2   # untimed calls before autorange (the caller has made the first call already)


def measure(fn, repeats=5, min_total=0.2):
    """Seconds per call of ``fn()``: ``WARM_CALLS`` untimed calls, then autorange to
    >= ``min_total`` s per repeat, then ``repeats`` repeats (3 when one call already
    takes > 1 s). The warm calls take work a system defers past its first call out of
    the timing: s2sad-jit compiles its fast-path driver on the second call with the
    same argument types; inside autorange's first trial that compile made autorange
    settle on one call per repeat, so the cell timed single cold calls (a spread of
    100x between repeats) instead of the warm gradient."""
    for _ in range(WARM_CALLS):
        fn()
    timer = timeit.Timer(fn)
    number, total = timer.autorange()
    if number == 1 and total > 1.0:
        repeats = min(repeats, 3)
    per = sorted(t / number for t in timer.repeat(repeat=repeats, number=number))
    if len(per) >= 4:
        q = statistics.quantiles(per, n=4)
        q1, q3 = q[0], q[2]
    else:
        q1, q3 = per[0], per[-1]
    return Stat(statistics.median(per), q1, q3, per[0], per[-1], number, len(per))


def first_call(build, args):
    """Time ``build()`` (transform/compile set-up) plus the first call, after a garbage
    collection: the cell starts with nothing owed to the collector by earlier cells. A
    full collection is due after enough allocations, wherever they happened; with JAX and
    PyTorch loaded (about 240 000 objects) it took 0.6-0.9 s, and it fell inside whichever
    cell crossed the threshold: s2sad-jit's first call of x²+y², the first row, measured
    0.75-1.2 s, 0.25-0.3 s without it (numba-hand's 0.1-0.2 s). ``measure`` (timeit)
    times with the collector off, so only this column was affected."""
    gc.collect()
    t0 = time.perf_counter()
    fn = build()
    out = fn(*args)
    return fn, out, time.perf_counter() - t0


def fmt_time(sec):
    if sec is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if sec >= scale or unit == "ns":
            v = sec / scale
            return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"
