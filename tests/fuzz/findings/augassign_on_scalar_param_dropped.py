"""a *= np.linalg.det(np.eye(3) + 1.0) on a scalar parameter vanishes from the adjoint (it returns `a, dout`); so do +=/-= with np.trace, np.linalg.inv(...)[0, 0] or np.sort(...)[1] on the right, even when that depends on a (theta -= np.sort(theta * np.ones(3))[1]): wrong value and gradient

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100681, 101178, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 1.33, gradient 1.0
right (autograd (agrees with finite differences)): value 5.32, gradient 4.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/augassign_on_scalar_param_dropped.py
"""
import math
import numpy as np

def f(a):
    a *= np.linalg.det(np.eye(3) + 1.0)
    return a

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 0, 'attempt': 0, 'params': [['a', []]], 'wrt': ['a'], 'out': [[]], 'mutations': [], 'seeds': [100681, 101178], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [1.33]
S2SAD = [1.0]
RIGHT = [4.0]
