"""np.random draws with keyword arguments under jit=True (backends/random_args.py).

A draw is made once, in the forward sweep, and the reverse sweep uses the value drawn: the
gradient is that of the realisation the call drew, so it must agree with the value returned
in the same call (no finite differences: every call draws anew)."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.backends import random_args
from s2sad.names import Namespace


def _rewritten(src):
    tree = ast.parse(f"def f(n, s):\n    return {src}\n")
    ns = Namespace()
    ns.bind("np", np)
    random_args.rewrite(tree, ns)
    return ast.unparse(tree.body[0].body[0].value)


@pytest.mark.parametrize("src, expected", [
    ("np.random.normal(size=n)", "np.random.normal(0.0, 1.0, n)"),
    ("np.random.normal(loc=s, size=n)", "np.random.normal(s, 1.0, n)"),
    ("np.random.normal(s, size=n)", "np.random.normal(s, 1.0, n)"),
    ("np.random.uniform(high=s)", "np.random.uniform(0.0, s)"),
    ("np.random.exponential(size=(n, 2))", "np.random.exponential(1.0, (n, 2))"),
    ("np.random.poisson(size=n)", "np.random.poisson(1.0, n)"),
    ("np.random.lognormal(sigma=s)", "np.random.lognormal(0.0, s)"),
])
def test_later_keywords_become_positional_with_numpys_defaults(src, expected):
    assert _rewritten(src) == expected


@pytest.mark.parametrize("src", [
    "np.random.normal(s, loc=s)",            # given twice: NumPy's own TypeError
    "np.random.normal(size=n, out=s)",       # not a parameter of the table
    "np.random.normal(*s, size=n)",
    "np.random.gamma(size=n)",               # not in the table (shape has no default)
    "np.random.normal(0.0, 1.0, n)",         # nothing to do
])
def test_calls_the_table_does_not_cover_stay_as_written(src):
    assert _rewritten(src) == src


def noise(x, s):
    e = np.random.normal(size=x.shape) * s
    return np.sum(x * e + 0.5 * x ** 2)


def kicks(x, s):
    total = 0.0
    k = 0
    while total < 5.0 and k < 50:
        u = np.random.uniform(high=2.0)
        total = total + x * u * s
        k += 1
    return total * x


@pytest.mark.jit
def test_noise_drawn_with_size_compiles_and_its_gradient_uses_the_same_draws():
    x = np.ones(6)
    v, g = s2sad.value_and_grad(noise, jit=True)(x, 0.7)
    # d/dx_i = e_i + x_i, value = sum(e_i) + n/2 at x = 1
    assert np.isclose(v - 3.0, g.sum() - 6.0, rtol=1e-12, atol=1e-12)
    assert not np.allclose(g, 1.0)           # the noise reached the gradient


@pytest.mark.jit
def test_draws_in_a_data_dependent_while_are_replayed_not_redrawn():
    v, g = s2sad.value_and_grad(kicks, jit=True)(1.3, 0.7)
    assert np.isclose(g, 2 * v / 1.3, rtol=1e-12)      # total is linear in x: f = x * total
