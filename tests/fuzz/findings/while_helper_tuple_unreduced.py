"""NOT YET REDUCED to one root cause (31 lines): a data-dependent while loop calling a helper that returns a tuple (indexed [1]), then the helper again and a counted loop: the gradient of y[2] is 1.0022, right 7.8828 (value right)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec); programs 204404, minimized by tests/fuzz/minimize.py (66 -> 31 lines), not cleaned by hand; still reproduces on main a2d2288.
Not the arctan2 finding: replacing np.arctan2(h, h) by 0.0 * h still reproduces. Finite differences agree at three step sizes and
no branch or trip count changes under the step (the oracle checks both), so this is a dropped or mis-scaled dependency.
s2sad returns: value 191.03434130284336, gradient [0.0, 4.6160e-04, 1.0022]
right (central differences): value 191.03434130284336, gradient [0.0, 4.6160e-04, 7.8828]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/while_helper_tuple_unreduced.py
"""
import math
import numpy as np

def model(tau, w, X):
    h = np.zeros(w.shape)
    if math.expm1(-h[0] ** 2) < w[-1]:
        pass
    elif np.all(h < -0.63 + 1.0):
        w = w * np.arctan2(h, h)
        return (-(X[:, 2] - np.mean(X[:, 2])) + tau, np.power(2.0 + np.cos(np.dot(X[:, 0] + 0.3, np.dot(np.dot(w, np.ones((3, 4)) * 0.1), +(tau * np.ones((4, 4)))))), 3) + np.mean(w) + np.mean(h) + 0.5 * tau)
    return (X[:, -1] + tau, math.pow(tau * tau + 0.5, -0.5) + np.sum(np.sin(h)) + np.sum(w ** 2))

def f(y, b):
    value = np.tanh(np.matmul(np.array([y[-1], y[1], 2.0, b], dtype=float), np.maximum(y[2], +(b + np.zeros(4)))))
    while value < 2.19:
        value = value + 0.25 + 0.5 * model(y[2], y[::-1], np.logaddexp(value * np.ones((1, 3)) - y[None, :], np.minimum(b * np.ones((4, 3)), value)))[1] ** 2
    if np.abs(y[-1]) > 0.87:
        return y[2] + 0.5 * value
    if b < y[np.argmax(y)]:
        pass
    else:
        val = value
        mu = model(value, y[:], np.dot(np.fmin(np.ones((4, 4)) * 0.5, value + np.zeros((4, 4))), np.clip(np.full((4, 3), value), -(1.5 + np.sin(value)), None)))[1]
        for t in range(4):
            mu = mu - 0.1 * (val + 0.5 * np.sin(mu))
            val = val + 0.1 * mu
        for k in reversed(range(3)):
            if min(y[k - 1], val) > y[k]:
                continue
            b -= y[k]
    return b + val + 0.5 * value

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 204404, 'attempt': 0, 'params': [['y', [3]], ['b', []]], 'wrt': ['y'], 'out': [[]], 'mutations': [], 'seeds': [204404], 'campaign': 'python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec)'}
ARGS = [np.array([-0.0869050833159466,  0.8091683189953995,  1.0440560129887668]), 0.1775170072811001]
S2SAD = [np.array([0.0000000000000000e+00, 4.6159558490840597e-04, 1.0022436574503311e+00])]
RIGHT = [np.array([0.000000000000000e+00, 4.615955208271508e-04, 7.882750658915236e+00])]
