"""`import s2sad` loads neither numba nor SciPy: they are imported when first needed (a jit=True
gradient, a compiled descent, the user's own SciPy call).

numba's import (with the SciPy it pulls in) was about 0.35 of the 0.58 s CPU `import s2sad` took:
`python -m s2sad show` paid it, as did every test running s2sad in a process of its own (suite44).
It came through `tools.optim` importing `backends.drivers` (numba's overloads) for one helper
that only the compiled descent calls (the jit descents of tests/tools/test_minimize*.py run
through that import where it now is)."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

PROBE = """
import sys
import s2sad
print(sorted(m for m in ("numba", "scipy", "s2sad.backends.drivers") if m in sys.modules))
"""


def test_import_loads_neither_numba_nor_scipy():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"

