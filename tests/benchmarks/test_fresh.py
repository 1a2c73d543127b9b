"""The first call of s2sad-jit and numba-hand is timed in a process of its own
(benchmarks/fresh.py): a cell reuses nothing another cell compiled."""
import os

from benchmarks.harness import reference, run_cell
from benchmarks.registry import all_workloads


def _row(name):
    return next(w for w in all_workloads() if w.name == name)


def test_the_first_call_comes_from_a_process_of_its_own(monkeypatch):
    wl = _row("x²+y²")
    args = wl.make_inputs(wl.sizes["full"][0])
    before = os.environ.get("S2SAD_CACHE_DIR")
    import benchmarks.harness as harness
    seen = []

    def apart(wl_, index, system, cache_dir, timeout):
        seen.append((wl_.name, index, system, os.listdir(cache_dir)))
        return 123.0       # no process here: what the cell reports is what it returned
    monkeypatch.setattr(harness, "first_call_apart", apart)
    cell = run_cell("numba-hand", wl, args, reference(wl, args), quick=True, size_index=0)
    assert cell.status == "ok" and cell.first == 123.0
    assert seen == [("x²+y²", 0, "numba-hand", [])]      # an empty s2sad cache
    assert os.environ.get("S2SAD_CACHE_DIR") == before
    cell = run_cell("numpy-hand", wl, args, reference(wl, args), quick=True, size_index=0)
    assert cell.first != 123.0 and len(seen) == 1        # not a compiling column: in this process


def test_a_fresh_process_times_the_first_call(tmp_path):
    """The real process: numba-hand on x²+y² (one small compile), no comparator imported."""
    from benchmarks.fresh import first_call_apart
    wl = _row("x²+y²")
    seconds = first_call_apart(wl, 0, "numba-hand", str(tmp_path), timeout=120)
    assert 0.0 < seconds < 120.0


def test_a_failed_process_is_reported_in_the_cell(monkeypatch):
    import benchmarks.harness as harness

    def apart(*a):
        raise RuntimeError("fresh first call failed: boom")
    monkeypatch.setattr(harness, "first_call_apart", apart)
    wl = _row("x²+y²")
    args = wl.make_inputs(wl.sizes["full"][0])
    cell = run_cell("numba-hand", wl, args, reference(wl, args), quick=True, size_index=0)
    assert cell.status == "ok" and cell.first is None and "boom" in cell.message
