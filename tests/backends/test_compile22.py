"""First-call time of jit=True gradients in the benchmarks (issue 9, compile22).

s2sad loads its pipeline, rule tables and numba helpers (about 140 modules) at its first
gradient in a process; without bytecode caches (PYTHONDONTWRITEBYTECODE, as on the project
machines) that took 0.5-2.5 s, which the first benchmark row's first call (x²+y²) paid alone:
10.7x numba-hand's. ``benchmarks.systems.warm_up`` initialises s2sad once before any row,
as it does numba and JAX, and compiles nothing of s2sad's with numba.
"""
import functools
import os
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROBE = """
import sys
import numba
from benchmarks import systems
systems.warm_up({systems})
loaded = [m for m in ("s2sad.pipeline", "s2sad.backends.jit", "s2sad.backends.numba_lower", "s2sad.backends.fastcall",
                      "s2sad.backends.numba_helpers.numba_runtime") if m in sys.modules]
print(",".join(loaded))
"""


def _warm_up_loads(systems):
    return _warm_up_run(tuple(systems))


@functools.cache
def _warm_up_run(systems):
    """The s2sad modules a fresh process has loaded after ``warm_up(systems)``, and what it wrote
    into its own, empty S2SAD_CACHE_DIR. Each run is a process of its own that starts numba (a few
    seconds of CPU): the tests asking of the same systems share one."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""), S2SAD_CACHE_DIR=cache)
        out = subprocess.run([sys.executable, "-c", PROBE.format(systems=list(systems))], check=False, cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        return set(out.stdout.splitlines()[0].split(",")) - {""}, os.listdir(cache)


@pytest.mark.parametrize("systems, expected", [
    (["s2sad-jit", "numba-hand"], {"s2sad.pipeline", "s2sad.backends.jit", "s2sad.backends.numba_lower",
                                   "s2sad.backends.fastcall", "s2sad.backends.numba_helpers.numba_runtime"}),
    (["s2sad"], {"s2sad.pipeline"}),
])
def test_warm_up_initialises_s2sad_before_any_row(systems, expected):
    assert _warm_up_loads(systems)[0] == expected


def test_warm_up_of_numba_hand_alone_loads_no_s2sad_pipeline():
    assert _warm_up_loads(["numba-hand"])[0] == set()


def test_warm_up_compiles_nothing_of_s2sads_with_numba():
    """The first call of each row still pays all of s2sad's numba compiling: warm_up builds
    its gradient with jit=False and writes no generated module. (s2sad-jit's warm-up is the same
    with numba-hand's beside it, which compiles numba's own code only: the run of
    test_warm_up_initialises_s2sad_before_any_row's first case, and the modules it loaded.)"""
    loaded, written = _warm_up_loads(["s2sad-jit", "numba-hand"])
    assert written == []
    assert "s2sad.backends.numba_helpers.numba_runtime" in loaded    # the jit stage was set up, not skipped
