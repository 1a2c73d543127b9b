"""Under jit, ``sorted`` of a dict's string keys (run-time keys: word counts, then a loop over the
words in order) was a JitError: numba's ``seq_sorted`` covered numbers only. A list or tuple of
strings is now sorted by numba's own ``sorted``, which orders them as CPython does (by code
point: upper case before lower case, non-ASCII last), so the gradient weighs each key by the
same rank as jit=False."""
import numpy as np

import s2sad
from s2sad.testing import numeric_grad

WORDS = ("b", "A", "ä", "a", "b", "ab")


def ranked(x, words=WORDS):
    acc = {}
    for i, w in enumerate(words):
        acc[w] = acc.get(w, 0.0) + x[i] * (i + 1)
    s = 0.0
    for j, k in enumerate(sorted(acc)):
        s = s + (j + 1) * acc[k] ** 2
    return s


X = np.array([0.2, 0.5, -0.3, 0.7, 0.1, -0.4])


def test_sorted_string_keys_compile_and_keep_pythons_order():
    want = numeric_grad(ranked, (X,), 0)
    np.testing.assert_allclose(s2sad.grad(ranked, jit=True)(X), want, rtol=1e-6)
    np.testing.assert_allclose(s2sad.grad(ranked)(X), want, rtol=1e-6)
