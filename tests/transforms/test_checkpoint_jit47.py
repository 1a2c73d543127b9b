"""Under jit, a checkpointed loop's step adjoint runs the numba stages the whole adjoint runs
(``subadjoint.adjoint_function(lower=True)``): its inner loops' tapes are arrays, not lists."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad import pipeline
from s2sad.testing import check_grad


def inner_loop(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        z = np.sin(x[i] * w)
        for j in range(3):
            z = z * w[j] + x[i]
        s = s + np.sum(z * z)
    return s


def _step_adjoint(source):
    tree = ast.parse(source)
    return next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name.endswith("_loop1_adjoint"))


def test_step_adjoint_keeps_no_list_tape_under_jit():
    built = pipeline.build(inner_loop, ["w"], param_kinds={"x": 2, "w": 1}, compiled=True, checkpoint=2)
    step = _step_adjoint(built.source)
    lists = [n for n in ast.walk(step) if isinstance(n, ast.Assign) and isinstance(n.value, ast.List)]
    appends = [n for n in ast.walk(step) if isinstance(n, ast.Attribute) and n.attr == "append"]
    assert not lists and not appends, ast.unparse(step)


@pytest.mark.jit
def test_lowered_step_adjoint_exact():
    pytest.importorskip("numba")
    x = np.random.default_rng(47).normal(size=(7, 3))
    w = np.array([0.3, -0.8, 1.1])
    plain = s2sad.grad(inner_loop, wrt=(0, 1))(x, w)
    got = s2sad.grad(inner_loop, wrt=(0, 1), jit=True, checkpoint=2)(x, w)
    for a, b in zip(plain, got):
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12)
    check_grad(inner_loop, x, w, wrt=(0, 1), jit=True,
               grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))
