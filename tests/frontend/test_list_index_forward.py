"""frontend/list_index.py in forward mode: a list that grows may be made by anything there
(``L = L[1:]``), since no reverse sweep hands its adjoint on with a later length. Second order
differentiates the generated adjoint in forward mode, and that adjoint binds such lists: the
placeholder ``rows = np.empty(...)`` before the branch that makes ``rows = []`` (a helper's early
return), ``items = items + [lam]`` for ``items += [lam]``. hvp, hessian and grad(grad(f)) refused
these functions (fuzz seeds 5055, 5072), naming a line of the generated adjoint, while grad works;
they now match finite differences of the gradient. Reverse mode still refuses ``L = L[1:]``."""
import numpy as np
import pytest

import s2sad
from s2sad import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.8, 1.1])
V = np.array([0.5, 1.0, -2.0])


def early_return_then_rows(x, a):
    if a > 0.5:
        return np.sum(x ** 2) * a
    rows = []
    for k in range(3):
        rows.append(np.sin(x * (k + a)))
    return np.sum(rows[2] * x) + a * np.sum(rows[1])


def extended_in_place(x, lam):      # (its items carry no derivative: `+` of lists is refused then)
    rows = [x[0] * lam, x[1]]
    items = rows
    items += [lam]
    items.append(np.sin(x[2]))
    return np.sum(x ** 2) * lam ** 3 + len(items) * lam ** 2


def sliced_then_grown(x):
    L = [x[0], x[1], x[2]]
    L = L[1:]
    L.append(np.sin(x[2]) * x[0])
    L.append(L[-1] * L[0])
    return sum(L) * x[0]


@pytest.mark.parametrize("a", [0.2, 0.9])
def test_hvp_of_an_adjoint_with_a_list_placeholder(a):
    check_grad(early_return_then_rows, X, a, wrt=(0, 1))
    check_hvp(early_return_then_rows, X, a, v=V)
    check_hvp(early_return_then_rows, X, a, v=0.7, wrt=1)


def test_second_order_of_a_list_extended_in_place():
    check_hvp(extended_in_place, X, 0.6, v=(V, 0.7), wrt=(0, 1))
    h = s2sad.hessian(extended_in_place, wrt=1)(X, 0.6)
    gg = s2sad.grad(s2sad.grad(extended_in_place, wrt=1), wrt=1)(X, 0.6)
    step = 1e-5
    g = s2sad.grad(extended_in_place, wrt=1)
    fd = (g(X, 0.6 + step) - g(X, 0.6 - step)) / (2 * step)
    np.testing.assert_allclose([h, gg], [fd, fd], rtol=1e-6)


def test_forward_mode_of_a_list_sliced_then_grown():
    check_jvp(sliced_then_grown, X, tangent=V)
    with pytest.raises(UnsupportedSyntaxError, match="other than a list display"):
        s2sad.grad(sliced_then_grown)(X)
