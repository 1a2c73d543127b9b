"""internal (call) with jit=False

Class: internal; mode: py; check: call; TypeError escaping rules/runtime_arrays.py:zeros_pieces
Found by: python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5); programs 304699, minimized by tests/fuzz/minimize.py.
s2sad returns: TypeError: 'float' object is not iterable
right (autograd (agrees with finite differences)): value -0.37118174108602275, gradient 1.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/hstack_of_a_number.py
"""
import math
import numpy as np

def f(theta):
    if theta <= -1:
        theta = np.hstack(theta)
    return theta

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'TypeError', 'rules/runtime_arrays.py:zeros_pieces'], 'seed': 304699, 'attempt': 0, 'params': [['theta', []]], 'wrt': ['theta'], 'out': [[]], 'mutations': [], 'seeds': [304699], 'campaign': 'python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5)'}
ARGS = [-0.37118174108602275]
S2SAD = None
RIGHT = [1.0]
