"""Desugaring (frontend/desugar.py): starred unpacking ``a, *rest = v`` becomes indexing of ``v``
and a list of the elements in between, as Python binds it;
an assignment expression evaluated first in its statement becomes an assignment before it."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad


def first_and_rest(x):
    first, *rest = x
    return first * np.sum(np.array(rest) ** 2)


def first_middle_last(x):
    first, *mid, last = x
    return first * last + sum(v ** 2 for v in mid)


def rows_of_a_matrix(M):
    row0, *others = M
    return np.sum(row0 * np.sum(np.array(others), axis=0))


def star_of_a_display(x):
    a, *b = x[0], x[1] * 2, x[2]
    return a * b[0] * b[1]


def least_squares_unused_rest(X, y):
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return beta @ beta


def svd_unused_rest(x):
    u, *_ = np.linalg.svd(x.reshape(2, 2))
    return np.sum(u * np.array([[1.0, 2.0], [3.0, 4.0]]))


RNG = np.random.default_rng(3)
X, Y = RNG.normal(size=(6, 2)), RNG.normal(size=6)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("func,args", [(first_and_rest, (Y,)), (first_middle_last, (Y,)),
                                       (rows_of_a_matrix, (X,)), (star_of_a_display, (Y,))])
def test_starred_unpacking(func, args, jit):
    """``first, *rest = x`` was refused ("a starred expression outside a call", hunt10 fns76
    wls_sqrt_weights): it binds the first element and the list of the others."""
    check_grad(func, *args, jit=jit)


def test_starred_unpacking_matches_autograd():
    autograd = pytest.importorskip("autograd")
    np.testing.assert_allclose(s2sad.grad(first_middle_last)(Y), autograd.grad(first_middle_last)(Y), rtol=1e-12)


def test_unused_star_of_a_tuple_valued_call():
    """``beta, *_ = np.linalg.lstsq(...)``: the rest, never read, is not bound; with jit=True
    (svd's vectors compile since jit18; this was a located JitError) the same gradient."""
    check_grad(least_squares_unused_rest, X, Y, wrt=(0, 1))
    x = np.array([2.0, 0.3, -0.4, 1.0])
    check_grad(svd_unused_rest, x)
    check_grad(svd_unused_rest, x, jit=True)
    np.testing.assert_allclose(s2sad.grad(svd_unused_rest, jit=True)(x), s2sad.grad(svd_unused_rest)(x),
                               rtol=1e-10, atol=1e-12)


def walrus_tests(x):
    total = 0.0
    for v in x:
        if (w := v * v) > 0.25:
            total += w
        elif (u := np.sin(v)) > 0.1:
            total += u * w
        else:
            total -= w
    y = (s := np.sum(x ** 2)) * s + total
    return (z := y * 2.0) + z


def walrus_not_first(x):
    return x[0] * (w := x[1]) + w


def test_walrus_evaluated_first_is_hoisted():
    """`if (w := v * v) > 0.25:` was refused ("an assignment expression"; hunt11,
    /work/scratch/user/fns82.py walrus_and_ternary). An assignment expression Python evaluates
    first in its statement (an `if`/`elif` test, an assignment's or return's value) becomes an
    assignment before the statement; one evaluated after other parts is still refused."""
    import autograd.numpy as anp
    from autograd import grad as ag_grad
    x = np.array([-0.9, -0.2, 0.3, 0.8])
    got = check_grad(walrus_tests, x)
    g = dict(walrus_tests.__globals__, np=anp)
    ref = ag_grad(type(walrus_tests)(walrus_tests.__code__, g))(x)
    assert np.allclose(got, ref)
    with pytest.raises(UnsupportedSyntaxError, match="assignment expression"):
        s2sad.grad(walrus_not_first)(x)


def star_list_of_rows(M):
    xs = [M[0] * 2.0, M[1], np.sin(M[2])]
    rows = [*xs]                   # list(xs): a new list of the same rows
    rows[0] = rows[0] * rows[1]
    return np.sum(rows[0]) + np.sum(xs[0] * rows[2])


def star_list_with_more_items(x):
    ys = [*x, 1.0]
    return ys[0]


@pytest.mark.parametrize("jit", [False, True])
def test_a_display_of_one_starred_list_is_a_copy(jit):
    """``[*xs]`` was refused ("a starred expression outside a call"): it is ``list(xs)``."""
    check_grad(star_list_of_rows, X[:3], jit=jit)


def star_tuple_with_more_items(x):
    ys = (*x, 1.0)
    return ys[0]


def test_a_display_of_a_starred_list_and_more_is_built_by_appends():
    """``[*x, 1.0]`` is lifted (frontend/starred_displays.py); a tuple of unknown length stays refused."""
    check_grad(star_list_with_more_items, Y)
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+.*\n.*\(\*x, 1\.0\)"):
        s2sad.grad(star_tuple_with_more_items)(Y)


def copy_method_of_a_list(x):
    xs = [x * 1.0, x[0] * 2.0]     # an array and a number: np.copy(xs) cannot hold them
    ys = xs.copy()                 # list(xs) (a proven list): the same items, a new list
    ys[0] = ys[0] * x
    return np.sum(ys[0]) + np.sum(xs[0]) * ys[1]


def test_the_copy_method_of_a_list_is_a_shallow_copy():
    """``xs.copy()`` of a local list was written ``np.copy(xs)``, an array: of an array and a number
    the derivative code failed ("setting an array element with a sequence", AdjointFailedError)."""
    check_grad(copy_method_of_a_list, Y[:3])
