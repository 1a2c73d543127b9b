"""`f(*e)` written out as plain arguments (frontend/starred_calls.py): a list or tuple display, a
local of known length, or — for a callee with a fixed number of positional parameters — any read
or call unpacked before its statement (`_item, _item2 = e`, which raises as Python's call would on
another length). On main before stop 50 every `*` argument reaching a differentiated value was
refused ("an argument unpacked with `*`"): `h(*params)`, `np.hypot(*v)`, `model(*split(w))`."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def h(a, b, c):
    return a * b + c


def split2(v):
    return v[0] * 2.0, v[1] + v[2]


def star_slice(x):
    return h(*x[:3])


def star_display(x):
    return h(*[x[0], x[1]], x[3]) + np.maximum(*(x[2], x[3] ** 2))


def star_known_length(x):
    t = (x[0], x[1] * x[2], x[2])
    y = h(*t)
    return y + h(*t[:2], c=x[3])


def star_in_loop(x):
    s = 0.0
    for i in range(2):
        s = s + h(*x[i:i + 3]) ** 2
    return s


def star_of_a_call(x):
    return h(*split2(x), x[3])


def star_nested(x):
    def g(a, b):
        return a ** 2 * b
    sq = lambda a, b: a * b   # noqa: E731
    y = g(*x[1:3]) + g(*[x[0], x[3]])
    return y + sq(*x[2:])


def star_rows(x):
    A = x.reshape(2, 2)
    return np.hypot(*A)[0] + np.sum(np.arctan2(*A))


def star_in_test(x):
    if h(*x[:3]) > 0.0:
        return x[0] ** 2
    return x[1] ** 3 * h(*x[1:])


PROGRAMS = [star_slice, star_display, star_known_length, star_in_loop, star_of_a_call, star_nested,
            star_rows, star_in_test]


@pytest.mark.parametrize("f", PROGRAMS)
def test_star_arguments_are_followed(f):
    value, g = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 4))


@pytest.mark.parametrize("f", [star_slice, star_of_a_call, star_rows])
def test_under_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def test_another_length_raises_as_python_does():
    def too_many(x):
        return h(*x)
    with pytest.raises(TypeError, match="3 positional arguments"):
        too_many(X)
    with pytest.raises(TypeError, match="3 positional arguments"):
        s2sad.grad(too_many)(X)


def hd(a, b, c=1.0):
    return a * b + c


def star_with_defaults(x):
    return hd(*x[:2])       # 2 or 3 items: which parameters they fill depends on the call


def star_after_a_call(x):
    return h(x[0], x[1], x[2]) + h(*x[1:])     # h might write into x before `*x[1:]` is read


def star_conditional(x):
    return h(*x[:3]) if x[0] > 0 else 0.0      # not unpacked before the statement: it may not run


@pytest.mark.parametrize("f", [star_with_defaults, star_after_a_call, star_conditional])
def test_still_refused_where_not_proven(f):
    with pytest.raises(s2sad.NoDerivativeError, match="unpacked with `\\*`"):
        s2sad.grad(f)(X)


def test_the_source_is_deterministic():
    assert s2sad.grad(star_nested).source == s2sad.grad(star_nested).source
    assert "item" in s2sad.grad(star_slice).source
