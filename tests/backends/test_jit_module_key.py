"""The cache key of a generated module (s2sad/backends/jit_module.py) covers numba's LLVM
optimisation level: machine code compiled at another level (the test-suite compiles at
NUMBA_OPT=0, see tests/conftest.py) is never loaded by a program at numba's default."""
import pytest

numba = pytest.importorskip("numba")

from s2sad.backends import jit_module


def test_the_optimisation_level_is_part_of_the_key(monkeypatch):
    from numba.core.config import _OptLevel
    keys = {}
    for level in (0, 3):
        monkeypatch.setattr(jit_module, "_VERSION_TEXT", None)
        monkeypatch.setattr(numba.config, "OPT", _OptLevel(level))
        keys[level] = jit_module._versions()
    assert keys[0] != keys[3]
    assert "LLVM optimisation level 0" in keys[0] and "LLVM optimisation level 3" in keys[3]


def test_numba_compiles_at_the_level_the_suite_set():
    """tests/conftest.py sets NUMBA_OPT before numba is imported (0 unless --numba-opt or
    --jit-all ask otherwise): numba must have read it."""
    import os
    assert int(numba.config.OPT) == int(os.environ["NUMBA_OPT"])


def test_the_key_covers_every_module_of_the_numba_helpers(monkeypatch):
    """The generated modules call what s2sad.backends.numba_helpers registers: a module there
    left out of ``numba_runtime.FILES`` could change without a compiled adjoint noticing."""
    import hashlib
    import pathlib

    from s2sad.backends import numba_helpers
    monkeypatch.setattr(jit_module, "_VERSION_TEXT", None)
    key = jit_module._versions()
    modules = sorted(pathlib.Path(numba_helpers.__file__).parent.glob("numba_*.py"))
    assert len(modules) > 30
    missing = [m.name for m in modules if hashlib.sha1(m.read_bytes()).hexdigest() not in key]
    assert missing == []
