"""``filter(F, S)`` read where it is made, as the generator expression it is
(``frontend/iterator_forms.py``). Before, ``filter`` with a lambda was refused ("a lambda used as
a value") and ``filter(F, S)`` with a named function fell through to "no derivative rule".

Each form: the gradient against central differences and autograd's, jvp; jit on a sample. A
filter kept in a name (an iterator read later) and a lambda of two parameters stay refused."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.7, -0.4, 1.3, 0.25])      # no item on a filter's boundary (a zero of filter(None, ...))


def filter_lambda_sum(x):
    return sum(map(lambda v: v ** 2, filter(lambda v: v > 0, x)))      # noqa: C417 (the form under test)


def filter_none(x):
    return sum(filter(None, x * np.array([1.0, 0.0, 2.0, 1.0])))


def filter_named_loop(x):
    def big(v):
        return v > -0.5
    s = 0.0
    for v in filter(big, x):
        s = s * 0.5 + np.exp(v)
    return s


def filter_listed(x):
    kept = list(filter(lambda v: v < 1.0, x))
    return kept[0] * kept[-1] + np.sum(np.array(list(filter(lambda t: t != 0, x))) ** 3)


def filter_of_zip(x):
    w = [1.0, -1.0, 2.0, 0.5]
    return sum(p[0] * p[1] for p in filter(lambda p: p[1] > 0, zip(x, w)))


def filter_of_map_in_max(x):
    return max(map(lambda v: v * 2, filter(lambda v: v != 0, map(np.sin, x))))  # noqa: C417


def filter_lambda_sum_ag(x):
    return anp.sum(anp.where(x > 0, x ** 2, 0.0))


CASES = [filter_lambda_sum, filter_none, filter_named_loop, filter_listed, filter_of_zip, filter_of_map_in_max]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_against_differences_and_jvp(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.3, -0.1, 0.2, 0.4]))


def test_against_autograd():
    np.testing.assert_allclose(s2sad.grad(filter_lambda_sum)(X), autograd.grad(filter_lambda_sum_ag)(X), rtol=1e-12)


@pytest.mark.jit
@pytest.mark.parametrize("f", [filter_of_zip, filter_named_loop], ids=lambda f: f.__name__)
def test_jit_equals_python(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)


def test_generated_code_has_no_filter():
    assert "filter(" not in "".join(line for line in s2sad.grad(filter_lambda_sum).source.splitlines()
                                    if not line.strip().startswith("#"))


def filter_kept(x):
    it = filter(lambda v: v > 0, x)      # an iterator, read later: not rewritten
    return sum(it)


def filter_two_parameters(x):
    return sum(filter(lambda v, c=0.0: v > c, x))


@pytest.mark.parametrize("f", [filter_kept, filter_two_parameters], ids=lambda f: f.__name__)
def test_other_forms_stay_refused_located(f):
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(X)
    assert "test_iterator_forms51.py" in str(info.value)
