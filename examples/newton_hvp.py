"""Newton's method with Hessian-vector products, against plain gradient descent.

The problem: L2-regularized logistic regression on badly scaled features (their
scales span an order of magnitude, as raw measurements often do), the case where
gradient descent crawls along the narrow valleys of the loss.

Newton-CG never forms the Hessian: each Newton step solves H p = -g by conjugate
gradients, and each CG iteration needs one product H v, which ``s2sad.hvp(loss)``
computes by differentiating the adjoint s2sad generated for ``loss`` (forward over
reverse, about the cost of two gradients). The same products drive SciPy's
trust-region Newton-CG (``scipy.optimize.minimize(method="trust-ncg", hessp=...)``).
Gradient descent uses the safe step 1/L from the Lipschitz constant of the gradient.
Run:  python examples/newton_hvp.py   (writes examples/out/newton_hvp.png)
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
TOL = 1e-8          # stop when the gradient's norm is below this


def loss(w, X, y, lam):
    """Mean logistic loss of the labels y (+1/-1) plus lam/2 |w|^2."""
    margins = y * (X @ w)
    return np.mean(np.logaddexp(0.0, -margins)) + 0.5 * lam * np.sum(w * w)


def make_data(n, d, spread, seed=0):
    rng = np.random.default_rng(seed)
    scales = np.logspace(0, spread, d)            # features from O(1) to O(10 ** spread)
    X = rng.normal(size=(n, d)) * scales
    w_true = rng.normal(size=d) / scales
    y = np.where(X @ w_true + 0.5 * rng.normal(size=n) > 0, 1.0, -1.0)
    return X, y


def gradient_descent(grad, w, args, lipschitz, max_iter):
    norms = []
    for _ in range(max_iter):
        g = grad(w, *args)
        norms.append(float(np.linalg.norm(g)))
        if norms[-1] < TOL:
            break
        w = w - g / lipschitz
    return w, norms


def conjugate_gradients(hv, g, tol, max_iter):
    """Solve H p = -g for p with products hv(v) = H v only."""
    p, r = np.zeros_like(g), -g
    d, rr = r.copy(), float(r @ r)
    for k in range(max_iter):
        hd = hv(d)
        alpha = rr / float(d @ hd)
        p, r = p + alpha * d, r - alpha * hd
        rr_new = float(r @ r)
        if np.sqrt(rr_new) < tol:
            return p, k + 1
        d, rr = r + (rr_new / rr) * d, rr_new
    return p, max_iter


def newton_cg(f, hvp, w, args, max_iter=50):
    """Newton's method, steps from CG on H p = -g, Armijo backtracking."""
    norms, products = [], 0
    for _ in range(max_iter):
        value, g, _ = hvp.grad_and_hvp(w, *args, np.zeros_like(w))
        norms.append(float(np.linalg.norm(g)))
        if norms[-1] < TOL:
            break
        tol = min(0.5, np.sqrt(norms[-1])) * norms[-1]
        p, k = conjugate_gradients(lambda v: hvp(w, *args, v), g, tol, 10 * len(w))
        products += k
        step = 1.0
        while f(w + step * p, *args) > value + 1e-4 * step * float(g @ p) and step > 1e-10:
            step *= 0.5
        w = w + step * p
    return w, norms, products


def plot(histories, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for label, norms in histories.items():
        ax.semilogy(np.arange(len(norms)), norms, label=f"{label} ({len(norms) - 1} iterations)")
    ax.axhline(TOL, color="gray", lw=0.8, ls=":")
    ax.set_xlim(0, 1.5 * max(len(n) for n in histories.values()))
    ax.set(xlabel="iteration", ylabel="|gradient|", xscale="symlog",
           title="Logistic regression: Newton-CG with s2sad.hvp vs gradient descent")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(fast=False):
    n, d, spread, lam = (200, 8, 0.5, 1e-2) if fast else (1000, 20, 1.0, 1e-2)
    X, y = make_data(n, d, spread)
    args = (X, y, lam)
    jit = not fast                                  # fast: skip numba's compile time
    grad = s2sad.grad(loss, jit=jit)
    hvp = s2sad.hvp(loss, jit=jit)
    w0 = np.zeros(d)

    lipschitz = np.linalg.eigvalsh(X.T @ X / n).max() / 4 + lam
    w_gd, gd = gradient_descent(grad, w0, args, lipschitz, 5000 if fast else 50000)
    w_newton, newton, products = newton_cg(loss, hvp, w0, args)

    from scipy.optimize import minimize
    calls = {"hessp": 0}

    def hessp(w, v, *data):
        calls["hessp"] += 1
        return hvp(w, *data, v)
    tr = minimize(loss, w0, args=args, method="trust-ncg", jac=lambda w, *a: grad(w, *a), hessp=hessp,
                  options={"gtol": TOL})

    print(f"logistic regression, {n} samples, {d} features scaled 1..{10 ** spread:.3g}, lam = {lam}")
    print(f"gradient descent (step 1/L): {len(gd) - 1:6d} iterations, |g| = {gd[-1]:.2e}")
    print(f"Newton-CG with s2sad.hvp:    {len(newton) - 1:6d} iterations ({products} Hessian-vector "
          f"products), |g| = {newton[-1]:.2e}")
    print(f"SciPy trust-ncg, s2sad hessp:{tr.nit:6d} iterations ({calls['hessp']} products), "
          f"|g| = {np.linalg.norm(tr.jac):.2e}")
    print(f"loss: GD {loss(w_gd, *args):.10f}  Newton {loss(w_newton, *args):.10f}  "
          f"trust-ncg {tr.fun:.10f}")

    os.makedirs(OUT, exist_ok=True)
    png = os.path.join(OUT, "newton_hvp.png")
    plot({"gradient descent": gd, "Newton-CG (s2sad.hvp)": newton}, png)
    print("saved", png)
    return {"gd_norms": gd, "newton_norms": newton, "hv_products": products, "w_gd": w_gd,
            "w_newton": w_newton, "trust_ncg": tr, "hessp_calls": calls["hessp"], "png": png,
            "loss": lambda w: loss(w, *args)}


if __name__ == "__main__":
    main()
