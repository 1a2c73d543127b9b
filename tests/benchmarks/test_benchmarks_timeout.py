"""The benchmark harness's per-cell timeout (benchmarks/harness.py ``_with_timeout``) never
fires inside numba's compiler: a SIGALRM raised in the middle of a compilation left numba's
state half-updated and the rest of the run failed."""
import signal
import time

import pytest

from benchmarks.harness import _Timeout, _with_timeout

compiler_lock = pytest.importorskip("numba.core.compiler_lock")


def _spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_a_cell_over_time_is_stopped_within_a_fraction_of_a_second():
    start = time.perf_counter()
    with pytest.raises(_Timeout):
        _with_timeout(0.2, lambda: _spin(3.0))
    assert time.perf_counter() - start < 1.0


def test_the_timeout_waits_for_the_compiler_lock_to_be_released():
    """Time is up while the compiler lock is held: the cell is stopped only after it is released."""
    events = []

    def cell():
        with compiler_lock.global_compiler_lock:    # as numba holds it while compiling
            _spin(1.5)
            events.append("compiled")
        _spin(3.0)
        events.append("not stopped")

    start = time.perf_counter()
    with pytest.raises(_Timeout):
        _with_timeout(1, cell)       # a whole second: what the harness's alarm() could do before
    assert events == ["compiled"]
    assert 1.5 <= time.perf_counter() - start < 2.5
    assert not compiler_lock.global_compiler_lock.is_locked()


def test_the_timer_and_the_handler_are_restored():
    before = signal.getsignal(signal.SIGALRM)
    assert _with_timeout(5, lambda: 42) == 42
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
