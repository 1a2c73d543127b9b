"""The invariant of s2sad/backends/numba_helpers/ (its __init__ docstring): run-time helpers
only; the modules that read or rewrite an AST (the jit stage) are in s2sad/backends/."""
import ast
import pathlib

import pytest

pytest.importorskip("numba")

from s2sad.backends import numba_helpers

HERE = pathlib.Path(numba_helpers.__file__).parent


@pytest.mark.parametrize("path", sorted(HERE.glob("*.py")), ids=lambda p: p.name)
def test_no_helper_module_works_on_an_ast(path):
    tree = ast.parse(path.read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            imported |= {n.module or ""} | {a.name for a in n.names}
    assert not imported & {"ast", "astutil"}, f"{path.name} works on ASTs: it belongs in s2sad/backends/"
