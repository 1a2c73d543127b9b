"""A random generator passed to a helper (``def perturb(v, g): return v + 0.1 * g.standard_normal(len(v))``
called ``perturb(x, rng)``) is followed as in the caller: the helper's draws are values with no
derivative, drawn once per sweep in their order (``analyses/generator_args.py``). The generator may be
made in the function, passed in to it, read as a global, a ``RandomState``, or passed on through two
helpers. Refused on main as "the call `.standard_normal()` of a value made or passed in the function"
(the fuzzer's draws50 production ``draw_helper``, fuzz50)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.5, -0.8, 1.1, 0.3])


def perturb(v, g):
    return v + 0.1 * g.standard_normal(len(v))


def scale_noise(v, g):
    return v * (1.0 + 0.2 * g.random(len(v)))


def twice(v, g):                    # passes the generator on
    return perturb(perturb(v, g), g)


def made_in_f(x):
    rng = np.random.default_rng(7)
    h = perturb(x, rng)
    a = rng.normal()                # drawn after the helper's draws
    h = h + 0.5 * scale_noise(h, rng)
    return np.sum(h ** 2) + a * x[0]


def passed_in_f(x, rng):
    h = twice(np.sin(x), rng)
    return np.sum(h * x)


RNG = np.random.default_rng(3)


def global_generator(x):
    return np.sum(perturb(x, RNG) ** 3)


def legacy(x):
    rs = np.random.RandomState(5)
    return np.sum(perturb(x ** 2, rs) * x)


def _made_in_f_by_hand(x):
    rng = np.random.default_rng(7)
    e1 = rng.standard_normal(4)
    a = rng.normal()
    u = rng.random(4)
    h = x + 0.1 * e1
    h = h + 0.5 * h * (1.0 + 0.2 * u)
    return np.sum(h ** 2) + a * x[0], 2 * h * 1.5 + 2 * h * 0.5 * 0.2 * u, a


def test_the_helpers_draws_are_the_callers_in_order():
    value, g = s2sad.value_and_grad(made_in_f)(X)
    want, dh_dx, a = _made_in_f_by_hand(X)
    assert value == pytest.approx(want, rel=1e-14) and value == pytest.approx(made_in_f(X), rel=1e-14)
    expect = dh_dx.copy()
    expect[0] += a
    np.testing.assert_allclose(g, expect, rtol=1e-12)


@pytest.mark.parametrize("f", [made_in_f, global_generator, legacy], ids=lambda f: f.__name__)
def test_grad_value_jvp_of_a_generator_given_to_a_helper(f):
    global RNG
    RNG = np.random.default_rng(3)
    value, g = s2sad.value_and_grad(f)(X)
    RNG = np.random.default_rng(3)
    assert value == pytest.approx(f(X), rel=1e-14)
    if f is not global_generator:                  # (each difference quotient draws the same numbers again)
        check_grad(f, X)
    t = np.linspace(-1.0, 1.0, 4)
    RNG = np.random.default_rng(3)
    np.testing.assert_allclose(s2sad.jvp(f)(X, t)[1], g @ t, rtol=1e-12)


def test_a_global_generator_given_to_a_helper_against_differences():
    global RNG
    e = np.random.default_rng(3).standard_normal(4)
    RNG = np.random.default_rng(3)
    np.testing.assert_allclose(s2sad.grad(global_generator)(X), 3 * (X + 0.1 * e) ** 2, rtol=1e-13)


@pytest.mark.parametrize("jit", [False, True], ids=["py", "jit"])
def test_a_generator_passed_in_and_on_through_two_helpers(jit):
    value, g = s2sad.value_and_grad(passed_in_f, jit=jit)(X, np.random.default_rng(9))
    assert value == pytest.approx(passed_in_f(X, np.random.default_rng(9)), rel=1e-13)
    e = np.random.default_rng(9).standard_normal((2, 4))
    h = np.sin(X) + 0.1 * e[0] + 0.1 * e[1]
    np.testing.assert_allclose(g, h + X * np.cos(X), rtol=1e-12)


def test_a_checkpointed_loop_drawing_in_a_helper_is_refused():
    def loop(x):
        rng = np.random.default_rng(1)
        for _ in range(3):
            x = perturb(x, rng) * 0.9
        return np.sum(x ** 2)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="random draw inside a checkpointed loop"):
        s2sad.grad(loop, checkpoint=2)(X)
    check_grad(loop, X)
