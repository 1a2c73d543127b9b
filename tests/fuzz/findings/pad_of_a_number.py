"""np.pad of a number (a 0-d np.squeeze result) returns it unpadded; its adjoint indexed the number's float gradient (TypeError inside pad_grad)

Class: internal; mode: py; check: call; TypeError escaping rules/runtime_arrays.py:pad_grad
Found by: python -m tests.fuzz --n 6000 --seed 3000000 --jit both --jit-every 500 --workers 2 (on 1269059); programs 3002357, minimized by tests/fuzz/minimize.py.
s2sad returns: TypeError: 'float' object is not subscriptable
right (central differences): -7.401486830834376e-13; [-5.4263e-13, -5.4263e-13, -5.4263e-13, -5.4263e-13]
module globals changed between calls: W0 (rebind) -> [0.22, 0.47, 0.94]
Fixed on main (rules/runtime_arrays.py: pad_grad and pad_value_grad index np.asarray(g)).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/pad_of_a_number.py
"""
import math
import numpy as np
W0 = 1.0

def project(y, alpha, W):
    return 1.0

def update(q, x, u):
    return (x, (1, 3))

def f(t, b):
    m, x1 = update(W0, 1, W0)
    res = np.array(b)
    res[1:] += np.pad(np.squeeze(np.sum(t + np.zeros((1, 4)), axis=1, keepdims=True)), 1)
    hist = []
    phi = 1.0
    d = 1.0
    return (1.0, np.mean(np.heaviside(np.outer(m, m), np.outer(res, b)), axis=1))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'TypeError', 'rules/runtime_arrays.py:pad_grad'], 'seed': 3002357, 'attempt': 0, 'params': [['t', []], ['b', [4]]], 'wrt': ['t', 'b'], 'out': [[], [4]], 'mutations': [['W0', 'rebind', [0.22, 0.47, 0.94]]], 'seeds': [3002357], 'campaign': 'python -m tests.fuzz --n 1 --seed 3002357 --jit off --workers 1 --out /work/scratch/s24/lead/f1.json --minimize 1 --findings-dir /work/scratch/s24/lead/find'}
ARGS = [0.17950625955900068, np.array([1.3640088620401425, 0.7334886214702419, 1.2042130438127003, 0.2639400805505667])]
S2SAD = None
RIGHT = [-7.401486830834376e-13, np.array([-5.42627473824767e-13, -5.42627473824767e-13, -5.42627473824767e-13, -5.42627473824767e-13])]
