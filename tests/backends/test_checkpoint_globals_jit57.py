"""``checkpoint=K`` under jit with a global dict or ``types.SimpleNamespace`` read in the
checkpointed loop (jit57): the loop's steps took the dict or object whole as a parameter, which
numba cannot take (a JitError, 'pyobject'). Their items are read as the bound names the adjoint
reads them as, each read afresh at every call."""
import types

import numpy as np

import s2sad
from s2sad.testing import numeric_grad

CFG = {"a": 2.0, "n": 4}
NS = types.SimpleNamespace(w=np.array([1.0, 0.5, -0.3, 2.0, 1.5]), n=3)
X = np.linspace(0.1, 0.9, 5)


def dict_loop(x):
    s = x
    for i in range(CFG["n"]):
        s = np.sin(s) * CFG["a"]
    return np.sum(s)


def namespace_loop(x):
    s = x
    for i in range(NS.n):
        s = np.sin(s) * NS.w
    return np.sum(s)


def test_dict_read_in_a_checkpointed_loop():
    want = s2sad.grad(dict_loop)(X)
    g = s2sad.grad(dict_loop, checkpoint=2, jit=True)
    np.testing.assert_allclose(g(X), want, rtol=1e-12)
    np.testing.assert_allclose(g(X), numeric_grad(dict_loop, (X,), 0), rtol=1e-5, atol=1e-6)
    CFG["a"] = 1.5                      # read afresh at the next call
    try:
        np.testing.assert_allclose(g(X), s2sad.grad(dict_loop)(X), rtol=1e-12)
    finally:
        CFG["a"] = 2.0


def test_namespace_read_in_a_checkpointed_loop():
    want = s2sad.grad(namespace_loop)(X)
    got = s2sad.grad(namespace_loop, checkpoint=2, jit=True)(X)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_allclose(got, numeric_grad(namespace_loop, (X,), 0), rtol=1e-5, atol=1e-6)
