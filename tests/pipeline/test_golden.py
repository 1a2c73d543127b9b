"""Golden files: the generated source of a few functions, byte for byte.

Regenerate after an intended change with ``S2SAD_UPDATE_GOLDEN=1 pytest tests/pipeline/test_golden.py``
and read the diff: it is the change users will see.
"""
import os
import pathlib

import pytest

import s2sad
from golden_funcs import GOLDEN

HERE = pathlib.Path(__file__).parents[1] / "golden"


def generated(name):
    func, wrt, args = GOLDEN[name]
    g = s2sad.vjp(func, wrt=wrt)
    g._specialize(args)
    return g.source


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_source(name):
    path = HERE / f"{name}.py"
    text = generated(name)
    if os.environ.get("S2SAD_UPDATE_GOLDEN"):
        path.write_text(text)
    assert path.exists(), f"missing golden file {path}; run with S2SAD_UPDATE_GOLDEN=1"
    assert text == path.read_text()


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_source_is_deterministic_across_builds(name):
    from s2sad import api
    first = generated(name)
    api._CACHE.clear()
    assert generated(name) == first


def test_each_adjoint_block_quotes_its_source_line():
    text = generated("rnn")
    assert "# h = np.tanh(w * h + x[i])" in text
    assert "b_w" in text and "b_x" in text
