"""``x.flat`` (hunt47's API axis: refused on main, "the attribute `.flat` of a local value").

NumPy's flat iterator reads and writes the elements in C order: ``x.flat[i]``, ``for v in
x.flat``, ``np.sum(x.flat)`` are read as ``np.ravel(x)`` (``frontend/anf_values.py``); a slice of it
is a new array, so ``x.flat[a:b]`` is ``np.copy(np.ravel(x)[a:b])``. ``y.flat[i] = v`` writes
``y``'s element: ``np.ravel(y)[i] = v``, written back into ``y`` where the ravel is provably a view
(a C-contiguous ``y``), and refused, located, where NumPy could copy (``analyses/alias_chain.py``).
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.linspace(0.1, 1.3, 6).reshape(2, 3)
V = np.linspace(-1.0, 1.0, 6).reshape(2, 3)


def flat_items(x):
    return x.flat[4] ** 2 * x.flat[1] + x.flat[-1]


def flat_loop(x):
    s = 0.0
    for v in x.flat:
        s = s + np.sin(v) * v
    return s


def flat_whole(x):
    return np.sum(x.flat) ** 2 + np.prod(np.array(x.T.flat[:3]))


def flat_write(x):
    y = x.copy() * 2.0            # C-contiguous (the method copies in C order)
    y.flat[2] = x[0, 0] ** 2
    y.flat[-1] = np.sin(x[1, 0])
    y.flat[0] += x[1, 2] * y.flat[2]
    return np.sum(y * y)


def flat_slice_is_a_copy(x):
    y = x * 1.0
    z = y.flat[1:4]
    z[0] = 5.0 * x[0, 0]           # a new array: y unchanged
    return np.sum(y * y) + np.sum(z ** 3)


FORMS = [flat_items, flat_loop, flat_whole, flat_write, flat_slice_is_a_copy]


@pytest.mark.parametrize("fn", FORMS, ids=lambda f: f.__name__)
def test_exact_in_every_mode(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=V)
    check_hvp(fn, X.copy(), v=V, rtol=1e-4, atol=1e-5)


def test_against_autograd():          # (autograd's boxes have no .flat: the same sum written by ravel)
    def by_ravel(x):
        s = 0.0
        for v in np.ravel(x):
            s = s + np.sin(v) * v
        return s
    np.testing.assert_allclose(s2sad.grad(flat_loop)(X.copy()), s2sad.grad(by_ravel)(X.copy()), rtol=1e-14)
    check_against_autograd(by_ravel, X.copy())


@pytest.mark.parametrize("fn", [flat_loop, flat_write], ids=lambda f: f.__name__)
def test_jit(fn):
    check_grad(fn, X.copy(), jit=True)


def flat_write_transposed(x):
    y = x * 2.0                   # x's layout (a parameter's: any): np.ravel(y) may copy, y.flat writes y
    y.flat[1] = x[0, 0] ** 2
    return np.sum(y * y)


def test_a_write_where_ravel_may_copy_is_refused():
    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(flat_write_transposed)(X.copy())
