"""Unusual inputs found by the input17 probe (issue 8, classes 3, 4 and 6): each was an
internal exception, a misleading refusal or a silently wrong answer; each is now right or
an ``S2sadError`` saying what to write instead."""
import functools
import sys

import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError, NoDerivativeError, OutputTypeError
from s2sad.testing import check_jvp


def doubled(v):
    return v * 2.0


def sum_and_self(v):
    return np.sum(v * 2.0), v


def returns_none(v):
    return None


@pytest.mark.parametrize("mode", [None, "fwd", "rev"])
@pytest.mark.parametrize("shape", [(0,), (0, 2)])
def test_jacobian_with_respect_to_an_empty_array_is_empty(mode, shape):
    """Forward mode ran no jvp for an empty input and raised IndexError (jacobian.py)."""
    x = np.zeros(shape)
    jac = s2sad.jacobian(doubled, mode=mode)(x)
    assert jac.shape == shape + shape
    first, second = s2sad.jacobian(sum_and_self, mode=mode)(x)
    assert first.shape == shape and second.shape == shape + shape


@pytest.mark.parametrize("mode", [None, "fwd", "rev"])
def test_jacobian_of_a_function_returning_none_is_refused_even_without_a_sweep(mode):
    with pytest.raises(OutputTypeError, match="None"):
        s2sad.jacobian(returns_none, mode=mode)(np.zeros(0))


class Model:
    def __init__(self):
        self.w = np.array([1.0, 2.0])

    def loss(self, x):
        return np.sum(self.w * x * x)


def scaled_loss(scale, x):
    return scale * np.sum(x * x)


def distance(x, data):
    return np.sum((x - data) ** 2)


def weighted(x, *, data, w=3.0):
    return np.sum(w * (x - data) ** 2)


def keyword_scale(x, *, k=3.0):
    return k * np.sum(x * x)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("make", [lambda: Model().loss, lambda: functools.partial(scaled_loss, 2.0)])
def test_minimize_refuses_a_fixed_first_parameter_saying_so(make, jit):
    """A bound method was refused with "`loss` takes 2 argument(s); got x0 and 0 in args=",
    which no argument the user could pass would fix."""
    with pytest.raises(ArgumentError, match="first parameter `(self|scale)` fixed.*args="):
        s2sad.minimize(make(), np.ones(2), steps=2, jit=jit)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, w", [
    (functools.partial(distance, data=np.ones(2)), 1.0),
    (functools.partial(weighted, data=np.ones(2)), 3.0),
    (functools.partial(weighted, data=np.ones(2), w=0.5), 0.5),
])
def test_minimize_binds_keywords_of_a_partial_and_keyword_only_defaults(f, w, jit):
    """Were refused: "`distance` takes 2 argument(s); got x0 and 0 in args="."""
    res = s2sad.minimize(f, np.zeros(2), steps=1, lr=0.1, method="sgd", jit=jit)
    assert np.allclose(res.x, 0.1 * 2.0 * w)


@pytest.mark.parametrize("jit", [False, True])
def test_minimize_uses_a_keyword_only_default(jit):
    res = s2sad.minimize(keyword_scale, np.ones(2), steps=1, lr=0.1, method="sgd", jit=jit)
    assert np.allclose(res.x, 1.0 - 0.1 * 6.0)


def test_minimize_under_jit_raises_the_functions_own_error_for_new_shapes():
    """A second descent with the same argument types but data of another shape skipped the
    check run of f, and numba's "unable to broadcast argument 1 to output array" (pointing at
    the generated file) reached the user instead of f's own error."""
    s2sad.minimize(distance, np.zeros(2), steps=2, args=(np.ones(2),), jit=True)
    with pytest.raises(ValueError, match="operands could not be broadcast together"):
        s2sad.minimize(distance, np.zeros(2), steps=2, args=(np.ones(3),), jit=True)


ACTIVATION = np.sin


def activated(x):
    return np.sum(ACTIVATION(x))


def test_a_global_bound_to_a_numpy_function_is_read_at_call_time_under_jit(monkeypatch):
    """`ACTIVATION = np.sin` made the adjoint 'static' (library code only), so numba's C
    dispatch served it without its guard: after `ACTIVATION = np.cos` (or any helper) the
    gradient stayed the sine's, silently."""
    g = s2sad.grad(activated, jit=True)
    x = np.array([0.3, 1.2])
    for _ in range(3):            # the second call with these types learns the fast path
        assert np.allclose(g(x), np.cos(x))
    monkeypatch.setattr(sys.modules[__name__], "ACTIVATION", np.cos)
    for _ in range(3):
        assert np.allclose(g(x), -np.sin(x))
    monkeypatch.setattr(sys.modules[__name__], "ACTIVATION", np.tanh)
    assert np.allclose(g(x), 1.0 - np.tanh(x) ** 2)


def not_a_function(x):
    return ACTIVATION(x) * 2.0


@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_calling_a_global_that_is_not_a_function_says_so(mode, monkeypatch):
    """`ACTIVATION = 3.0` was told "no derivative rule for `3.0` ... Register a rule with
    @s2sad.adjoint(3.0)" (and "for `this call`" in forward mode)."""
    monkeypatch.setattr(sys.modules[__name__], "ACTIVATION", 3.0)
    extra = () if mode == "grad" else (1.0,)
    with pytest.raises(NoDerivativeError, match=r"`ACTIVATION` is a `float` \(3.0\), not a function") as info:
        getattr(s2sad, mode)(not_a_function)(1.5, *extra)
    assert "test_api_inputs17.py" in str(info.value) and "adjoint(3.0)" not in str(info.value)


squares = np.vectorize(lambda v: v * v)


def vectorized(x):
    return np.sum(squares(x))


def test_a_call_with_no_rule_is_named_as_written_not_as_lambda():
    """`np.vectorize(lambda v: ...)` was advised "Register a rule with @s2sad.adjoint(<lambda>)"
    (and @s2sad.tangent(<lambda>) in forward mode)."""
    with pytest.raises(NoDerivativeError, match=r"no derivative rule for `squares`.*adjoint\(squares\)"):
        s2sad.grad(vectorized)(np.ones(2))
    with pytest.raises(NoDerivativeError, match=r"rule for `squares`.*tangent\(squares\)"):
        s2sad.jvp(vectorized)(np.ones(2), np.ones(2))


def pair_product(t):
    a, b = t
    return np.sum(a * b)


def weights_and_bias(p):
    return np.sum(p["w"] * p["w"]) + p["b"]


@pytest.mark.parametrize("f, arg, error, words", [
    (pair_product, (np.ones(2), np.ones(2), np.ones(2)), ValueError, "too many values to unpack"),
    (pair_product, (np.ones(2),), ValueError, "not enough values to unpack"),
    (weights_and_bias, {"w": np.ones(2)}, KeyError, "'b'"),
])
@pytest.mark.parametrize("mode", ["grad", "vjp"])
def test_a_tuple_or_dict_the_function_cannot_unpack_raises_its_own_error(f, arg, error, words, mode):
    """A tuple of three for `a, b = t` was differentiated (three gradients, the third zero)
    where Python raises; a short tuple or a missing key was refused as "the key 1, which this
    dict does not have here"."""
    extra = (1.0,) if mode == "vjp" else ()
    with pytest.raises(error, match=words):
        getattr(s2sad, mode)(f)(arg, *extra)


@pytest.mark.parametrize("tangent", [[1.0, 0.5], (1.0, 0.5), np.array([1, 0])])
def test_check_jvp_takes_a_tangent_given_as_a_list(tangent):
    """A list tangent failed check_jvp with "gradient call modified the list argument 0"
    (its saved copy was an array, compared with the list)."""
    _, tout = check_jvp(tanh_sum, np.array([0.3, -0.2]), tangent=tangent)
    assert np.isclose(tout, np.sum((1 - np.tanh([0.3, -0.2]) ** 2) * np.asarray(tangent, float)))


def tanh_sum(x):
    return np.sum(np.tanh(x))


def scaled(x, k=2.0):
    return x * k


@pytest.mark.parametrize("mode", [None, "fwd", "rev"])
def test_jacobian_takes_keyword_arguments_like_the_function(mode):
    """`jacobian(f)(x, k=3.0)` raised TypeError: __call__() got an unexpected keyword argument."""
    assert np.allclose(s2sad.jacobian(scaled, mode=mode)(np.ones(2), k=3.0), 3.0 * np.eye(2))


def test_show_of_none_is_an_argument_error():
    """Was AttributeError: 'function' object has no attribute 'source' (grad(None) is the
    decorator factory)."""
    with pytest.raises(ArgumentError, match="None"):
        s2sad.show(None)
