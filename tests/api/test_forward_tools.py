"""The tools around forward mode: ``check_jvp``/``check_hvp`` catch wrong answers,
``s2sad show --mode jvp|hvp`` prints the code, ``s2sad export --mode`` writes a module
that runs without s2sad."""
import json
import pathlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp, check_jvp
from tests.cli_inprocess import run_cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = ROOT / "examples" / "demo_target.py"


def quartic(x):
    return np.sum(x ** 4)


def off_by_a_bit(f, wrt=0, jit=False):
    """A jvp/hvp maker whose results are 1% too large (for testing the checkers)."""
    real = (s2sad.jvp if off_by_a_bit.mode == "jvp" else s2sad.hvp)(f, wrt=wrt, jit=jit)

    def wrong(*args):
        out = real(*args)
        return (out[0], out[1] * 1.01) if off_by_a_bit.mode == "jvp" else out * 1.01
    return wrong


def test_checkers_pass_right_and_catch_wrong_answers():
    x, v = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.3, -0.2])
    check_jvp(quartic, x, tangent=v, reference="autograd")
    check_hvp(quartic, x, v=v, reference="autograd")
    off_by_a_bit.mode = "jvp"
    with pytest.raises(AssertionError, match="jvp"):
        check_jvp(quartic, x, tangent=v, jvp_fn=off_by_a_bit)
    off_by_a_bit.mode = "hvp"
    with pytest.raises(AssertionError, match="hvp"):
        check_hvp(quartic, x, v=v, hvp_fn=off_by_a_bit)


def test_show_modes():
    """What ``show --mode`` prints (in this process: tests/cli_inprocess.py)."""
    proc = run_cli("show", f"{TARGET}:himmelblau", "--wrt", "x,y", "--ranks", "0,0", "--mode", "jvp")
    assert proc.returncode == 0, proc.stderr
    assert "def himmelblau_jvp(x, y, t_x, t_y):" in proc.stdout
    compile(proc.stdout, "jvp", "exec")
    proc = run_cli("show", f"{TARGET}:himmelblau", "--wrt", "x,y", "--ranks", "0,0", "--mode", "hvp")
    assert proc.returncode == 0, proc.stderr
    assert "def himmelblau_hvp(x, y, t_x, t_y):" in proc.stdout and "t_b_x" in proc.stdout
    proc = run_cli("show", f"{TARGET}:himmelblau", "--mode", "jvp", "--stage", "forward")
    assert proc.returncode == 0 and "after stage 'forward'" in proc.stdout, proc.stderr
    proc = run_cli("show", f"{TARGET}:himmelblau", "--mode", "hvp", "--stage", "reverse")
    assert proc.returncode == 2 and "stages are" in proc.stderr


CHILD = textwrap.dedent('''
    import json, sys
    class NoS2sad:
        def find_spec(self, name, path=None, target=None):
            if name == "s2sad" or name.startswith("s2sad."):
                raise ImportError("s2sad is blocked in this test")
    sys.meta_path.insert(0, NoS2sad())
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    mod = __import__(sys.argv[2])
    x = np.array([0.5, -1.0, 2.0])
    value, tangent = mod.jvp_quartic(x, np.ones(3)) if sys.argv[3] == "jvp" else (None, None)
    hv = mod.hvp_quartic(x, np.array([1.0, 0.0, 2.0])) if sys.argv[3] == "hvp" else None
    print(json.dumps([None if tangent is None else float(tangent), None if hv is None else hv.tolist()]))
''')


@pytest.mark.parametrize("mode", ["jvp", "hvp"])
def test_export_modes_run_without_s2sad(tmp_path, mode):
    src = tmp_path / "quartic_src.py"
    src.write_text("import numpy as np\n\n\ndef quartic(x):\n    return np.sum(x ** 4)\n")
    out = tmp_path / f"quartic_{mode}.py"
    proc = run_cli("export", f"{src}:quartic", "--mode", mode, "-o", out)    # the module is run in a new process below
    assert proc.returncode == 0, proc.stderr
    child = subprocess.run([sys.executable, "-I", "-c", CHILD, str(tmp_path), out.stem, mode],
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    tangent, hv = json.loads(child.stdout)
    x = np.array([0.5, -1.0, 2.0])
    if mode == "jvp":
        assert tangent == pytest.approx(np.sum(4 * x ** 3))
    else:
        np.testing.assert_allclose(hv, 12 * x ** 2 * np.array([1.0, 0.0, 2.0]))
