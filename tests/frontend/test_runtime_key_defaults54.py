"""``acc[w] = acc.get(w, 0.0) + X[i]`` of a dict with keys known only at run time whose values are
arrays (frontend/runtime_keys.py splits the statement on ``w in acc``, each branch its own sum).

On main (054009e) ``jit=True`` gave a JitError ("variable `t1` holds a float64 in one place and an
array(float64, 1d, C) in another"): the default was held in a name later given the entry's array.
grad and jvp were right; they are checked here too."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.2, 0.5])
V = np.array([0.7, 0.4, -1.2])
WORDS = ["a", "b", "a", "c", "a"]


def bag_of_rows(x, words):
    rows = np.stack([x, 2.0 * x, x ** 2, np.sin(x), x * x[0]])
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + rows[i]
    return np.sum(acc["a"] * acc["b"]) + sum(np.sum(v ** 2) for v in acc.values())


def default_on_the_right(x, words):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = x * float(i + 1) - acc.get(w, 1)
    return sum(np.sum(np.cos(v)) for v in acc.values())


def into_a_name(x, words):
    acc = {}
    for i, w in enumerate(words):
        t = acc.get(w, 0.0) * x[i % 3] + x
        acc[w] = t
    return np.sum(acc["a"] ** 2)


@pytest.mark.parametrize("f", [bag_of_rows, default_on_the_right, into_a_name])
def test_array_values_with_a_number_default(f):
    check_grad(f, X.copy(), WORDS)
    check_jvp(f, X.copy(), WORDS, tangent=V)


def small_bag(x):
    rows = np.stack([x, 2.0 * x, x ** 2])
    words = ["a", "b", "a"]
    acc = {}
    for i in range(3):
        w = words[i]
        acc[w] = acc.get(w, 0.0) + rows[i]
    return np.sum(acc["a"] * acc["b"])


def test_array_values_with_a_number_default_jit():      # (small: a list of words compiles slowly)
    check_grad(small_bag, X.copy(), jit=True)
