"""a module global rebound after the first call: the same gradient function (and a fresh s2sad.grad) still use the old value

Class: wrong; mode: py; check: stale_global
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30040, 30161, 30162, 30387, 30153, 30128, 30319, 30377, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns (second call, after the globals changed): value 1.05, gradient [ 0.84, -1.68]
right (autograd (agrees with finite differences)): value 2.325, gradient [ 1.86, -3.72]
module globals changed between calls: TEMP (rebind) -> 1.86
Replay: python -m tests.fuzz.replay tests/fuzz/findings/stale_module_global.py
"""
import math
import numpy as np
TEMP = 0.84

def f(x):
    return TEMP * np.sum(x ** 2)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'stale_global', None, None], 'seed': 0, 'attempt': 0, 'params': [['x', [2]]], 'wrt': ['x'], 'out': [[]], 'mutations': [['TEMP', 'rebind', 1.86]], 'seeds': [30040, 30161, 30162, 30387, 30153, 30128, 30319, 30377], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.5, -1. ])]
S2SAD = [np.array([ 0.84, -1.68])]
RIGHT = [np.array([ 1.86, -3.72])]
