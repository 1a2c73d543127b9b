"""benchmarks.timing.measure times the warm call, not work deferred past the first call."""
import time

from benchmarks.timing import measure


def test_work_deferred_to_the_second_call_is_not_timed():
    calls = []

    def fn():                   # like s2sad-jit: the second call compiles a fast path
        calls.append(None)
        if len(calls) == 2:
            time.sleep(0.3)

    fn()                        # the harness's first call (timed apart as "first call")
    stat = measure(fn, repeats=2)
    assert stat.number > 1      # autorange saw fast calls, not the 0.3 s one
    assert stat.median < 0.01


def test_first_call_starts_after_a_garbage_collection():
    """A collection owed to earlier cells' garbage is not charged to this cell's first call."""
    import weakref

    from benchmarks.timing import first_call

    class Cycle:
        pass

    cycle = Cycle()
    cycle.me = cycle
    ref = weakref.ref(cycle)
    del cycle
    seen = []

    def build():
        seen.append(ref() is None)     # collected before the clock started
        return lambda: None

    first_call(build, ())
    assert seen == [True]
