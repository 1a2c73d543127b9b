"""Functions written as people in other fields write them (hunt51: orbital mechanics,
pharmacokinetics, hydrology, plasticity, traffic flow, simplex projections, matrix factorisation,
text features, image warps, tomography, survey raking, meta-learning, splines, adaptive
quadrature, games, agent-based models, records and classes). The whole hunt lives in
/work/scratch/hunt51 (harness.py, sets/*.py); these are the cases it lifted or fixed."""
import numpy as np

import s2sad
from s2sad.testing import check_grad, check_jvp


def rake_list_copy(base, margins):
    """Survey raking: the weights are a list copied from the array argument (`list(base)`),
    rescaled group by group until every margin holds."""
    w = list(base)
    groups = [[0, 1], [2, 3, 4]]
    delta = 1.0
    while delta > 1e-12:
        delta = 0.0
        for g, m in zip(groups, margins):
            s = sum(w[i] for i in g)
            f = m / s
            delta = max(delta, abs(f - 1.0))
            for i in g:
                w[i] = w[i] * f
    return sum(wi * wi for wi in w)


def rows_list_copy(X):
    """`list(X)` of a matrix is the list of its rows."""
    r = list(X)
    return sum(np.sum(v ** 2) * (i + 1) for i, v in enumerate(r))


BASE = np.array([1.0, 2.0, 1.5, 0.5, 1.0])
MARGINS = np.array([4.0, 5.0])


def test_list_copy_of_an_array_argument_in_a_raking_loop():
    check_grad(rake_list_copy, BASE.copy(), MARGINS.copy(), wrt=(0, 1))
    check_jvp(rake_list_copy, BASE.copy(), MARGINS.copy(), tangent=np.linspace(-1.0, 1.0, 5))
    value, _ = s2sad.value_and_grad(rake_list_copy)(BASE.copy(), MARGINS.copy())
    assert np.isclose(value, rake_list_copy(BASE, MARGINS))


def test_list_copy_of_a_matrix_argument_is_its_rows():
    X = np.arange(6.0).reshape(3, 2)
    check_grad(rows_list_copy, X.copy())
    assert np.allclose(s2sad.grad(rows_list_copy)(X), 2 * X * np.array([[1.0], [2.0], [3.0]]))
