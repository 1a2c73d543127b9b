"""A target under ``functools.lru_cache`` / ``functools.cache`` (a function, or a method through its
instance) was refused as "this callable has no Python source s2sad can read. Differentiate a
function written with `def`", which it is: the refusal now says why (the cache returns values
stored for arguments seen before, computed with the globals of that time) and what to write
(``f.__wrapped__``), in every mode; ``f.__wrapped__`` is differentiated, checked against
differences. A gradient inside a ``functools.partial`` (or given to ``check_grad``) was refused as
"not supported yet ... use finite differences" though ``grad(grad(f))`` works: the refusal names
the forms that do."""
import functools

import numpy as np
import pytest

import s2sad
from s2sad.errors import NotDifferentiableError
from s2sad.testing import check_grad

K = 2.0


@functools.lru_cache(maxsize=None)
def cached_cube(t):
    return K * t ** 3


@functools.cache
def cached_wave(t):
    return np.sin(t) * t


class Model:
    @functools.lru_cache(maxsize=8)
    def energy(self, t):
        return t ** 4


@pytest.mark.parametrize("make, extra", [(s2sad.grad, ()), (s2sad.value_and_grad, ()), (s2sad.jvp, (1.0,)),
                                         (s2sad.hvp, (1.0,)), (s2sad.vjp, (1.0,))])
@pytest.mark.parametrize("fn", [cached_cube, cached_wave, Model().energy])
def test_a_cached_target_is_refused_naming_the_cache_and_wrapped(make, extra, fn):
    with pytest.raises(NotDifferentiableError) as info:
        make(fn)(1.5, *extra)
    text = str(info.value)
    assert "lru_cache" in text and f"`{fn.__name__}.__wrapped__`" in text


def test_the_wrapped_function_is_differentiated():
    assert check_grad(cached_cube.__wrapped__, 1.5) == pytest.approx(6.0 * 1.5 ** 2, rel=1e-12)
    assert check_grad(cached_wave.__wrapped__, 0.7) == pytest.approx(np.cos(0.7) * 0.7 + np.sin(0.7), rel=1e-12)


def cube_k(x, k=1.0):
    return k * x ** 3


@pytest.mark.parametrize("make", [lambda: s2sad.grad(functools.partial(s2sad.grad(cube_k), k=3.0)),
                                  lambda: s2sad.testing.check_grad(s2sad.grad(cube_k), 2.0)])
def test_a_wrapped_gradient_is_refused_naming_the_forms_that_work(make):
    # was "not supported yet ... use finite differences", though grad(grad(f)) works
    with pytest.raises(NotDifferentiableError, match=r"s2sad.grad\(s2sad.grad\(f\)\)") as info:
        make()
    assert "not supported yet" not in str(info.value)
    assert s2sad.grad(s2sad.grad(cube_k))(2.0, k=3.0) == pytest.approx(36.0, rel=1e-12)
