"""NumPy reductions of a Python list of numbers under jit=True (``np.max(env)`` of a list a loop
appended to, ``np.prod([b, t])`` in a test).

numba's np.sum/mean/max/... take arrays only, and the numba versions of sum_grad, mean_grad and
extreme_grad returned a number for a list (the ``jit`` stage also wrote ``np.full(env.shape, ..)``
for a list): a JitError (hunt17's envelope follower, fuzz seed 7400380 on c087901). The
reductions of a list or homogeneous tuple of numbers are now ``np.<name>(np.array(xs))``
(numba_rules_sequences) and their gradients one item per element, checked here against finite
differences and jit=False."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytestmark = pytest.mark.jit
X = np.array([0.3, -0.9, 0.5, 0.7])


def envelope(x, reduce):
    env = []
    e = 0.0
    for v in x:
        e = 0.9 * e + 0.1 * v * v
        env.append(e)
    return reduce(env)


def env_sum(x):
    return envelope(x, np.sum)


def env_mean(x):
    return envelope(x, np.mean) * 3.0


def env_max(x):
    return envelope(x, np.max) + envelope(x, np.mean)


def env_min(x):
    return envelope(x, np.min) * x[0]


def env_prod(x):
    return envelope(x, np.prod)


def branch_on_a_product(x):
    b, t = x[0] * 2.0, x[1]
    if np.prod([b, t]) < 0.3:
        return b * t + np.max([x[2], x[3]])
    return b + t


def display_reductions(x):
    a, b = np.sin(x[0]), x[1] * x[2]
    return np.sum([a, b]) + np.mean([a, b, x[3]]) + np.max([a, b]) * np.min([b, x[3]])


def comprehension_mean(x):
    sq = [v * v for v in x]
    return np.mean(sq) + np.max(sq)


@pytest.mark.parametrize("f", [comprehension_mean, env_sum, env_mean, env_max, env_min, env_prod, branch_on_a_product,
                               display_reductions])
def test_reduction_of_a_list_compiled(f):
    check_grad(f, X, jit=True)
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)
