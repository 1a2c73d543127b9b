"""`s2sad export`: the exported module runs where s2sad cannot be imported, and agrees
with s2sad.grad.

The exported file is copied into a fresh directory and run with ``python -I``
(no PYTHONPATH, no user site, no script directory on sys.path) and with an
import hook at the front of ``sys.meta_path`` that refuses ``s2sad`` and its
submodules. The child first checks that ``import s2sad`` really fails, imports
the exported module, computes the gradient, checks that no ``s2sad`` module got
loaded, and prints the result as JSON.
"""
import ast
import importlib.util
import json
import pathlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.backends.export import ExportError, export, export_source, literal
from tests.cli_inprocess import run_cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = ROOT / "examples" / "demo_target.py"

CHILD = textwrap.dedent('''
    import json, sys
    class NoS2sad:
        def find_spec(self, name, path=None, target=None):
            if name == "s2sad" or name.startswith("s2sad."):
                raise ImportError("s2sad is blocked in this test")
            return None
    sys.meta_path.insert(0, NoS2sad())
    try:
        import s2sad
    except ImportError:
        pass
    else:
        raise SystemExit("the import blocker did not work")
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    mod = __import__(sys.argv[2])
    args = [np.array(a) if isinstance(a, list) else a for a in json.loads(sys.argv[3])]
    value, grads = getattr(mod, "value_and_grad_" + sys.argv[4])(*args)
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert not [m for m in sys.modules if m == "s2sad" or m.startswith("s2sad.")]
    print(json.dumps([float(value)] + [np.asarray(g, dtype=float).tolist() for g in grads]))
''')


def load_target():
    spec = importlib.util.spec_from_file_location("demo_target_for_export", TARGET)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


demo = load_target()


def run_isolated(path, name, args, func_name):
    jargs = json.dumps([a.tolist() if isinstance(a, np.ndarray) else a for a in args])
    proc = subprocess.run([sys.executable, "-I", "-c", CHILD, str(path.parent), path.stem, jargs, func_name],
                          capture_output=True, text=True, timeout=120, cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def imported_modules(text):
    out = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            out.add((node.module or "").split(".")[0])
    return out


CASES = [
    ("himmelblau", (0, 1), [1.5, -2.0]),
    ("mxnet_f", 0, [np.array([0.3, -1.2, 2.0])]),
    ("mxnet_f", 0, [np.array([-0.3, 1.2, -2.0])]),        # the other branch
    ("oscillator", (0, 1), [4.0, 0.5]),
    ("weighted_loss", 0, [np.array([0.3, 1.2, 2.0])]),
]


@pytest.mark.parametrize("name, wrt, args", CASES)
def test_exported_module_matches_s2sad_grad_without_s2sad(tmp_path, name, wrt, args):
    func = getattr(demo, name)
    path = tmp_path / f"{name}_grad.py"
    text = export(func, path, wrt=wrt)
    assert imported_modules(text) <= {"numpy", "math"}
    got = run_isolated(path, path.stem, args, name)
    want = s2sad.grad(func, wrt=wrt)(*args)
    want = want if isinstance(want, tuple) else (want,)
    assert got[0] == pytest.approx(float(func(*args)), rel=1e-12)
    for g, w in zip(got[1:], want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)


def test_cli_export_round_trip(tmp_path):
    out = tmp_path / "hb.py"
    proc = run_cli("export", f"{TARGET}:himmelblau", "--wrt", "x,y", "--ranks", "0,0", "-o", out, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    got = run_isolated(out, "hb", [3.5, -1.0], "himmelblau")
    np.testing.assert_allclose(got[1:], s2sad.grad(demo.himmelblau, wrt=(0, 1))(3.5, -1.0), rtol=1e-12)


def test_globals_become_literals_and_helpers_are_included():
    text = export_source(demo.weighted_loss)
    assert "WEIGHTS = np.array([0.5, 1.0, 2.0], dtype=np.float64)" in text
    assert "def mean_grad(" in text and "def sum_grad(" in text      # transitively used helpers
    assert "@shape_only" not in text and "import math" in text
    assert "DT = 0.05" in export_source(demo.oscillator)


@pytest.mark.skipif(importlib.util.find_spec("numba") is None, reason="numba not installed")
def test_jit_export_scalar(tmp_path):
    path = tmp_path / "hbj.py"
    text = export(demo.himmelblau, path, wrt=(0, 1), jit=True, ranks=(0, 0))
    assert "@numba.njit" in text and imported_modules(text) <= {"numpy", "math", "numba"}
    got = run_isolated(path, "hbj", [1.0, 2.0], "himmelblau")
    np.testing.assert_allclose(got[1:], s2sad.grad(demo.himmelblau, wrt=(0, 1))(1.0, 2.0), rtol=1e-12)


def test_jit_export_with_runtime_helpers_is_refused():
    with pytest.raises(ExportError, match="--ranks"):
        export_source(demo.mxnet_f, jit=True)


def test_unexportable_globals_are_clear_errors(tmp_path):
    (tmp_path / "weird.py").write_text(textwrap.dedent('''
        import fractions
        import numpy as np

        class Config:
            scale = 2.0

        CONF = Config()
        NAMES = np.array(["a", "b"])
        F = fractions


        def uses_object(x):
            return x * getattr(CONF, "scale", 1.0)   # the object itself (CONF.scale, or getattr without a default, is the number)


        def uses_module(x):
            return x * float(F.Fraction(1, 2))
    '''))
    spec = importlib.util.spec_from_file_location("weird", tmp_path / "weird.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with pytest.raises(ExportError, match="CONF"):
        export_source(mod.uses_object)
    with pytest.raises(ExportError, match="fractions"):
        export_source(mod.uses_module)
    proc = run_cli("export", "weird.py:uses_object", "-o", "o.py", cwd=tmp_path)   # (tests/cli_inprocess.py)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "CONF" in proc.stderr


@pytest.mark.parametrize("value", [
    1, -2.5, 1e-300, float("inf"), float("nan"), True, None, 3 + 4j, (1, 2.0), [0.1, 0.2],
    np.float64(0.1), np.int32(7), np.arange(6.0).reshape(2, 3), np.array([1.0, np.nan, np.inf]),
    np.zeros((0, 3)), np.arange(2000).astype(np.int16), np.array(True),
])
def test_literals_round_trip(value):
    text = literal(value)
    back = eval(text, {"np": np})
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, float) and value != value:
        assert back != back
    else:
        assert back == value and type(back) is type(value)


def test_literal_refuses_objects():
    assert literal(object()) is None and literal(np.array(["a"])) is None and literal([object()]) is None
