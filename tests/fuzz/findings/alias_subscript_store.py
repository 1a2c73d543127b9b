"""a store through a second name (out = h; out[1] = 2.0) is lost: the overwritten element keeps its gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30160, 30305, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 5.3, gradient [0.6, 4. , 2.2]
right (central differences): value 5.3, gradient [6.0000e-01, 2.0186e-12, 2.2000e+00]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/alias_subscript_store.py
"""
import math
import numpy as np

def f(x):
    h = x.copy()
    out = h
    out[1] = 2.0
    return np.sum(h * h)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['x', [3]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [30160, 30305], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.3, -0.8,  1.1])]
S2SAD = [np.array([0.6, 4. , 2.2])]
RIGHT = [np.array([6.0000000000245035e-01, 2.0185873175002844e-12, 2.2000000000000131e+00])]
