"""The ``recursion`` construct (recursion.py): programs drafted with ``--only recursion`` hold
recursive helpers of every form, and a few of them pass the oracle (grad, vjp; jit=False)."""
import ast
import warnings

import pytest

from .check import check_seed
from .program import draft

PASSING = ("ok", "nonsmooth", "range", "refused")


def _recursive_defs(source):
    """Names of the module's functions that call themselves, directly or through another one."""
    tree = ast.parse(source)
    calls = {d.name: {n.func.id for n in ast.walk(d) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
             for d in tree.body if isinstance(d, ast.FunctionDef)}
    out = set()
    for name in calls:
        seen, todo = set(), [name]
        while todo:
            for callee in calls.get(todo.pop(), ()):
                if callee == name:
                    out.add(name)
                elif callee not in seen:
                    seen.add(callee)
                    todo.append(callee)
    return out


def test_the_construct_draws_recursive_helpers():
    drafts = [draft(seed, only={"recursion"}) for seed in range(60)]
    with_recursion = [p for p in drafts if "recursion" in p.tags]
    assert len(with_recursion) >= 15
    assert all(_recursive_defs(p.source) for p in with_recursion)
    assert not any(_recursive_defs(p.source) for p in drafts if "recursion" not in p.tags)


@pytest.mark.parametrize("seed", [2005, 2021, 2040])
def test_recursive_programs_pass_the_oracle(seed, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rec = check_seed(seed, str(tmp_path), ("py", "vjp"), only={"recursion"})
    assert "recursion" in rec["tags"]
    assert rec["class"] in PASSING, rec.get("issues")
