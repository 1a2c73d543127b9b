"""early return in one branch, a name bound only in the other: UnboundLocalError from the adjoint

Class: internal; mode: py; check: call; UnboundLocalError escaping api.py:_call_adjoint
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30271, 30135, 30092, 30373, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: UnboundLocalError: cannot access local variable 'W2' where it is not associated with a value
right (autograd (agrees with finite differences)): value -0.47, gradient 1.0; [[0., 0., 0., 0.], [0., 0., 0., 0.], [0., 0., 0., 0.]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/early_return_name_bound_in_other_branch.py
"""
import math
import numpy as np

def f(b, B):
    if b > 0.0:
        W2 = B * 2.0
    else:
        return b
    return np.sum(W2)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'UnboundLocalError', 'api.py:_call_adjoint'], 'seed': 0, 'attempt': 0, 'params': [['b', []], ['B', [3, 4]]], 'wrt': ['b', 'B'], 'out': [[]], 'mutations': [], 'seeds': [30271, 30135, 30092, 30373], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [-0.47, np.array([[0. , 0.1, 0.2, 0.3],
 [0.4, 0.5, 0.6, 0.7],
 [0.8, 0.9, 1. , 1.1]])]
S2SAD = None
RIGHT = [1.0, np.array([[0., 0., 0., 0.],
 [0., 0., 0., 0.],
 [0., 0., 0., 0.]])]
