"""np.sort is listed as non-differentiable, so np.sort(x)[0] gets a zero gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30347, 30124, 30020, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 0.15760000000000002, gradient [0., 0., 0., 0.]
right (autograd (agrees with finite differences)): value 0.15760000000000002, gradient [1.52, 1.  , 0.  , 0.  ]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/sort_has_zero_gradient.py
"""
import math
import numpy as np

def f(v):
    return np.sort(v)[0] + np.sort(v)[-1] ** 2

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['v', [4]]], 'wrt': ['v'], 'out': [[]], 'mutations': [], 'seeds': [30347, 30124, 30020], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.76, -0.42, -0.04,  0.35])]
S2SAD = [np.array([0., 0., 0., 0.])]
RIGHT = [np.array([1.52, 1.  , 0.  , 0.  ])]
