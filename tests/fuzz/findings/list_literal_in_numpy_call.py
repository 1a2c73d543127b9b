"""a list literal passed to a NumPy reduction (np.mean([a, b]), np.prod([1, c, c])) loses its gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30070, 30110, 30375, 30394, 30086, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 0.4399999999999999, gradient [0., 0., 0.]; 0.0
right (autograd (agrees with finite differences)): value 0.4399999999999999, gradient [0. , 0.5, 0. ]; 1.9
Replay: python -m tests.fuzz.replay tests/fuzz/findings/list_literal_in_numpy_call.py
"""
import math
import numpy as np

def f(x, c):
    return np.mean([x[1], c]) + np.prod([1.0, c, c])

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['x', [3]], ['c', []]], 'wrt': ['x', 'c'], 'out': [[]], 'mutations': [], 'seeds': [30070, 30110, 30375, 30394, 30086], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.3, -0.8,  1.1]), 0.7]
S2SAD = [np.array([0., 0., 0.]), 0.0]
RIGHT = [np.array([0. , 0.5, 0. ]), 1.9]
