"""Values the reverse sweep needs after their rebinding (s2sad/analyses/shape_keep.py): a zero
made where paths join has the shape the array held at the matching point of the forward sweep."""
import numpy as np
import pytest

from s2sad.testing import check_grad


def prefix_in_a_branch(x):
    s = 0.0
    for i in range(1, len(x)):
        v = x[:i] * 2.0
        if x[i] > 0:
            s += np.sum(v ** 2)
        s += x[i]
    return s


def items_in_a_branch(p):
    reg = 0.0
    for name, v in p.items():
        if name.startswith("W"):
            reg += np.sum(v ** 2)
    return reg + np.sum(p["b"])


def reference_prefix(x):
    import autograd.numpy as anp
    s = 0.0
    for i in range(1, len(x)):
        if x[i] > 0:
            s = s + anp.sum((x[:i] * 2.0) ** 2)
        s = s + x[i]
    return s


@pytest.mark.parametrize("jit", [False, True])
def test_an_array_the_next_iteration_rebinds_keeps_its_shape(jit):
    """`v = x[:i]` in a loop, read in one branch only: the other branch's zero gradient was
    shaped like `v` from a later iteration (the loop's own binding was not kept as an earlier one
    is), and `b_x[:i] += b_v` raised ValueError inside s2sad (hunt9)."""
    x = np.array([0.3, -0.8, 1.1, 0.5, 0.9, -0.2])
    check_grad(prefix_in_a_branch, x, jit=jit, reference=reference_prefix if not jit else None)


def test_dict_entries_of_different_shapes_in_a_branch():
    """The same through `for name, v in p.items(): if name.startswith("W")` (a string method of
    a key, which carries no derivative, was refused as a method of a differentiated value)."""
    p = {"W1": np.array([[0.5, -1.0], [0.3, 0.2]]), "b": np.array([0.1, 0.4]), "W2": np.array([0.7, -0.2, 1.5])}
    g = check_grad(items_in_a_branch, p)
    np.testing.assert_allclose(g["W2"], 2 * p["W2"])
