"""``c / y`` with ``c`` a nonzero number written in the code (``rules.grads_elementwise.
constant_over``, chosen by ``analyses.ir``): its adjoint ``-d[z] * z * z / c`` reads the
quotient only, so the divisor (``1.0 + np.exp(-x)`` in a sigmoid) is not saved for the
reverse sweep. Checked against finite differences (both modes), autograd, and forward mode."""
import ast

import numpy as np
import pytest

from s2sad.pipeline import build
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

R = np.random.default_rng(4)
X, W = R.normal(size=4), R.normal(size=4)


def sigmoid_steps(x, w):
    h = x
    for k in range(3):
        h = 1.0 / (1.0 + np.exp(-(w * h)))
    return np.sum(h)


def division_forms(x, s):
    a = 2 / (1.0 + x * x)              # an int numerator
    b = np.divide(-1.5, x + 3.0)       # np.divide, a negative numerator
    c = 1.0 / s                        # a number divided
    d = 0.0 / (x + 4.0)                # a zero numerator keeps the general rule
    e = s / (x * x + 1.0)              # a variable numerator too
    return np.sum(a * b + d + e) + c


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, args, wrt", [(sigmoid_steps, (X, W), (0, 1)),
                                          (division_forms, (X, 1.7), (0, 1))],
                         ids=["sigmoid_steps", "division_forms"])
def test_gradients_match_finite_differences(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)


@pytest.mark.parametrize("f, args, wrt", [(sigmoid_steps, (X, W), (0, 1)), (division_forms, (X, 1.7), (0, 1))],
                         ids=["sigmoid_steps", "division_forms"])
def test_autograd_and_forward_mode_agree(f, args, wrt):
    check_against_autograd(f, *args, wrt=wrt)
    vs = tuple(R.normal(size=np.shape(args[p])) if np.ndim(args[p]) else 0.3 for p in wrt)
    check_jvp(f, *args, tangent=vs, wrt=wrt)
    check_hvp(f, *args, v=vs, wrt=wrt, rtol=1e-4, atol=1e-5)


def test_the_divisor_of_a_sigmoid_in_a_loop_is_not_saved():
    """Before, ``1.0 + np.exp(-(w * h))`` had its own tape beside the exponential's and ``h``'s."""
    text = build(sigmoid_steps, ["x", "w"], stop_after="optimize", param_kinds={"x": 1, "w": 1})
    fdef = ast.parse(text).body[0]
    saved = {node.args[0].id for node in ast.walk(fdef) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
             and isinstance(node.func.value, ast.Name) and node.func.value.id.startswith("tape_")}
    exps = {s.targets[0].id for s in ast.walk(fdef) if isinstance(s, ast.Assign)
            and isinstance(s.value, ast.Call) and ast.unparse(s.value.func) == "np.exp"}
    assert len(exps) == 1
    assert saved == exps | {"h"}
