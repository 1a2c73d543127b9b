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

# xdist's scheduler hook and the release of replaced workers: --worker-rss-limit (tests/worker_recycling.py)
from tests import worker_recycling  # noqa: E402
from tests.worker_recycling import pytest_testnodedown, pytest_xdist_make_scheduler  # noqa: E402,F401


def pytest_addoption(parser):
    parser.addoption("--jit-all", action="store_true", default=False,
                     help="run the whole gradient corpus with jit=True and the jit tier (tests/jit_tier.py: "
                          "the jit variants of the big tables; numba; slow)")
    parser.addoption("--numba-opt", default=None, choices=("0", "1", "2", "3"),
                     help="LLVM optimisation level numba compiles with (default: 0 for the test-suite, "
                          "3 with --jit-all; NUMBA_OPT in the environment wins)")
    worker_recycling.add_option(parser)


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
    _MEMLOG["controller"] = bool(getattr(config.option, "numprocesses", None)) and "PYTEST_XDIST_WORKER" not in os.environ
    if os.environ.get("S2SAD_TEST_MEMLOG") and not _MEMLOG["controller"]:
        _count_compiles()


def _numba_opt_level(config):
    """Numba compiles the suite's generated adjoints (hundreds) without LLVM's optimisations.

    With a cold cache (CI), compiling them was most of the suite's time, and LLVM's
    optimisation passes half of each compilation; they change how fast the machine code
    runs, not what it computes (numba sets no fast-math flags: no reassociation or
    contraction), and every test compares values and gradients, never timings. The
    level is part of the cache key of generated modules (backends/jit_module.py), so
    code compiled here is never loaded by a program compiled at numba's default level.
    At level 0 numba alone caches almost no adjoint (tests/numba_cache.py says why and what
    makes them cacheable). ``--jit-all`` (the long campaign) and ``--numba-opt=3`` compile at numba's default."""
    level = config.getoption("--numba-opt") or ("3" if config.getoption("--jit-all") else "0")
    if "NUMBA_OPT" not in os.environ:
        os.environ["NUMBA_OPT"] = level      # subprocesses the tests start compile the same way
        if "numba" in sys.modules:           # imported by a plugin: read the environment again
            from numba.core import config as numba_config
            numba_config.reload_config()
    from tests.numba_cache import cacheable_at_level_zero
    cacheable_at_level_zero()               # else level 0 caches no adjoint calling a numba function


def _worker_caches():
    """The xdist workers share one cache directory (``<cache>/xdist``), numba's saves taking a lock.

    With ``--dist loadfile`` a file goes to whichever worker is free, so from one run to the next
    it changes workers. When each worker had directories of its own (``xdist-gw0``, ...), a warm
    run (CI keeps its home) compiled again every adjoint whose file ran on the other worker last
    time: in a warm run on 054009e, most generated modules a worker wrote were already in the
    other worker's directory. Shared, what any worker compiled before is loaded by all.

    Generated modules are written atomically (jit_module.load). numba's disk cache is not safe
    against two processes saving the same function for different argument types at once: each
    reads the index, picks the first free data file name, writes the index, then the data, so
    both can pick the same name and the index can end up naming the other's machine code.
    ``numba_cache.locked_saves`` makes each save one step under an exclusive lock on the directory,
    writing the data before the index that names it. Where ``fcntl`` is missing, each worker keeps a
    directory of its own as before (``xdist-gw0``, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from tests.numba_cache import locked_saves
    shared = locked_saves()
    name = "xdist" if shared else f"xdist-{worker}"
    base = os.environ.get("S2SAD_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "s2sad")
    os.environ["S2SAD_CACHE_DIR"] = own = os.path.join(base, name)   # as jit_module.cache_dir
    numba_base = os.environ.get("NUMBA_CACHE_DIR")
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(numba_base, name) if numba_base \
        else os.path.join(own, "numba")     # numba's own default: __pycache__ next to each source file
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


_MEMLOG = {"file": None, "controller": False, "compiled": []}   # the xdist controller runs no test: logs nothing


def pytest_runtest_logfinish(nodeid, location):
    """With ``S2SAD_TEST_MEMLOG=PATH``, each process appends ``worker file RSS-MB`` to PATH when it
    finishes a test file, to find the files that make a worker grow.

    A worker's memory is not garbage it could collect: numba adds each compiled or cache-loaded
    function's LLVM module to its JIT engine and never removes it (numba/core/codegen.py,
    ``JITCPUCodegen._add_module``), and gc.collect() or clearing s2sad's own caches frees nothing
    (measured on stop 55: ~15 MB per small adjoint compiled, at ``NUMBA_OPT=0`` as at 3; 3-6 MB per
    adjoint loaded from disk). So RSS follows the number of distinct adjoints a worker builds. Each
    line also counts the numba compiles of the file (cache misses, callees included) and names the
    first few: in a warm run, what a file still compiles is its time the disk cache did not save."""
    test_file = nodeid.split("::")[0]
    if os.environ.get("S2SAD_TEST_MEMLOG") and test_file != _MEMLOG["file"]:
        _log_memory()
        _MEMLOG["file"] = test_file


def pytest_sessionfinish(session):
    if os.environ.get("S2SAD_TEST_MEMLOG"):
        _log_memory()


def _log_memory():
    if _MEMLOG["file"] is None or _MEMLOG["controller"]:
        return
    with open("/proc/self/status") as status:
        rss = next((int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS")), -1)
    names = sorted(set(_MEMLOG["compiled"]))
    with open(os.environ["S2SAD_TEST_MEMLOG"], "a") as log:
        log.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')} {_MEMLOG['file']} {rss} "
                  f"compiles={len(_MEMLOG['compiled'])} {','.join(names[:8])}\n")
    _MEMLOG["compiled"].clear()


def _count_compiles():
    """Record the name of every function numba compiles (its ``numba:compile`` event: a cache miss)."""
    from numba.core import event

    class Compiles(event.Listener):
        def on_start(self, ev):
            pass

        def on_end(self, ev):
            disp = (ev.data or {}).get("dispatcher")
            _MEMLOG["compiled"].append(getattr(getattr(disp, "py_func", None), "__name__", "?"))
    event.register("numba:compile", Compiles())


@pytest.fixture
def rng():
    """A fixed-seed generator, so every run sees the same data."""
    return np.random.default_rng(0)


@pytest.fixture
def corpus_jit(request):
    """``jit=`` flag for corpus cases: False unless pytest runs with --jit-all."""
    return request.config.getoption("--jit-all")


@pytest.fixture
def empty_caches(tmp_path, monkeypatch):
    """s2sad's and numba's disk caches in empty directories of the test's own, so a jit test
    compiles whatever CI's kept home holds (common.md: tests must not depend on the caches)."""
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    return tmp_path
