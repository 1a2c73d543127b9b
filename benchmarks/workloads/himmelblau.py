"""Himmelblau's function, and 20000 Adam steps (lr 1e-3, PyTorch's default
betas/eps) from (-4, 0), which end at about (-3.779310, -3.283186)."""
import numpy as np

from ..descent import B1, B2, EPS, flush
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
    """PyTorch's Adam, written as a hand-written loop is best written: the bias corrections
    from running products of the betas (flushed to 0 below 1e-20, where ``1 - p`` is exactly 1,
    before they reach the subnormal range, where every multiplication is slow) rather than
    ``B1 ** t`` each step (two powers per step were 60% of this loop compiled with numba),
    and the step size and the root of the second correction once per step, as
    ``torch.optim.Adam`` computes them."""
    mx = my = vx = vy = 0.0
    p1 = p2 = 1.0
    for _ in range(steps):
        gx, gy = himmelblau_hand(x, y)
        p1, p2 = flush(p1 * B1), flush(p2 * B2)
        step = lr / (1.0 - p1)
        root = np.sqrt(1.0 - p2)
        mx = B1 * mx + (1.0 - B1) * gx
        my = B1 * my + (1.0 - B1) * gy
        vx = B2 * vx + (1.0 - B2) * gx * gx
        vy = B2 * vy + (1.0 - B2) * gy * gy
        x = x - step * mx / (np.sqrt(vx) / root + EPS)
        y = y - step * my / (np.sqrt(vy) / root + EPS)
    return x, y


# Plain arithmetic: the same source runs in autograd, PyTorch and JAX.
HIMMELBLAU = register(Workload(name="Himmelblau", primal=himmelblau, hand=himmelblau_hand,
                               make_inputs=lambda size: (-4.0, 0.0), wrt=(0, 1)))
_ADAM = {"base": HIMMELBLAU, "rule": "adam", "lr": 1e-3, "steps": 20000, "hand_descent": adam_hand,
         "packed": himmelblau_packed, "expect": (-3.779310, -3.283186)}
register(Descent(name="Himmelblau Adam", **_ADAM),
         Descent(name="Himmelblau Adam via minimize", via_minimize=True, **_ADAM))
