"""The command line: `python -m s2sad show|export|graph|demo` run as a user would run it; tests of
what a command prints or writes run it in this process (``run_cli``, tests/cli_inprocess.py)."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from s2sad.pipeline import STAGES
from tests.cli_inprocess import run_cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = ROOT / "examples" / "demo_target.py"


def run(*args, cwd=None, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "s2sad", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout, env=env)


def assert_one_line_error(proc, *fragments):
    assert proc.returncode != 0, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("s2sad: error: "), lines[0]
    assert "Traceback" not in proc.stderr
    for frag in fragments:
        assert frag in lines[0], lines[0]


def test_show_prints_the_adjoint_plain_when_piped():
    proc = run("show", f"{TARGET}:himmelblau", "--wrt", "x,y")
    assert proc.returncode == 0, proc.stderr
    assert "def himmelblau_adjoint(x, y, dout=1.0):" in proc.stdout
    assert "return" in proc.stdout and "\x1b[" not in proc.stdout
    compile(proc.stdout, "adjoint", "exec")          # the printed text is valid Python


def test_show_color_always_highlights():
    proc = run("--color", "always", "show", f"{TARGET}:himmelblau")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" in proc.stdout


def test_show_ranks_gives_the_scalar_adjoint():
    proc = run_cli("show", f"{TARGET}:himmelblau", "--wrt", "x,y", "--ranks", "x=0,y=0")
    assert proc.returncode == 0, proc.stderr
    assert "unbroadcast" not in proc.stdout


def test_show_control_flow_and_helpers():
    proc = run_cli("show", f"{TARGET}:mxnet_f")
    assert proc.returncode == 0, proc.stderr
    assert "while" in proc.stdout and "for _ in range(" in proc.stdout
    proc = run_cli("show", f"{TARGET}:weighted_loss")
    assert proc.returncode == 0, proc.stderr
    assert "def weighted_loss_adjoint" in proc.stdout


@pytest.mark.parametrize("stage", STAGES)
def test_show_each_stage(stage):
    """What ``show --stage`` prints (in this process, tests/cli_inprocess.py: eight interpreters
    importing numpy, numba and s2sad for it cost more than the stages themselves)."""
    proc = run_cli("show", f"{TARGET}:mxnet_f", "--stage", stage)
    if proc.returncode != 0 and "no printable output" in proc.stderr:
        assert_one_line_error(proc, stage)
        pytest.xfail(f"pipeline stage {stage!r} is not dumped yet (requested in /tmp/cli_requests.md)")
    assert proc.returncode == 0, proc.stderr
    assert f"after stage {stage!r}" in proc.stdout
    assert "while" in proc.stdout
    compile(proc.stdout, stage, "exec")
    if STAGES.index(stage) >= STAGES.index("reverse"):
        assert "_adjoint(" in proc.stdout


def test_show_loads_the_files_own_imports(tmp_path):
    (tmp_path / "mylib.py").write_text("def scale(u):\n    return 3.0 * u\n")
    (tmp_path / "model.py").write_text("from mylib import scale\n\n\ndef f(x):\n    return scale(x) * x\n")
    proc = run("show", "model.py:f", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "def f_adjoint(x" in proc.stdout


def test_show_loads_a_module_of_a_package_with_relative_imports(tmp_path):
    pkg = tmp_path / "proj" / "models"
    pkg.mkdir(parents=True)
    (tmp_path / "proj" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "lib.py").write_text("def scale(u):\n    return 3.0 * u\n")
    (pkg / "net.py").write_text("from .lib import scale\n\n\ndef f(x):\n    return scale(x) * x\n")
    by_path = run("show", "proj/models/net.py:f", cwd=tmp_path)
    by_name = run("show", "proj.models.net:f", cwd=tmp_path)
    for proc in (by_path, by_name):
        assert proc.returncode == 0, proc.stderr
        assert "def f_adjoint(x" in proc.stdout and "3.0 * " in proc.stdout, proc.stdout
    assert_one_line_error(run("show", "proj.models.nothere:f", cwd=tmp_path), "ModuleNotFoundError")


def test_jit_show_or_clear_error():
    proc = run("show", f"{TARGET}:himmelblau", "--jit", "--ranks", "0,0")
    if proc.returncode == 0:
        assert "def himmelblau_adjoint" in proc.stdout and "numba" in proc.stdout
    else:
        assert_one_line_error(proc, "--jit")


@pytest.mark.parametrize("args, fragments", [
    ([], ["choose a command"]),
    (["frobnicate"], ["invalid choice"]),
    (["show"], ["required"]),
    (["show", "missing_file.py:f"], ["no such file", "missing_file.py"]),
    (["show", f"{TARGET}"], ["FILE.py:FUNCTION"]),
    (["show", f"{TARGET}:no_such_function"], ["no function named 'no_such_function'", "himmelblau"]),
    (["show", f"{TARGET}:NOT_A_FUNCTION"], ["not a Python function"]),
    (["show", f"{TARGET}:not_differentiable"], ["demo_target.py:", "try", "not_differentiable"]),
    (["show", f"{TARGET}:himmelblau", "--wrt", "z"], ["no parameter named 'z'"]),
    (["show", f"{TARGET}:himmelblau", "--stage", "bogus"], ["unknown stage 'bogus'", "optimize"]),
    (["show", f"{TARGET}:himmelblau", "--ranks", "0,q"], ["--ranks"]),
    (["export", f"{TARGET}:himmelblau"], ["-o/--output"]),
    (["graph", f"{TARGET}:himmelblau", "-o", "g.jpg"], ["unknown graph format 'jpg'"]),
    (["demo", "--steps", "0"], ["--steps"]),
    (["demo", "--steps", "many"], ["invalid int value"]),
])
def test_bad_arguments_give_one_line_errors(args, fragments):
    assert_one_line_error(run_cli(*args), *fragments)


def test_broken_target_module_is_one_line(tmp_path):
    (tmp_path / "bad.py").write_text("import numpy as np\nraise RuntimeError('boom at import')\n")
    (tmp_path / "syn.py").write_text("def f(x)\n    return x\n")
    assert_one_line_error(run("show", "bad.py:f", cwd=tmp_path), "RuntimeError", "boom at import")
    assert_one_line_error(run("show", "syn.py:f", cwd=tmp_path), "syntax error")


def test_a_method_named_through_its_class_is_refused(tmp_path):
    """`show file.py:C.m` showed an adjoint with respect to `self` (zeros_like(self)); the API
    refuses the object at the call. A staticmethod named through its class is a function. Failed
    before (api21's probe)."""
    (tmp_path / "m.py").write_text("class C:\n    def m(self, x):\n        return x * x\n\n"
                                   "    @staticmethod\n    def s(x):\n        return x * x\n")
    assert_one_line_error(run("show", "m.py:C.m", cwd=tmp_path), "method of class C", "staticmethod")
    proc = run("show", "m.py:C.s", cwd=tmp_path)
    assert proc.returncode == 0 and "def s_adjoint(x" in proc.stdout


def test_export_command_writes_a_module(tmp_path):
    out = tmp_path / "hb_grad.py"
    proc = run_cli("export", f"{TARGET}:himmelblau", "--wrt", "x,y", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout
    text = out.read_text()
    assert "def grad_himmelblau(x, y):" in text and "s2sad" not in text.split('"""')[-1]


def test_export_unwritable_path_is_one_line(tmp_path):
    proc = run("export", f"{TARGET}:himmelblau", "-o", tmp_path / "no" / "such" / "dir.py")
    assert_one_line_error(proc, "dir.py")


def test_graph_command_dot(tmp_path):
    out = tmp_path / "g.dot"
    proc = run_cli("graph", f"{TARGET}:himmelblau", "--wrt", "x,y", "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert text.startswith('digraph "himmelblau"') and "x ** 2" in text and 'color="red"' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_graph_command_svg(tmp_path):
    out = tmp_path / "g.svg"
    proc = run("graph", f"{TARGET}:mxnet_f", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in out.read_text()


def test_graph_without_graphviz_is_one_line(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))           # no `dot` on this PATH
    proc = run("graph", f"{TARGET}:himmelblau", "-o", tmp_path / "g.svg", env=env)
    assert_one_line_error(proc, "Graphviz", "dot")
    assert run("graph", f"{TARGET}:himmelblau", "-o", tmp_path / "g.dot", env=env).returncode == 0


def test_console_script_entry_point():
    from s2sad.__main__ import main
    assert main(["show", f"{TARGET}:himmelblau"]) == 0
    assert main(["show", f"{TARGET}:nope"]) == 2


def test_demo_runs_in_under_a_minute(tmp_path):
    """The README's demo: build, print, fit, time. Fresh numba cache dir: compile included."""
    env = dict(os.environ, S2SAD_CACHE_DIR=str(tmp_path / "cache"))
    proc = run("demo", env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "def oscillator_loss_adjoint(theta" in out and "while" in out
    assert "found k, c = [4.0, 0.6]" in out
    for row in ("build adjoint", "first gradient call", "per gradient", "gradient / primal time"):
        assert row in out
