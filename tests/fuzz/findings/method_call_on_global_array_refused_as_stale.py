"""a method call on a module-level array (TARGET.copy(), TARGET.sum()) is refused with StaleAdjointError ('the globals of f keep changing while its gradient is built') although nothing changes; the message names no line

Class: refused; mode: py; check: call; StaleAdjointError escaping api.py:_fresh
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100036, 100041, 100052, 100059, 100073, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: StaleAdjointError: the globals of `f` keep changing while its gradient is built; s2sad cannot build an adjoint for a moving target.
right (autograd (agrees with finite differences)): value 0.246, gradient [0.26, 0.12, 0.24]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/method_call_on_global_array_refused_as_stale.py
"""
import math
import numpy as np
TARGET = np.array([0.26, 0.12, 0.24])

def f(x):
    y = TARGET.copy()
    return np.sum(y * x)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['refused', 'py', 'call', 'StaleAdjointError', 'api.py:_fresh'], 'seed': 0, 'attempt': 0, 'params': [['x', [3]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [100036, 100041, 100052, 100059, 100073], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [np.array([ 0.3, -0.8,  1.1])]
S2SAD = None
RIGHT = [np.array([0.26, 0.12, 0.24])]
