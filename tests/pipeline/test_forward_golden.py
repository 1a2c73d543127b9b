"""Golden files for forward mode and second order: the generated ``jvp`` and ``hvp``
source of the golden functions, byte for byte (``tests/golden/forward/``).

Regenerate after an intended change with
``S2SAD_UPDATE_GOLDEN=1 pytest tests/pipeline/test_forward_golden.py`` and read the diff.
"""
import os
import pathlib

import pytest

import s2sad
from golden_funcs import GOLDEN

HERE = pathlib.Path(__file__).parents[1] / "golden" / "forward"
SCALAR = ["sum_of_squares", "himmelblau", "rnn", "two_layer", "first_crossing"]
CASES = [("jvp", n) for n in sorted(GOLDEN)] + [("hvp", n) for n in SCALAR]


def generated(mode, name):
    func, wrt, args = GOLDEN[name]
    g = getattr(s2sad, mode)(func, wrt=wrt)
    g._specialize(args)
    return g.source


@pytest.mark.parametrize("mode, name", CASES)
def test_golden_forward_source(mode, name):
    path = HERE / f"{mode}_{name}.py"
    text = generated(mode, name)
    if os.environ.get("S2SAD_UPDATE_GOLDEN"):
        path.write_text(text)
    assert path.exists(), f"missing golden file {path}; run with S2SAD_UPDATE_GOLDEN=1"
    assert text == path.read_text()


@pytest.mark.parametrize("mode, name", CASES)
def test_forward_source_is_deterministic_across_builds(mode, name):
    from s2sad import api, higher
    first = generated(mode, name)
    higher._CACHE.clear()
    api._CACHE.clear()
    assert generated(mode, name) == first


def test_generated_code_runs_as_printed():
    """The golden text itself, executed, gives the numbers of the built function."""
    import numpy as np
    from s2sad.rules import runtime
    func, wrt, args = GOLDEN["rnn"]
    text = (HERE / "hvp_rnn.py").read_text()
    glb = {"np": np, "zeros_like": runtime.zeros_like}
    exec(text, glb)
    v = (1.0, np.arange(4.0))
    want = s2sad.hvp(func, wrt=wrt)(*args, v)
    (_, *grads), (_, *hv) = glb["rnn_hvp"](*args, *v)
    np.testing.assert_allclose(hv[0], want[0], rtol=1e-15)
    np.testing.assert_allclose(hv[1], want[1], rtol=1e-15)
