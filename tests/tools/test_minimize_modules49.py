"""What a compiled ``minimize`` writes: the chosen update rule's loops only, no drivers.

A descent compiles one loop; its module holds the adjoint and that rule's loops for the kind of
``x`` (``JitBuilt.descent_module_for``), and the adjoint's own module with its drivers, which a
descent never calls, is not written (``JitBuilt.module`` is written when first used). Run in
fresh processes on a fresh cache directory, so the files listed are this descent's; the second
process loads the machine code from disk instead of compiling it again."""
import ast
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

SCRIPT = """
import json, sys
import numpy as np
import s2sad
from descents49 import bowl, quartic
a = np.array([1.0, -2.0, 0.5])
arr = s2sad.minimize(bowl, np.array([3.0, -2.0, 1.0]), method="adam", lr=0.05, steps=200, args=(a,))
arr_py = s2sad.minimize(bowl, np.array([3.0, -2.0, 1.0]), method="adam", lr=0.05, steps=200, args=(a,), jit=False)
sca = s2sad.minimize(quartic, 3.0, method="sgd", lr=0.01, steps=100)
sca_py = s2sad.minimize(quartic, 3.0, method="sgd", lr=0.01, steps=100, jit=False)
print(json.dumps({"cache": [arr.time["cache"], sca.time["cache"]],
                  "x": [list(arr.x), list(arr_py.x), sca.x, sca_py.x],
                  "losses": [list(arr.losses), list(arr_py.losses), list(sca.losses), list(sca_py.losses)]}))
"""

MODULE = """
import numpy as np


def bowl(p, a):
    d = p - a
    return np.sum(d * d) + 0.5 * np.sum(p ** 4)


def quartic(x):
    return (x - 1.5) ** 4 + x * x
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two fresh processes running the same descents on one fresh cache directory."""
    tmp = tmp_path_factory.mktemp("descents49")
    (tmp / "descents49.py").write_text(textwrap.dedent(MODULE))
    env = dict(os.environ, S2SAD_CACHE_DIR=str(tmp / "cache"), NUMBA_CACHE_DIR=str(tmp / "numba"))
    env["PYTHONPATH"] = os.pathsep.join([str(tmp), env.get("PYTHONPATH", "")])
    outs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                              cwd=str(tmp), timeout=600)
        assert proc.returncode == 0, proc.stderr
        outs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return tmp / "cache", outs


def _functions(cache, prefix):
    """Names of the functions each generated file for ``prefix`` (the function's name) defines."""
    files = [p for p in os.listdir(cache) if p.startswith(prefix + "_") and p.endswith(".py")]
    return [{d.name for d in ast.parse(open(os.path.join(cache, p)).read()).body if isinstance(d, ast.FunctionDef)}
            for p in files]


def test_an_array_descent_writes_one_module_with_its_rule_s_loops_only(runs):
    cache, _ = runs
    modules = _functions(cache, "bowl")
    assert len(modules) == 1                      # no module of the adjoint's drivers
    loops = {n for n in modules[0] if "_s2sad_minimize_" in n}
    assert "_s2sad_minimize_adam" in loops
    assert all("adam" in n and not n.endswith("_scalar") for n in loops), loops
    assert "bowl_adjoint" in modules[0] and "bowl_adjoint_into" in modules[0]


def test_a_float_descent_writes_one_module_with_its_rule_s_scalar_loop_only(runs):
    cache, _ = runs
    modules = _functions(cache, "quartic")
    assert len(modules) == 1
    loops = {n for n in modules[0] if "_s2sad_minimize_" in n}
    assert "_s2sad_minimize_sgd_scalar" in loops
    assert all(n.endswith("sgd_scalar") for n in loops), loops
    assert "quartic_adjoint_into" not in modules[0]


def test_the_second_process_loads_the_loops_from_disk_and_both_match_python(runs):
    _, (first, second) = runs
    assert first["cache"] == ["compiled", "compiled"]
    assert second["cache"] == ["loaded from disk", "loaded from disk"]
    assert first["x"] == second["x"] and first["losses"] == second["losses"]
    for jit, py in ((0, 1), (2, 3)):
        np.testing.assert_allclose(first["x"][jit], first["x"][py], rtol=1e-12)
        np.testing.assert_allclose(first["losses"][jit], first["losses"][py], rtol=1e-12)
