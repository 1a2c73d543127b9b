"""Backprop through a small sigmoid network, and why deep sigmoid stacks learn slowly.

Seed tutorial 002 (PyTorch): x = 1, W1 = [[1], [2]] (Linear 1->2, no bias),
sigmoid, W2 = [[3, 4], [5, 6]] (Linear 2->2, no bias), sigmoid, MSE against the
target (1, 0): loss = 0.4999. Then backward, one SGD step with lr = 1.
The second half shows vanishing gradients: sigmoid'(z) = s(1 - s) <= 1/4, so
every sigmoid layer shrinks the gradient flowing back through it.
Run:  python examples/sigmoid_network.py       (writes examples/out/vanishing_gradients.png)
"""
import os
import sys

import numpy as np

try:
    import s2sad
except ModuleNotFoundError:  # not installed: use the checkout this file lives in
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import s2sad

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def loss_fn(W1, W2, x, target):
    h = sigmoid(W1 @ x)      # Linear(1 -> 2, bias=False), then sigmoid
    out = sigmoid(W2 @ h)    # Linear(2 -> 2, bias=False), then sigmoid
    return np.mean((out - target) ** 2)


def backprop_by_hand(W1, W2, x, target):
    """The tutorial's derivation, written out: note d_z2 is reused for dW1."""
    h = sigmoid(W1 @ x)
    out = sigmoid(W2 @ h)
    d_z2 = (out - target) * out * (1 - out)     # dL/dz2  (2/n with n = 2 is 1)
    d_z1 = (W2.T @ d_z2) * h * (1 - h)          # dL/dz1, reusing d_z2
    return np.outer(d_z1, x), np.outer(d_z2, h)


def deep_net(Ws, x, target):
    """A stack of sigmoid layers, a <- sigmoid(W_k a), with an MSE loss on top."""
    a = x
    for k in range(Ws.shape[0]):
        a = sigmoid(Ws[k] @ a)
    return np.mean((a - target) ** 2)


def plot_vanishing(norms, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    layers = np.arange(1, len(norms) + 1)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.semilogy(layers, norms, "o-", label="s2sad: ||dL/dW_k||")
    ax.semilogy(layers, norms[-1] * 0.25 ** (len(norms) - layers), "k--",
                label="shrinking by 1/4 per layer (max of sigmoid')")
    ax.set(xlabel="layer k (1 = next to the input)", ylabel="gradient norm (log scale)",
           title=f"Vanishing gradients in a {len(norms)}-layer sigmoid network")
    ax.set_xticks(layers)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(fast=False):
    # fast is accepted for the test-suite but ignored: everything here is small.
    x = np.array([1.0])
    W1 = np.array([[1.0], [2.0]])
    W2 = np.array([[3.0, 4.0], [5.0, 6.0]])
    target = np.array([1.0, 0.0])

    # Forward + backward in one call; the gradients come back as new arrays.
    loss, (dW1, dW2) = s2sad.value_and_grad(loss_fn, wrt=(0, 1))(W1, W2, x, target)
    print(f"loss = {float(loss):.8f}")
    print("dL/dW1 =\n", dW1, "\ndL/dW2 =\n", dW2)
    hand1, hand2 = backprop_by_hand(W1, W2, x, target)
    print("matches the hand derivation:", np.allclose(dW1, hand1) and np.allclose(dW2, hand2))

    # One SGD step with lr = 1 (optimiser.step()); the gradients are tiny, so is the change.
    W1_new, W2_new = W1 - 1.0 * dW1, W2 - 1.0 * dW2
    loss_new = float(loss_fn(W1_new, W2_new, x, target))
    print("after one SGD step (lr = 1): W1 =\n", W1_new, "\nW2 =\n", W2_new)
    print(f"loss after the step = {loss_new:.8f}")

    # Vanishing gradients: 10 random 4x4 sigmoid layers.
    n_layers, width = 10, 4
    Ws = np.random.default_rng(0).standard_normal((n_layers, width, width))
    dWs = s2sad.grad(deep_net)(Ws, np.ones(width), np.ones(width))
    norms = np.array([np.linalg.norm(dWs[k]) for k in range(n_layers)])
    print("gradient norm per layer (input side first):\n", norms)
    print(f"last layer / first layer = {norms[-1] / norms[0]:.3g}")

    os.makedirs(OUT, exist_ok=True)
    png = os.path.join(OUT, "vanishing_gradients.png")
    plot_vanishing(norms, png)
    print("saved", png)
    return {"loss": float(loss), "dW1": dW1, "dW2": dW2, "W1_new": W1_new, "W2_new": W2_new,
            "loss_after_step": loss_new, "layer_grad_norms": norms, "png": png}


if __name__ == "__main__":
    main()
