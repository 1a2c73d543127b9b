"""A forward rule's term that its constant arguments make zero is not computed (transforms/forward.py,
optimize.fold): ``(e if k != 0 else 0.0)`` with ``k = 0`` folds to ``0.0`` and the term is dropped.
einsum_grad's rule (hvp through np.einsum) is the one that uses it: the gradient wrt operand k does
not read operand k, so the tangent of operand k's gradient has no part from operand k's tangent."""
import ast

import numpy as np

import s2sad
from s2sad.testing import check_hvp
from s2sad.transforms.optimize import fold


def _folded(src):
    holder = ast.parse(src, mode="eval")
    fold(holder)
    return ast.unparse(holder.body)


def test_a_conditional_on_constants_folds_to_its_branch():
    assert _folded("f(x) if 0 != 0 else 0.0") == "0.0"
    assert _folded("f(x) if 2 != 0 else 0.0") == "f(x)"
    assert _folded("f(x) if 'ij' == 'ij' else g(x)") == "f(x)"
    # not constants, or not comparable as Python compares them here: left alone
    assert _folded("f(x) if k != 0 else 0.0") == "f(x) if k != 0 else 0.0"
    assert _folded("f(x) if 1 == '1' else 0.0") == "f(x) if 1 == '1' else 0.0"
    assert _folded("f(x) if 0 < 1 < 2 else 0.0") == "f(x) if 0 < 1 < 2 else 0.0"


def quadratic_form(x):
    A = np.outer(x, np.cos(x)) + np.eye(x.shape[0])
    return np.einsum('i,ij,j->', x, A, x)


def _tangent_parts(source):
    """(k, position of the tangent operand) of every einsum_grad call that reads a tangent operand."""
    parts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "einsum_grad":
            k = node.args[2].value
            for j, op in enumerate(node.args[3:]):
                if isinstance(op, ast.Name) and op.id.startswith("t_"):
                    parts.append((k, j))
    return parts


def test_hvp_through_einsum_computes_no_zero_term():
    x, v = np.array([0.3, -1.2, 0.7]), np.array([1.0, 0.5, -2.0])
    check_hvp(quadratic_form, x, v=v, reference="autograd")
    h = s2sad.hvp(quadratic_form)
    h(x, v)
    # each operand k's gradient: the parts from the two other operands' tangents, never its own
    assert sorted(_tangent_parts(h.source)) == [(k, j) for k in range(3) for j in range(3) if j != k]
