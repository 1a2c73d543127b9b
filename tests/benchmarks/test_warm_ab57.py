"""benchmarks/warm_ab: a jit gradient's compiled forms timed side by side, each checked first."""
import numpy as np
import pytest

from benchmarks import warm_ab
from benchmarks.registry import all_workloads


def test_every_form_of_linreg_mse_is_checked_against_the_hand_adjoint_and_timed():
    """linreg MSE has broadcasting fallbacks, so its module has a first-try copy: the fast path,
    the adjoint and the copy are all there, agree with numba-hand, and get one time per round."""
    wl = next(w for w in all_workloads() if w.name == "linreg MSE")
    args = wl.make_inputs(wl.sizes["quick"][0])
    fns = warm_ab.forms(wl, args)
    assert list(fns) == ["fast", "adjoint", "first_try", "numba-hand"]
    times = warm_ab.timed(fns, args, rounds=3, calls=2)
    assert {name: len(ms) for name, ms in times.items()} == dict.fromkeys(fns, 3)
    assert all(t > 0.0 for ms in times.values() for t in ms)
    lines = warm_ab.report(times)
    assert len(lines) == 4 and lines[-1].strip().startswith("numba-hand") and lines[-1].endswith("1.00x numba-hand")


def mse_hand_doubled(w, b, x, y):
    r = w * x + b - y
    return 4.0 * np.sum(r * x) / x.shape[0], 4.0 * np.sum(r) / x.shape[0]


def test_a_form_whose_gradient_differs_from_the_hand_adjoint_is_refused():
    """The check is real: a hand adjoint that is off by a factor stops the measurement."""
    wl = next(w for w in all_workloads() if w.name == "linreg MSE")
    wrong = type(wl)(**{**wl.__dict__, "hand": mse_hand_doubled, "hand_numba": None})
    with pytest.raises(AssertionError):
        warm_ab.forms(wrong, wl.make_inputs(wl.sizes["quick"][0]))
