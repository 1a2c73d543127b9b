"""Functions written as scientists write them (hunt16: signal processing, kinematics, kinetics,
economics, statistics, images, numerical methods, ML, odd Python), checked in both modes
against finite differences: gradient, forward mode and Hessian-vector product, inputs unchanged
(check_* assert that). The whole hunt lives in /work/scratch/hunt16 (harness.py); these are the
ones whose idioms no other test pins down."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp


def goertzel(x, k=3):
    n = len(x)
    coeff = 2 * np.cos(2 * np.pi * k / n)
    s_prev, s_prev2 = 0.0, 0.0
    for sample in x:
        s = sample + coeff * s_prev - s_prev2
        s_prev2, s_prev = s_prev, s
    return s_prev2 ** 2 + s_prev ** 2 - coeff * s_prev * s_prev2


def planar_arm_reach(theta, lengths):
    x, y, phi = 0.0, 0.0, 0.0
    for th, ln in zip(theta, lengths):
        phi += th
        x += ln * np.cos(phi)
        y += ln * np.sin(phi)
    return (x - 1.2) ** 2 + (y - 0.8) ** 2


def abc_euler_until(k, T=2.0):
    a, b, c = 1.0, 0.0, 0.0
    t, dt = 0.0, 0.05
    while t < T:
        ra, rb = k[0] * a, k[1] * b
        a, b, c = a - dt * ra, b + dt * (ra - rb), c + dt * rb
        t += dt
    return b


def consumption_savings_min(p, R=1.03):
    w, mpc = p[0], p[1]
    u = 0.0
    for t in range(8):
        c = min(mpc * w + 1.0, w)
        u += np.log(c) * 0.96 ** t
        w = R * (w - c) + 1.0
    return u


Y_OBS = np.array([-1.3, 0.2, 0.9, 2.1, -0.4])


def gmm2_nll(mus):
    ll = 0.0
    for yi in Y_OBS:
        a = np.log(0.4) - 0.5 * (yi - mus[0]) ** 2
        b = np.log(0.6) - 0.5 * (yi - mus[1]) ** 2
        m = max(a, b)
        ll += m + np.log(np.exp(a - m) + np.exp(b - m))
    return -ll


def heat_steps_inplace(u0, kappa=0.2):
    u = u0.copy()
    for _ in range(3):
        u[1:-1, 1:-1] += kappa * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * u[1:-1, 1:-1])
    return np.sum(u[1:3, 1:4] ** 2)


def clenshaw(c, x=0.4):
    b1, b2 = 0.0, 0.0
    for k in range(len(c) - 1, 0, -1):
        b1, b2 = 2 * x * b1 - b2 + c[k], b1
    return x * b1 - b2 + c[0]


def equilibrium_newton(p):
    K, a0 = p[0], p[1]
    x = 0.1
    it = 0
    while it < 50:
        f = x * x - K * (a0 - x) * (1 - x)
        step = f / (2 * x + K * (1 - x) + K * (a0 - x))
        x -= step
        it += 1
        if abs(step) < 1e-12:
            break
    return x


def layernorm_weighted(x, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return np.sum((x - mu) / np.sqrt(var + eps) * np.arange(4.0))


def shaped(x, scale=1.0, *, shift=0.0, power=2):
    return scale * (x - shift) ** power


def helper_defaults_kwargs(x):
    return np.sum(shaped(x)) + np.sum(shaped(x, 2.0, shift=1.0)) + np.sum(shaped(x, power=3, shift=0.5))


def slice_aug_assign(x):
    y = np.array(x, dtype=float)
    y[::2] *= 2.0
    y[1::2] **= 2
    y[-2:] /= y[:2]
    y[:3] -= y[3:]
    return np.sum(y * x)


def bool_int_arith(x):
    n = int(np.sum(x > 0))
    s = True + np.sum((x > 0) * x) * n + (n // 2) * x[0]
    return s + (x[1] > 0) * x[1] ** 2 - (len(x) % 3) * x[3]


R = np.random.default_rng(16)
CASES = [
    (goertzel, (R.normal(size=12),)),
    (planar_arm_reach, (np.array([0.3, -0.5, 0.8]), np.array([1.0, 0.7, 0.4]))),
    (abc_euler_until, (np.array([1.3, 0.4]),)),
    (consumption_savings_min, (np.array([10.0, 0.6]),)),
    (gmm2_nll, (np.array([-1.0, 1.0]),)),
    (heat_steps_inplace, (R.normal(size=(5, 6)),)),
    (clenshaw, (np.array([0.5, 1.0, -0.3, 0.2, 0.1]),)),
    (equilibrium_newton, (np.array([0.8, 2.0]),)),
    (layernorm_weighted, (R.normal(size=(3, 4)),)),
    (helper_defaults_kwargs, (np.array([0.5, 1.5, 2.5]),)),
    (slice_aug_assign, (np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),)),
    (bool_int_arith, (np.array([-1.0, 0.5, 2.0, -0.3]),)),
]


@pytest.mark.parametrize("f, args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_hunt16_grad_jvp_hvp(f, args):
    v = np.random.default_rng(3).normal(size=args[0].shape)
    check_grad(f, *args, rtol=1e-4, atol=1e-6)
    check_jvp(f, *args, tangent=v, rtol=1e-4, atol=1e-6)
    check_hvp(f, *args, v=v, rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("f, args", CASES[::4], ids=[f.__name__ for f, _ in CASES[::4]])
def test_hunt16_jit(f, args):
    check_grad(f, *args, rtol=1e-4, atol=1e-6, jit=True)
