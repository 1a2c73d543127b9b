"""A ``functools.partial``'s keywords changed in place after its gradient was made (hunt55, issue 8
class 3): ``p = functools.partial(base, k=2.0); g = s2sad.grad(p)``, then ``p.keywords["k"] = 3.0``:
Python's ``p(x)`` uses 3.0 (a partial reads its keywords dict at each call), but on main ``g(x)``
kept 2.0, silently, with and without jit ([4.4, -4.0] for [6.4, -9.0]): ``targets._unwrap`` copied
the keywords once. A partial target (``targets.PartialTarget``) now reads them again at each call
(only partial targets pay for it); a change of the caller's signature (a keyword added, the partial
re-made through ``__setstate__``) is refused with ``ArgumentError``."""
import functools

import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import numeric_grad

X = np.array([1.0, 2.0])


def _base(x, k):
    return k * x[0] ** 2 - k * k * x[1] + 0.4 * x[0]


def _want(k):
    return numeric_grad(lambda x: _base(x, k), [X.copy()], 0)


@pytest.mark.parametrize("jit", [False, True])
def test_keyword_changed_in_place_is_seen_by_grad(jit):
    p = functools.partial(_base, k=2.0)
    g, vg = s2sad.grad(p, jit=jit), s2sad.value_and_grad(p, jit=jit)
    np.testing.assert_allclose(g(X), _want(2.0), rtol=1e-6)
    p.keywords["k"] = 3.0
    np.testing.assert_allclose(g(X), _want(3.0), rtol=1e-6)       # main: [4.4, -4.0]
    value, grad = vg(X)
    assert value == pytest.approx(p(X))
    np.testing.assert_allclose(grad, _want(3.0), rtol=1e-6)


def test_keyword_changed_in_place_is_seen_by_vjp_jvp_hvp():
    p = functools.partial(_base, k=2.0)
    h, j, v = s2sad.hvp(p), s2sad.jvp(p), s2sad.vjp(p)
    e0 = np.array([1.0, 0.0])
    h(X, e0), j(X, e0), v(X, 1.0)
    p.keywords["k"] = 3.0
    np.testing.assert_allclose(h(X, e0), [6.0, 0.0], rtol=1e-9)
    assert j(X, e0)[1] == pytest.approx(_want(3.0)[0], rel=1e-6)
    np.testing.assert_allclose(v(X, 1.0), _want(3.0), rtol=1e-6)


def test_a_new_keyword_or_new_arguments_are_refused():
    p = functools.partial(_base, k=2.0)
    g = s2sad.grad(p)
    g(X)
    p.keywords["z"] = 1.0                  # the caller's signature changed: Python's p(x) now fails
    with pytest.raises(ArgumentError, match="changed in place after its gradient was made"):
        g(X)
    q = functools.partial(_base, k=2.0)
    gq = s2sad.grad(q)
    gq(X)
    q.__setstate__((_base, (X,), {}, None))
    with pytest.raises(ArgumentError, match=r"it now fixes 1 argument\(s\) and the keywords \[\]"):
        gq(X)


def test_a_plain_function_has_no_partial_check():
    """The check costs nothing for other targets: their signature is the plain one."""
    g = s2sad.grad(_base)
    assert type(g.target) is s2sad.targets.Target and not g.target.partials
    np.testing.assert_allclose(g(X, 2.0), _want(2.0), rtol=1e-6)
