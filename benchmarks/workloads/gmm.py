"""GMM objective of ADBench / GradBench (negative log posterior of a Gaussian
mixture with a Wishart prior), gradient w.r.t. alphas, means and icf.

icf[k] holds the log-diagonal of the inverse-covariance factor L_k in its
first d entries and the strictly-lower part of L_k, column by column, after
that.  Inputs follow ADBench's generator: alphas, icf and x standard normal,
means uniform(0, 1), gamma = 1, m = 0.  Constant terms are precomputed."""
import math

import numpy as np

from ..compat import anp, jax, jnp, torch
from ..registry import Workload, register


# --- the user's code: loops over points and over L's entries ------------------
def logsumexp(v):
    mx = np.max(v)
    return mx + np.log(np.sum(np.exp(v - mx)))


def gmm_objective(alphas, means, icf, x, gamma, m, const):
    n = x.shape[0]
    d = x.shape[1]
    qdiag = np.exp(icf[:, :d])
    sum_qs = np.sum(icf[:, :d], axis=1)
    slse = 0.0
    for i in range(n):
        xc = x[i] - means
        sq = np.zeros(alphas.shape[0])
        for r in range(d):
            z = qdiag[:, r] * xc[:, r]
            for c in range(r):
                z = z + icf[:, d + c * (2 * d - c - 1) // 2 + r - c - 1] * xc[:, c]
            sq = sq + z * z
        slse = slse + logsumexp(alphas + sum_qs - 0.5 * sq)
    prior = 0.5 * gamma * gamma * (np.sum(qdiag * qdiag) + np.sum(icf[:, d:] * icf[:, d:]))
    prior = prior - m * np.sum(sum_qs)
    return const + slse - n * logsumexp(alphas) + prior


# --- hand-written adjoint (same loop structure) --------------------------------
def gmm_hand(alphas, means, icf, x, gamma, m, const):
    n = x.shape[0]
    d = x.shape[1]
    k = alphas.shape[0]
    qdiag = np.exp(icf[:, :d])
    sum_qs = np.sum(icf[:, :d], axis=1)
    g_alpha = np.zeros(k)
    g_means = np.zeros((k, d))
    g_icf = np.zeros(icf.shape)
    zs = np.zeros((d, k))
    for i in range(n):
        xc = x[i] - means
        sq = np.zeros(k)
        for r in range(d):
            z = qdiag[:, r] * xc[:, r]
            for c in range(r):
                z = z + icf[:, d + c * (2 * d - c - 1) // 2 + r - c - 1] * xc[:, c]
            zs[r] = z
            sq = sq + z * z
        inner = alphas + sum_qs - 0.5 * sq
        p = np.exp(inner - np.max(inner))
        p = p / np.sum(p)
        g_alpha += p
        for r in range(d):
            dz = -p * zs[r]
            g_icf[:, r] += p + dz * xc[:, r] * qdiag[:, r]
            g_means[:, r] -= dz * qdiag[:, r]
            for c in range(r):
                j = d + c * (2 * d - c - 1) // 2 + r - c - 1
                g_icf[:, j] += dz * xc[:, c]
                g_means[:, c] -= dz * icf[:, j]
    return gmm_hand_tail(g_alpha, g_means, g_icf, alphas, icf, qdiag, n, gamma, m)


def gmm_hand_tail(g_alpha, g_means, g_icf, alphas, icf, qdiag, n, gamma, m):
    """The terms outside the loop over points: n*logsumexp(alphas), prior."""
    d = qdiag.shape[1]
    ea = np.exp(alphas - np.max(alphas))
    g_alpha -= n * ea / np.sum(ea)
    g_icf[:, :d] += gamma * gamma * qdiag * qdiag - m
    g_icf[:, d:] += gamma * gamma * icf[:, d:]
    return g_alpha, g_means, g_icf


def gmm_hand_loops(alphas, means, icf, x, gamma, m, const):
    """The same adjoint with scalar loops, for numba-hand (no temporaries)."""
    n, d, k = x.shape[0], x.shape[1], alphas.shape[0]
    qdiag = np.exp(icf[:, :d])
    sum_qs = np.sum(icf[:, :d], axis=1)
    g_alpha, g_means, g_icf = np.zeros(k), np.zeros((k, d)), np.zeros(icf.shape)
    XC, Z, inner = np.zeros((k, d)), np.zeros((k, d)), np.zeros(k)
    for i in range(n):
        for j in range(k):
            sq = 0.0
            for r in range(d):
                XC[j, r] = x[i, r] - means[j, r]
                zr = qdiag[j, r] * XC[j, r]
                for c in range(r):
                    zr += icf[j, d + c * (2 * d - c - 1) // 2 + r - c - 1] * XC[j, c]
                Z[j, r] = zr
                sq += zr * zr
            inner[j] = alphas[j] + sum_qs[j] - 0.5 * sq
        mx = np.max(inner)
        total = 0.0
        for j in range(k):
            total += np.exp(inner[j] - mx)
        for j in range(k):
            p = np.exp(inner[j] - mx) / total
            g_alpha[j] += p
            for r in range(d):
                dz = -p * Z[j, r]
                g_icf[j, r] += p + dz * XC[j, r] * qdiag[j, r]
                g_means[j, r] -= dz * qdiag[j, r]
                for c in range(r):
                    idx = d + c * (2 * d - c - 1) // 2 + r - c - 1
                    g_icf[j, idx] += dz * XC[j, c]
                    g_means[j, c] -= dz * icf[j, idx]
    return gmm_hand_tail(g_alpha, g_means, g_icf, alphas, icf, qdiag, n, gamma, m)


# --- comparators: the vectorised formulation of ADBench's PyTorch/JAX code ----
def _tril(d):
    idx = np.zeros((d, d), dtype=np.int64)
    mask = np.zeros((d, d))
    for r in range(d):
        for c in range(r):
            idx[r, c] = d + c * (2 * d - c - 1) // 2 + r - c - 1
            mask[r, c] = 1.0
    return idx, mask


def _gmm_vectorised(xp, lse, asarray, alphas, means, icf, x, gamma, m, const):
    n, d = x.shape
    idx, mask = _tril(d)
    qdiag = xp.exp(icf[:, :d])
    sum_qs = xp.sum(icf[:, :d], axis=1)
    Ls = icf[:, asarray(idx)] * asarray(mask)                       # (k, d, d)
    xc = x[:, None, :] - means[None, :, :]                          # (n, k, d)
    Lxc = qdiag[None] * xc + xp.einsum("kij,nkj->nki", Ls, xc)
    inner = alphas + sum_qs - 0.5 * xp.sum(Lxc ** 2, axis=2)        # (n, k)
    prior = 0.5 * gamma * gamma * (xp.sum(qdiag ** 2) + xp.sum(icf[:, d:] ** 2)) - m * xp.sum(sum_qs)
    return const + xp.sum(lse(inner, 1)) - n * lse(alphas, 0) + prior


def gmm_autograd(*args):
    import autograd.scipy.special as ags
    return _gmm_vectorised(anp, ags.logsumexp, anp.asarray, *args)


def gmm_torch(*args):
    return _gmm_vectorised(torch, torch.logsumexp, torch.as_tensor, *args)


def gmm_jax(*args):
    return _gmm_vectorised(jnp, jax.scipy.special.logsumexp, jnp.asarray, *args)


def make_inputs(size):
    d, k, n = size["d"], size["k"], size["n"]
    rng = np.random.default_rng(4)
    alphas = rng.normal(size=k)
    means = rng.uniform(0.0, 1.0, size=(k, d))
    icf = rng.normal(size=(k, d + d * (d - 1) // 2))
    x = rng.normal(size=(n, d))
    gamma, m = 1.0, 0.0
    nw = d + m + 1
    multigammaln = d * (d - 1) / 4 * math.log(math.pi) + sum(
        math.lgamma(0.5 * nw + (1 - j) / 2) for j in range(1, d + 1))
    const = -n * d * 0.5 * math.log(2 * math.pi) - k * (
        nw * d * math.log(gamma / math.sqrt(2)) - multigammaln)
    return (alphas, means, icf, x, gamma, m, const)


register(Workload(
    name="GMM", primal=gmm_objective, hand=gmm_hand, hand_numba=gmm_hand_loops, make_inputs=make_inputs, wrt=(0, 1, 2),
    sizes={"quick": [{"d": 3, "k": 4, "n": 20}],
           "full": [{"d": 2, "k": 5, "n": 1000}, {"d": 10, "k": 25, "n": 1000}]},
    variants={"autograd": gmm_autograd, "torch": gmm_torch, "jax": gmm_jax}))
