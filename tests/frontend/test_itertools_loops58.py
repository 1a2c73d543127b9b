"""``for a, b in itertools.pairwise(S)`` and ``itertools.product(S, T, ...)`` over differentiated
values (``frontend/itertools_loops.py``). On the base (16df0a4) both were refused with "no
derivative rule for `pairwise`/`product`"; they are now counted loops indexing their iterables,
exact in every mode (``product(..., repeat=n)`` of a constant too). A name shadowing them is called
as written; an iterator kept in a name and a ``repeat=`` read at run time keep their located
refusal."""
import itertools
from itertools import pairwise, product

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, 1.2, -0.7, 2.0])
T = np.array([0.4, -0.2, 0.5, 0.1])


def pairwise_loop(x):
    s = 0.0
    for a, b in itertools.pairwise(x):
        s = s + a * b * b
    return s


def pairwise_generator(x):
    return sum(abs(b - a) for a, b in pairwise(x))


def pairwise_of_a_list(x):
    xs = [x[0], x[1] * 2.0, x[2]]
    s = 0.0
    for a, b in pairwise(xs):
        s = s + np.sin(a) * b
    return s


def pairwise_one_name(x):
    s = 0.0
    for p in pairwise(x):
        s = s + p[0] * p[1]
    return s


def pairwise_rows(x):
    m = np.reshape(x, (2, 2))
    s = 0.0
    for r1, r2 in pairwise(m):
        s = s + np.sum(r1 * r2 ** 2)
    return s


def pairwise_rebound_in_body(x):
    xs = [x[0], x[1], x[2]]
    s = 0.0
    for a, b in pairwise(xs):      # Python iterates the list the name held at the start
        xs = [b, b]
        s = s + a * b
    return s + xs[0]


def pairwise_too_short(x):
    s = x[0] * 1.0
    for a, b in pairwise(x[:1]):
        s = s + a * b
    for a, b in product(x, x[:0]):
        s = s + a * b
    return s


def product_of_arrays(x):
    s = 0.0
    for a, b in itertools.product(x, x[:2]):
        s = s + a * b * b
    return s


def product_with_ranges(x):
    s = 0.0
    for i, a, j in product(range(2), x, range(3)):
        s = s + a * (i + j)
    return s


def product_of_enumerate_and_pairwise(x):
    s = 0.0
    for (i, a), (b, c) in product(enumerate(x), pairwise(reversed(x))):
        s = s + a * b * c * i
    return s


def product_repeat(x):
    s = 0.0
    for a, b in itertools.product(x, x[:2], repeat=1):
        s = s + a * b
    for a, b in itertools.product(np.sin(x), repeat=2):
        s = s + a * b * b
    return s


def product_in_a_comprehension(x):
    return np.sum(np.array([a * np.cos(b) for a, b in product(x[1:], x)]))


CASES = [pairwise_loop, pairwise_generator, pairwise_of_a_list, pairwise_one_name, pairwise_rows,
         pairwise_rebound_in_body, pairwise_too_short, product_of_arrays, product_with_ranges,
         product_of_enumerate_and_pairwise, product_repeat, product_in_a_comprehension]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_against_differences_and_jvp(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=T)


def _reference(f):
    """An autograd version (autograd's boxes are not NumPy arrays: its own sin/cos/reshape)."""
    return {pairwise_of_a_list: lambda x: anp.sin(x[0]) * x[1] * 2.0 + anp.sin(x[1] * 2.0) * x[2],
            pairwise_rows: lambda x: anp.sum(x[:2] * x[2:] ** 2),
            product_in_a_comprehension: lambda x: anp.sum(x[1:]) * anp.sum(anp.cos(x)),
            product_repeat: lambda x: anp.sum(x) * anp.sum(x[:2]) + anp.sum(anp.sin(x)) * anp.sum(anp.sin(x) ** 2)
            }.get(f, f)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_against_autograd(f):
    np.testing.assert_allclose(s2sad.grad(f)(X), autograd.grad(_reference(f))(X), rtol=1e-10, atol=1e-12)


@pytest.mark.jit
@pytest.mark.parametrize("f", [pairwise_loop, pairwise_generator, product_of_arrays, product_with_ranges,
                                      product_repeat],
                         ids=lambda f: f.__name__)
def test_jit_equals_python(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)


def test_lengths_read_at_each_call():
    for n in (2, 5, 1, 0):
        x = np.linspace(-1.0, 1.0, n) + 0.1
        check_grad(pairwise_loop, x)
        check_grad(product_of_arrays, x) if n >= 2 else None


def _first_pair_swapped(x):
    return [(x[1], x[0])]


def shadowed_pairwise(x):
    pairwise = _first_pair_swapped      # a local name shadowing itertools.pairwise: called as written
    s = 0.0
    for a, b in pairwise(x):
        s = s + a * b * b
    return s


def test_a_shadowing_name_is_called_as_written():
    g = check_grad(shadowed_pairwise, X)
    np.testing.assert_allclose(g, [2 * X[0] * X[1], X[0] ** 2, 0.0, 0.0])


def kept_pairwise(x):
    it = itertools.pairwise(x)
    s = 0.0
    for a, b in it:
        s = s + a * b
    return s


def product_repeat_read_at_run_time(x):
    n = 1 + int(x[0] > 0)
    s = 0.0
    for a, b in itertools.product(x, repeat=n):
        s = s + a * b
    return s


@pytest.mark.parametrize("f", [kept_pairwise, product_repeat_read_at_run_time], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_other_forms_stay_refused_located(f, mode):
    with pytest.raises(NoDerivativeError, match=r"(?s)test_itertools_loops58.py\", line \d+.*Loop over it where"):
        s2sad.grad(f)(X) if mode == "grad" else s2sad.jvp(f)(X, T)


def test_autograd_agrees_on_a_loop():
    check_against_autograd(pairwise_loop, X)


@pytest.mark.parametrize("f", [pairwise_of_a_list, product_of_arrays], ids=lambda f: f.__name__)
def test_hvp(f):
    check_hvp(f, X, v=T)


def pairwise_collects_into_a_new_list(x):
    diffs = []
    for a, b in pairwise(x):
        diffs.append(b - a)
    out = np.zeros(3)
    for k, (a, b) in enumerate(pairwise(x)):
        out[k] = a * b
    return np.sum(np.array(diffs) ** 2) + np.sum(out * out)


def pairwise_of_a_copy_while_the_original_changes(x):
    y = x.copy()
    ys = y.copy()
    s = 0.0
    for a, b in pairwise(ys):
        y[2] = 7.0 * a
        s = s + a * b
    return s + np.sum(y)


@pytest.mark.parametrize("f", [pairwise_collects_into_a_new_list, pairwise_of_a_copy_while_the_original_changes],
                         ids=lambda f: f.__name__)
def test_changes_to_other_arrays_are_followed(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=T)


def _bump(v, a):
    v[3] = a * 3.0


def pairwise_item_written_ahead(x):       # Python's pairwise read y[2] before the write: s2sad would not
    y = x.copy()
    s = 0.0
    for a, b in pairwise(y):
        y[2] = 7.0 * a
        s = s + a * b
    return s


def pairwise_through_an_alias(x):
    y = x.copy()
    ys = y
    s = 0.0
    for a, b in pairwise(ys):
        y[2] = 7.0 * a
        s = s + a * b
    return s


def product_of_a_growing_list(x):        # product read the list once, before the loop
    xs = [x[0], x[1]]
    s = 0.0
    for a, b in product(xs, xs):
        if len(xs) < 4:
            xs.append(a * b)
        s = s + a * b
    return s


def pairwise_changed_by_a_helper(x):
    y = x.copy()
    s = 0.0
    for a, b in pairwise(y):
        _bump(y, a)
        s = s + a * b
    return s


def product_of_a_view_written(x):
    m = x.reshape(2, 2).copy()
    r = m[0]
    s = 0.0
    for a, b in product(r, x):
        m[0, 1] = a * b
        s = s + a * b
    return s


@pytest.mark.parametrize("f", [pairwise_item_written_ahead, pairwise_through_an_alias, product_of_a_growing_list,
                               pairwise_changed_by_a_helper, product_of_a_view_written], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_body_changing_an_iterable_is_refused(f, mode):
    """These gave a wrong gradient before the check (pairwise_item_written_ahead: off by 14.0)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)test_itertools_loops58.py\", line \d+.*may change"):
        s2sad.grad(f)(X) if mode == "grad" else s2sad.jvp(f)(X, T)
