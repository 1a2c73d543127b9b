"""``map`` and ``functools.reduce`` as the loops they run (``frontend/functional.py``). Before, each
was refused ("a lambda used as a value", "no derivative rule for `map`" / "`reduce`").

Each form: the gradient against central differences (and autograd), jvp, and jit=True on a sample;
the forms whose values Python does not compute at once, or only on some paths, stay refused."""
import functools
import math
import operator
from functools import reduce

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.2, 0.5, 0.8])
MATS = [np.array([[1.0, 0.5], [0.2, 0.9]]), np.array([[0.3, -0.4], [0.7, 1.1]])]


def square(v):
    return v * v


def map_lambda_sum(x):
    return sum(map(lambda v: v ** 2 * x[0], x))


def map_function_list(x):
    return np.sum(np.array(list(map(math.sin, x))) * X) + max(map(abs, x))


def map_two_sequences_loop(x):
    s = 0.0
    for t in map(lambda u, w: u * w + u, x, x[::-1]):
        s += t * t
    return s


def map_nested_def(x):
    def scaled(v):
        return v * x[1] + square(v)
    return sum(map(scaled, x)) + sum([a * b for a, b in zip(map(square, x), x)])


def reduce_operator(x):
    return functools.reduce(operator.mul, x) + reduce(operator.add, x * x)


def reduce_lambda_init(x):
    a = 1.5
    return reduce(lambda a, b: a * 0.5 + b * b, x, x[2]) * a     # the lambda's `a` is not the local `a`


def reduce_matrices(x):
    M = reduce(np.dot, [MATS[0] * x[0], MATS[1], np.diag(x[:2])])
    return np.sum(functools.reduce(operator.matmul, [M, M.T]) ** 2)


def reduce_in_test(x):
    if reduce(max, x) > 0.6:
        return reduce(lambda p, q: p * q + 1.0, map(np.tanh, x))
    return np.sum(x)


def map_lambda_sum_ag(x):
    return anp.sum(x ** 2 * x[0])


def reduce_lambda_init_ag(x):
    acc = x[2]
    for k in range(4):
        acc = acc * 0.5 + x[k] * x[k]
    return acc * 1.5


CASES = [map_lambda_sum, map_function_list, map_two_sequences_loop, map_nested_def, reduce_operator,
         reduce_lambda_init, reduce_matrices, reduce_in_test]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_against_differences_and_jvp(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.3, -0.1, 0.2, 0.4]))


@pytest.mark.parametrize("f, ag", [(map_lambda_sum, map_lambda_sum_ag), (reduce_lambda_init, reduce_lambda_init_ag)],
                         ids=lambda f: f.__name__)
def test_against_autograd(f, ag):
    np.testing.assert_allclose(s2sad.grad(f)(X), autograd.grad(ag)(X), rtol=1e-12)


@pytest.mark.jit
@pytest.mark.parametrize("f", [map_two_sequences_loop, reduce_in_test], ids=lambda f: f.__name__)
def test_jit_equals_python(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)


def test_generated_code_is_a_loop():
    code = [line for line in s2sad.grad(reduce_operator).source.splitlines() if not line.strip().startswith("#")]
    assert not any("reduce(" in line for line in code) and any(line.strip().startswith("for ") for line in code)


def map_kept(x):
    m = map(square, x)        # an iterator, read later: not rewritten
    return sum(m)


def reduce_on_some_paths(x):
    return reduce(operator.mul, x) if x[0] > 0 else 0.0


def lambda_with_default(x):
    return sum(map(lambda v, c=2.0: v * c, x))


@pytest.mark.parametrize("f", [map_kept, reduce_on_some_paths, lambda_with_default], ids=lambda f: f.__name__)
def test_other_forms_stay_refused_located(f):
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(X)
    assert "test_functional.py" in str(info.value)
