"""Linear regression y = 3x + 1 on 100 points: MSE of (w, b), and 3000 steps
of gradient descent with lr = 0.01."""
import numpy as np

from ..compat import anp, jnp, torch
from ..registry import Descent, Workload, register

X_DATA = np.linspace(0.0, 1.0, 100)
Y_DATA = 3.0 * X_DATA + 1.0


# --- the user's code (what s2sad differentiates) -----------------------------
def mse(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def mse_packed(p, x, y):
    return mse(p[0], p[1], x, y)


# --- hand-written adjoint (NumPy; numba.njit of the same code) ---------------
def mse_hand(w, b, x, y):
    r = w * x + b - y
    n = x.shape[0]
    return 2.0 * np.sum(r * x) / n, 2.0 * np.sum(r) / n


def gd_hand(w, b, x, y, lr, steps):
    for _ in range(steps):
        gw, gb = mse_hand(w, b, x, y)
        w = w - lr * gw
        b = b - lr * gb
    return w, b


# --- comparators ---------------------------------------------------------------
def mse_autograd(w, b, x, y):
    r = w * x + b - y
    return anp.mean(r * r)


def mse_torch(w, b, x, y):
    return torch.mean((w * x + b - y) ** 2)


def mse_jax(w, b, x, y):
    return jnp.mean((w * x + b - y) ** 2)


LINREG = register(Workload(
    name="linreg MSE", primal=mse, hand=mse_hand, wrt=(0, 1),
    make_inputs=lambda size: (0.5, -0.2, X_DATA.copy(), Y_DATA.copy()),
    variants={"autograd": mse_autograd, "torch": mse_torch, "jax": mse_jax}))


def _start(size):
    return (0.0, 0.0, X_DATA.copy(), Y_DATA.copy())


_GD = {"base": LINREG, "rule": "sgd", "lr": 0.01, "steps": 3000, "hand_descent": gd_hand,
       "packed": mse_packed, "start": _start}
register(Descent(name="linreg GD", **_GD),
         Descent(name="linreg GD via minimize", via_minimize=True, **_GD))
