"""The control-flow example of MXNet's autograd tutorial: a while loop whose
trip count depends on the data, then a data-dependent branch."""
import numpy as np

from ..compat import anp, torch
from ..registry import UNSUPPORTED, Workload, register


def mxnet_cf(a):
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    c = b if np.sum(b) > 0 else 100 * b
    return np.sum(c)


def mxnet_cf_hand(a):
    b = a * 2.0
    scale = 2.0
    while np.linalg.norm(b) < 1000:
        b = b * 2.0
        scale = scale * 2.0
    if not np.sum(b) > 0:
        scale = scale * 100.0
    return (np.ones_like(a) * scale,)


def mxnet_cf_autograd(a):
    b = a * 2
    while anp.linalg.norm(b) < 1000:
        b = b * 2
    c = b if anp.sum(b) > 0 else 100 * b
    return anp.sum(c)


def mxnet_cf_torch(a):
    b = a * 2
    while torch.linalg.norm(b) < 1000:
        b = b * 2
    c = b if torch.sum(b) > 0 else 100 * b
    return torch.sum(c)


def make_inputs(n):
    return (np.random.default_rng(1).normal(size=n),)


register(Workload(
    name="MXNet control flow", primal=mxnet_cf, hand=mxnet_cf_hand, make_inputs=make_inputs,
    sizes={"quick": [4], "full": [1000]},
    variants={"autograd": mxnet_cf_autograd, "torch": mxnet_cf_torch, "jax": UNSUPPORTED},
    notes={"jax": "lax.while_loop is not reverse-differentiable (data-dependent trip count)"}))
