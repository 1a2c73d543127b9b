"""benchmarks/compile_split: the stages of a first call's compile, timed in CPU seconds."""
from benchmarks.compile_split import STAGES, report, split
from benchmarks.registry import all_workloads


def test_the_stages_of_numba_hands_first_call_are_timed_and_numba_is_left_as_it_was():
    """numba-hand on x²+y² (one small compile): its function is lowered, optimised and made machine
    code, the stages add up to no more than the total, and numba's methods are restored."""
    import numba.core.codegen as codegen
    import numba.core.lowering as lowering
    from numba.core.dispatcher import Dispatcher
    before = (lowering.BaseLower.lower, codegen.CPUCodeLibrary._optimize_final_module, Dispatcher.compile)
    wl = next(w for w in all_workloads() if w.name == "x²+y²")
    table = split(wl, 0, "numba-hand", warm=False)
    total = table["total"][""]
    assert total > 0.0
    for stage, _, _, _ in STAGES:
        assert sum(table[stage].values()) > 0.0, stage
        assert any("hand" in name for name in table[stage]), (stage, table[stage])
    assert sum(sum(table[s].values()) for s in ("lower", "mpasses", "mcode")) <= total
    assert sum(table["compiles"].values()) >= 1
    assert (lowering.BaseLower.lower, codegen.CPUCodeLibrary._optimize_final_module, Dispatcher.compile) == before
    assert report(table)[0].startswith("first call ")
