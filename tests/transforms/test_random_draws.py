"""Random draws (transforms/purity.draws): a sweep draws once and differentiates the numbers it drew;
what runs the function again refuses them, located, instead of mixing two draws.

Before: `checkpoint=K` re-ran steps of a loop drawing `np.random.normal()` and returned a gradient
of other numbers than the value's (value-n/2 = -1.63, its gradient's sum-n = 0.94, where both are the
sum of the draws); `jacobian` and `hessian` filled each row from another draw."""
import random

import numpy as np
import pytest
import scipy.stats

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad
from s2sad.transforms.purity import draws

RNG = np.random.default_rng(0)


def walk(x, n):
    total = 0.0
    for i in range(n):
        e = RNG.normal()
        total = total + x * e + 0.5 * x ** 2
    return total


def _noise(shape):
    return np.random.normal(size=shape)


def mixed(x):
    e = _noise(x.shape)          # in a helper: found once it is inlined
    return np.sin(x * e) + x[::-1] * e


def scalar(x):
    return np.sum(np.sin(x * np.random.normal(size=x.shape)))


def test_draws_knows_numpy_and_python_generators_and_nothing_else():
    assert all(draws(f) for f in (np.random.normal, np.random.rand, RNG.normal, random.gauss, random.random,
                                  np.random.RandomState(0).uniform))
    assert not any(draws(f) for f in (np.sin, np.sum, np.linalg.solve, len, max, None))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_draw_in_a_checkpointed_loop_is_refused_at_its_line(jit):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.value_and_grad(walk, jit=jit, checkpoint=4)(1.0, 50)
    assert "random draw inside a checkpointed loop" in str(err.value) and "RNG.normal()" in str(err.value)


def test_the_same_loop_without_checkpointing_differentiates_the_numbers_it_drew():
    v, g = s2sad.value_and_grad(walk)(1.0, 50)
    assert np.isclose(v - 25.0, g - 50.0, rtol=1e-12)       # both are the sum of the 50 draws


@pytest.mark.parametrize("make", [
    lambda: s2sad.jacobian(mixed, mode="fwd"),
    lambda: s2sad.jacobian(mixed, mode="rev"),
    lambda: s2sad.hessian(scalar),
])
def test_sweeps_one_per_element_refuse_a_draw(make):
    with pytest.raises(UnsupportedSyntaxError) as err:
        make()(np.ones(3))
    assert "one sweep per element" in str(err.value) and "test_random_draws.py" in str(err.value)


def test_one_sweep_modes_take_the_draw():
    _, t = s2sad.jvp(scalar)(np.zeros(3), np.ones(3))      # d/dt sum(sin(t e)) at 0 = sum(e): a number
    assert np.isfinite(t)
    assert s2sad.hvp(scalar)(np.ones(3), np.ones(3)).shape == (3,)


def library_draw(x):
    for i in range(6):
        x = x + scipy.stats.norm.rvs() * x           # scipy draws through NumPy's global state
    return x


def held_draw(x):
    draw = RNG.normal if x[0] > 0 else np.random.uniform
    for i in range(6):
        x = x + draw() * x          # a function held in a variable: which one is known only at run time
    return x


def opaque_in_helper(x):
    for i in range(6):
        x = x + _scaled(i) * x
    return x


def _scaled(i):
    return scipy.stats.norm.rvs(scale=0.1 * i)


@pytest.mark.parametrize("f", [library_draw, opaque_in_helper, held_draw])
def test_a_library_call_not_known_to_repeat_its_value_is_refused_where_steps_run_again(f):
    """Before: checkpoint=2 returned the value 0.037 and the gradient -0.030 where both are the
    product of the (1 + draw) factors; jacobian mixed the draws of its sweeps."""
    x = np.ones(1)
    with pytest.raises(UnsupportedSyntaxError, match=r"(cannot tell gives the same value|may draw random numbers).*checkpointed loop"):
        s2sad.grad(lambda x: np.sum(f(x)), checkpoint=2)(x)
    with pytest.raises(UnsupportedSyntaxError, match=r"(cannot tell gives the same value|may draw random numbers).*one sweep per element"):
        s2sad.jacobian(f)(np.ones(2))
    np.random.seed(3)
    value, g = s2sad.value_and_grad(lambda x: np.sum(f(x)))(x)        # one sweep: the numbers it drew
    np.testing.assert_allclose(g, [value])


def test_library_functions_known_to_repeat_their_value():
    import math

    from s2sad.transforms.purity import may_draw, repeatable
    assert all(repeatable(fn) for fn in (np.sin, np.linalg.norm, math.exp, len, np.zeros(2).sum))
    assert not repeatable(np.random.normal) and not repeatable(random.random)
    assert may_draw(_scaled) and may_draw(_noise) and not may_draw(float) and not may_draw(np.ndarray)


def noisy_recursion(x, n):
    if n == 0:
        return x
    return noisy_recursion(x * (1.0 + 0.1 * float(np.random.normal())), n - 1)


def noisy_recursion3(x):
    return noisy_recursion(x, 3)


def test_a_recursive_function_that_draws_is_refused_by_jacobian_and_differentiated_by_grad():
    """The split call (`noisy_recursion_forward(...)`, a name s2sad made) stands for the user's
    recursive function, whose draw is found in its source."""
    with pytest.raises(UnsupportedSyntaxError, match="function `noisy_recursion`, which may draw random numbers"):
        s2sad.jacobian(noisy_recursion3, mode="rev")(0.5)
    np.random.seed(5)
    value, g = s2sad.value_and_grad(noisy_recursion3)(0.5)
    np.testing.assert_allclose(g, value / 0.5)      # one product of factors, drawn once


def dropout_loop(x):
    rng = np.random.default_rng(3)
    total = 0.0
    for i in range(6):
        mask = rng.random(3) > 0.5        # kept by the front end: a mask has no derivative
        total = total + np.sum(np.sin(x * mask * (i + 1)))
    return total


def dropout_of_an_argument(x, rng):
    return np.sin(x * (rng.random(3) > 0.5) * 2.0)


def test_a_generator_held_in_a_local_or_an_argument_is_a_draw_too():
    """Before: `rng.random(3) > 0.5` of a local generator was not seen as a draw (only globals'
    methods resolve): checkpoint=2 returned [4.56, 6.49, -5.67] for a gradient of
    [0.29, 2.70, -10.52], and jacobian of `dropout_of_an_argument` filled each row from another mask."""
    x = np.array([0.3, -0.2, 0.5])
    with pytest.raises(UnsupportedSyntaxError, match=r"`\.random\(\)` of a local value.*checkpointed loop"):
        s2sad.grad(dropout_loop, checkpoint=2)(x)
    with pytest.raises(UnsupportedSyntaxError, match=r"`\.random\(\)` of a local value.*one sweep per element"):
        s2sad.jacobian(dropout_of_an_argument)(x, np.random.default_rng(1))
    rng = np.random.default_rng(3)
    masks = [rng.random(3) > 0.5 for _ in range(6)]
    expect = sum((i + 1) * m * np.cos(x * m * (i + 1)) for i, m in enumerate(masks))
    np.testing.assert_allclose(s2sad.grad(dropout_loop)(x), expect, rtol=1e-12)   # one sweep: its draws


def event_queue(service):
    import heapq
    events = [(0.0, 0), (0.5, 1), (0.7, 2)]
    heapq.heapify(events)
    busy, wait = 0.0, 0.0
    while events:
        t, k = heapq.heappop(events)
        start = max(t, busy)
        wait += start - t
        busy = start + service[k]
    return wait + busy


def test_a_call_that_is_no_draw_is_not_refused_as_drawing_numbers_in_a_checkpointed_loop():
    """``heapq.heappop`` in a checkpointed loop: refused (s2sad cannot tell it gives the same value
    when a step runs again), but for that reason, not as 'a step run again would draw other numbers'
    with advice to draw them before the loop (hunt50). A real draw keeps its own words."""
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(event_queue, checkpoint=2)(np.array([0.8, 0.3, 0.5]))
    text = str(err.value)
    assert "`heapq.heappop`" in text and f"line {event_queue.__code__.co_firstlineno + 6}," in text
    assert "draw other numbers" not in text and "np.random.normal" not in text
    assert "Make the call before the loop" in text and "checkpoint=None" in text
    check_grad(event_queue, np.array([0.8, 0.3, 0.5]))
    with pytest.raises(UnsupportedSyntaxError, match="draw other numbers.*Draw the numbers before the loop"):
        s2sad.grad(lambda x: np.sum(walk(x, 4)), checkpoint=2)(np.ones(2))
