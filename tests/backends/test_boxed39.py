"""The fast call path's drivers return their arrays as ``boxing.Boxed`` (boxed without numba's
per-call unpickle of the array type): the same gradients as the checking path, fresh, writable,
shaped like their arguments, and no NRT memory kept."""
import numpy as np
import pytest
from numba.core.runtime import _nrt_python

import s2sad
from s2sad.backends.boxing import Boxed


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def net(W1, W2, x, target):          # a user helper: a live driver (its guard checked)
    o = sigmoid(W2 @ sigmoid(W1 @ x))
    return np.mean((o - target) ** 2)


def plain_net(W1, W2, x, target):    # library code only: a static guard
    o = np.tanh(W2 @ np.tanh(W1 @ x))
    return np.mean((o - target) ** 2)


def inputs():
    rng = np.random.default_rng(3)
    return rng.normal(size=(3, 2)), rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=2)


def _learned(g, args, calls=3):
    for _ in range(calls):
        out = g(*args)
    assert g.fast_signatures, "the driver was not learned"
    (cres,) = g._learned.values()
    return out, cres.signature.return_type


def _returned_arrays(ty):
    if isinstance(ty, Boxed):
        return [ty]
    return [t for item in getattr(ty, "types", ()) for t in _returned_arrays(item)]


@pytest.mark.parametrize("f, live", [(net, True), (plain_net, False)])
def test_fast_path_returns_boxed_fresh_arrays(f, live):
    args = inputs()
    g = s2sad.grad(f, wrt=(0, 1), jit=True)
    (g1, g2), rtype = _learned(g, args)
    assert g._built_now().checked_live is live
    assert len(_returned_arrays(rtype)) == 2, rtype      # both gradients through boxing.Boxed
    want = s2sad.grad(f, wrt=(0, 1))(*args)
    for got, ref, arg in zip((g1, g2), want, args):
        assert type(got) is np.ndarray and got.dtype == np.float64 and got.shape == arg.shape
        assert got.flags.writeable and got.flags.c_contiguous
        assert not any(np.shares_memory(got, a) for a in args)
        np.testing.assert_allclose(got, ref, rtol=1e-12)
    g1[...] = 0.0                                  # the caller's to modify: the next call is unaffected
    np.testing.assert_allclose(g(*args)[0], want[0], rtol=1e-12)


def test_value_and_grad_and_vjp_fast_paths():
    args = inputs()
    vg = s2sad.value_and_grad(net, wrt=1, jit=True)
    (value, grad), rtype = _learned(vg, args)
    assert len(_returned_arrays(rtype)) == 1
    assert isinstance(value, float) and value == pytest.approx(net(*args), rel=1e-12)
    np.testing.assert_allclose(grad, s2sad.grad(net, wrt=1)(*args), rtol=1e-12)


def test_fast_path_keeps_no_memory():
    args = inputs()
    g = s2sad.grad(net, wrt=(0, 1), jit=True)
    _learned(g, args)
    enabled = _nrt_python.memsys_stats_enabled()
    _nrt_python.memsys_enable_stats()
    try:
        before = _nrt_python.memsys_get_stats_mi_alloc() - _nrt_python.memsys_get_stats_mi_free()
        for _ in range(200):
            g1, g2 = g(*args)
        del g1, g2
        after = _nrt_python.memsys_get_stats_mi_alloc() - _nrt_python.memsys_get_stats_mi_free()
    finally:
        if not enabled:
            _nrt_python.memsys_disable_stats()
    assert after == before
