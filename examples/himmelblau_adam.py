"""Minimising the Himmelblau function with Adam, gradients by s2sad.

Seed tutorial 003 (PyTorch): f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2 has four
minima with f = 0: (3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186) and
(3.584428, -1.848126). torch.optim.Adam(lr=1e-3) for 20000 steps from (-4, 0)
lands on (-3.779310, -3.283186). Here Adam is ten lines of NumPy (PyTorch's
formula, with bias correction) and s2sad supplies the gradient.
Run:  python examples/himmelblau_adam.py       (writes examples/out/himmelblau.png)
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
MINIMA = np.array([[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]])
STARTS = np.array([[1.0, 0.0], [-2.0, 2.0], [-4.0, 0.0], [4.0, 0.0]])  # one per minimum


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


def adam(f, x0, lr=1e-3, steps=20000, betas=(0.9, 0.999), eps=1e-8):
    """torch.optim.Adam's update rule; returns the final point and the path taken."""
    loss_and_grad = s2sad.value_and_grad(f)
    b1, b2 = betas
    x = np.array(x0, dtype=float)
    m, v = np.zeros_like(x), np.zeros_like(x)      # running mean of g and of g^2
    path = [x]
    for t in range(1, steps + 1):
        _, g = loss_and_grad(x)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)   # bias correction
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(x)
    return x, np.array(path)


def plot(paths, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = np.linspace(-6, 6, 300)
    X, Y = np.meshgrid(xs, xs)
    Z = himmelblau(np.array([X, Y]))
    fig, ax = plt.subplots(figsize=(7, 6.5))
    cs = ax.contour(X, Y, np.log10(Z + 1e-12), levels=np.arange(-1, 3.6, 0.25), cmap="viridis",
                    linewidths=0.8)                 # log scale: the valleys are very flat
    fig.colorbar(cs, ax=ax, label="log10 f(x, y)")
    for start, trail in zip(STARTS, paths):
        ax.plot(trail[:, 0], trail[:, 1], lw=2, label=f"Adam from ({start[0]:g}, {start[1]:g})")
        ax.plot(*start, "ko", ms=5)
    ax.plot(MINIMA[:, 0], MINIMA[:, 1], "*", color="gold", mec="k", ms=15, label="the four minima")
    ax.set(xlabel="x", ylabel="y", title="Himmelblau function: Adam (lr = 1e-3) descent paths")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(fast=False):
    # The tutorial's run: 20000 steps from (-4, 0). It is cheap, so it runs in full even if fast.
    if hasattr(s2sad, "minimize"):              # the library's Adam, compiled with numba
        res = s2sad.minimize(himmelblau, np.array([-4.0, 0.0]), method="adam", lr=1e-3, steps=20000)
        x_final = np.asarray(res.x)
    else:                                       # the hand-written Adam above
        x_final, _ = adam(himmelblau, [-4.0, 0.0])
    print(f"20000 Adam steps from (-4, 0): x = [{x_final[0]:.6f}, {x_final[1]:.6f}], "
          f"f(x) = {himmelblau(x_final):.3g}")

    # Four starting points, one per minimum (6000 steps suffice to get within 1e-6).
    steps = 6000 if fast else 20000
    finals, paths = [], []
    for start in STARTS:
        x, trail = adam(himmelblau, start, steps=steps)
        finals.append(x)
        paths.append(trail)
        print(f"from ({start[0]:g}, {start[1]:g}) -> [{x[0]:.6f}, {x[1]:.6f}], f = {himmelblau(x):.3g}")

    os.makedirs(OUT, exist_ok=True)
    png = os.path.join(OUT, "himmelblau.png")
    plot(paths, png)
    print("saved", png)
    return {"x_final": x_final, "finals": np.array(finals), "starts": STARTS,
            "minima": MINIMA, "png": png}


if __name__ == "__main__":
    main()
