"""np.std(..., ddof=1) of rows that are constant for every input: gradient NaN, right 0

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30127, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 0.4, gradient nan
right (central differences): value 0.4, gradient 0.9999999999999822
Replay: python -m tests.fuzz.replay tests/fuzz/findings/std_of_constant_rows_is_nan.py
"""
import math
import numpy as np

def f(b):
    return np.max(np.std(b + np.zeros((2, 5)), axis=1, keepdims=True, ddof=1)) + b

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['b', []]], 'wrt': ['b'], 'out': [[]], 'mutations': [], 'seeds': [30127], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [0.4]
S2SAD = [float('nan')]
RIGHT = [0.9999999999999822]
