"""Logistic-regression loss on a 2000x50 design matrix, gradient w.r.t. w."""
import numpy as np

from ..compat import anp, jax, jnp, torch
from ..registry import Workload, register


def logreg_loss(w, X, y):
    z = X @ w
    return np.mean(np.log(1.0 + np.exp(z)) - y * z)


def logreg_hand(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return (X.T @ (p - y) / X.shape[0],)


def logreg_autograd(w, X, y):
    z = X @ w
    return anp.mean(anp.log(1.0 + anp.exp(z)) - y * z)


def logreg_torch(w, X, y):
    return torch.nn.functional.binary_cross_entropy_with_logits(X @ w, y)


def logreg_jax(w, X, y):
    z = X @ w
    return jnp.mean(jax.nn.softplus(z) - y * z)


def make_inputs(shape):
    n, d = shape
    rng = np.random.default_rng(3)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + rng.normal(size=n) > 0).astype(float)
    return (0.1 * rng.normal(size=d), X, y)


register(Workload(
    name="logistic regression", primal=logreg_loss, hand=logreg_hand, make_inputs=make_inputs,
    sizes={"quick": [(200, 10)], "full": [(2000, 50)]},
    variants={"autograd": logreg_autograd, "torch": logreg_torch, "jax": logreg_jax}))
