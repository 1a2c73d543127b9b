"""np.linalg.det of a singular matrix (np.full((2, 2), x)): the rule inverts the matrix and LinAlgError escapes (the derivative exists: the adjugate)

Class: internal; mode: py; check: call; LinAlgError escaping api.py:_run
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100836, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: LinAlgError: Singular matrix
right (central differences): value 0.0, gradient 0.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/det_of_singular_matrix_raises.py
"""
import math
import numpy as np

def f(x):
    return np.linalg.det(np.full((2, 2), x))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'LinAlgError', 'api.py:_run'], 'seed': 0, 'attempt': 0, 'params': [['x', []]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [100836], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [0.65]
S2SAD = None
RIGHT = [0.0]
