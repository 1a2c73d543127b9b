"""benchmarks/compile_split counts each CPU second in one stage: a stage timed inside another
(numba's ``lower`` runs LLVM's function passes, ``fpasses``, as it adds its IR) is taken out of
the outer one, which counted it a second time (LSTM's lowering read 13.3 s, 10.3 of them LLVM's)."""
import collections
import contextlib
import time

from benchmarks.compile_split import _timed, report


def _spin(seconds):
    t0 = time.process_time()
    while time.process_time() - t0 < seconds:
        pass


class _Library:
    def optimise(self):
        _spin(0.2)


class _Lower:
    name = "adjoint"

    def lower(self, library):
        _spin(0.1)
        library.optimise()


def test_a_stage_inside_another_is_not_counted_twice():
    table = collections.defaultdict(collections.Counter)
    with contextlib.ExitStack() as stack:
        stack.enter_context(_timed(table, _Lower, "lower", "lower", lambda self, *args: "adjoint"))
        stack.enter_context(_timed(table, _Library, "optimise", "fpasses", lambda self, *args: "adjoint"))
        t0 = time.process_time()
        _Lower().lower(_Library())
        table["total"][""] = time.process_time() - t0
    lower, fpasses = table["lower"]["adjoint"], table["fpasses"]["adjoint"]
    assert 0.19 <= fpasses < 0.35, fpasses
    assert 0.09 <= lower < 0.19, lower          # was 0.3: its own 0.1 and fpasses' 0.2
    assert lower + fpasses <= table["total"][""] + 1e-9
    lines = report(table)
    assert any(line.strip().startswith("rest ") for line in lines), lines
