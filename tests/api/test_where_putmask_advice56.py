"""The refusals of `np.exp(x, where=m)` without out= (NumPy leaves the other entries uninitialised:
no value to differentiate), of np.putmask and of np.divide.at: located at the user's line, with advice
that, written as it says, is differentiated exactly (checked against central differences). On main
where= got "write the call without where=" (which changes the value) and np.putmask the generic
"allocate an array with np.zeros(n)" (errors.py, effect_errors.py)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([1.0, 2.0, 3.0, 0.5])
IDX = np.array([0, 0, 2])


def exp_where(x):
    y = np.exp(x, where=x > 1.5)
    return np.sum(y)


def exp_where_advised(x):
    y = np.zeros_like(x)
    y = np.exp(x, out=y, where=x > 1.5)
    return np.sum(y) + np.sum(np.where(x > 1.5, np.exp(x), 0.0))


def put_mask(x):
    y = x.copy()
    np.putmask(y, x > 1.5, x[:2] ** 2)
    return np.sum(y * y)


def put_mask_advised(x):
    y = x.copy()
    y = np.where(x > 1.5, np.resize(x[:2] ** 2, np.shape(y)), y)
    return np.sum(y * y)


def divide_at(x):
    y = x.copy()
    np.divide.at(y, IDX, 2.0 + x[:3])
    return np.sum(y ** 2)


def divide_at_advised(x):
    y = x.copy()
    v = 2.0 + x[:3]
    for k in range(len(IDX)):
        y[IDX[k]] = np.divide(y[IDX[k]], v[k])
    return np.sum(y ** 2)


@pytest.mark.parametrize("f, advice", [
    (exp_where, r"uninitialised.*np\.where\(condition, np\.exp\(\.\.\.\), fill\).*out=y, where=condition"),
    (put_mask, r"y = np\.where\(x > 1\.5, np\.resize\(x\[:2\] \*\* 2, np\.shape\(y\)\), y\)"),
    (divide_at, r"for k in range\(len\(IDX\)\): y\[IDX\[k\]\] = np\.divide\(y\[IDX\[k\]\], ")])
def test_refused_at_the_line_with_advice(f, advice):
    for make in (s2sad.grad, s2sad.jvp):
        with pytest.raises(s2sad.S2sadError, match=r"line \d+") as e:
            h = make(f)
            h(X) if make is s2sad.grad else h(X, X)
        assert f.__name__ in str(e.value).splitlines()[0]
        assert e.match(f"(?s){advice}")


@pytest.mark.parametrize("f, same", [(put_mask_advised, put_mask), (divide_at_advised, divide_at)])
def test_the_advice_is_exact(f, same):
    assert f(X) == same(X)
    check_grad(f, X)


def test_where_advice_is_exact():
    check_grad(exp_where_advised, X)
