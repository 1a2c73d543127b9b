"""Shared pytest setup for the s2sad test-suite."""
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


def pytest_configure(config):
    config.addinivalue_line("markers", "jit: runs the numba-compiled (jit=True) adjoint")


@pytest.fixture
def rng():
    """A fixed-seed generator, so every run sees the same data."""
    return np.random.default_rng(0)


@pytest.fixture
def corpus_jit(request):
    """``jit=`` flag for corpus cases: False unless pytest runs with --jit-all."""
    return request.config.getoption("--jit-all")
