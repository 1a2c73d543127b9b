"""First-call time of jit=True gradients in the benchmarks (issue 9, compile22).

s2sad loads its pipeline, rule tables and numba helpers (about 140 modules) at its first
gradient in a process; without bytecode caches (PYTHONDONTWRITEBYTECODE, as on the project
machines) that took 0.5-2.5 s, which the first benchmark row's first call (x²+y²) paid alone:
10.7x numba-hand's. ``benchmarks.systems.warm_up`` initialises s2sad once before any row,
as it does numba and JAX, and compiles nothing of s2sad's with numba.
"""
import os
import subprocess
import sys

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
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", PROBE.format(systems=systems)], check=False, cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.splitlines()[0].split(",")) - {""}


@pytest.mark.parametrize("systems, expected", [
    (["s2sad-jit", "numba-hand"], {"s2sad.pipeline", "s2sad.backends.jit", "s2sad.backends.numba_lower",
                                   "s2sad.backends.fastcall", "s2sad.backends.numba_helpers.numba_runtime"}),
    (["s2sad"], {"s2sad.pipeline"}),
])
def test_warm_up_initialises_s2sad_before_any_row(systems, expected):
    assert _warm_up_loads(systems) == expected


def test_warm_up_of_numba_hand_alone_loads_no_s2sad_pipeline():
    assert _warm_up_loads(["numba-hand"]) == set()


def test_warm_up_compiles_nothing_of_s2sads_with_numba():
    """The first call of each row still pays all of s2sad's numba compiling: warm_up builds
    its gradient with jit=False and writes no generated module."""
    import tempfile
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PYTHONPATH=ROOT, S2SAD_CACHE_DIR=cache)
        code = "from benchmarks import systems; systems.warm_up(['s2sad-jit'])"
        out = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
        assert out.returncode == 0, out.stderr
        assert os.listdir(cache) == []
