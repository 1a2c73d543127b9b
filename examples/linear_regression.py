"""Linear regression by gradient descent, with s2sad computing the gradients.

Seed tutorial 001 (PyTorch): fit y = w*x + b to 100 points of y = 3x + 1, w and
b start random, MSE loss, then 3000 times: zero the grads, backward,
w -= lr * w.grad (lr = 0.01). With s2sad there is no graph to record and no
.grad to zero: the gradient is an ordinary function returning fresh values.
Run:  python examples/linear_regression.py      (writes examples/out/linear_regression.png)
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

# The data: 100 points of y = 3x + 1 plus a little noise (fixed seed: same numbers every run).
_rng = np.random.default_rng(0)
X = _rng.random(100)                                 # in [0, 1), like torch.rand([100])
Y = 3 * X + 1 + 0.05 * _rng.standard_normal(100)
W0, B0 = _rng.random(2)                              # random start, like torch.rand(1)


def mse(w, b, x, y):
    """Mean squared error of the model y_predict = w*x + b."""
    y_predict = w * x + b
    return np.mean((y_predict - y) ** 2)


def loss_of_params(p, x, y):
    """The same loss with w and b packed in one vector p = [w, b], for s2sad.minimize."""
    return mse(p[0], p[1], x, y)


def fit(x, y, w, b, lr=0.01, steps=3000):
    """Plain gradient descent; returns the fitted (w, b) and the loss history."""
    loss_and_grad = s2sad.value_and_grad(mse, wrt=(0, 1))  # d/dw and d/db
    losses = []
    for _ in range(steps):
        loss, (dw, db) = loss_and_grad(w, b, x, y)
        w -= lr * dw
        b -= lr * db
        losses.append(float(loss))
    return float(w), float(b), losses


def plot(x, y, w, b, losses, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.scatter(x, y, s=12, alpha=0.6, label="data: y = 3x + 1 + noise")
    xs = np.linspace(0, 1, 2)
    ax1.plot(xs, w * xs + b, "r-", lw=2, label=f"fit: y = {w:.3f}x + {b:.3f}")
    ax1.set(xlabel="x", ylabel="y", title="Data and fitted line")
    ax1.legend()
    ax2.semilogy(losses)
    ax2.set(xlabel="step", ylabel="MSE loss (log scale)", title="Training loss, lr = 0.01")
    fig.suptitle("Linear regression with s2sad gradients")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(fast=False):
    # fast is accepted for the test-suite but ignored: 3000 steps take about a second.
    x, y = X, Y
    print(f"start:  w = {W0:.4f}, b = {B0:.4f}, loss = {mse(W0, B0, x, y):.4f}")

    # The tutorial's loop, written out.
    w, b, losses = fit(x, y, W0, B0, lr=0.01, steps=3000)
    print(f"after {len(losses)} steps: w = {w:.4f}, b = {b:.4f}, loss = {losses[-1]:.5f}")
    result = {"w": w, "b": b, "losses": losses}

    # The same descent in one call (compiled with numba), where this s2sad has it.
    if hasattr(s2sad, "minimize"):
        res = s2sad.minimize(loss_of_params, np.array([W0, B0]), args=(x, y),
                             method="sgd", lr=0.01, steps=3000)
        w_min, b_min = (float(v) for v in res.x)
        print(f"s2sad.minimize:        w = {w_min:.4f}, b = {b_min:.4f}")
        result.update(w_minimize=w_min, b_minimize=b_min, losses_minimize=list(res.losses))

    # Least squares gives the best w, b directly; gradient descent is closing in on it.
    w_ls, b_ls = np.polyfit(x, y, 1)
    print(f"least-squares optimum:  w = {w_ls:.4f}, b = {b_ls:.4f}")

    os.makedirs(OUT, exist_ok=True)
    png = os.path.join(OUT, "linear_regression.png")
    plot(x, y, w, b, losses, png)
    print("saved", png)
    result.update(w_lstsq=float(w_ls), b_lstsq=float(b_ls), png=png)
    return result


if __name__ == "__main__":
    main()
