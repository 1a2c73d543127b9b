"""The oracle on a function that is exactly flat in floating point (its finite differences are
0.0 at every step) while s2sad's gradient is the residue of a cancellation of large terms
(campaign 6300000, seed 6300108: ``np.diff`` of equal values times a row grown to 1e14). The
residue is judged against the largest term the program made (``Reference.terms``); an error
above that scale, or in a flat function of small terms, is still ``wrong``."""
import numpy as np
import pytest

import s2sad

from . import oracle
from .program import load, unload
from .test_oracle import _patched, _program, _run

CANCEL = """
import numpy as np

def f(B, tau):
    for k in range(5):
        B = B * (B * 2.0)
    return np.diff(np.full(6, tau) * 1.3) @ B[1]
"""
FLAT_SMALL = """
import numpy as np

def f(B, tau):
    return np.diff(np.full(6, tau) * 1.3) @ B[1]
"""
PARAMS = [("B", (2, 5)), ("tau", ())]
B0 = np.array([[-1.38, -0.74, -1.13, -0.77, 0.26], [0.16, 1.38, -0.42, -0.38, 0.84]])


def test_the_residue_is_real_and_the_reference_flat(tmp_path):
    """The premise: s2sad's gradient in tau is not 0.0 here, finite differences are."""
    module = load(_program(CANCEL, PARAMS, ("tau",)), str(tmp_path))
    try:
        g = s2sad.grad(module.f, wrt=1)(B0, -1.29)
        assert g != 0.0 and abs(g) < 1.0
        assert module.f(B0, -1.29 + 1e-4) == module.f(B0, -1.29 - 1e-4) == 0.0
    finally:
        unload(module)


def test_a_cancellation_residue_in_a_flat_function_is_range(tmp_path):
    rec = _run(tmp_path, _program(CANCEL, PARAMS, ("tau",)), [B0, -1.29])
    assert rec["class"] == "range", rec
    mode = rec["modes"]["py"]
    assert mode["status"] == "range" and "cancellation" in mode["detail"], mode


@pytest.mark.parametrize("source, error", [(CANCEL, 10.0), (FLAT_SMALL, 3e-6)])
def test_a_steady_error_in_a_flat_function_is_still_wrong(tmp_path, monkeypatch, source, error):
    """10.0 is far above 64 roundings of CANCEL's 6e13; FLAT_SMALL's terms are of order 1."""
    _patched(monkeypatch, lambda r, a: (r[0], r[1] + error))
    monkeypatch.setattr(oracle, "_max_err", lambda a, b: 0.0)      # grad and value_and_grad agree
    rec = _run(tmp_path, _program(source, PARAMS, ("tau",)), [B0, -1.29])
    assert rec["class"] == "wrong", rec
