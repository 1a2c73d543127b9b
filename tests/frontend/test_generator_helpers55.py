"""A helper written with ``yield`` (frontend/generator_helpers.py, stop 55, issue 8) was refused at
its ``yield``: it is now inlined as the list it yields, where its call is read whole (a ``for``, a
comprehension, ``sum``/``list``/``max``..., also through ``zip``/``enumerate``) and nothing the
reader does can change its items. grad, jvp and jit=True against central differences and
autograd. What could make the list differ from Python's lazy items stays refused, located."""
import itertools
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, 1.2, -0.7, 0.5])
V = np.array([0.5, -1.0, 0.25, 2.0])


def pairs(x):
    for i in range(len(x) - 1):
        yield x[i], x[i + 1]


def squares(x):
    for v in x:
        yield v * v


def windows(x, k=2):
    for i in range(len(x) - k + 1):
        yield x[i:i + k]


def until_large(x):
    for v in x:
        if v > 1.0:
            return
        yield v


def chained(x):
    yield from squares(x)
    yield x[0] * 3.0


def in_loop(x):
    s = 0.0
    for a, b in pairs(x):
        s += (b - a) ** 2
    return s


def in_sum(x):
    return sum(math.sin(a) for a in squares(x)) + sum(squares(x))


def as_list(x):
    return np.sum(np.array(list(squares(x))) * x)


def of_windows(x):
    return sum(np.sum(w) ** 2 for w in windows(x, 2))


def early_return(x):
    return sum(until_large(x))


def yield_from(x):
    s = 0.0
    for v in chained(x):
        s = s * 0.5 + v
    return s


def enumerated(x):
    s = 0.0
    for k, (a, b) in enumerate(pairs(x)):
        s += k * a * b
    return s


def zipped_break(x):
    s = 0.0
    for (a, b), v in zip(pairs(x), x):
        if a * b > 0.5:
            break
        s += a + b * v
    return s


def into_fresh(x):
    out = np.zeros(len(x) - 1)
    k = 0
    for a, b in pairs(x):
        out[k] = a * b
        k += 1      # noqa: SIM113 (a counter beside the generator, as users write it)
    return np.sum(out ** 2)


EXACT = [in_loop, in_sum, as_list, of_windows, early_return, yield_from, enumerated, into_fresh]


@pytest.mark.parametrize("f", EXACT, ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)


@pytest.mark.parametrize("f", [in_loop, of_windows, yield_from], ids=lambda f: f.__name__)
def test_against_autograd(f):
    check_against_autograd(f, X)


def test_jit(empty_caches):
    np.testing.assert_allclose(s2sad.grad(in_loop, jit=True)(X), s2sad.grad(in_loop)(X), rtol=1e-12)


def forever(x):
    t = 0.0
    while True:
        yield x[0] * t
        t += 1.0


def counting(x):
    for k in itertools.count():
        yield x[k % len(x)]


def with_value(x):
    yield x[0]
    return 5.0


def receiving(x):
    v = yield x[0]
    yield v


def noisy(x):
    rng = np.random.default_rng(0)
    for v in x:
        yield v + rng.normal()


def kept(x):
    g = squares(x)
    return sum(g)


def writes_argument(x):
    y = x.copy()
    s = 0.0
    for v in squares(y):
        y[0] = v
        s += v
    return s


def writes_item(x):
    y = x.copy()
    s = 0.0
    for w in windows(y):
        w[1] = w[0] * 2.0
        s += np.sum(w)
    return s


def writes_alias(x):
    y = x.copy()
    z = y
    s = 0.0
    for v in squares(y):
        z[0] = v
        s += v
    return s


def draws_too(x):
    rng = np.random.default_rng(1)
    s = 0.0
    for v in noisy(x):
        s += v * rng.normal()
    return s


def endless(x):
    s = 0.0
    for v in forever(x):
        if v > 3:
            break
        s += v
    return s


def counted(x):
    s = 0.0
    for v in counting(x):
        s += v
        if s > 2:
            break
    return s


def returned(x):
    return sum(with_value(x))


def sent(x):
    return sum(receiving(x))


def roots(x):
    for v in x:
        yield np.sqrt(v)


def stops_at_large(x):
    """Python never takes sqrt(0.0) or sqrt(-1.0) below (the loop stops first); made at once, their
    infinite/NaN slopes gave the gradient [0.5, 0, nan, nan] where it is [0.5, 0, 0, 0]."""
    s = 0.0
    for r in roots(x):
        if r > 1.5:
            break
        s += r
    return s


def any_large(x):
    return x[0] * float(any(r > 1.5 for r in roots(x)))


REFUSED = {zipped_break: "`zip` beside other iterables", stops_at_large: "a loop with a `break` or `return`",
           any_large: "`any`, which stops", kept: "read here", writes_argument: "writes into `y`", writes_item: "writes into `w`",
           writes_alias: "writes into `z`", draws_too: "draws random", endless: "`while` loop",
           counted: "endless iterator", returned: "`return` value", sent: "`yield` used as a value"}


@pytest.mark.parametrize("f", list(REFUSED), ids=lambda f: f.__name__)
def test_refused_where_the_list_could_differ(f):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=REFUSED[f]) as info:
        s2sad.grad(f)(X)
    assert "line " in str(info.value) and "column " in str(info.value)


def test_a_generator_differentiated_itself_stays_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="generator"):
        s2sad.grad(squares)(X)


def writes_through_kept(x):
    y = x.copy()
    keep = []
    s = 0.0
    for w in windows(y):
        keep.append(w)
        keep[-1][1] = 0.0
        s += np.sum(w)
    return s


def test_a_write_through_a_list_of_the_items_is_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="writes into `(keep|w)`"):
        s2sad.grad(writes_through_kept)(X)


def doubling(x):
    for i in range(len(x)):
        x[i] *= 2.0
        yield x[i]


def generator_writes_what_the_reader_reads(x):
    y = x.copy()
    s = 0.0
    for v in doubling(y):
        s += v * y[-1]
    return s


def zipped_beside_a_writer(x):
    y = x.copy()
    return sum(a * b for a, b in zip(doubling(y), squares(y)))


def nested_generator_reads_a_rebound_variable(x):
    c = 1.0

    def scaled():
        for v in x:
            yield v * c
    s = 0.0
    for v in scaled():
        s += v
        c = c + 1.0
    return s


def nested_generator(x):
    c = 2.0

    def scaled(k):
        for v in x:
            yield v * c * k
    return sum(scaled(3.0))


@pytest.mark.parametrize("f", [generator_writes_what_the_reader_reads, zipped_beside_a_writer,
                               nested_generator_reads_a_rebound_variable], ids=lambda f: f.__name__)
def test_refused_where_something_changes_between_items(f):
    """Found while checking this stop's own change: these gave [2, 2, 2, 7.2] for [1, 1, 1, 5.6]
    and [1, 1, 1, 1] for [1, 2, 3, 4] before the checks."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="changes between its items") as info:
        s2sad.grad(f)(X)
    assert "line " in str(info.value)


def test_a_nested_generator_read_at_once():
    check_grad(nested_generator, X)
    check_jvp(nested_generator, X, tangent=V)


def writes_into_an_item_of_a_list(x):
    y = x.copy()
    rows = [y, y * 2.0]
    s = 0.0
    for v in squares(y):
        rows[0][0] = v
        s += v
    return s


def test_a_write_into_an_item_of_a_fresh_list_is_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="writes into `rows`"):
        s2sad.grad(writes_into_an_item_of_a_list)(X)
