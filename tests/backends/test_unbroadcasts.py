"""``b = unbroadcast(g, x)`` under jit=True (s2sad/backends/unbroadcasts.py): a test of the shapes,
``b = g`` when equal, the call otherwise. Checked against finite differences and the pure-Python
adjoint, with the shapes equal (GMM's ``sq = sq + z * z``) and with the same ranks broadcast at
run time (the call's sum)."""
import re

import numpy as np
import pytest

from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(29)
Q, X = R.normal(size=(4, 3)), R.normal(size=3)


def grown(q, a, x):
    """``acc`` has ``a``'s shape, the terms ``q``'s rows: equal only at run time."""
    s = 0.0
    for r in range(x.shape[0]):
        acc = np.zeros(a.shape[0])
        for c in range(r + 1):
            t = q[:, c] * x[c]
            acc = acc + t * t
        s = s + np.sum(np.sin(a + acc))
    return s


def test_an_unbroadcast_of_equal_shapes_binds_the_gradient():
    text = build(grown, ["q", "a", "x"], stop_after="jit", param_kinds={"q": 2, "a": 1, "x": 1})
    assert re.search(r"if (b_\w+)\.shape == acc\.shape:\n +b_acc = \1\n +else:\n +b_acc = unbroadcast\(\1, acc\)",
                     text)
    _same_as_python(grown, Q, R.normal(size=4), X, wrt=(0, 1, 2))      # equal shapes


def test_an_unbroadcast_of_other_shapes_sums():
    _same_as_python(grown, Q, R.normal(size=1), X, wrt=(0, 1, 2))      # acc of shape (1,) + rows of 4
