"""benchmarks/variant_ab: hand-edited copies of a jit gradient's generated module, each checked
against the hand-written adjoint before it is timed (an edit that changes the gradient stops the
measurement unless it is named unchecked)."""
import ast

import pytest

from benchmarks import variant_ab, warm_ab
from benchmarks.registry import all_workloads

pytest.importorskip("numba")
pytestmark = pytest.mark.jit


def _doubled(path, adj_name, out):
    """The module at ``path`` with its adjoint's gradients doubled (the value, first, kept)."""
    with open(path) as f:
        tree = ast.parse(f.read())
    fdef = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == adj_name)
    ret = fdef.body[-1]
    ret.value.elts[1:] = [ast.BinOp(left=ast.Constant(2.0), op=ast.Mult(), right=e) for e in ret.value.elts[1:]]
    with open(out, "w") as f:
        f.write(ast.unparse(ast.fix_missing_locations(tree)))
    return out


def test_a_dumped_module_is_timed_and_an_edit_that_changes_the_gradient_is_refused(tmp_path):
    wl = next(w for w in all_workloads() if w.name == "linreg MSE")
    args = wl.make_inputs(wl.sizes["quick"][0])
    module = variant_ab.generated(wl, args)
    v0 = variant_ab.dump(module, str(tmp_path))
    wrong = _doubled(v0, module.adj_name, str(tmp_path / "v1.py"))
    fns = variant_ab.variants(wl, args, [v0, v0 + ":nobc"])
    assert list(fns) == [v0, v0 + ":nobc", "numba-hand"]
    times = warm_ab.timed(fns, args, rounds=2, calls=2)
    assert all(len(ms) == 2 and min(ms) > 0.0 for ms in times.values())
    with pytest.raises(AssertionError):
        variant_ab.variants(wl, args, [wrong])
    assert wrong in variant_ab.variants(wl, args, [wrong], unchecked={wrong})
