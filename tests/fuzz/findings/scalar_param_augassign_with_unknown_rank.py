"""wrong (value) with jit=False

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5); programs 303051, minimized by tests/fuzz/minimize.py.
s2sad returns: value 0.8365180349143877, gradient 2.0
right (autograd (agrees with finite differences)): value 0.41825901745719385, gradient 1.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/scalar_param_augassign_with_unknown_rank.py
"""
import math
import numpy as np

def f(k0):
    s = k0
    c = k0
    k0 += c - np.round(c)
    return s

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 303051, 'attempt': 0, 'params': [['k0', []]], 'wrt': ['k0'], 'out': [[]], 'mutations': [], 'seeds': [303051], 'campaign': 'python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5)'}
ARGS = [0.41825901745719385]
S2SAD = [2.0]
RIGHT = [1.0]
