"""The 2-layer sigmoid network: x = 1, W1 = [[1],[2]], W2 = [[3,4],[5,6]],
target (1, 0), mean squared error; gradient w.r.t. W1 and W2."""
import numpy as np

from ..compat import anp, jax, torch
from ..registry import Workload, register


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def mlp_loss(W1, W2, x, target):
    h = sigmoid(W1 @ x)
    o = sigmoid(W2 @ h)
    d = o - target
    return np.mean(d * d)


def mlp_hand(W1, W2, x, target):
    h = sigmoid(W1 @ x)
    o = sigmoid(W2 @ h)
    dzo = 2.0 * (o - target) / target.shape[0] * o * (1.0 - o)
    dh = W2.T @ dzo
    dz1 = dh * h * (1.0 - h)
    return np.outer(dz1, x), np.outer(dzo, h)


def mlp_autograd(W1, W2, x, target):
    h = 1.0 / (1.0 + anp.exp(-(W1 @ x)))
    o = 1.0 / (1.0 + anp.exp(-(W2 @ h)))
    return anp.mean((o - target) ** 2)


def mlp_torch(W1, W2, x, target):
    o = torch.sigmoid(W2 @ torch.sigmoid(W1 @ x))
    return torch.nn.functional.mse_loss(o, target)


def mlp_jax(W1, W2, x, target):
    o = jax.nn.sigmoid(W2 @ jax.nn.sigmoid(W1 @ x))
    return ((o - target) ** 2).mean()


def make_inputs(size):
    return (np.array([[1.0], [2.0]]), np.array([[3.0, 4.0], [5.0, 6.0]]),
            np.array([1.0]), np.array([1.0, 0.0]))


register(Workload(name="2-layer sigmoid net", primal=mlp_loss, hand=mlp_hand,
                  make_inputs=make_inputs, wrt=(0, 1),
                  variants={"autograd": mlp_autograd, "torch": mlp_torch, "jax": mlp_jax}))
