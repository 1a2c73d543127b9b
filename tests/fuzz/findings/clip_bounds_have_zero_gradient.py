"""np.clip's bounds get no gradient (np.clip(x, -r, r) with r depending on the inputs)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30314, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 2.1992000000000003, gradient [ 1.52, -0.  , -0.08,  0.  ]; 0.0
right (central differences): value 2.1992000000000003, gradient [ 1.5200e+00, -5.2123e-13, -8.0000e-02, -5.2123e-13]; 3.6000000000021197
Replay: python -m tests.fuzz.replay tests/fuzz/findings/clip_bounds_have_zero_gradient.py
"""
import math
import numpy as np

def f(x, r):
    return np.sum(np.clip(x, -r, r) ** 2)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['x', [4]], ['r', []]], 'wrt': ['x', 'r'], 'out': [[]], 'mutations': [], 'seeds': [30314], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.76, -1.42, -0.04,  1.35]), 0.9]
S2SAD = [np.array([ 1.52, -0.  , -0.08,  0.  ]), 0.0]
RIGHT = [np.array([ 1.5199999999984655e+00, -5.2123146696016728e-13, -7.9999999998026344e-02, -5.2123146696016728e-13]), 3.6000000000021197]
