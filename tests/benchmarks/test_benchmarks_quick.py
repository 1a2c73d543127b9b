"""The benchmark harness in --quick mode: every hand-written adjoint agrees
with finite differences, every installed comparator agrees with it, and the
run writes the table and the chart."""
import gc
import importlib
import importlib.util
import json

import pytest

from benchmarks import compat
from benchmarks.harness import reference, run_cell
from benchmarks.registry import SYSTEMS, Workload
from benchmarks.run import main

try:
    importlib.import_module("s2sad")
    HAVE_S2SAD = True
except Exception:  # noqa: BLE001  (a broken core counts as missing here)
    HAVE_S2SAD = False

COMPARATORS = ["numpy-hand", "numba-hand", "autograd", "torch", "jax"]
TIMEOUT = 900   # seconds a cell (wall): LSTM's s2sad-jit cell took 297 s at load 19 (2 cores)


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    # the quick run's 90 s a cell, on a machine loaded by other work (CI runners, 2 xdist workers), ended
    # the s2sad-jit cells of GMM and LSTM while numba compiled them: cells read "error", which the checks
    # below accept, so their gradients went unchecked. The timeout is kept (a hung cell still ends).
    rows = main(["--quick", "--timeout", str(TIMEOUT), "--out", str(out)])
    return rows, out


def test_hand_adjoints_match_finite_differences(quick):
    rows, _ = quick
    checked = [r for r in rows if r.fd_error is not None]
    assert len(checked) >= 9
    for row in checked:
        assert row.fd_error < 1e-5, (row.label, row.fd_error)


def test_adam_reaches_the_known_minimum(quick):
    rows, _ = quick
    errs = [r.expect_error for r in rows if r.expect_error is not None]
    assert errs and max(errs) < 1e-5


def test_every_installed_comparator_matches_the_reference(quick):
    rows, _ = quick
    for row in rows:
        for system in COMPARATORS:
            cell = row.cells[system]
            if compat.missing(system):
                assert cell.status == "not installed"
            elif "via minimize" in row.label and system not in ("numpy-hand", "numba-hand"):
                assert cell.status == "n/a"
            elif system == "jax" and row.label.startswith(("MXNet", "det by minors")):
                # MXNet: a data-dependent while loop; det: jax.jit traces 13700 recursive calls at n=7
                assert cell.status == "unsupported"
            else:
                assert cell.status == "ok", (row.label, system, cell.status, cell.message)
                assert cell.first is not None and cell.grad is None  # quick mode: not timed


@pytest.mark.skipif(not HAVE_S2SAD, reason="import s2sad fails")
def test_s2sad_cells_are_never_silently_wrong(quick):
    rows, _ = quick
    for row in rows:
        for system in ("s2sad", "s2sad-jit"):
            cell = row.cells[system]
            assert cell.status in ("ok", "error"), (row.label, system, cell.status, cell.message)


def test_outputs_are_written(quick):
    _, out = quick
    text = (out / "results.md").read_text()
    assert "| workload | " + " | ".join(SYSTEMS) + " |" in text
    assert "Machine:" in text and "numba" in text
    if importlib.util.find_spec("matplotlib") is not None:
        assert (out / "chart.png").stat().st_size > 10_000
    data = json.loads((out / "results.json").read_text())
    assert len(data["rows"]) >= 13


def test_only_and_systems_options(tmp_path):
    # two columns without a compiler (numba-hand here compiled every hand adjoint again: ~10 s)
    rows = main(["--quick", "--only", "himmelblau", "--systems", "numpy-hand,autograd",
                 "--out", str(tmp_path)])
    assert [r.label for r in rows][:2] == ["Himmelblau", "Himmelblau Adam [2000 steps]"]
    assert all(set(r.cells) == {"numpy-hand", "autograd"} for r in rows)
    assert gc.get_freeze_count() == 0     # the start-up frozen for the run only (run.start_up_frozen)


def _square(x):
    return x * x


def test_wrong_gradient_is_flagged_and_not_timed():
    wl = Workload(name="wrong", primal=_square, hand=lambda x: (2.0 * x,),
                  make_inputs=lambda size: (3.0,), variants={"autograd": lambda x: x * x * x})
    args = wl.make_inputs(None)
    cell = run_cell("autograd", wl, args, reference(wl, args), quick=False)
    assert cell.status == "WRONG" and cell.grad is None


def test_missing_comparator_reads_not_installed(monkeypatch):
    monkeypatch.setattr(compat, "torch", None)
    wl = Workload(name="sq", primal=_square, hand=lambda x: (2.0 * x,),
                  make_inputs=lambda size: (3.0,))
    args = wl.make_inputs(None)
    assert run_cell("torch", wl, args, reference(wl, args), quick=True).status == "not installed"
