"""GradBench's `ode`: RK4 integration of y' = f(x, y) from y = 0 over [0, 2], where
f(x, y) = (x_0, x_1 y_0, ..., x_{n-1} y_{n-2}) is written with ``np.concatenate`` (issue
11's acceptance case); gradient of the last state's last component w.r.t. ``x``. The step
count is a plain integer argument."""
import numpy as np

from ..compat import anp, jnp, lax, torch
from ..registry import Workload, register


def ode_rhs(x, y):
    return np.concatenate((x[:1], x[1:] * y[:-1]))


def ode(x, steps):
    h = 2.0 / steps
    y = np.zeros(x.shape[0])
    for _ in range(steps):
        k1 = ode_rhs(x, y)
        k2 = ode_rhs(x, y + h / 2.0 * k1)
        k3 = ode_rhs(x, y + h / 2.0 * k2)
        k4 = ode_rhs(x, y + h * k3)
        y = y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    return y[-1]


def _rhs_into(x, y, out):
    out[0] = x[0]
    for i in range(1, x.shape[0]):
        out[i] = x[i] * y[i - 1]


def _rhs_back(x, y, g, gx, gy):
    """Adjoint of ``_rhs_into``: add the gradients of ``x`` and ``y`` for the output's ``g``."""
    gx[0] += g[0]
    for i in range(1, x.shape[0]):
        gx[i] += g[i] * y[i - 1]
        gy[i - 1] += g[i] * x[i]


def ode_hand(x, steps):
    """Hand-written: the forward sweep saves each step's state; the reverse sweep recomputes
    the step's stages from it and runs their adjoints last to first."""
    n, h = x.shape[0], 2.0 / steps
    ys = np.zeros((steps + 1, n))
    k1, k2, k3, k4, z = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    for s in range(steps):
        y = ys[s]
        _rhs_into(x, y, k1)
        _rhs_into(x, y + h / 2.0 * k1, k2)
        _rhs_into(x, y + h / 2.0 * k2, k3)
        _rhs_into(x, y + h * k3, k4)
        ys[s + 1] = y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    gx, gy = np.zeros(n), np.zeros(n)
    gy[n - 1] = 1.0
    for s in range(steps - 1, -1, -1):
        y = ys[s]
        _rhs_into(x, y, k1)
        y2 = y + h / 2.0 * k1
        _rhs_into(x, y2, k2)
        y3 = y + h / 2.0 * k2
        _rhs_into(x, y3, k3)
        y4 = y + h * k3
        g1, g2, g3, g4 = h / 6.0 * gy, h / 3.0 * gy, h / 3.0 * gy, h / 6.0 * gy
        z[:] = 0.0
        _rhs_back(x, y4, g4, gx, z)        # k4 = f(x, y4), y4 = y + h k3
        gy = gy + z
        g3 = g3 + h * z
        z[:] = 0.0
        _rhs_back(x, y3, g3, gx, z)        # k3 = f(x, y3), y3 = y + h/2 k2
        gy = gy + z
        g2 = g2 + h / 2.0 * z
        z[:] = 0.0
        _rhs_back(x, y2, g2, gx, z)        # k2 = f(x, y2), y2 = y + h/2 k1
        gy = gy + z
        g1 = g1 + h / 2.0 * z
        z[:] = 0.0
        _rhs_back(x, y, g1, gx, z)         # k1 = f(x, y)
        gy = gy + z
    return (gx,)


def _ode_with(concat, zeros):
    def run(x, steps):
        h = 2.0 / steps
        y = zeros(x)
        for _ in range(steps):
            k1 = concat(x[:1], x[1:] * y[:-1])
            k2 = concat(x[:1], x[1:] * (y + h / 2.0 * k1)[:-1])
            k3 = concat(x[:1], x[1:] * (y + h / 2.0 * k2)[:-1])
            k4 = concat(x[:1], x[1:] * (y + h * k3)[:-1])
            y = y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        return y[-1]
    return run


ode_autograd = _ode_with(lambda a, b: anp.concatenate((a, b)), lambda x: anp.zeros(x.shape[0]))
ode_torch = _ode_with(lambda a, b: torch.cat((a, b)), lambda x: torch.zeros_like(x))


def ode_jax(x, steps):
    h = 2.0 / steps

    def f(y):
        return jnp.concatenate((x[:1], x[1:] * y[:-1]))

    def step(_, y):
        k1 = f(y)
        k2 = f(y + h / 2.0 * k1)
        k3 = f(y + h / 2.0 * k2)
        k4 = f(y + h * k3)
        return y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    return lax.fori_loop(0, steps, step, jnp.zeros_like(x))[-1]


def make_inputs(size):
    n, steps = size
    return (np.random.default_rng(5).uniform(0.5, 1.5, size=n), steps)


register(Workload(
    name="ODE RK4 with concatenate", primal=ode, hand=ode_hand, make_inputs=make_inputs,
    wrt=(0,), sizes={"quick": [(4, 10)], "full": [(64, 1000)]}, rtol=1e-9,
    variants={"autograd": ode_autograd, "torch": ode_torch, "jax": ode_jax}))
