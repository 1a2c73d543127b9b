"""Himmelblau's function, and 20000 Adam steps (lr 1e-3, PyTorch's default
betas/eps) from (-4, 0), which end at about (-3.779310, -3.283186)."""
import numpy as np

from ..descent import B1, B2, EPS
from ..registry import Descent, Workload, register


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def himmelblau_packed(p):
    return himmelblau(p[0], p[1])


def himmelblau_hand(x, y):
    a = x * x + y - 11.0
    b = x + y * y - 7.0
    return 4.0 * a * x + 2.0 * b, 2.0 * a + 4.0 * b * y


def adam_hand(x, y, lr, steps):
    mx = my = vx = vy = 0.0
    for t in range(1, steps + 1):
        gx, gy = himmelblau_hand(x, y)
        mx = B1 * mx + (1.0 - B1) * gx
        my = B1 * my + (1.0 - B1) * gy
        vx = B2 * vx + (1.0 - B2) * gx * gx
        vy = B2 * vy + (1.0 - B2) * gy * gy
        c1 = 1.0 - B1 ** t
        c2 = 1.0 - B2 ** t
        x = x - lr * (mx / c1) / (np.sqrt(vx / c2) + EPS)
        y = y - lr * (my / c1) / (np.sqrt(vy / c2) + EPS)
    return x, y


# Plain arithmetic: the same source runs in autograd, PyTorch and JAX.
HIMMELBLAU = register(Workload(name="Himmelblau", primal=himmelblau, hand=himmelblau_hand,
                               make_inputs=lambda size: (-4.0, 0.0), wrt=(0, 1)))
_ADAM = {"base": HIMMELBLAU, "rule": "adam", "lr": 1e-3, "steps": 20000, "hand_descent": adam_hand,
         "packed": himmelblau_packed, "expect": (-3.779310, -3.283186)}
register(Descent(name="Himmelblau Adam", **_ADAM),
         Descent(name="Himmelblau Adam via minimize", via_minimize=True, **_ADAM))
