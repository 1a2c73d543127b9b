"""LSTM objective of ADBench / GradBench (the "D-LSTM": diagonal weights).

main_params (2L, 4h) holds each layer's weight and bias rows, extra_params
(3, h) the input/output scalings, state (2L, h) the initial hidden and cell
rows, sequence (c, h) a text as bits.  The loss is the average negative
log-likelihood of each next character, normalised with log(sum(exp) + 2)
as ADBench does.  Gradient w.r.t. main_params and extra_params."""
import numpy as np

from ..compat import anp, jnp, lax, torch
from ..registry import Workload, register

TEXT = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
        "incredulity, it was the season of Light, it was the season of Darkness. ")


# --- the user's code ------------------------------------------------------------
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_cell(weight, bias, hidden, cell, inp):
    h = hidden.shape[0]
    forget = sigmoid(inp * weight[0:h] + bias[0:h])
    ingate = sigmoid(hidden * weight[h:2 * h] + bias[h:2 * h])
    outgate = sigmoid(inp * weight[2 * h:3 * h] + bias[2 * h:3 * h])
    change = np.tanh(hidden * weight[3 * h:] + bias[3 * h:])
    cell = cell * forget + ingate * change
    hidden = outgate * np.tanh(cell)
    return hidden, cell


def lstm_objective(main_params, extra_params, state, sequence):
    n_layers = state.shape[0] // 2
    hidden = []
    cell = []
    for l in range(n_layers):
        hidden.append(state[2 * l])
        cell.append(state[2 * l + 1])
    total = 0.0
    inp = sequence[0]
    for t in range(sequence.shape[0] - 1):
        x = inp * extra_params[0]
        for l in range(n_layers):
            h, c = lstm_cell(main_params[2 * l], main_params[2 * l + 1], hidden[l], cell[l], x)
            hidden[l] = h
            cell[l] = c
            x = h
        ypred = x * extra_params[1] + extra_params[2]
        ynorm = ypred - np.log(np.sum(np.exp(ypred)) + 2.0)
        total = total + np.sum(sequence[t + 1] * ynorm)
        inp = sequence[t + 1]
    return -total / ((sequence.shape[0] - 1) * sequence.shape[1])


# --- hand-written adjoint: forward storing the gates, then the reverse sweep ---
def lstm_forward_store(main_params, extra_params, state, sequence):
    L = state.shape[0] // 2
    h = state.shape[1]
    T = sequence.shape[0] - 1
    X = np.zeros((T, L, h))
    HP = np.zeros((T, L, h))
    CP = np.zeros((T, L, h))
    GATES = np.zeros((T, L, 5, h))       # forget, ingate, outgate, change, new cell
    XL = np.zeros((T, h))
    hid = state[0::2].copy()
    cel = state[1::2].copy()
    for t in range(T):
        x = sequence[t] * extra_params[0]
        for l in range(L):
            w = main_params[2 * l]
            b = main_params[2 * l + 1]
            X[t, l] = x
            HP[t, l] = hid[l]
            CP[t, l] = cel[l]
            f = sigmoid(x * w[0:h] + b[0:h])
            i = sigmoid(hid[l] * w[h:2 * h] + b[h:2 * h])
            o = sigmoid(x * w[2 * h:3 * h] + b[2 * h:3 * h])
            g = np.tanh(hid[l] * w[3 * h:] + b[3 * h:])
            c = cel[l] * f + i * g
            GATES[t, l, 0], GATES[t, l, 1], GATES[t, l, 2], GATES[t, l, 3], GATES[t, l, 4] = f, i, o, g, c
            cel[l] = c
            hid[l] = o * np.tanh(c)
            x = hid[l].copy()
        XL[t] = x
    return X, HP, CP, GATES, XL


def lstm_hand(main_params, extra_params, state, sequence):
    L = state.shape[0] // 2
    h = state.shape[1]
    T = sequence.shape[0] - 1
    X, HP, CP, GATES, XL = lstm_forward_store(main_params, extra_params, state, sequence)
    gm = np.zeros(main_params.shape)
    ge = np.zeros(extra_params.shape)
    dh = np.zeros((L, h))
    dc = np.zeros((L, h))
    for t in range(T - 1, -1, -1):
        e = np.exp(XL[t] * extra_params[1] + extra_params[2])
        dyn = -sequence[t + 1] / (T * h)
        dyp = dyn - np.sum(dyn) * e / (np.sum(e) + 2.0)
        ge[1] += dyp * XL[t]
        ge[2] += dyp
        dx = dyp * extra_params[1]
        for l in range(L - 1, -1, -1):
            w = main_params[2 * l]
            f, i, o, g, c = GATES[t, l, 0], GATES[t, l, 1], GATES[t, l, 2], GATES[t, l, 3], GATES[t, l, 4]
            dhn = dx + dh[l]
            tc = np.tanh(c)
            dcn = dc[l] + dhn * o * (1.0 - tc * tc)
            dzf = dcn * CP[t, l] * f * (1.0 - f)
            dzi = dcn * g * i * (1.0 - i)
            dzo = dhn * tc * o * (1.0 - o)
            dzg = dcn * i * (1.0 - g * g)
            gm[2 * l, 0:h] += dzf * X[t, l]
            gm[2 * l, h:2 * h] += dzi * HP[t, l]
            gm[2 * l, 2 * h:3 * h] += dzo * X[t, l]
            gm[2 * l, 3 * h:] += dzg * HP[t, l]
            gm[2 * l + 1, 0:h] += dzf
            gm[2 * l + 1, h:2 * h] += dzi
            gm[2 * l + 1, 2 * h:3 * h] += dzo
            gm[2 * l + 1, 3 * h:] += dzg
            dc[l] = dcn * f
            dh[l] = dzi * w[h:2 * h] + dzg * w[3 * h:]
            dx = dzf * w[0:h] + dzo * w[2 * h:3 * h]
        ge[0] += dx * sequence[t]
    return gm, ge


# --- comparators ----------------------------------------------------------------
def _lstm_eager(xp, main_params, extra_params, state, sequence):
    """ADBench's PyTorch formulation (lists of per-layer states), any eager xp."""
    n_layers, h = state.shape[0] // 2, state.shape[1]
    hidden = [state[2 * l] for l in range(n_layers)]
    cell = [state[2 * l + 1] for l in range(n_layers)]
    total = 0.0
    for t in range(sequence.shape[0] - 1):
        x = sequence[t] * extra_params[0]
        for l in range(n_layers):
            w, b = main_params[2 * l], main_params[2 * l + 1]
            gates = xp.concatenate((x, hidden[l], x, hidden[l])) * w + b
            f, i, o = (1 / (1 + xp.exp(-gates[j * h:(j + 1) * h])) for j in range(3))
            cell[l] = cell[l] * f + i * xp.tanh(gates[3 * h:])
            hidden[l] = x = o * xp.tanh(cell[l])
        ypred = x * extra_params[1] + extra_params[2]
        total = total + xp.sum(sequence[t + 1] * (ypred - xp.log(xp.sum(xp.exp(ypred)) + 2)))
    return -total / ((sequence.shape[0] - 1) * h)


def lstm_autograd(*args):
    return _lstm_eager(anp, *args)


def lstm_torch(*args):
    return _lstm_eager(torch, *args)


def lstm_jax(main_params, extra_params, state, sequence):
    """JAX: lax.scan over time, the (static) layer loop unrolled."""
    n_layers, h = state.shape[0] // 2, state.shape[1]

    def step(carry, pair):
        hid, cel = carry
        inp, gold = pair
        x = inp * extra_params[0]
        new_h, new_c = [], []
        for l in range(n_layers):
            gates = jnp.concatenate((x, hid[l], x, hid[l])) * main_params[2 * l] + main_params[2 * l + 1]
            f, i, o = (1 / (1 + jnp.exp(-gates[j * h:(j + 1) * h])) for j in range(3))
            c = cel[l] * f + i * jnp.tanh(gates[3 * h:])
            x = o * jnp.tanh(c)
            new_h.append(x)
            new_c.append(c)
        ypred = x * extra_params[1] + extra_params[2]
        ll = jnp.sum(gold * (ypred - jnp.log(jnp.sum(jnp.exp(ypred)) + 2)))
        return (jnp.stack(new_h), jnp.stack(new_c)), ll
    _, lls = lax.scan(step, (state[0::2], state[1::2]), (sequence[:-1], sequence[1:]))
    return -jnp.sum(lls) / ((sequence.shape[0] - 1) * h)


def make_inputs(size):
    layers, chars = size["l"], size["c"]
    text = (TEXT * (chars // len(TEXT) + 1))[:chars]
    bits = int(np.ceil(np.log2(max(ord(ch) for ch in text))))
    sequence = np.array([[int(b) for b in format(ord(ch), f"0{bits}b")] for ch in text], dtype=float)
    rng = np.random.default_rng(5)
    return (rng.random((2 * layers, 4 * bits)), rng.random((3, bits)),
            rng.random((2 * layers, bits)), sequence)


register(Workload(
    name="LSTM", primal=lstm_objective, hand=lstm_hand, make_inputs=make_inputs, wrt=(0, 1),
    sizes={"quick": [{"l": 2, "c": 16}], "full": [{"l": 2, "c": 256}, {"l": 4, "c": 1024}]},
    variants={"autograd": lstm_autograd, "torch": lstm_torch, "jax": lstm_jax}))
