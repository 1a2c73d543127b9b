"""Shared pytest setup for the s2sad test-suite."""
import os
import pathlib
import sys

import numpy as np
import pytest

# Make ``import s2sad`` work from a source checkout without installing it.
_ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))


def pytest_addoption(parser):
    parser.addoption("--jit-all", action="store_true", default=False,
                     help="run the whole gradient corpus with jit=True (numba; slow)")
    parser.addoption("--numba-opt", default=None, choices=("0", "1", "2", "3"),
                     help="LLVM optimisation level numba compiles with (default: 0 for the test-suite, "
                          "3 with --jit-all; NUMBA_OPT in the environment wins)")


def pytest_configure(config):
    config.addinivalue_line("markers", "jit: runs the numba-compiled (jit=True) adjoint")
    _numba_opt_level(config)


def _numba_opt_level(config):
    """Numba compiles the suite's generated adjoints (hundreds) without LLVM's optimisations.

    With a cold cache (CI), compiling them was most of the suite's time, and LLVM's
    optimisation passes half of each compilation; they change how fast the machine code
    runs, not what it computes (numba sets no fast-math flags: no reassociation or
    contraction), and every test compares values and gradients, never timings. The
    level is part of the cache key of generated modules (backends/jit_module.py), so
    code compiled here is never loaded by a program compiled at numba's default level.
    ``--jit-all`` (the long campaign) and ``--numba-opt=3`` compile at numba's default."""
    level = config.getoption("--numba-opt") or ("3" if config.getoption("--jit-all") else "0")
    if "NUMBA_OPT" in os.environ:
        return
    os.environ["NUMBA_OPT"] = level      # subprocesses the tests start compile the same way
    if "numba" in sys.modules:           # imported by a plugin: read the environment again
        from numba.core import config as numba_config
        numba_config.reload_config()


@pytest.fixture
def rng():
    """A fixed-seed generator, so every run sees the same data."""
    return np.random.default_rng(0)


@pytest.fixture
def corpus_jit(request):
    """``jit=`` flag for corpus cases: False unless pytest runs with --jit-all."""
    return request.config.getoption("--jit-all")
