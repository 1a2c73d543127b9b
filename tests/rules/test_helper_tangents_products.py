"""Second order through the gradient helpers that are products of the incoming gradient with
the other factor (np.convolve, np.cross, np.tensordot) and through slogdet's gradient
g[1] inv(x)^T: hvp checked against central differences of the gradient (``check_hvp``), the
jit=True hvp of slogdet against the Python one. Before, hvp through them was refused."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp

R = np.random.default_rng(3)
M, X = R.normal(size=(3, 3)), R.normal(size=5)


def convolutions(a, v):
    return np.sum(np.convolve(a, v, "same") ** 3) + np.sum(np.convolve(a * a, v) ** 2)


def crosses(a, b):
    return np.sum(np.cross(a, b * b) ** 2) + np.sum(np.cross(a * b, b) ** 3)


def tensordots(a, b):
    return np.sum(np.tensordot(a, b, 1) ** 2) + np.sum(np.tensordot(a * a, b, axes=([0, 1], [1, 0])) ** 2)


def log_dets(m):
    s, l = np.linalg.slogdet(m @ m.T + np.eye(3))
    return l ** 2 + s * np.sum(m)


def log_dets_of_a_stack(m):
    s, l = np.linalg.slogdet(np.stack([m @ m.T + np.eye(3), m.T @ m + 2.0 * np.eye(3)]))
    return np.sum(l ** 2)


CASES = [(convolutions, (X, X[:3])), (crosses, (M[0], M[1])), (tensordots, (M, M.T + 1.0)),
         (log_dets, (M,)), (log_dets_of_a_stack, (M,))]


@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_hvp_through_product_helpers(f, args):
    v = tuple(R.normal(size=np.shape(a)) for a in args)
    if len(args) == 1:
        check_hvp(f, *args, v=v[0], rtol=1e-4, atol=1e-5)
    else:
        check_hvp(f, *args, v=v, wrt=tuple(range(len(args))), rtol=1e-4, atol=1e-5)


@pytest.mark.jit
def test_hvp_of_slogdet_compiled_matches_python():
    v = R.normal(size=(3, 3))
    np.testing.assert_allclose(s2sad.hvp(log_dets, jit=True)(M, v), s2sad.hvp(log_dets)(M, v), rtol=1e-10)
