"""Shared pytest setup for the s2sad test-suite."""
import gc
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
                     help="run the whole gradient corpus with jit=True and the jit tier (tests/jit_tier.py: "
                          "the jit variants of the big tables; numba; slow)")
    parser.addoption("--numba-opt", default=None, choices=("0", "1", "2", "3"),
                     help="LLVM optimisation level numba compiles with (default: 0 for the test-suite, "
                          "3 with --jit-all; NUMBA_OPT in the environment wins)")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """``python -m pytest`` runs the suite on every CPU: with pytest-xdist installed (the ``test``
    extra) and no ``-n``/``--dist``/``--tx`` given, one worker a CPU (``-n auto``). Unless
    ``--dist`` says otherwise, each test file goes to one worker (``--dist loadfile``): a file's
    tests share its module fixtures (the benchmark run, minimize's descents), which xdist's
    default would compute again in every worker. (``loadgroup`` with marks is decided in the
    workers, from their own command line, so set here it grouped nothing.) ``-n 0`` or ``-p
    no:xdist``: one process, as before. (Runs before xdist's own hook, which reads these options.)"""
    if not config.pluginmanager.hasplugin("xdist") or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    opt = config.option
    if opt.dist != "no" or opt.usepdb:
        return
    if opt.numprocesses is None and not opt.tx:
        opt.numprocesses = "auto"
    if opt.numprocesses or opt.tx:
        opt.dist = "loadfile"


def pytest_configure(config):
    config.addinivalue_line("markers", "jit: runs the numba-compiled (jit=True) adjoint")
    _numba_opt_level(config)
    _worker_caches()
    _fewer_collections()


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


def _worker_caches():
    """An xdist worker compiles into cache directories of its own (``<cache>/xdist-gw0``, ...).

    Generated modules are written atomically (jit_module.load), but numba's disk cache is
    not safe against two processes saving the same function for different argument types
    at once: each writes its index and its data file separately, and the index can end up
    naming the other's machine code. A worker's directories persist between runs, so a
    warm run still loads what that worker compiled before."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    base = os.environ.get("S2SAD_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "s2sad")
    os.environ["S2SAD_CACHE_DIR"] = own = os.path.join(base, f"xdist-{worker}")   # as jit_module.cache_dir
    numba_base = os.environ.get("NUMBA_CACHE_DIR")
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(numba_base, f"xdist-{worker}") if numba_base \
        else os.path.join(own, "numba")     # numba's own default: __pycache__ next to each source file
    if "numba" in sys.modules:              # imported by a plugin: read the environment again
        from numba.core import config as numba_config
        numba_config.reload_config()


GC_THRESHOLD = (10000, 10, 10)   # CPython's default: (700, 10, 10)


def _fewer_collections():
    """The process running the tests collects its young objects every 10000 net allocations,
    not every 700.

    numba allocates millions of short-lived objects while it types and lowers an adjoint (its
    IR, type-inference constraints, llvmlite's IR), and the suite is mostly numba compiling:
    with CPython's default threshold the garbage collector ran some 2000 times and took ~15% of
    the CPU time of a process compiling nine adjoints of tests/corpus/soundness_funcs.py (cold
    cache). A higher first threshold makes each collection scan more objects, far fewer
    times; what is collected is the same, only later. No test depends on when a collection
    runs (the one that needs collections sets its own threshold and restores it), and the
    processes the tests start keep CPython's default."""
    gc.set_threshold(*GC_THRESHOLD)


def pytest_collection_modifyitems(config, items):
    """The jit tier: without ``--jit-all``, the jit variants of the big tables named in
    tests/jit_tier.py (beyond each table's fixed sample) are skipped. Their Python variants and
    every other test run as before; see that module for which tables and why."""
    if config.getoption("--jit-all"):
        return
    from tests.jit_tier import moved
    skip = pytest.mark.skip(reason="jit tier (tests/jit_tier.py): runs with --jit-all")
    for item in items:
        if moved(item):
            item.add_marker(skip)


@pytest.fixture
def rng():
    """A fixed-seed generator, so every run sees the same data."""
    return np.random.default_rng(0)


@pytest.fixture
def corpus_jit(request):
    """``jit=`` flag for corpus cases: False unless pytest runs with --jit-all."""
    return request.config.getoption("--jit-all")
