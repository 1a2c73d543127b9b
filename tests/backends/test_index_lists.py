"""backends/index_lists.py: constant lists of integers that index (read, written, or handed to
np.add.at / s2sad's add_at) become integer arrays for numba; where a list and an array differ,
the list stays.

Before: under jit=True `x[[0, 0, 1]]` (its adjoint passes the list to add_at), `idx = [2, 0]`
read as `x[idx]` and `idx[0]`, `y[[0, 0]] += v` and `np.add.at(z, [0, 0], v)` were JitErrors
(numba has no getitem of an array by a list)."""
import numpy as np
import pytest

import s2sad
from s2sad import pipeline
from s2sad.testing import check_grad


def index_lists(x):
    y = x.copy()
    y[[0, 0]] += x[1]                # a repeated index written: NumPy applies it once
    z = np.zeros(3)
    np.add.at(z, [0, 0], x[:2])      # ... and np.add.at adds twice
    idx = [2, 0]
    s = np.sum(x[[0, 0, 1]] * x[:3]) + np.sum(x[idx] * 3.0) + x[idx[0]]
    return s + np.sum(y * y) + np.sum(z * z)


X = np.array([0.3, 0.9, 1.4, -0.5])


@pytest.mark.jit
def test_index_lists_compile_and_match_python_mode():
    compiled = check_grad(index_lists, X.copy(), jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(index_lists)(X.copy()), rtol=1e-12)


def list_arithmetic(x):
    idx = [0, 1]
    more = idx + [2]                 # concatenation: an array would add
    return np.sum(x[more]) * len(idx)


def test_a_list_joined_is_never_an_array_added():
    """``idx + [2]`` of a list display joins. Until stop 47 the jit stage had to keep ``idx`` a list
    (an array would add); now the front end writes the join out (``[idx[0], idx[1], 2]``,
    frontend/list_joins.py), so no ``+`` of ``idx`` is left for either backend to misread."""
    text = pipeline.build(list_arithmetic, ["x"], stop_after="jit", param_kinds={"x": 1})
    assert "idx +" not in text and "idx[0], idx[1], 2" in text
    check_grad(list_arithmetic, X.copy())


def test_a_list_display_written_as_an_index_becomes_an_array():
    """jitrules25: the adjoint of np.bincount(bins, weights=v) reads ``b_r[[0, 1, 1]]`` (the rule's
    ``d[y][x]`` with the display inlined); numba has no getitem by a list. A display in a tuple index
    too; a list of floats, and a display used as a value, stay lists. (No compile: the rewrite only.)"""
    import ast
    from s2sad.backends import index_lists
    fdef = ast.parse("def f(b_r, y):\n    a = b_r[[0, 1, 1]]\n    c = y[:, [2, 0]]\n"
                     "    d = y[[0.5]]\n    e = [1, 2]\n    return a, c, d, e\n").body[0]
    index_lists.rewrite(fdef, {"np": np})
    text = ast.unparse(fdef)
    assert "b_r[np.array([0, 1, 1])]" in text and "y[:, np.array([2, 0])]" in text
    assert "y[[0.5]]" in text and "e = [1, 2]" in text
