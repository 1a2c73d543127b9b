"""``a, b = zip(*pairs)`` (unzipping a list of pairs, of rows, a matrix) was refused ("no
derivative rule for `zip`" / "an argument unpacked with `*` of `zip`", issue 8, stop 56): each
name is now the comprehension of its column (frontend/unzip_assigns.py) after Python's unpacking
check (rules/runtime_checks.unzipped); grad, jvp and jit=True against central differences. A
column is a tuple where the function could tell (``a + (1.0,)``), as zip makes it."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.forms54 import lifted_loop_tests

X = np.array([0.3, 1.2, -0.7, 2.1])
V = np.array([0.5, -1.0, 0.25, 2.0])


def pairs_display(x):
    pairs = [(x[0], x[1]), (x[2], x[3])]
    a, b = zip(*pairs)
    return sum(a) * b[1] + a[0]


def pairs_built(x):
    pairs = [(x[i], x[i] ** 2) for i in range(4)]
    us, vs = zip(*pairs)
    s = 0.0
    for u, v in zip(us, vs):
        s += u * np.sin(v)
    return s + max(vs) * len(us)


def rows_of_a_matrix(x):
    a, b = zip(*x.reshape(2, 2).T)
    return a[0] * b[1] + np.sum(np.array(a) * np.array(b))


def appended(x):
    pts = []
    for k in range(3):
        pts.append((x[k], x[k + 1], x[k] * x[k + 1]))
    xs, ys, zs = zip(*pts)
    return sum(xs) * ys[2] + sum([z * z for z in zs])


test_grad_and_jvp_against_differences, test_jit = lifted_loop_tests(
    [pairs_display, pairs_built, rows_of_a_matrix, appended], appended, X, V)


def read_as_a_tuple(x):
    pairs = [(x[0], x[1]), (x[2], x[3])]
    a, b = zip(*pairs)
    t = a * 2
    return t == (x[0], x[2], x[0], x[2]), b[0] * b[1]


def sliced(x):
    pairs = [(x[0], x[1]), (x[2], x[3])]
    a, b = zip(*pairs)
    return a[1:] == (x[2],), b[0] * b[1]


@pytest.mark.parametrize("read", [read_as_a_tuple, sliced], ids=["joined", "sliced"])
def test_a_column_read_as_a_tuple_is_a_tuple(read):
    def f(x):
        same, v = read(x)
        return v * (2.0 if same else 1.0)
    np.testing.assert_allclose(check_grad(f, X), [0.0, 2 * X[3], 0.0, 2 * X[1]])


def too_wide(x):
    pairs = [(x[0], x[1], x[2]), (x[2], x[3], x[1])]
    a, b = zip(*pairs)
    return a[0] * b[0]


def nothing(x):
    pairs = [(x[0], x[1])][:0]
    a, b = zip(*pairs)
    return a[0] * b[0]


@pytest.mark.parametrize("f, message", [(too_wide, "too many values to unpack"),
                                        (nothing, r"not enough values to unpack \(expected 2, got 0\)")])
def test_rows_that_would_not_unpack_raise_pythons_error(f, message):
    with pytest.raises(ValueError, match=message):
        f(X)
    with pytest.raises(ValueError, match=message):
        s2sad.grad(f)(X)
