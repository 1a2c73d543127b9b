"""Scalar recurrence h = tanh(w*h + x[i]) as a Python for loop; gradient of
the final h w.r.t. w and the whole sequence x."""
import numpy as np

from ..compat import anp, jnp, lax, torch
from ..registry import Workload, register


def recurrence(w, x):
    h = 0.0
    for i in range(x.shape[0]):
        h = np.tanh(w * h + x[i])
    return h


def recurrence_hand(w, x):
    n = x.shape[0]
    hs = np.zeros(n + 1)
    for i in range(n):
        hs[i + 1] = np.tanh(w * hs[i] + x[i])
    dx = np.zeros(n)
    dw = 0.0
    dh = 1.0
    for i in range(n - 1, -1, -1):
        dz = dh * (1.0 - hs[i + 1] * hs[i + 1])
        dx[i] = dz
        dw += dz * hs[i]
        dh = dz * w
    return dw, dx


def recurrence_autograd(w, x):
    h = 0.0
    for i in range(x.shape[0]):
        h = anp.tanh(w * h + x[i])
    return h


def recurrence_torch(w, x):
    h = torch.zeros((), dtype=x.dtype)
    for i in range(x.shape[0]):
        h = torch.tanh(w * h + x[i])
    return h


def recurrence_jax(w, x):
    def step(h, xi):
        return jnp.tanh(w * h + xi), None
    h, _ = lax.scan(step, jnp.zeros((), x.dtype), x)
    return h


def make_inputs(n):
    return (0.8, 0.5 * np.random.default_rng(2).normal(size=n))


register(Workload(
    name="tanh recurrence", primal=recurrence, hand=recurrence_hand, make_inputs=make_inputs,
    wrt=(0, 1), sizes={"quick": [50], "full": [1000]},
    variants={"autograd": recurrence_autograd, "torch": recurrence_torch, "jax": recurrence_jax}))
