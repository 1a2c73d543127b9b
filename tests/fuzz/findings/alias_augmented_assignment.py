"""an in-place operator through a second name (feat = q; feat /= 0.5) is lost: wrong value and gradient

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30330, 30174, 30333, 30393, 30133, 30129, 30199, 30101, 30233, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 1.3599999999999999, gradient [1., 1., 1.]
right (central differences): value 2.7199999999999998, gradient [2., 2., 2.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/alias_augmented_assignment.py
"""
import math
import numpy as np

def f(coef):
    q = np.copy(coef)
    feat = q
    feat /= 0.5
    return np.sum(q)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 0, 'attempt': 0, 'params': [['coef', [3]]], 'wrt': ['coef'], 'out': [[]], 'mutations': [], 'seeds': [30330, 30174, 30333, 30393, 30133, 30129, 30199, 30101, 30233], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([0.2 , 0.5 , 0.66])]
S2SAD = [np.array([1., 1., 1.])]
RIGHT = [np.array([1.9999999999982991, 2.00000000000126  , 2.00000000000126  ])]
