"""for c in v: v = v * 2.0 ... : Python iterates the array v had when the loop started; s2sad's lowering (for k in range(len(v)): c = v[k]) reads the rebound v: wrong value and gradient

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100417, 100682, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 13.899999999999999, gradient [17., 18., 20., 24.]
right (autograd (agrees with finite differences)): value 11.899999999999999, gradient [17., 17., 17., 17.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/loop_over_name_rebound_in_body.py
"""
import math
import numpy as np

def f(v):
    s = 0.0
    for c in v:
        v = v * 2.0
        s = s + c
    return s + np.sum(v)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 0, 'attempt': 0, 'params': [['v', [4]]], 'wrt': ['v'], 'out': [[]], 'mutations': [], 'seeds': [100417, 100682], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [np.array([ 0.3, -0.2,  0.5,  0.1])]
S2SAD = [np.array([17., 18., 20., 24.])]
RIGHT = [np.array([17., 17., 17., 17.])]
