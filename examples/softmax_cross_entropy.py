"""Gradients of common functions: activations, softmax and cross entropy.

Seed tutorial 003: sigmoid' = s(1 - s), tanh' = 1 - tanh^2, ReLU' = [x > 0],
softmax dp_i/da_j = p_i (delta_ij - p_j) (positive on the diagonal, negative
off it), and softmax followed by cross entropy, whose gradient with respect to
the logits is simply p - y. Here the functions are written by hand with NumPy
and s2sad derives every one of those formulas.
Run:  python examples/softmax_cross_entropy.py  (writes examples/out/activations.png)
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


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def tanh(x):
    return np.tanh(x)


def relu(x):
    return np.maximum(x, 0.0)


def softmax(a):
    e = np.exp(a - np.max(a))   # shifting by max(a) avoids overflow, p is unchanged
    return e / np.sum(e)


def cross_entropy(a, y):
    """Cross entropy of the softmax of the logits a against the one-hot label y."""
    p = softmax(a)
    return -np.sum(y * np.log(p))


def plot_activations(xs, curves, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    for ax, (name, (f, df)) in zip(axes, curves.items()):
        ax.plot(xs, f, label=name)
        ax.plot(xs, df, "--", label=f"{name}' from s2sad")
        ax.set(xlabel="x", ylabel="value", title=name)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("Activation functions and their derivatives")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(fast=False):
    # fast is accepted for the test-suite but ignored: everything here is small.
    # 1. Elementwise activations: the vjp with a head of ones gives f'(x) at every point.
    xs = np.linspace(-5, 5, 200)        # even count: avoids x = 0, where ReLU has a kink
    ones = np.ones_like(xs)
    s, t = sigmoid(xs), np.tanh(xs)
    expected = {"sigmoid": s * (1 - s), "tanh": 1 - t ** 2, "relu": (xs > 0).astype(float)}
    curves, errors = {}, {}
    for name, f in [("sigmoid", sigmoid), ("tanh", tanh), ("relu", relu)]:
        d = s2sad.vjp(f)(xs, ones)
        curves[name] = (f(xs), d)
        errors[name] = float(np.max(np.abs(d - expected[name])))
        print(f"{name:8s} max |s2sad - formula| = {errors[name]:.2e}")

    # 2. The softmax Jacobian, one row per vjp: row i = vjp(softmax)(a, e_i).
    a = np.array([2.0, 1.0, 0.1])
    p = softmax(a)
    jac = np.array([s2sad.vjp(softmax)(a, e) for e in np.eye(3)])
    print("softmax p =", p)
    print("Jacobian from s2sad:\n", jac)
    print("p_i (delta_ij - p_j) :\n", np.diag(p) - np.outer(p, p))

    # 3. Cross entropy after softmax: the gradient wrt the logits is p - y.
    y = np.array([1.0, 0.0, 0.0])
    g = s2sad.grad(cross_entropy)(a, y)
    print("loss        =", float(cross_entropy(a, y)))
    print("s2sad grad  =", g)
    print("p - y       =", p - y)
    assert np.allclose(g, p - y), "gradient of cross entropy should be p - y"

    os.makedirs(OUT, exist_ok=True)
    png = os.path.join(OUT, "activations.png")
    plot_activations(xs, curves, png)
    print("saved", png)
    return {"p": p, "grad": g, "p_minus_y": p - y, "softmax_jacobian": jac,
            "activation_errors": errors, "png": png}


if __name__ == "__main__":
    main()
