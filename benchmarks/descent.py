"""Optimiser loops shared by the descent rows (one per system family).

All use the same update rules: SGD ``p -= lr*g`` and Adam with PyTorch's
defaults (betas 0.9/0.999, eps 1e-8, bias-corrected), computed as ``torch.optim.Adam``
computes it (step size ``lr / (1 - B1**t)`` and ``sqrt(1 - B2**t)`` once per step), with
the powers of the betas kept as running products (``flush``), as a hand-written loop
would keep them: ``B1 ** t`` each step cost 60% of the Himmelblau loop compiled with numba."""
from . import compat

B1, B2, EPS = 0.9, 0.999, 1e-8
TINY = 1e-20


def flush(p):
    """A running power of a beta, set to 0 below ``TINY``: ``1 - p`` is then exactly 1.0
    either way, and the product never reaches the subnormal range, where each
    multiplication is slow (s2sad.minimize's loops do the same)."""
    return p if p >= TINY else 0.0


def python_descent(grad, args, wrt, rule, lr, steps):
    """Python loop calling ``grad(*args)`` (tuple of gradients) each step."""
    args = list(args)
    m = [0.0 * args[i] for i in wrt]
    v = [0.0 * args[i] for i in wrt]
    p1 = p2 = 1.0
    for _ in range(steps):
        g = grad(*args)
        if len(wrt) == 1:
            g = (g,)
        p1, p2 = flush(p1 * B1), flush(p2 * B2)       # bias corrections, once per step
        step, root = lr / (1.0 - p1), (1.0 - p2) ** 0.5
        for j, i in enumerate(wrt):
            if rule == "sgd":
                args[i] = args[i] - lr * g[j]
            else:
                m[j] = B1 * m[j] + (1 - B1) * g[j]
                v[j] = B2 * v[j] + (1 - B2) * g[j] * g[j]
                args[i] = args[i] - step * m[j] / (v[j] ** 0.5 / root + EPS)
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
    lines += ["    p1 = p2 = 1.0", f"    for _ in range({steps}):", f"        g = grad({', '.join(args)})"]
    if rule != "sgd":       # bias corrections once per step, as the hand-written loops do
        lines += [f"        p1, p2 = flush(p1 * {B1!r}), flush(p2 * {B2!r})",
                  "        step, root = lr / (1.0 - p1), np.sqrt(1.0 - p2)"]
    for j, i in enumerate(wrt):
        g = f"g[{j}]" if len(wrt) > 1 else "g"
        if rule == "sgd":
            lines.append(f"        a{i} = a{i} - {lr!r} * {g}")
        else:
            lines += [f"        m{j} = {B1!r} * m{j} + (1 - {B1!r}) * {g}",
                      f"        v{j} = {B2!r} * v{j} + (1 - {B2!r}) * {g} * {g}",
                      f"        a{i} = a{i} - step * m{j} / (np.sqrt(v{j}) / root + {EPS!r})"]
    lines.append(f"    return ({', '.join(f'a{i}' for i in wrt)},)")
    scope = {"grad": grad, "np": np, "lr": lr, "flush": numba.njit(flush)}
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
        args, m, v, p1, p2 = carry
        grads = g(*args)
        args = list(args)
        if rule == "sgd":
            for j, i in enumerate(wrt):
                args[i] = args[i] - lr * grads[j]
            return tuple(args), m, v, p1, p2
        m = tuple(B1 * mj + (1 - B1) * gj for mj, gj in zip(m, grads))
        v = tuple(B2 * vj + (1 - B2) * gj * gj for vj, gj in zip(v, grads))
        p1, p2 = (jnp.where(p * b >= TINY, p * b, 0.0) for p, b in ((p1, B1), (p2, B2)))
        step, root = lr / (1.0 - p1), jnp.sqrt(1.0 - p2)
        for j, i in enumerate(wrt):
            args[i] = args[i] - step * m[j] / (jnp.sqrt(v[j]) / root + EPS)
        return tuple(args), m, v, p1, p2

    @jax.jit
    def run(*args):
        zeros = tuple(jnp.zeros_like(args[i]) for i in wrt)
        one = jnp.asarray(1.0, dtype=jnp.float64)
        out = lax.fori_loop(0, steps, body, (tuple(args), zeros, zeros, one, one))[0]
        return tuple(out[i] for i in wrt)
    return run

