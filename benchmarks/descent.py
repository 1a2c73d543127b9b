"""Optimiser loops shared by the descent rows (one per system family).

All use the same update rules: SGD ``p -= lr*g`` and Adam with PyTorch's
defaults (betas 0.9/0.999, eps 1e-8, bias-corrected)."""
from . import compat

B1, B2, EPS = 0.9, 0.999, 1e-8


def python_descent(grad, args, wrt, rule, lr, steps):
    """Python loop calling ``grad(*args)`` (tuple of gradients) each step."""
    args = list(args)
    m = [0.0 * args[i] for i in wrt]
    v = [0.0 * args[i] for i in wrt]
    for t in range(1, steps + 1):
        g = grad(*args)
        if len(wrt) == 1:
            g = (g,)
        c1, c2 = 1 - B1 ** t, 1 - B2 ** t      # bias corrections, once per step
        for j, i in enumerate(wrt):
            if rule == "sgd":
                args[i] = args[i] - lr * g[j]
            else:
                m[j] = B1 * m[j] + (1 - B1) * g[j]
                v[j] = B2 * v[j] + (1 - B2) * g[j] * g[j]
                args[i] = args[i] - lr * (m[j] / c1) / ((v[j] / c2) ** 0.5 + EPS)
    return tuple(args[i] for i in wrt)


def numba_descent(grad, nargs, wrt, rule, lr, steps):
    """The same loop as ``python_descent`` compiled with numba, calling ``grad`` (a numba
    dispatcher: s2sad's ``g.compiled``) each step: how a jit=True gradient is meant to
    drive a descent from the user's own code."""
    import numba
    import numpy as np
    args = [f"a{i}" for i in range(nargs)]
    lines = [f"def run({', '.join(args)}):"]
    for j, i in enumerate(wrt):
        lines += [f"    m{j} = 0.0 * a{i}", f"    v{j} = 0.0 * a{i}"]
    lines += [f"    for t in range(1, {steps} + 1):", f"        g = grad({', '.join(args)})"]
    if rule != "sgd":       # bias corrections once per step, as the hand-written loops do
        lines += [f"        c1 = 1.0 - {B1!r} ** t", f"        c2 = 1.0 - {B2!r} ** t"]
    for j, i in enumerate(wrt):
        g = f"g[{j}]" if len(wrt) > 1 else "g"
        if rule == "sgd":
            lines.append(f"        a{i} = a{i} - {lr!r} * {g}")
        else:
            lines += [f"        m{j} = {B1!r} * m{j} + (1 - {B1!r}) * {g}",
                      f"        v{j} = {B2!r} * v{j} + (1 - {B2!r}) * {g} * {g}",
                      f"        a{i} = a{i} - {lr!r} * (m{j} / c1) / (np.sqrt(v{j} / c2) + {EPS!r})"]
    lines.append(f"    return ({', '.join(f'a{i}' for i in wrt)},)")
    scope = {"grad": grad, "np": np}
    exec("\n".join(lines) + "\n", scope)
    return numba.njit(scope["run"])


def torch_descent(f, wrt, rule, lr, steps):
    """Idiomatic PyTorch: leaf tensors + torch.optim.SGD/Adam + backward()."""
    torch = compat.torch

    def run(*targs):
        targs = list(targs)
        params = []
        for i in wrt:
            targs[i] = targs[i].detach().clone().requires_grad_(True)
            params.append(targs[i])
        opt_cls = torch.optim.SGD if rule == "sgd" else torch.optim.Adam
        opt = opt_cls(params, lr=lr)
        for _ in range(steps):
            opt.zero_grad()
            f(*targs).backward()
            opt.step()
        return tuple(p.detach() for p in params)
    return run


def jax_descent(f, wrt, rule, lr, steps):
    """Idiomatic JAX: the whole loop jitted, ``lax.fori_loop`` over steps."""
    jax, jnp, lax = compat.jax, compat.jnp, compat.lax
    g = jax.grad(f, argnums=tuple(wrt))

    def body(t, carry):
        args, m, v = carry
        grads = g(*args)
        args = list(args)
        if rule == "sgd":
            for j, i in enumerate(wrt):
                args[i] = args[i] - lr * grads[j]
            return tuple(args), m, v
        m = tuple(B1 * mj + (1 - B1) * gj for mj, gj in zip(m, grads))
        v = tuple(B2 * vj + (1 - B2) * gj * gj for vj, gj in zip(v, grads))
        tt = (t + 1).astype(jnp.float64)
        for j, i in enumerate(wrt):
            mhat = m[j] / (1 - B1 ** tt)
            vhat = v[j] / (1 - B2 ** tt)
            args[i] = args[i] - lr * mhat / (jnp.sqrt(vhat) + EPS)
        return tuple(args), m, v

    @jax.jit
    def run(*args):
        zeros = tuple(jnp.zeros_like(args[i]) for i in wrt)
        out, _, _ = lax.fori_loop(0, steps, body, (tuple(args), zeros, zeros))
        return tuple(out[i] for i in wrt)
    return run

